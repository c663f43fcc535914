"""Headless Chromium: a moderator screens and publishes a report; the public board filters by province."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from phalang.watch import workflow
from phalang.watch.actions import NewReport, file_report
from phalang.watch.models import Report
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_moderator_screens_and_publishes(page, gazetteer, make_org, make_user) -> None:  # type: ignore[no-untyped-def]
    org = make_org("watchdog")
    mod = make_user("mod", org=org, role="moderator")
    workflow.save_routing_rule(by=make_user("root", is_superuser=True), organisations=[org])
    report, _ = file_report(NewReport(category="corruption", province="น่าน",
                                      description="นายมานะ รักดี เจ้าหน้าที่เขต เรียกเงินค่าดำเนินการ 3,000 บาท"))
    browser_login(page, mod, "/moderation/")
    page.wait_for_url("**/moderation/")
    page.locator(f"a[href='/moderation/{report.public_id}/']").click()
    page.select_option("#status-form select[name=status]", "screening")
    page.locator("#status-form button").click()
    assert page.locator("#case-status").inner_text() == "กำลังคัดกรอง"
    public_text = page.locator("#publish-form textarea").input_value()
    assert "มานะ" not in public_text  # the redaction engine's proposal hides the name
    page.locator("#publish-form button").click()
    report.refresh_from_db()
    assert report.published and "มานะ" not in report.public_text
    page.goto(page.base_url + f"/reports/{report.public_id}/")
    assert "กำลังคัดกรอง" in page.content()


def test_public_board_filters_by_province(page, gazetteer, make_user) -> None:  # type: ignore[no-untyped-def]
    root = make_user("root", is_superuser=True)
    for province in ("เชียงราย", "น่าน", "ตราด"):
        report, _ = file_report(NewReport(category="public_service", province=province,
                                          description=f"ถนนในจังหวัด{province}ชำรุดหนักมาก"))
        workflow.publish(report, by=root, public_text=f"ถนนใน{province}ชำรุด")
    page.goto(page.base_url + "/reports/")
    assert page.locator("#report-list li").count() == 3
    page.select_option("#board-filters select[name=province]", label="น่าน")
    page.locator("#board-filters button").click()
    items = page.locator("#report-list li")
    assert items.count() == 1 and "น่าน" in items.inner_text()
    # The map got one point. (expect() polls from Playwright's side: a wait_for_function string
    # is evaluated in the page, which the strict CSP forbids once it has to poll.)
    expect(page.locator("#map")).to_have_attribute("data-count", "1")
    assert Report.objects.filter(published=True).count() == 3


def test_citizen_reports_with_a_pin_on_the_map(page, gazetteer) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/report/")
    page.locator("input[name=category][value=public_service]").check()
    page.fill("#id_description", "ท่อระบายน้ำอุดตัน น้ำท่วมขังหน้าตลาดทุกครั้งที่ฝนตก")
    page.wait_for_selector("#pin-map:not([hidden])")
    page.locator("#pin-map").scroll_into_view_if_needed()
    box = page.locator("#pin-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert page.locator("#id_lat").input_value() != ""
    page.get_by_role("button", name="ส่งเรื่อง").click()
    receipt = page.locator("#receipt").inner_text()
    assert len(receipt) == 24
    report = Report.objects.get()
    assert report.lat is not None and report.province is not None  # the pin found its province
