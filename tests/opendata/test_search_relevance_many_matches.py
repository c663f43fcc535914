"""Past the count cap, relevance ranks the newest matches (a window of ten pages) and lists the rest
newest first, instead of scoring every match in the database: at a million processes, scoring
200,000 matches of อาคารเรียน took seconds a page (docs/benchmarks.md). The text score is the
document's shortness, the order FTS5's bm25() and PostgreSQL's ts_rank give these documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phalang.opendata import actions, search

pytestmark = pytest.mark.django_db

# Newest first: the date is the day of December 2024.
TITLES = [
    (9, "ตู้เหล็ก ตำบลถนนใหญ่ อำเภอเมือง"),  # newest: ถนน only in its place
    (8, "ซ่อมแซมถนนลาดยาง หมู่ที่ 4"),        # the road itself
    (7, "ครุภัณฑ์สำนักงาน บ้านถนนหัก"),         # place again
    (6, "ก่อสร้างถนน คสล. หมู่ที่ 2"),           # a road, but past the window
    (5, "จัดซื้อโต๊ะ ตำบลถนน"),
    (4, "ซ่อมแซมถนน"),
]


@pytest.fixture
def data(tmp_path: Path) -> None:
    releases = [{"ocid": f"ocds-many-{day}", "id": "1", "date": f"2024-12-0{day}T00:00:00Z", "tag": ["tender"],
                 "tender": {"id": "t", "title": title}} for day, title in TITLES]
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in releases) + "\n", encoding="utf-8")
    actions.import_ocds([path], flags=False)


def _page(start: int, size: int) -> tuple[list[str], bool]:
    rows, _count, capped = search.section("processes", search.parse({"q": "ถนน"}), start, size)
    return [row.ocid.removeprefix("ocds-many-") for row in rows], capped


def test_uncapped_every_match_is_ranked(data: None) -> None:
    ids, capped = _page(0, 10)
    assert not capped
    # The road works first (the shorter name first), then the places, newest first among equals.
    assert ids[:3] == ["4", "8", "6"]
    assert set(ids[3:]) == {"9", "7", "5"}


def test_capped_the_newest_window_is_ranked_and_the_rest_follow_newest_first(
        data: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "COUNT_CAP", 4)
    monkeypatch.setattr(search, "CAPPED_WINDOW", 2)
    ids, capped = _page(0, 10)
    assert capped
    assert ids == ["8", "9", "7", "6", "5", "4"]
    # Pages that straddle the window, or lie past it, continue the same list.
    assert _page(1, 2)[0] == ["9", "7"]
    assert _page(3, 2)[0] == ["6", "5"]
