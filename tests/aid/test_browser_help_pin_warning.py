"""Headless Chromium at 360 px: on the help form, a pin far outside the chosen province is warned
about in the help request's words (the trial saw the Watch report's "ส่งเรื่องได้ตามเดิม")."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_far_pin_warning_speaks_of_the_help_request(page, group) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/aid/")
    pin_map = page.locator("#pin-map")
    expect(pin_map).to_have_attribute("data-provinces", "77")
    pin_map.scroll_into_view_if_needed()
    box = pin_map.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # central Thailand
    page.select_option("#id_province", label="น่าน")
    warning = page.locator("#pin-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("น่าน")
    expect(warning).to_contain_text("ส่งคำขอความช่วยเหลือได้ตามเดิม")
    assert "ส่งเรื่อง" not in warning.inner_text()
    assert page.console_errors == []
