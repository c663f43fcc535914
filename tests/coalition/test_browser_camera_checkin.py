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
from tests.conftest import browser_login

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
    browser_login(page, desk, f"/coalition/events/{event.public_id}/desk/")
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


def test_a_web_ticket_is_confirmed_then_checked_in_from_a_photo_of_its_own_qr(  # type: ignore[no-untyped-def]
        page, make_org, make_user, tmp_path) -> None:
    """The whole way a citizen goes, in the browser: sign up with an e-mail address, open the link
    that arrives, press the confirm button, and show the ticket. The desk then checks in a photo
    of that very QR code (the ticket page's SVG, not one drawn by the test)."""
    import re

    from django.core import mail

    from phalang.chat.loops import drain

    org = make_org("watchdog")
    desk = make_user("desk", org=org, role="campaigner")
    event = actions.create_event(organisation=org, title="อบรมอาสาจับตาการเลือกตั้ง", venue="หอประชุมอำเภอ",
                                 capacity=20, starts_at=timezone.now() + timedelta(hours=3))
    page.goto(page.base_url + f"/coalition/events/{event.public_id}/")
    page.fill("#name", "มานี")
    page.select_option("#channel", "email")
    page.fill("#address", "manee@example.org")
    with page.expect_navigation():
        page.locator("#rsvp-form button[type=submit]").click()
    assert page.locator("#rsvp-done").is_visible()
    drain()
    link = re.search(r"https?://[^/\s]+(/coalition/events/\S+/ticket/\S+/)", mail.outbox[-1].body).group(1)

    page.goto(page.base_url + link)
    assert page.locator("#qr").count() == 0  # opening the link holds no place
    assert Rsvp.objects.get().status == "unproven"
    with page.expect_navigation():
        page.locator("#prove-button").click()
    assert Rsvp.objects.get().status == "confirmed"
    photo = tmp_path / "ticket-photo.png"
    page.locator("#qr").screenshot(path=str(photo))

    browser_login(page, desk, f"/coalition/events/{event.public_id}/desk/")
    page.wait_for_url("**/desk/")
    with page.expect_navigation():
        page.set_input_files("#scan-photo", str(photo))
    assert page.locator("#desk-message").inner_text() == "ลงทะเบียนหน้างานเรียบร้อย"
    assert Rsvp.objects.get().checked_in_at is not None
    assert page.console_errors == []
