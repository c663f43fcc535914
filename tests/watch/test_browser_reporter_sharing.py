"""Headless Chromium at 360 px: a reporter whose case was forwarded shares their contact with one
organisation from the status page; that organisation's staff open it; the reporter then sees who
opened it and when."""

from __future__ import annotations

import os

import pytest

from phalang.watch import workflow
from phalang.watch.actions import NewReport, file_report
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("PHALANG_SCREENSHOTS", "")


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_reporter_shares_contact_and_sees_who_opened_it(page, gazetteer, make_org, make_user) -> None:  # type: ignore[no-untyped-def]
    watchdog, office = make_org("watchdog"), make_org("amphoe-office", kind="agency")
    for org in (watchdog, office):
        org.verified = True
        org.save()
    mod = make_user("mod", org=watchdog, role="moderator")
    staff = make_user("officer", org=office, role="partner_staff")
    workflow.save_routing_rule(by=make_user("root", is_superuser=True), organisations=[watchdog])
    report, receipt = file_report(NewReport(
        category="public_service", anonymity="confidential", contact="LINE: nong_fah_2530", province="ลำปาง",
        description="ไฟถนนหน้าโรงเรียนบ้านนาดับมาสามเดือน ฉันชื่อฟ้า ขายของอยู่หน้าโรงเรียน"))
    workflow.forward(report, to=[office], by=mod, shared_text="ไฟถนนหน้าโรงเรียนดับมาสามเดือน")

    page.goto(page.base_url + "/status/")
    page.fill("#id_receipt", receipt)
    page.locator("#receipt-form button").click()
    page.wait_for_selector("#sharing")
    assert office.name_th in page.locator("#sharing").inner_text()
    shot(page, "status-forwarded")
    page.locator("#sharing form").first.locator("input[name=contact]").check()
    page.locator("#sharing form").first.locator("button").click()
    page.wait_for_selector("#sharing .messages")
    page.locator("#status-done button").click()  # finished: the case leaves this browser
    page.wait_for_selector("#receipt-form")

    # The staff member, in a browser of their own (a second context: no cookie of the reporter's).
    staff_page = page.context.browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    staff_page.base_url = page.base_url  # type: ignore[attr-defined]
    browser_login(staff_page, staff, f"/partner/{report.public_id}/")
    staff_page.wait_for_url(f"**/partner/{report.public_id}/")
    text = staff_page.locator("main").inner_text()
    assert "ไฟถนนหน้าโรงเรียนดับมาสามเดือน" in text and "ฟ้า ขายของ" not in text and "nong_fah" not in text
    shot(staff_page, "partner-case")
    staff_page.locator("#identity-form button").click()
    staff_page.wait_for_selector("#identity")
    assert "nong_fah_2530" in staff_page.locator("#identity").inner_text()
    shot(staff_page, "partner-identity")

    page.goto(page.base_url + "/status/")
    page.fill("#id_receipt", receipt)
    page.locator("#receipt-form button").click()
    page.wait_for_selector("#identity-opened")
    assert office.name_th in page.locator("#identity-opened").inner_text()
    shot(page, "status-who-opened")
