"""Headless Chromium at 360 px: a citizen asks for help with a pin on the shipped boundaries map,
gets the receipt on its own page with a copy button, reloads it (one request, the same receipt)
and goes Back to an empty form."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from phalang.aid.models import HelpRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
RECEIPT = re.compile(r"\d{4}-\d{4}-\d{4}-\d{4}-\d{4}")
DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"


def _shot(page, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(tmp_path / name), full_page=False)
    if os.environ.get("PHALANG_DOCS_SCREENSHOTS") == "1":  # refresh the guide's pictures
        page.screenshot(path=str(DOCS_IMG / name), full_page=False)


def test_pin_receipt_reload_and_back(page, tmp_path, group) -> None:  # type: ignore[no-untyped-def]
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.goto(page.base_url + "/aid/")
    pin_map = page.locator("#pin-map")
    expect(pin_map).to_have_attribute("data-provinces", "77")  # the Watch form's map, reused
    page.locator("input[name=need][value=food]").check()
    page.fill("#id_details", "น้ำท่วมถึงเอว ต้องการอาหารและน้ำดื่ม")
    pin_map.scroll_into_view_if_needed()
    box = pin_map.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # the middle of Thailand
    assert page.locator("#id_lat").input_value() != ""
    _shot(page, tmp_path, "aid-request-pin-360.png")
    with page.expect_navigation():
        page.locator("#help-form button[type=submit]").click()
    assert page.url.endswith("/aid/received/")
    receipt = RECEIPT.search(page.locator("#receipt").inner_text()).group(0)
    expect(page.locator("button[data-copy=receipt]")).to_be_visible()
    _shot(page, tmp_path, "aid-receipt-360.png")
    page.reload()
    assert RECEIPT.search(page.locator("#receipt").inner_text()).group(0) == receipt
    assert HelpRequest.objects.count() == 1
    page.go_back()
    assert page.url.endswith("/aid/")
    assert page.locator("#id_details").input_value() == "" and page.locator("#id_lat").input_value() == ""
    assert HelpRequest.objects.count() == 1
    assert [u for u in urls if not u.startswith(page.base_url) and not u.startswith("data:")] == []
    assert page.console_errors == []
