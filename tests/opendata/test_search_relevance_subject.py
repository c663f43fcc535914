"""Relevance reads a Thai project name as its subject, then its place: "ก่อสร้างตลาดสด หมู่ที่ 1 ตำบล…"
is a market built; "ตู้เหล็ก ตำบลตลาด อำเภอเมือง" is a cabinet bought in a subdistrict called ตลาด.
A journalist searching ตลาด wants the first, which the full-text score alone ranked below the
second (shorter names score higher). docs/benchmarks.md, "Search relevance", has the measurement."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phalang.engines.thaitext.search import subject
from phalang.opendata import actions

pytestmark = pytest.mark.django_db


def _line(code: str, name: str, amount: int, year: str = "2561") -> str:
    return json.dumps({"bb_code": code, "bb_year": year, "amount": amount, "min": "กระทรวงมหาดไทย",
                       "agc": "กรมส่งเสริมการปกครองท้องถิ่น", "name": name, "plan_name": "แผนงานพื้นฐาน",
                       "compare": []}, ensure_ascii=False)


@pytest.fixture
def lines(tmp_path: Path) -> Path:
    path = tmp_path / "budget.jsonl"
    path.write_text("\n".join([
        # Short names in a place called ตลาด (newer, larger): the text score prefers them.
        _line("P1", "ตู้เหล็ก 2 บาน ตำบลตลาด อำเภอเมืองสุราษฎร์ธานี", 9_000_000),
        _line("P2", "ถังดับเพลิง ตำบลตลาดใหญ่ อำเภอเมืองภูเก็ต", 8_000_000),
        _line("P3", "เขื่อนป้องกันตลิ่งริมแม่น้ำนครนายก บริเวณตลาดเทศบาลตำบลท่าช้าง", 7_000_000),
        _line("P4", "ซ่อมแซมถนนลาดยาง สายบ้านม่อน - บ้านหัวตลาด กว้าง 4 เมตร", 6_000_000),
        # Markets built or improved (older, smaller, longer names).
        _line("M1", "ก่อสร้างตลาดสด บริเวณ หมู่ที่ 1 องค์การบริหารส่วนตำบลหนองปรือ อำเภอหนองปรือ จังหวัดกาญจนบุรี",
              1_000_000, "2559"),
        _line("M2", "ปรับปรุงซ่อมแซมอาคารตลาดสดเทศบาลตำบลบ้านสร้าง บริเวณ หมู่ที่ 4 เทศบาลตำบลบ้านสร้าง "
              "อำเภอบ้านสร้าง จังหวัดปราจีนบุรี", 900_000, "2559"),
    ]) + "\n", encoding="utf-8")
    return path


def _codes(client, q: str, **params: str) -> list[str]:  # type: ignore[no-untyped-def]
    body = client.get("/api/v1/data/search", {"q": q, **params}).json()
    return [b["bb_code"] for b in body["budget_projects"]["results"]]


def test_a_market_built_ranks_before_things_in_a_place_named_market(client, lines: Path) -> None:  # type: ignore[no-untyped-def]
    actions.import_budget([lines])
    codes = _codes(client, "ตลาด")
    assert sorted(codes[:2]) == ["M1", "M2"], codes
    assert sorted(codes[2:]) == ["P1", "P2", "P3", "P4"]
    # Newest first is still a choice, and it is the other order.
    assert _codes(client, "ตลาด", sort="newest")[:2] != codes[:2]


def test_the_page_ranks_the_same(client, lines: Path) -> None:  # type: ignore[no-untyped-def]
    actions.import_budget([lines])
    page = client.get("/data/", {"q": "ตลาด"}).content.decode()
    market, cabinet = page.index("ก่อสร้างตลาดสด"), page.index("ตู้เหล็ก")
    assert market < cabinet


@pytest.mark.parametrize(("name", "expected"), [
    ("ก่อสร้างตลาดสด บริเวณ หมู่ที่ 1 องค์การบริหารส่วนตำบลหนองปรือ", "ก่อสร้างตลาดสด "),
    ("ตู้เหล็ก 2 บาน ตำบลตลาดอำเภอเมือง", "ตู้เหล็ก 2 บาน "),
    ("ขุดลอกลำห้วย ม.3 ต.ทุ่งฝาย", "ขุดลอกลำห้วย "),
    ("เขื่อนป้องกันตลิ่งริมแม่น้ำวังบ้านทุ่งฝาย ม.2", "เขื่อนป้องกันตลิ่งริมแม่น้ำวัง"),
    ("ซ่อมแซมถนนลาดยาง แบบ Overlay สายบ้านม่อน - บ้านหัวฝาย", "ซ่อมแซมถนนลาดยาง แบบ Overlay "),
    ("ซ่อมสร้างถนนคอนกรีตเสริมเหล็กสายบางกรวย – สะพานจงถนอม", "ซ่อมสร้างถนนคอนกรีตเสริมเหล็ก"),
    ("ก่อสร้างถนน คสล. รหัสทางหลวงท้องถิ่น ชน.ถ. 18 สายสะพานปูน", "ก่อสร้างถนน คสล. "),
    # Not place markers: a village water supply, an official residence, a cable, a health centre.
    ("ก่อสร้างประปาหมู่บ้าน แบบบาดาล หมู่ที่ 5", "ก่อสร้างประปาหมู่บ้าน แบบบาดาล "),
    ("ปรับปรุงบ้านพักข้าราชการ ระดับ 1-2 จังหวัดจันทบุรี", "ปรับปรุงบ้านพักข้าราชการ ระดับ 1-2 "),
    ("ติดตั้ง สายไฟฟ้าลงดิน ถนนราชดำเนิน", "ติดตั้ง สายไฟฟ้าลงดิน ถนนราชดำเนิน"),
    ("ครุภัณฑ์ รพ.สต.บ้านนา", "ครุภัณฑ์ รพ.สต."),
    # A name that starts with its place keeps it: there is nothing before the marker.
    ("ต.ตลาด ก่อสร้างรั้ว", "ต.ตลาด ก่อสร้างรั้ว"),
])
def test_the_subject_of_a_project_name_stops_at_its_place(name: str, expected: str) -> None:
    assert subject(name) == expected
