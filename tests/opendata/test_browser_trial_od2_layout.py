"""At 360 px in Chromium, after the re-trial (trial-od2): no chart's number is cut at the SVG's
edge, in the "all years" view where a ministry's total runs to 13 digits (1,047,564,624,300)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phalang.opendata import actions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MINISTRIES = [("กระทรวงการคลัง", 1_047_564_624_300, 998_765_432_100), ("กระทรวงศึกษาธิการ", 98_765_432_100, 97_000_000_000),
              ("กระทรวงมหาดไทย", 87_654_321_000, None), ("กระทรวงสาธารณสุข", 5_432_100, 5_000_000)]


@pytest.fixture
def data(tmp_path: Path) -> None:
    lines = []
    for i, (ministry, amount, disbursed) in enumerate(MINISTRIES):
        for year in ("2560", "2561"):
            compare = {"bb_province": "ขอนแก่น", "bb_amount": amount}
            if disbursed is not None:
                compare.update({"gf_province": "ขอนแก่น", "gf_amount": disbursed})
            lines.append({"bb_code": f"M{i}-{year}", "bb_year": year, "amount": amount, "min": ministry, "agc": "กรม",
                          "name": f"โครงการ {i}", "compare": [compare]})
    path = tmp_path / "b.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    actions.import_budget([path])


def test_no_chart_number_is_cut_at_the_svg_edge_at_360_px(page, gazetteer, data) -> None:  # type: ignore[no-untyped-def]
    for query in ("", "?year=2561"):
        page.goto(f"{page.base_url}/data/charts/{query}")
        page.wait_for_selector("#budget-by-ministry")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        outside = page.locator("svg.chart-svg text.chart-num").evaluate_all("""ts => ts.map(t => {
            const svg = t.ownerSVGElement.getBoundingClientRect(), r = t.getBoundingClientRect();
            return [t.textContent, r.right, svg.right];
        }).filter(([_t, right, edge]) => right > edge + 0.5)""")
        assert outside == [], f"{query or 'all years'}: numbers past the SVG's edge {outside}"
        texts = page.locator("#budget-by-ministry text.chart-num").all_text_contents()
        assert "2,095,129,248,600" in texts or "1,047,564,624,300" in texts, texts
        assert page.console_errors == [], page.console_errors
