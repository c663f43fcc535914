"""At 360 px, in Chromium under the site's own CSP: chart bars are drawn (they have width), no
open-data page is wider than the screen, and a process or budget page leads to the report form
with the project filled in."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from phalang.opendata import actions
from phalang.opendata.models import BudgetProject, Entity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("PHALANG_SCREENSHOTS", "")
BUYER = "องค์การบริหารส่วนตำบลหนองบัวแดงพัฒนา อำเภอหนองบัวแดง จังหวัดชัยภูมิ"


def _process(n: int, supplier: str, amount: int, day: str) -> dict:
    return {
        "ocid": f"ocds-chart-{n}", "id": "1", "date": day, "tag": ["award"],
        "parties": [{"id": "B", "name": BUYER, "identifier": {"scheme": "XI-TEST", "id": "B"}, "roles": ["buyer"]},
                    {"id": supplier, "name": f"ห้างหุ้นส่วนจำกัด {supplier} ก่อสร้างและวัสดุ",
                     "identifier": {"scheme": "XI-TEST", "id": supplier}, "roles": ["supplier"]}],
        "buyer": {"id": "B", "name": BUYER},
        "tender": {"id": "t", "title": f"<p>ก่อสร้างถนนคอนกรีตเสริมเหล็กสายบ้านโนนสะอาด–บ้านหนองแวง หมู่ที่ {n}</p>",
                   "procurementMethod": "selective", "tenderPeriod": {"endDate": day},
                   "value": {"amount": amount + 5000, "currency": "THB"},
                   "items": [{"id": "i", "classification": {"scheme": "UNSPSC", "id": "72141100"}}]},
        "awards": [{"id": "a", "status": "active", "date": day, "value": {"amount": amount, "currency": "THB"},
                    "suppliers": [{"id": supplier}]}],
    }


def _budget(code: str, name: str, amount: int, compare: list[dict]) -> dict:
    return {"bb_code": code, "bb_year": "2561", "amount": amount, "min": "กระทรวงมหาดไทย",
            "agc": "กรมส่งเสริมการปกครองท้องถิ่น", "name": name, "compare": compare,
            "gf_amount_sum": sum(c.get("gf_amount") or 0 for c in compare) or None}


@pytest.fixture
def data(tmp_path: Path) -> None:
    days = ["2023-01-15", "2023-06-01", "2024-02-10", "2024-08-20", "2025-03-03"]
    releases = [_process(i, "S1" if i % 2 else "S2", 480_000 + 1000 * i, f"{days[i % 5]}T00:00:00Z")
                for i in range(1, 9)]
    ocds = tmp_path / "r.jsonl"
    ocds.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in releases) + "\n", encoding="utf-8")
    actions.import_ocds([ocds])
    lines = [
        _budget("CH1", "ก่อสร้างอาคารเรียนแบบ สปช.105/29 โรงเรียนบ้านหนองบัวแดง ตำบลหนองบัวแดง อำเภอหนองบัวแดง "
                "จังหวัดชัยภูมิ", 2_400_000,
                [{"bb_province": "ชัยภูมิ", "bb_amount": 2_400_000, "gf_province": "ชัยภูมิ", "gf_amount": 1_900_000}]),
        _budget("CH2", "ค่าใช้จ่ายสำหรับสนับสนุนการสงเคราะห์เบี้ยยังชีพผู้สูงอายุ", 60_000_000_000,
                [{"bb_province": "นครราชสีมา", "bb_amount": 2_631_394_800},
                 {"bb_province": "ขอนแก่น", "bb_amount": 1_791_078_000},
                 {"bb_province": "กรุงเทพมหานคร", "bb_amount": None, "gf_province": "ส่วนกลาง",
                  "gf_amount": 57_972_199_200}]),
    ]
    budget = tmp_path / "b.jsonl"
    budget.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    actions.import_budget([budget])


def _check(page, name: str, *, bars: bool) -> None:  # type: ignore[no-untyped-def]
    width = page.evaluate("document.documentElement.scrollWidth")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)
    assert width <= 360, f"{name}: the page is {width} px wide at 360 px"
    if bars:
        widths = page.locator("svg.chart-svg rect.chart-bar").evaluate_all(
            "rects => rects.map(r => r.getBoundingClientRect().width)")
        assert widths and max(widths) > 50, f"{name}: chart bars {widths}"
        # The same numbers as a table, for screen readers.
        assert page.locator("figure.chart table.chart-table tbody tr").count() > 0
    assert page.console_errors == [], f"{name}: {page.console_errors}"  # e.g. a CSP refusal


def test_charts_draw_and_no_open_data_page_overflows_at_360_px(page, gazetteer, data) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{page.base_url}/data/?q=ถนน")
    page.wait_for_selector("#processes")
    _check(page, "search", bars=False)

    buyer = Entity.objects.get(scheme="XI-TEST", identifier="B")
    page.goto(f"{page.base_url}/data/entity/{buyer.pk}/")
    page.wait_for_selector("#over-time")
    _check(page, "entity", bars=True)
    assert page.locator("#prices rect.chart-bar").count() >= 1
    assert page.locator("#over-time rect.chart-bar").count() >= 3

    central = BudgetProject.objects.get(bb_code="CH2")
    page.goto(f"{page.base_url}/data/budget/{central.pk}/")
    page.wait_for_selector("#by-province")
    _check(page, "budget", bars=True)

    page.goto(f"{page.base_url}/data/charts/?year=2561")
    page.wait_for_selector("#budget-by-ministry")
    _check(page, "charts", bars=True)

    page.goto(f"{page.base_url}/data/process/ocds-chart-1/")
    page.wait_for_selector("#flags")
    _check(page, "process", bars=False)


def test_a_process_page_leads_to_the_report_form_with_the_project_filled_in(page, gazetteer, data) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{page.base_url}/data/process/ocds-chart-3/")
    page.click("a.report-project")
    page.wait_for_selector("#id_related_project")
    assert page.input_value("#id_related_project") == "ocds-chart-3"
    budget = BudgetProject.objects.get(bb_code="CH1")
    page.goto(f"{page.base_url}/data/budget/{budget.pk}/")
    page.click("a.report-project")
    page.wait_for_selector("#id_related_project")
    # A budget code repeats across years: the form keys the line by code and fiscal year.
    assert page.input_value("#id_related_project") == "CH1 (2561)"
