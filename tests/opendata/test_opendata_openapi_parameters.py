"""Trial finding (issue 18, open data, no. 17): /api/v1/openapi.json listed no query parameters
for the open-data search (q, year, ...) or the OCDS packages (after, limit), so a client
generated from it could not page or search. Each one is declared, typed, with a description, and
each declared name is one the endpoint reads (a bad value of it is refused naming that field)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db

EXPECTED = {
    "/api/v1/data/search": {"q", "year", "province", "method", "min_value", "max_value", "flag", "sort",
                            "limit", "offset"},
    "/api/v1/data/ocds/releases": {"after", "limit", "ocid"},
    "/api/v1/data/ocds/records": {"after", "limit", "ocid"},
    "/api/v1/data/ocds/published": {"after", "limit", "ocid"},
}


def _query_parameters(doc: dict[str, Any], path: str) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in doc["paths"][path]["get"].get("parameters", []) if p["in"] == "query"}


def test_search_and_ocds_endpoints_document_their_query_parameters(client) -> None:  # type: ignore[no-untyped-def]
    doc = client.get("/api/v1/openapi.json").json()
    for path, names in EXPECTED.items():
        params = _query_parameters(doc, path)
        assert set(params) == names, path
        for name, param in params.items():
            assert param["required"] is False, (path, name)
            assert len(param.get("description", "")) > 20, (path, name)
            assert param["schema"].get("type") in ("string", "integer", "number"), (path, name)
    paging = _query_parameters(doc, "/api/v1/data/ocds/releases")
    assert paging["limit"]["schema"].items() >= {"type": "integer", "minimum": 1, "maximum": 100, "default": 100}.items()
    assert paging["after"]["schema"]["minimum"] == 0 and "links.next" in paging["after"]["description"]
    search = _query_parameters(doc, "/api/v1/data/search")
    assert search["sort"]["schema"]["enum"] == ["relevance", "newest", "amount"]
    assert search["limit"]["schema"]["maximum"] == 100 and search["offset"]["schema"]["maximum"] == 1000


@pytest.mark.parametrize(("path", "name", "bad"), [
    ("/api/v1/data/search", "year", "ปีหน้า"), ("/api/v1/data/search", "province", "ไม่มีจังหวัดนี้"),
    ("/api/v1/data/search", "min_value", "abc"), ("/api/v1/data/search", "max_value", "abc"),
    ("/api/v1/data/search", "flag", "NOPE"), ("/api/v1/data/search", "sort", "price"),
    ("/api/v1/data/search", "limit", "0"), ("/api/v1/data/search", "offset", "-1"),
    ("/api/v1/data/search", "q", "ก" * 201),
    ("/api/v1/data/ocds/releases", "after", "x"), ("/api/v1/data/ocds/releases", "limit", "101"),
    ("/api/v1/data/ocds/records", "after", "x"), ("/api/v1/data/ocds/records", "limit", "0"),
    ("/api/v1/data/ocds/published", "limit", "0"),
])
def test_each_documented_parameter_is_read_and_a_bad_value_is_named(client, path: str, name: str,  # type: ignore[no-untyped-def]
                                                                     bad: str) -> None:
    params = {"q": "ถนน", name: bad} if path.endswith("search") else {name: bad}
    response = client.get(path, params)
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["message_th"] and body["message_en"]
    assert name in [f["field"] for f in body["fields"]]
