"""Every audience the broadcast form offers reaches real people who agreed to it, counted at the
fake LINE, Telegram and SMS servers; a broadcast that would reach nobody is refused with the reason.

Before: "event", "coalition" and "interest" audiences were offered but no code recorded those
tags, so a broadcast to an event's confirmed participants went to 0 people without a warning.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from phalang.chat.loops import drain
from phalang.coalition import actions
from phalang.coalition.models import Broadcast, Rsvp
from phalang.messaging.models import OutboundMessage
from tests.fakes import line as fl

NEW = "/coalition/staff/watchdog/broadcasts/new/"


@pytest.fixture(autouse=True)
def fast(settings):  # type: ignore[no-untyped-def]
    settings.OUTBOX_RATES = {"line": 1e9, "line_multicast": 1e9, "telegram": 1e9, "email": 1e9, "sms": 1e9}


def _send(b: Broadcast) -> None:
    actions.queue_broadcast(b)
    for _ in range(10):
        OutboundMessage.objects.filter(state="pending").update(next_attempt_at=timezone.now(), claimed_until=None)
        drain()
        if not OutboundMessage.objects.filter(state="pending").exists():
            return


def _tg(tg, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(m["chat_id"] for m in tg.messages if m["text"].startswith(text))


def _sms(sms, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(m["to"] for m in sms.messages if m["text"].startswith(text))


@pytest.fixture
def world(watchdog, make_org):  # type: ignore[no-untyped-def]
    """A coalition with two members' campaigns, an event with confirmed, waiting and cancelled
    participants, and subscribers with interests."""
    other = make_org("farmers", "civil_society")
    coalition = actions.create_coalition(slug="north", name="เครือข่ายภาคเหนือ", lead=watchdog)
    actions.add_coalition_member(coalition, other)
    ours = actions.create_campaign(organisation=watchdog, slug="flood", title="จับตางบน้ำท่วม", issue="น้ำท่วม",
                                   coalition=coalition)
    theirs = actions.create_campaign(organisation=other, slug="rice", title="ราคาข้าวเป็นธรรม", issue="ข้าว",
                                     coalition=coalition)
    outside = actions.create_campaign(organisation=other, slug="other", title="แคมเปญนอกเครือข่าย", issue="อื่น ๆ")
    actions.follow_campaign(ours, "telegram", "71001")
    actions.follow_campaign(theirs, "telegram", "71002")
    actions.follow_campaign(outside, "telegram", "71003")
    actions.subscribe("telegram", "71004", tags=[("interest", "anti_corruption")])
    actions.subscribe("sms", "0812220001", tags=[("interest", "anti_corruption")])
    actions.subscribe("telegram", "71005", tags=[("interest", "environment")])
    event = actions.create_event(organisation=watchdog, title="เวทีชาวบ้าน", capacity=2,
                                 starts_at=timezone.now() + timedelta(days=3))
    _a, _ = actions.rsvp(event, actions.NewRsvp(name="ก", contacts=[("telegram", "72001"), ("sms", "0812220002")]))
    _b, _ = actions.rsvp(event, actions.NewRsvp(name="ข", contacts=[("telegram", "72002")]))
    c, _ = actions.rsvp(event, actions.NewRsvp(name="ค", contacts=[("telegram", "72003")]))  # waiting list
    assert c.status == Rsvp.Status.WAITLISTED
    _d, _ = actions.rsvp(actions.create_event(organisation=watchdog, title="อีกงาน",
                                             starts_at=timezone.now() + timedelta(days=4)),
                        actions.NewRsvp(name="ง", contacts=[("telegram", "72009")]))
    return {"coalition": coalition, "ours": ours, "event": event}


def test_each_audience_reaches_its_people(watchdog, world, channels) -> None:  # type: ignore[no-untyped-def]
    _line, tg, sms = channels
    event, coalition = world["event"], world["coalition"]

    _send(actions.schedule_broadcast(organisation=watchdog, text="ถึงผู้ร่วมงาน", tag_kind="event",
                                     tag_value=str(event.pk)))
    assert _tg(tg, "ถึงผู้ร่วมงาน") == ["72001", "72002"]  # confirmed only: not the waiting list
    assert _sms(sms, "ถึงผู้ร่วมงาน") == ["0812220002"]

    _send(actions.schedule_broadcast(organisation=watchdog, text="ถึงเครือข่าย", tag_kind="coalition",
                                     tag_value=str(coalition.pk)))
    assert _tg(tg, "ถึงเครือข่าย") == ["71001", "71002"]  # followers of any campaign of the coalition

    _send(actions.schedule_broadcast(organisation=watchdog, text="ถึงผู้สนใจ", tag_kind="interest",
                                     tag_value="anti_corruption"))
    assert _tg(tg, "ถึงผู้สนใจ") == ["71004"]
    assert _sms(sms, "ถึงผู้สนใจ") == ["0812220001"]
    sms_text = next(m["text"] for m in sms.messages if m["text"].startswith("ถึงผู้สนใจ"))
    assert "หยุด" in sms_text  # every message says how to stop

    _send(actions.schedule_broadcast(organisation=watchdog, text="ถึงผู้ติดตาม", tag_kind="campaign",
                                     tag_value=str(world["ours"].pk)))
    assert _tg(tg, "ถึงผู้ติดตาม") == ["71001"]

    _send(actions.schedule_broadcast(organisation=watchdog, text="ถึงทุกคน"))
    # 71003 only followed another organisation's campaign outside the coalition: not ours to message
    assert _tg(tg, "ถึงทุกคน") == ["71001", "71002", "71004", "71005"]


def test_a_broadcast_to_nobody_is_refused_with_the_reason(watchdog, world, make_org) -> None:  # type: ignore[no-untyped-def]
    empty = actions.create_event(organisation=watchdog, title="งานยังไม่มีคน", starts_at=timezone.now() + timedelta(days=9))
    with pytest.raises(ValidationError) as exc:
        actions.schedule_broadcast(organisation=watchdog, text="ว่าง", tag_kind="event", tag_value=str(empty.pk))
    assert "ยังไม่มีผู้เข้าร่วมที่ยืนยัน" in str(exc.value)  # Thai first, as staff read it
    with pytest.raises(ValidationError) as exc:
        actions.schedule_broadcast(organisation=watchdog, text="ว่าง", tag_kind="interest", tag_value="environment",
                                   channels=["line"])
    assert "เลือกช่องทางเพิ่ม" in str(exc.value)
    with pytest.raises(ValidationError):  # an interest that is not one of the directory's areas
        actions.schedule_broadcast(organisation=watchdog, text="ว่าง", tag_kind="interest", tag_value="food")
    stranger = make_org("stranger", "media")
    with pytest.raises(ValidationError):  # another organisation's event participants are not ours to message
        actions.schedule_broadcast(organisation=stranger, text="แอบส่ง", tag_kind="event",
                                   tag_value=str(world["event"].pk))
    assert not Broadcast.objects.exists()


def test_the_form_previews_counts_per_channel_and_refuses_nobody_in_thai(  # type: ignore[no-untyped-def]
        watchdog, world, make_user, verified_client) -> None:
    staff = verified_client(make_user("wd-coord", org=watchdog, role="coordinator"))
    event = world["event"]
    page = staff.post(NEW, {"text": "นัดพบ", "segment": f"event:{event.pk}", "action": "preview"},
                      HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert 'data-channel="telegram">2<' in page and 'data-channel="sms">1<' in page
    assert 'id="preview-total">3<' in page
    # Channels by their Thai names, and what the total counts (a re-trial read "line 0 / sms 1").
    assert "<th>อีเมล</th>" in page and "<th>email</th>" not in page and "ข้อความทั้งหมด" in page
    assert not Broadcast.objects.exists()  # a preview schedules nothing
    empty = actions.create_event(organisation=watchdog, title="งานว่าง", starts_at=timezone.now() + timedelta(days=9))
    resp = staff.post(NEW, {"text": "นัดพบ", "segment": f"event:{empty.pk}", "action": "send"},
                      HTTP_ACCEPT_LANGUAGE="th")
    assert resp.status_code == 400
    assert "ยังไม่มีผู้เข้าร่วมที่ยืนยัน" in resp.content.decode()
    assert not Broadcast.objects.exists()


def test_line_and_email_deliveries_per_audience(watchdog, channels, client, settings) -> None:  # type: ignore[no-untyped-def]
    """The same audiences on the other two channels, counted where they arrive: at the fake LINE
    server (pushes and multicasts) and in the e-mail outbox. A web sign-up nobody proved, and a
    subscriber who stopped, receive nothing."""
    from django.core import mail

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    line, _tg, _sms = channels
    coalition = actions.create_coalition(slug="south", name="เครือข่ายภาคใต้", lead=watchdog)
    follower, member, reader, stopped = fl.user_id(), fl.user_id(), fl.user_id(), fl.user_id()
    actions.subscribe("line", follower, tags=[("coalition", str(coalition.pk))])
    actions.subscribe("email", "follower@example.org", tags=[("coalition", str(coalition.pk))])
    actions.subscribe("line", reader, tags=[("interest", "environment")])
    actions.subscribe("email", "reader@example.org", tags=[("interest", "environment")])
    actions.unsubscribe(actions.subscribe("line", stopped, tags=[("interest", "environment")]), channel="line")
    event = actions.create_event(organisation=watchdog, title="ประชุมเครือข่ายป่าชายเลน",
                                 starts_at=timezone.now() + timedelta(days=3))
    actions.rsvp(event, actions.NewRsvp(name="", contacts=[("line", member)]))
    proven = actions.web_rsvp(event, actions.NewRsvp(name="", contacts=[("email", "came@example.org")]))
    actions.prove_rsvp(proven)
    actions.web_rsvp(event, actions.NewRsvp(name="", contacts=[("email", "stranger@example.org")]))  # unproven
    drain()
    mail.outbox.clear()
    line.clear()

    def received(text: str) -> tuple[list[str], list[str]]:
        """Who got the broadcast just sent: LINE users, e-mail addresses (then clear both)."""
        assert all(t.startswith(text) for t in line.texts())
        got = sorted(line.recipients()), sorted(m.to[0] for m in mail.outbox if m.body.startswith(text))
        line.clear()
        mail.outbox.clear()
        return got

    _send(actions.schedule_broadcast(organisation=watchdog, text="ถึงผู้ร่วมประชุม", tag_kind="event",
                                     tag_value=str(event.pk)))
    assert received("ถึงผู้ร่วมประชุม") == ([member], ["came@example.org"])
    _send(actions.schedule_broadcast(organisation=watchdog, text="ถึงภาคีภาคใต้", tag_kind="coalition",
                                     tag_value=str(coalition.pk)))
    assert received("ถึงภาคีภาคใต้") == ([follower], ["follower@example.org"])
    _send(actions.schedule_broadcast(organisation=watchdog, text="ถึงคนรักป่า", tag_kind="interest",
                                     tag_value="environment"))
    assert received("ถึงคนรักป่า") == ([reader], ["reader@example.org"])
    _send(actions.schedule_broadcast(organisation=watchdog, text="ถึงทุกคนที่ยินยอม"))
    assert received("ถึงทุกคนที่ยินยอม") == (sorted([follower, reader]), ["follower@example.org", "reader@example.org"])
