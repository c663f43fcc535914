"""Relevance is the default sort when there is a query: the title holding the query as typed
first, then titles holding more of its words, then the text score (FTS5 bm25 on SQLite, ts_rank
on PostgreSQL: a short, focused document before a long one), then newest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phalang.opendata import actions

pytestmark = pytest.mark.django_db


def _release(n: int, title: str, day: str, description: str = "") -> dict:
    return {"ocid": f"ocds-rank-{n}", "id": "1", "date": day, "tag": ["tender"],
            "tender": {"id": "t", "title": title, "description": description,
                       "value": {"amount": 1000 * n, "currency": "THB"}}}


@pytest.fixture
def data(tmp_path: Path) -> None:
    releases = [
        # Newest, but "ถนน" only in its description and "ซ่อมแซม" in its title: partly about it.
        _release(1, "ซ่อมแซมอาคารสำนักงาน", "2024-12-01T00:00:00Z",
                 "งานซ่อมแซมอาคาร รวมทั้งลานจอดรถและถนนภายใน ท่อระบายน้ำ รั้ว ประตู หน้าต่าง ห้องน้ำ"),
        # The query as typed, in a long document.
        _release(2, "ซ่อมแซมถนนลาดยาง หมู่ที่ 4 บ้านหนองบัว", "2023-01-01T00:00:00Z",
                 "ซ่อมแซมผิวจราจร ไหล่ทาง ป้ายจราจร เส้นจราจร ท่อระบายน้ำ ราวกันตก และงานอื่น ๆ ตามแบบ"),
        # Both words in the title, apart.
        _release(3, "ก่อสร้างถนนคอนกรีต และซ่อมแซมท่อ", "2024-06-01T00:00:00Z"),
        # The query as typed, in a short document: before 2, though older.
        _release(4, "ซ่อมแซมถนน", "2022-01-01T00:00:00Z"),
        # Neither word in the title: matches through the description only.
        _release(5, "จัดซื้อวัสดุ", "2024-11-01T00:00:00Z", "วัสดุสำหรับซ่อมแซมถนน"),
    ]
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in releases) + "\n", encoding="utf-8")
    actions.import_ocds([path], flags=False)


def _ocids(client, **params: str) -> list[str]:  # type: ignore[no-untyped-def]
    body = client.get("/api/v1/data/search", {"q": "ซ่อมแซม ถนน", **params}).json()
    return [p["ocid"] for p in body["processes"]["results"]]


def test_relevance_is_the_default_phrase_then_title_words_then_text_score(client, data) -> None:  # type: ignore[no-untyped-def]
    expected = ["ocds-rank-4", "ocds-rank-2", "ocds-rank-3", "ocds-rank-1", "ocds-rank-5"]
    assert _ocids(client) == expected
    assert _ocids(client, sort="relevance") == expected


def test_the_page_ranks_the_same_and_offers_relevance_first(client, data) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/data/", {"q": "ซ่อมแซม ถนน"}).content.decode()
    positions = [page.index(f"ocds-rank-{n}") for n in (4, 2, 3, 1, 5)]
    assert positions == sorted(positions)
    assert '<option value="relevance" selected>' in page


def test_newest_stays_a_choice(client, data) -> None:  # type: ignore[no-untyped-def]
    assert _ocids(client, sort="newest") == ["ocds-rank-1", "ocds-rank-5", "ocds-rank-3", "ocds-rank-2", "ocds-rank-4"]
