"""The versioned JSON API publishes a valid OpenAPI document and answers errors in both languages."""

from __future__ import annotations

from openapi_spec_validator import validate


def test_openapi_document_is_valid(client, db) -> None:  # type: ignore[no-untyped-def]
    resp = client.get("/api/v1/openapi.json")
    assert resp.status_code == 200
    spec = resp.json()
    validate(spec)
    assert spec["info"]["version"] == "1"
    assert "/api/v1/places/nearest" in spec["paths"]
    assert "/api/v1/organisations" in spec["paths"]


def test_browsable_docs_are_served_from_our_own_static_files(client, db) -> None:  # type: ignore[no-untyped-def]
    resp = client.get("/api/v1/docs")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "swagger-ui-bundle.js" in html and "cdn" not in html.lower()


def test_invalid_query_gets_field_errors_in_thai_and_english(client, db) -> None:  # type: ignore[no-untyped-def]
    resp = client.get("/api/v1/places/nearest", {"lat": "abc"})
    assert resp.status_code == 422
    body = resp.json()
    assert body["error"] == "invalid_input"
    assert body["message_th"] and body["message_en"]
    assert {f["field"] for f in body["fields"]} >= {"lat", "lon"}


def test_organisation_directory(client, make_org) -> None:  # type: ignore[no-untyped-def]
    make_org("alpha")
    body = client.get("/api/v1/organisations").json()
    assert [o["slug"] for o in body] == ["alpha"]
    assert client.get("/api/v1/organisations", {"verified": "true"}).json() == []
