"""Browsers ask for /favicon.ico where a response names no icon (the API's JSON, a download); the
site gate saw the 404 as a console error on the next page of a reused tab."""

from django.templatetags.static import static


def test_favicon_ico_leads_to_the_site_icon(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == static("phalang/favicon.svg")
