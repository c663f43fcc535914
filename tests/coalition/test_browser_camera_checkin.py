"""Headless Chromium at 360 px: the event desk checks a ticket in by decoding its QR code in the
browser (the vendored jsQR), from a photo of the ticket, with no request leaving the site.

Before: the desk needed an outside QR reader and pasted the code's text.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import qrcode
from django.utils import timezone

from phalang.coalition import actions
from phalang.coalition.models import Rsvp
from tests.conftest import totp_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_desk_checks_in_a_ticket_from_a_qr_photo(page, make_org, make_user, tmp_path) -> None:  # type: ignore[no-untyped-def]
    org = make_org("watchdog")
    desk = make_user("desk", org=org, role="campaigner")
    event = actions.create_event(organisation=org, title="เวทีประชาคมหมู่บ้าน", venue="ศาลาวัด",
                                 starts_at=timezone.now() + timedelta(hours=2))
    r, _token = actions.rsvp(event, actions.NewRsvp(name="สมหญิง", contacts=[("sms", "0812345678")]))
    photo = tmp_path / "ticket.png"
    qrcode.make(actions.checkin_code(r), box_size=6, border=4).save(photo)

    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    page.goto(page.base_url + f"/accounts/login/?next=/coalition/events/{event.public_id}/desk/")
    page.fill("#id_username", "desk")
    page.fill("#id_password", "correct-horse-battery")
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url("**/two-factor/**")
    page.fill("#id_code", totp_now(desk))
    page.get_by_role("button", name="ยืนยัน").click()
    page.wait_for_url("**/desk/")
    assert page.locator("#scan-start").is_visible()  # the live camera is offered where the browser has one
    page.screenshot(path=str(tmp_path / "desk.png"))

    with page.expect_navigation():
        page.set_input_files("#scan-photo", str(photo))
    assert page.locator("#desk-message").inner_text() == "ลงทะเบียนหน้างานเรียบร้อย"
    assert Rsvp.objects.get(pk=r.pk).checked_in_at is not None
    # The same ticket again is refused, in Thai.
    with page.expect_navigation():
        page.set_input_files("#scan-photo", str(photo))
    assert page.locator("#desk-message").inner_text() == "บัตรนี้ลงทะเบียนหน้างานไปแล้ว"
    assert all(u.startswith((page.base_url, "data:", "blob:")) for u in requests), requests
    assert page.console_errors == []
