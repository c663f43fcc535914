"""STOP (หยุด) means the same on every channel: no more broadcasts, including an event's; a seat
is never cancelled silently, and the reply says how to cancel it.

Before: STOP by SMS also cancelled a confirmed seat without asking; STOP on LINE said event
messages would still arrive.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from phalang.chat.loops import drain
from phalang.coalition import actions
from phalang.coalition.models import Rsvp
from phalang.messaging.models import OutboundMessage
from tests.coalition.test_chat_rsvp import line_last, line_send
from tests.fakes import line as fl

SMS_SECRET = "sms-secret-for-coalition-tests"


@pytest.fixture(autouse=True)
def fast(settings):  # type: ignore[no-untyped-def]
    settings.OUTBOX_RATES = {"line": 1e9, "line_multicast": 1e9, "telegram": 1e9, "email": 1e9, "sms": 1e9}
    settings.SMS_SHARED_SECRET = SMS_SECRET


def _drain() -> None:
    for _ in range(4):
        OutboundMessage.objects.filter(state="pending").update(next_attempt_at=timezone.now(), claimed_until=None)
        drain()


def test_stop_by_sms_and_line_keeps_the_seat_and_stops_event_broadcasts(  # type: ignore[no-untyped-def]
        client, watchdog, channels) -> None:
    line, _tg, sms = channels
    event = actions.create_event(organisation=watchdog, title="เวทีชาวบ้าน", starts_at=timezone.now() + timedelta(days=3))
    user = fl.user_id()
    by_sms, _ = actions.rsvp(event, actions.NewRsvp(name="ก", contacts=[("sms", "0816660001")]))
    by_line, _ = actions.rsvp(event, actions.NewRsvp(name="ข", contacts=[("line", user)]))
    actions.rsvp(event, actions.NewRsvp(name="ค", contacts=[("sms", "0816660002")]))  # keeps listening
    _drain()

    assert client.post("/webhooks/sms", {"from": "+66816660001", "text": "หยุด", "sent_at": "t",
                                         "secret": SMS_SECRET}).status_code == 200
    _drain()
    sms_reply = sms.messages[-1]["text"]
    line_send(client, user, text="หยุด")
    line_reply = line_last(line)["text"]
    for reply in (sms_reply, line_reply):
        assert "หยุด" in reply and f"ยกเลิก {event.public_id}" in reply
        assert "ยังส่งถึงคุณ" not in reply
    by_sms.refresh_from_db()
    by_line.refresh_from_db()
    assert by_sms.status == by_line.status == Rsvp.Status.CONFIRMED  # no seat cancelled silently

    line.clear()
    sent_before = len(sms.messages)
    b = actions.schedule_broadcast(organisation=watchdog, text="ถึงผู้ร่วมงาน", tag_kind="event",
                                   tag_value=str(event.pk))
    actions.queue_broadcast(b)
    _drain()
    assert [m["to"] for m in sms.messages[sent_before:]] == ["0816660002"]
    assert line.recipients() == []


def test_an_events_broadcast_carries_the_stop_means_of_each_channel(  # type: ignore[no-untyped-def]
        client, watchdog, channels, settings) -> None:
    from django.core import mail

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _line, tg, sms = channels
    event = actions.create_event(organisation=watchdog, title="เวที", starts_at=timezone.now() + timedelta(days=3))
    actions.rsvp(event, actions.NewRsvp(name="ก", contacts=[("sms", "0816660003"), ("telegram", "97001"),
                                                            ("email", "p@example.org")]))
    actions.rsvp(event, actions.NewRsvp(name="ข", contacts=[("telegram", "97002")]))
    _drain()
    mail.outbox.clear()
    actions.queue_broadcast(actions.schedule_broadcast(organisation=watchdog, text="นัดหมาย", tag_kind="event",
                                                       tag_value=str(event.pk)))
    _drain()
    assert "หยุด" in next(m["text"] for m in sms.messages if m["text"].startswith("นัดหมาย"))
    assert all("หยุด" in m["text"] for m in tg.messages if m["text"].startswith("นัดหมาย"))
    [message] = mail.outbox
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert url in message.body
    path = "/coalition/" + url.split("/coalition/", 1)[1]
    assert client.get(path[:-3] + "xx/").status_code == 404  # forged
    assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    mail.outbox.clear()
    actions.queue_broadcast(actions.schedule_broadcast(organisation=watchdog, text="อีกครั้ง", tag_kind="event",
                                                       tag_value=str(event.pk)))
    _drain()
    assert mail.outbox == []
