"""Headless Chromium drives the Thai home page and a form, as a citizen would."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

def test_home_page_in_thai_and_place_search_form(page, gazetteer) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/")
    assert page.locator("html").get_attribute("lang") == "th"
    assert "พลัง" in page.title()
    # The Thai web font is our own file and actually loads.
    # Awaited in the page by Playwright's evaluate (wait_for_function would poll with eval, which
    # the strict CSP forbids).
    assert page.evaluate("document.fonts.ready.then(() => document.fonts.status)") == "loaded"
    assert page.evaluate("document.fonts.check('16px Sarabun', 'ก')")
    page.get_by_role("link", name="ค้นหาสถานที่").click()
    page.fill("#q", "ต.บางพลีใหญ่ อ.บางพลี จ.สมุทรปราการ")
    page.locator("#address-form button").click()
    result = page.locator("#result")
    assert "บางพลีใหญ่" in result.inner_text() and "สมุทรปราการ" in result.inner_text()
    assert not page.console_errors, page.console_errors  # e.g. a CSP violation


def test_bad_coordinates_get_a_clear_thai_error(page, gazetteer) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/places/")
    page.fill("#lat", "สิบสาม")
    page.fill("#lon", "100.7")
    page.locator("#point-form button").click()
    assert "ต้องเป็นตัวเลข" in page.locator("[role=alert]").inner_text()


def test_staff_login_form_reports_wrong_password(page, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("gina")
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", "gina")
    page.fill("#id_password", "not-her-password")
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    assert page.locator("[role=alert]").is_visible()
