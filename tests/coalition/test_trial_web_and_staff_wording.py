"""Findings of the user trial on the web and staff pages (SMS, LINE, Telegram over the fakes).

Before: the SMS after a web sign-up was 468 characters (~7 SMS: Thai, then the link again in
English); "+66 (0)81-999-1111" was refused; a forged ticket link showed the generic "page not
found"; a broadcast refused because every confirmed participant had said STOP claimed the event
had no confirmed participants; the broadcast form gave no idea how many SMS a message would take.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from phalang.chat.loops import drain
from phalang.coalition import actions
from phalang.coalition.models import Broadcast, Rsvp

NEW = "/coalition/staff/watchdog/broadcasts/new/"


@pytest.fixture(autouse=True)
def fast(settings):  # type: ignore[no-untyped-def]
    settings.OUTBOX_RATES = {"line": 1e9, "line_multicast": 1e9, "telegram": 1e9, "email": 1e9, "sms": 1e9}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _event(org):  # type: ignore[no-untyped-def]
    return actions.create_event(organisation=org, title="เวทีประชาคมน้ำท่วมเชียงรายครั้งที่สองเรื่องการฟื้นฟู",
                                starts_at=timezone.now() + timedelta(days=3), venue="ศาลาวัด")


def test_the_web_sign_up_sms_is_thai_only_with_the_link_once(client, watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    _line, _tg, sms = channels
    event = _event(watchdog)
    resp = client.post(f"/coalition/events/{event.public_id}/",
                       {"name": "", "channel": "sms", "address": "+66 (0)81-999-1111"}, HTTP_ACCEPT_LANGUAGE="th")
    assert resp.status_code == 200 and 'id="rsvp-done"' in resp.content.decode()  # the (0) form is accepted
    drain()
    [m] = [m for m in sms.messages if m["to"] == "0819991111"]
    text = m["text"]
    link = re.search(r"https?://\S+/ticket/\S+/", text).group(0)
    assert text.count(link) == 1 and not re.search(r"[A-Za-z]{3,}", text.replace(link, "")), text
    words = text.replace(link, "").strip()
    assert len(words) <= 70 and "…" in words, words
    assert Rsvp.objects.get().status == Rsvp.Status.UNPROVEN


def test_a_forged_ticket_link_says_the_link_is_invalid_or_expired(client, watchdog) -> None:  # type: ignore[no-untyped-def]
    event = _event(watchdog)
    for path in (f"/coalition/events/{event.public_id}/ticket/forged-token-123/",
                 "/coalition/events/nosuchev/ticket/forged-token-123/"):
        resp = client.get(path, HTTP_ACCEPT_LANGUAGE="th")
        page = resp.content.decode()
        assert resp.status_code == 404 and "ลิงก์นี้ไม่ถูกต้องหรือหมดอายุแล้ว" in page and "ไม่พบหน้านี้" not in page
    assert f'href="/coalition/events/{event.public_id}/"' in Client().get(
        f"/coalition/events/{event.public_id}/ticket/forged/", HTTP_ACCEPT_LANGUAGE="th").content.decode()


@pytest.fixture
def staff(watchdog, make_user, verified_client):  # type: ignore[no-untyped-def]
    return verified_client(make_user("wd-coord", org=watchdog, role="coordinator"))


def test_everyone_stopped_is_said_as_such_and_counted(staff, watchdog) -> None:  # type: ignore[no-untyped-def]
    event = _event(watchdog)
    for number in ("0816667001", "0816667002"):
        actions.rsvp(event, actions.NewRsvp(name="", contacts=[("sms", number)]))
        actions.stop("sms", number)
    resp = staff.post(NEW, {"text": "นัดหมาย", "segment": f"event:{event.pk}"}, HTTP_ACCEPT_LANGUAGE="th")
    page = resp.content.decode()
    assert resp.status_code == 400 and "ยังไม่มีผู้เข้าร่วมที่ยืนยัน" not in page
    assert "ทั้ง 2 คน" in page and "ขอหยุดรับข้อความ" in page, page
    assert not Broadcast.objects.exists()


def test_the_form_says_how_many_sms_the_message_takes(staff, watchdog) -> None:  # type: ignore[no-untyped-def]
    actions.subscribe("sms", "0816668001", tags=[("interest", "procurement")])
    text = "ประชุมใหญ่วันเสาร์นี้ที่ศาลากลางจังหวัด เวลาเก้าโมงเช้า ขอเชิญทุกท่าน"  # 69 characters: one SMS alone, not with the added lines
    assert len(text) == 69
    resp = staff.post(NEW, {"text": text, "segment": "interest:procurement", "action": "preview"},
                      HTTP_ACCEPT_LANGUAGE="th")
    hint = resp.content.decode().split('id="sms-parts"')[1].split("</p>")[0]
    b = Broadcast(organisation=watchdog, text=text)
    sent = actions.sms_version(b)
    assert actions.sms_segments(sent) == -(-len(sent) // 67) >= 2
    assert f"{len(sent)} ตัวอักษร" in hint and f"{actions.sms_segments(sent)} ข้อความ" in hint, hint
    resp = staff.post(NEW, {"text": text, "segment": "interest:procurement"})
    page = staff.get(resp["Location"], HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert f"{actions.sms_segments(sent)} ข้อความ" in page.split('id="sms-parts"')[1].split("</dd>")[0]
    assert actions.sms_segments("hello") == 1 and actions.sms_segments("ก" * 70) == 1
    assert actions.sms_segments("ก" * 71) == 2
