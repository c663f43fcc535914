"""Province views count only lines in that province: nationwide programmes booked under Bangkok
are nationwide, exact repeats show once, places never jump to a province the line does not list,
and the disbursed amount is shown beside the budgeted one."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from phalang.opendata import actions, search
from phalang.opendata.models import BudgetProject

pytestmark = pytest.mark.django_db

BANGKOK = "กรุงเทพมหานคร"


def _line(code: str, name: str, amount: int, compare: list[dict], **extra: object) -> str:
    return json.dumps({"bb_code": code, "bb_year": "2561", "amount": amount, "min": "กระทรวงมหาดไทย",
                       "agc": "กรุงเทพมหานคร (สำนักการระบายน้ำ)", "name": name, "plan_name": "แผนงานพื้นฐาน",
                       "compare": compare, **extra}, ensure_ascii=False)


@pytest.fixture
def lines(tmp_path: Path) -> Path:
    path = tmp_path / "budget.jsonl"
    repeated = _line("B3", "ขุดลอกคลองลาดพร้าว เขตวังทองหลาง กรุงเทพมหานคร", 3_000_000,
                     [{"bb_province": BANGKOK, "bb_amount": 3_000_000, "gf_province": BANGKOK,
                       "gf_amount": 2_750_000}], gf_amount_sum=2_750_000)
    path.write_text("\n".join([
        # A nationwide allowance, booked under Bangkok, paid out from the centre.
        _line("B1", "ค่าใช้จ่ายสำหรับสนับสนุนการสงเคราะห์เบี้ยยังชีพผู้สูงอายุ", 60_000_000_000,
              [{"bb_province": BANGKOK, "bb_amount": 60_000_000_000, "gf_province": "ส่วนกลาง",
                "gf_amount": 60_700_000_000}], gf_amount_sum=60_700_000_000),
        # A soi in Bangkok whose name holds นาใต้, a subdistrict in Surat Thani.
        _line("B2", "โครงการก่อสร้างระบบระบายน้ำเพื่อแก้ไขปัญหาน้ำท่วมซอยสุขุมวิท 4 (นานาใต้)", 42_000_000,
              [{"bb_province": BANGKOK, "bb_amount": 42_000_000, "gf_province": "ส่วนกลาง"}]),
        repeated,
        repeated,
    ]) + "\n", encoding="utf-8")
    return path


def test_nationwide_lines_are_in_no_province_and_bangkok_shows_only_bangkok(lines: Path) -> None:
    actions.import_budget([lines])
    central = BudgetProject.objects.get(bb_code="B1")
    assert central.nationwide and central.province is None
    bangkok = search.parse({"province": BANGKOK})
    assert {b.bb_code for b in search.budget_projects(bangkok)} == {"B3"}


def test_a_bare_name_does_not_move_a_line_to_another_province(lines: Path) -> None:
    actions.import_budget([lines])
    soi = BudgetProject.objects.select_related("province").get(bb_code="B2")
    assert soi.province is None or soi.province.name_th == BANGKOK


def test_exact_repeats_show_once_in_results_and_csv_and_the_page_says_so(client, lines: Path) -> None:  # type: ignore[no-untyped-def]
    actions.import_budget([lines])
    assert BudgetProject.objects.filter(bb_code="B3").count() == 2  # both stored, as published
    page = client.get("/data/", {"q": "คลองลาดพร้าว"}).content.decode()
    assert page.count("ขุดลอกคลองลาดพร้าว") == 1
    rows = list(csv.reader(io.StringIO(client.get("/data/", {"q": "คลองลาดพร้าว", "format": "csv"})
                                       .content.decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ["B3"]
    first = BudgetProject.objects.get(bb_code="B3", occurrence=1)
    assert "2 ครั้ง" in client.get(f"/data/budget/{first.pk}/").content.decode()


def test_disbursed_amount_is_shown_in_results_page_csv_and_api(client, lines: Path) -> None:  # type: ignore[no-untyped-def]
    actions.import_budget([lines])
    b = BudgetProject.objects.get(bb_code="B3", occurrence=1)
    assert b.disbursed == 2_750_000
    assert "2,750,000" in client.get("/data/", {"q": "คลองลาดพร้าว"}).content.decode()
    assert "2,750,000" in client.get(f"/data/budget/{b.pk}/").content.decode()
    rows = list(csv.DictReader(io.StringIO(client.get("/data/", {"q": "คลองลาดพร้าว", "format": "csv"})
                                           .content.decode("utf-8-sig"))))
    assert rows[0]["disbursed"] == "2750000"
    assert client.get(f"/api/v1/data/budget/{b.pk}").json()["disbursed"] == 2_750_000
    central = BudgetProject.objects.get(bb_code="B1")
    assert "60,700,000,000" in client.get(f"/data/budget/{central.pk}/").content.decode()
