"""A sort choice: relevance (the default; test_search_relevance_rank.py), newest or amount
(largest first); the same on the page, the API and both databases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phalang.opendata import actions

pytestmark = pytest.mark.django_db


def _release(n: int, title: str, day: str, amount: int) -> dict:
    return {"ocid": f"ocds-sort-{n}", "id": "1", "date": day, "tag": ["tender"],
            "tender": {"id": "t", "title": title, "value": {"amount": amount, "currency": "THB"}}}


@pytest.fixture
def data(tmp_path: Path) -> None:
    releases = [
        _release(1, "ซ่อมแซมถนนลาดยางและท่อระบายน้ำ", "2024-05-01T00:00:00Z", 9_000_000),
        _release(2, "ก่อสร้างถนนคอนกรีต สายบ้านนา ซ่อมแซมท่อ", "2024-09-01T00:00:00Z", 5_000_000),
        _release(3, "ซ่อมแซมถนนลูกรัง", "2023-01-01T00:00:00Z", 50_000),
    ]
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in releases) + "\n", encoding="utf-8")
    actions.import_ocds([path], flags=False)


def _ocids(client, **params: str) -> list[str]:  # type: ignore[no-untyped-def]
    body = client.get("/api/v1/data/search", {"q": "ซ่อมแซม ถนน", **params}).json()
    return [p["ocid"] for p in body["processes"]["results"]]


def test_newest_and_amount_put_the_latest_and_the_largest_first(client, data) -> None:  # type: ignore[no-untyped-def]
    assert _ocids(client, sort="newest") == ["ocds-sort-2", "ocds-sort-1", "ocds-sort-3"]
    assert _ocids(client, sort="amount") == ["ocds-sort-1", "ocds-sort-2", "ocds-sort-3"]


def test_relevance_puts_the_phrase_as_typed_first(client, data) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/api/v1/data/search", {"q": "ซ่อมแซมถนน", "sort": "relevance"}).json()
    ocids = [p["ocid"] for p in body["processes"]["results"]]
    # Both titles that hold "ซ่อมแซมถนน" come before the one that has the words apart.
    assert set(ocids[:2]) == {"ocds-sort-1", "ocds-sort-3"} and ocids[2] == "ocds-sort-2"


def test_an_unknown_sort_is_a_422_in_thai_and_english(client, data) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/data/search", {"q": "ถนน", "sort": "random"})
    assert response.status_code == 422
    field = {f["field"]: f for f in response.json()["fields"]}["sort"]
    assert field["message_th"] and field["message_en"]
    page = client.get("/data/", {"q": "ถนน", "sort": "amount"}).content.decode()
    assert '<option value="amount" selected>' in page
