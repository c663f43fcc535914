"""Every Open311 answer that is not a success is the spec's error list with the right status,
in the format asked for: never Django's HTML 404 page or the CSRF 403 page (issue 14, item 7;
found by a user trial: /open311/v2/services/corruption.json answered an HTML page)."""

from __future__ import annotations

import pytest
from defusedxml import ElementTree as ET
from django.test import Client


def _json_error(response, status: int) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.content[:200]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body, list) and body[0]["code"] == status and body[0]["description"]
    return str(body[0]["description"])


def _xml_error(response, status: int) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.content[:200]
    assert response["Content-Type"].startswith("text/xml")
    root = ET.fromstring(response.content)
    assert root.tag == "errors" and root.find("error/code").text == str(status)
    return str(root.find("error/description").text)


@pytest.mark.parametrize("path", [
    "/open311/v2/services/no-such-service.json",  # a service that does not exist
    "/open311/v2/requests/NOPE.json",         # a request id that does not exist
    "/open311/v2/nothing-here.json",          # a path the spec does not have
    "/open311/v2/services",                   # no format at all
    "/open311/",
])
def test_unknown_things_are_a_json_404_list(client, db, path) -> None:  # type: ignore[no-untyped-def]
    _json_error(client.get(path), 404)


@pytest.mark.parametrize("path", [
    "/open311/v2/services/no-such-service.xml",
    "/open311/v2/requests/NOPE.xml",
    "/open311/v2/nothing-here.xml",
])
def test_unknown_things_in_xml_are_an_xml_404_list(client, db, path) -> None:  # type: ignore[no-untyped-def]
    _xml_error(client.get(path), 404)


@pytest.mark.parametrize("path", ["/open311/v2/services.html", "/open311/v2/requests.csv",
                                  "/open311/v2/requests/NOPE.txt", "/open311/discovery.yaml"])
def test_a_format_the_spec_does_not_have_is_a_404_list(client, db, path) -> None:  # type: ignore[no-untyped-def]
    assert "json" in _json_error(client.get(path), 404)


def test_a_known_service_has_a_definition(client, db) -> None:  # type: ignore[no-untyped-def]
    # The trial's address: "corruption" is a service, so its definition answers.
    assert client.get("/open311/v2/services/corruption.json").json()["service_code"] == "corruption"
    code = client.get("/open311/v2/services.json").json()[0]["service_code"]
    definition = client.get(f"/open311/v2/services/{code}.json").json()
    assert definition == {"service_code": code, "attributes": []}
    xml = ET.fromstring(client.get(f"/open311/v2/services/{code}.xml").content)
    assert xml.tag == "service_definition" and xml.find("service_code").text == code


def test_a_post_without_a_csrf_token_is_a_spec_error_not_the_csrf_page(db) -> None:  # type: ignore[no-untyped-def]
    strict = Client(enforce_csrf_checks=True)
    # No api_key: 403 as the spec's list, not Django's CSRF page.
    _json_error(strict.post("/open311/v2/requests.json", {"service_code": "public_service"}), 403)
    _xml_error(strict.post("/open311/v2/requests.xml", {"service_code": "public_service"}), 403)
    # Anywhere else under /open311/: 404 or 405 as a list, never HTML.
    _json_error(strict.post("/open311/v2/services/corruption.json", {}), 405)
    _json_error(strict.post("/open311/v2/nothing-here.json", {}), 404)
    assert _json_error(strict.post("/open311/v2/services.json", {}), 405)
    assert strict.post("/open311/v2/services.json", {})["Allow"] == "GET, HEAD"
