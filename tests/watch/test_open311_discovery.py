"""Open311 discovery names the address the request came to, so a client that found the site
under another name (a mirror, a test host) is sent to that one, with the configured site URL
as a second endpoint when it differs."""

from __future__ import annotations

from defusedxml import ElementTree as ET


def test_discovery_names_the_url_it_is_served_on(client, db, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SITE_URL = "https://phalang.example"
    settings.ALLOWED_HOSTS = ["*"]
    doc = client.get("/open311/discovery.json", HTTP_HOST="mirror.example.org").json()
    urls = [e["url"] for e in doc["endpoints"]]
    assert urls[0] == "http://mirror.example.org/open311/v2"
    assert "https://phalang.example/open311/v2" in urls
    assert doc["contact"]
    xml = ET.fromstring(client.get("/open311/discovery.xml", HTTP_HOST="mirror.example.org").content)
    assert xml.find("endpoints/endpoint/url").text == "http://mirror.example.org/open311/v2"


def test_discovery_on_the_site_url_lists_it_once(client, db, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SITE_URL = "http://testserver"
    doc = client.get("/open311/v2/discovery.json").json()
    assert [e["url"] for e in doc["endpoints"]] == ["http://testserver/open311/v2"]
