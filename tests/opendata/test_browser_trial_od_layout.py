"""At 360 px in Chromium, after the issue 18 user trial (trial-od): the budget charts are readable
(nationwide programmes apart, no province drawn as a sliver, labels at the page's size and never
clipped), each chart's table opens for everyone and downloads as CSV, long ids wrap, and Thai
table headers keep their words whole."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from phalang.opendata import actions
from phalang.opendata.models import Entity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("PHALANG_SCREENSHOTS", "")
LONG_MINISTRY = "สำนักงานคณะกรรมการส่งเสริมวิทยาศาสตร์ วิจัยและนวัตกรรม และหน่วยงานในกำกับของรัฐ"
UNNAMED = "8d97cc040a6218bd4f90bf8d938b46ca8d97cc040a6218bd"
BUYER = {"id": "B", "name": "Serviciul Special pentru Influențe Active asupra Proceselor Hidrometeorologice",
         "identifier": {"scheme": "XI-TEST", "id": "B"}, "roles": ["buyer"]}


def _line(code: str, ministry: str, amount: int, compare: list[dict]) -> dict:
    return {"bb_code": code, "bb_year": "2561", "amount": amount, "min": ministry, "agc": "กรม",
            "name": f"โครงการ {code}", "compare": compare}


def _release(n: int) -> dict:
    tenderer = {"id": UNNAMED, "roles": ["tenderer", "supplier"]}
    return {
        "ocid": f"ocds-ngfbwp-1973145{n}", "id": "1", "date": "2024-06-23T00:00:00Z", "tag": ["tender", "award"],
        "parties": [BUYER, tenderer], "buyer": {"id": "B", "name": BUYER["name"]},
        "tender": {"id": "t", "title": f"Lucrări de reparație {n}", "procurementMethod": "open",
                   "numberOfTenderers": 1, "value": {"amount": 100_000, "currency": "MDL"},
                   "tenderPeriod": {"startDate": "2024-06-23T00:00:00Z", "endDate": "2024-06-24T00:00:00Z"}},
        "bids": {"details": [{"id": "bid-1", "status": "valid", "tenderers": [{"id": UNNAMED}],
                              "value": {"amount": 99_000, "currency": "MDL"}}]},
        "awards": [{"id": f"ocds-ngfbwp-1973145{n}-award-{UNNAMED}", "status": "active",
                    "suppliers": [{"id": UNNAMED}], "value": {"amount": 99_000, "currency": "MDL"}}],
    }


@pytest.fixture
def data(tmp_path: Path) -> None:
    budget = tmp_path / "b.jsonl"
    lines = [
        # A nationwide programme, booked under Bangkok: 845 billion baht.
        _line("C1", "กระทรวงการคลัง", 845_000_000_000,
              [{"bb_province": "กรุงเทพมหานคร", "bb_amount": 845_000_000_000, "gf_province": "ส่วนกลาง",
                "gf_amount": 800_000_000_000}]),
        _line("P1", "กระทรวงมหาดไทย", 2_400_000, [{"bb_province": "ชัยภูมิ", "bb_amount": 2_400_000,
                                                  "gf_province": "ชัยภูมิ", "gf_amount": 1_900_000}]),
        _line("P2", "กระทรวงมหาดไทย", 30_000_000, [{"bb_province": "เชียงใหม่", "bb_amount": 30_000_000}]),
        _line("P3", "กระทรวงศึกษาธิการ", 12_000_000, [{"bb_province": "ขอนแก่น", "bb_amount": 12_000_000}]),
        _line("P4", LONG_MINISTRY, 9_000_000, [{"bb_province": "ลำพูน", "bb_amount": 9_000_000}]),
    ]
    budget.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    actions.import_budget([budget])
    ocds = tmp_path / "r.jsonl"
    ocds.write_text("\n".join(json.dumps(_release(n), ensure_ascii=False) for n in range(6)) + "\n",
                    encoding="utf-8")
    actions.import_ocds([ocds])


def _width(page, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{name}: the page is {width} px wide at 360 px"
    assert page.console_errors == [], f"{name}: {page.console_errors}"


def test_budget_charts_are_readable_at_360_px_and_their_tables_open_and_download(page, gazetteer, data) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{page.base_url}/data/charts/?year=2561")
    page.wait_for_selector("#budget-by-province")
    _width(page, "od-charts")
    # Nationwide programmes are shown apart, not as a province bar that sets the scale.
    assert "845,000,000,000" in page.inner_text("#central-budget")
    assert "845,000,000,000" not in page.inner_text("#budget-by-province")
    for chart in ("#budget-by-province", "#budget-by-ministry"):
        widths = page.locator(f"{chart} .chart-rows rect.chart-bar").evaluate_all(
            "rects => rects.filter(r => +r.getAttribute('width') > 0).map(r => r.getBoundingClientRect().width)")
        assert widths and min(widths) >= 10, f"{chart}: bar widths {widths}"
    # Labels are page-sized text, whole: the long ministry name is not cut with "…".
    sizes = page.locator("#budget-by-ministry .chart-label").evaluate_all(
        "ls => ls.map(l => parseFloat(getComputedStyle(l).fontSize))")
    assert sizes and min(sizes) >= 12, sizes
    labels = page.locator("#budget-by-ministry .chart-label").evaluate_all(
        "ls => ls.map(l => [l.textContent, l.getBoundingClientRect().right])")
    assert any(text == LONG_MINISTRY for text, _right in labels), labels
    assert all(right <= 360 for _text, right in labels), labels
    # The table is for everyone: it opens, and the chart's data downloads as CSV.
    table = page.locator("#budget-by-province table.chart-table")
    assert not table.is_visible()
    page.locator("#budget-by-province details summary").click()
    assert table.is_visible()
    link = page.locator("#budget-by-province a.chart-csv")
    assert link.is_visible()
    resp = page.request.get(page.base_url + "/data/charts/" + link.get_attribute("href"))
    assert resp.headers["content-type"].startswith("text/csv")
    assert "เชียงใหม่,30000000," in resp.text()
    _width(page, "od-charts-table")


def test_long_ids_wrap_and_thai_headers_keep_their_words_at_360_px(page, gazetteer, data) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{page.base_url}/data/process/ocds-ngfbwp-19731450/")
    page.wait_for_selector("#parties")
    _width(page, "od-process-long-ids")
    unnamed = Entity.objects.get(scheme="X-LOCAL")
    page.goto(f"{page.base_url}/data/entity/{unnamed.pk}/")
    page.wait_for_selector("#network")
    _width(page, "od-entity-long-id")

    one_line = """ths => ths.map(th => {
        const r = document.createRange(); r.selectNodeContents(th);
        return [th.textContent.trim(), new Set([...r.getClientRects()].map(x => Math.round(x.top))).size];
    })"""
    lines = dict(page.locator("table.network-table th").evaluate_all(one_line))
    assert lines.get("บทบาท") == 1, lines
    page.goto(f"{page.base_url}/data/process/ocds-ngfbwp-19731450/")
    lines = dict(page.locator("#bids table th").evaluate_all(one_line))
    assert lines.get("สถานะ") == 1, lines
    page.goto(f"{page.base_url}/data/risk/")
    page.wait_for_selector("#risk-buyers")
    _width(page, "od-risk")
    lines = dict(page.locator("table.risk-table th").evaluate_all(one_line))
    assert lines.get("คะแนน") == 1, lines
