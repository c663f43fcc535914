"""Headless Chromium at 360 px: the receipt a reporter must write down fits on one line, in Thai
and in English (user trial, issue 12: it wrapped, and a wrapped code is copied wrong)."""

from __future__ import annotations

import os

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("PHALANG_SCREENSHOTS", "")

# How many lines the receipt's text takes, and whether it is wider than its box.
LINES_JS = """() => {
  const el = document.getElementById('receipt');
  const range = document.createRange();
  range.selectNodeContents(el);
  const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
  return {lines: tops.size, text: el.innerText.trim(), overflows: el.scrollWidth > el.clientWidth + 1,
          page: document.documentElement.scrollWidth};
}"""


@pytest.mark.parametrize("lang", ["th", "en"])
def test_receipt_fits_on_one_line_at_360px(page, gazetteer, lang: str) -> None:  # type: ignore[no-untyped-def]
    page.context.add_cookies([{"name": "phalang_lang", "value": lang, "url": page.base_url}])
    page.goto(page.base_url + "/report/")
    page.locator("input[name=category]").first.check()
    page.fill("textarea[name=description]", "ไฟถนนหน้าโรงเรียนวัดบางพลีใหญ่ในดับมาสองสัปดาห์ มืดมากตอนกลางคืน")
    page.locator("input[name=anonymity][value=anonymous]").check()
    page.locator("#report-form button[type=submit]").click()
    page.wait_for_selector("#receipt")
    got = page.evaluate(LINES_JS)
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"receipt-360-{lang}.png"), full_page=True)
    assert len(got["text"]) == 24, got  # 20 digits in groups of four
    assert got["lines"] == 1 and not got["overflows"], got
    assert got["page"] <= 360, got
