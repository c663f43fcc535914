"""Known gap: /api/v1/public/... answered refusals in two shapes. A value of the wrong type got
the API's shape (``{"error", "message_th", "message_en", "fields"}``), a value out of the
endpoint's own range got ``{"detail": "..."}``. A client had to parse both. Now every refusal of
the public feeds is the API's one shape, 422, with the field named."""

from __future__ import annotations

import pytest

REFUSED = [
    ("/api/v1/public/reports?page=0", "page"),
    ("/api/v1/public/reports?page_size=0", "page_size"),
    ("/api/v1/public/reports?page_size=101", "page_size"),
    ("/api/v1/public/reports?page=abc", "page"),                   # the type check
    ("/api/v1/public/reports?province=99999999999", "province"),   # the type's range
    ("/api/v1/public/reports/nearby?category=public_service&lat=13.6", "lat"),
    ("/api/v1/public/reports/nearby?category=public_service&lat=95&lon=100", "lat"),
    ("/api/v1/public/log?limit=0", "limit"),
    ("/api/v1/public/log?limit=5001", "limit"),
]


@pytest.mark.parametrize(("url", "field"), REFUSED)
def test_every_refusal_has_the_apis_one_shape(client, db, url, field) -> None:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 422, (url, response.content)
    body = response.json()
    assert set(body) == {"error", "message_th", "message_en", "fields"}, body
    assert body["error"] == "invalid_input" and body["message_th"] and body["message_en"]
    assert all(set(f) == {"field", "message_th", "message_en"} for f in body["fields"])
    assert field in [f["field"] for f in body["fields"]]


def test_two_wrong_values_are_both_named(client, db) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/api/v1/public/reports?page=0&page_size=500").json()
    assert sorted(f["field"] for f in body["fields"]) == ["page", "page_size"]
