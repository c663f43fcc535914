"""A web sign-up holds no seat until the owner of the e-mail or phone presses the confirm button
behind the ticket link (a POST: mail scanners follow links with GET). Until then it is on no list,
gets no broadcast, cannot be checked in and is never promoted; unproven sign-ups are deleted with
the other PDPA purges.

Before: the web form took a seat at once, so anyone could fill an event with other people's
addresses, and the owner of the address who did want to come found it full.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from phalang.chat.loops import drain
from phalang.coalition import actions
from phalang.coalition.models import Broadcast, PendingSubscription, Rsvp, RsvpContact
from phalang.core import retention


@pytest.fixture(autouse=True)
def fast(settings):  # type: ignore[no-untyped-def]
    settings.OUTBOX_RATES = {"line": 1e9, "line_multicast": 1e9, "telegram": 1e9, "email": 1e9, "sms": 1e9}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _sign_up(client, event, address: str, name: str = "") -> str:  # type: ignore[no-untyped-def]
    page = client.post(f"/coalition/events/{event.public_id}/",
                       {"name": name, "channel": "email", "address": address, "show_name": "1"},
                       HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert 'id="rsvp-done"' in page and "ยังไม่ได้ที่นั่ง" in page
    drain()
    body = [m for m in mail.outbox if m.to == [address]][-1].body
    return re.search(r"https?://[^/\s]+(/coalition/events/\S+/ticket/\S+/)", body).group(1)


def test_the_seat_goes_to_whoever_proves_first(client, watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    event = actions.create_event(organisation=watchdog, title="เวทีงบประมาณตำบล", capacity=1, venue="ศาลาประชาคม",
                                 starts_at=timezone.now() + timedelta(days=3))
    link_a = _sign_up(client, event, "a@example.org", name="สมชาย")
    link_b = _sign_up(client, event, "b@example.org")
    assert set(Rsvp.objects.values_list("status", flat=True)) == {"unproven"}
    page = client.get(f"/coalition/events/{event.public_id}/", HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert 'id="full"' not in page and "สมชาย" not in page  # no seat held, not on the list

    # A mail scanner (or A) opening the link proves nothing.
    for link in (link_a, link_b):
        ticket = client.get(link, HTTP_ACCEPT_LANGUAGE="th").content.decode()
        assert 'id="prove-button"' in ticket and 'id="qr"' not in ticket and "ศาลาประชาคม" not in ticket
    assert set(Rsvp.objects.values_list("status", flat=True)) == {"unproven"}

    # B presses the button first: B gets the seat.
    ticket = client.post(link_b, {"action": "prove"}, HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert 'id="qr"' in ticket and "ศาลาประชาคม" in ticket
    b = Rsvp.objects.get(name="")
    assert b.status == "confirmed"
    assert client.post(link_b, {"action": "prove"}).status_code == 200  # again: nothing changes
    assert Rsvp.objects.filter(status="confirmed").count() == 1

    # A comes second: the waiting list, said plainly in Thai.
    ticket = client.post(link_a, {"action": "prove"}, HTTP_ACCEPT_LANGUAGE="th").content.decode()
    message = re.search(r'id="ticket-message">([^<]+)<', ticket).group(1)
    assert "เต็ม" in message and "รายชื่อรอ" in message, message
    assert Rsvp.objects.get(name="สมชาย").status == "waitlisted"


def test_unproven_sign_ups_are_on_no_list(client, watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    _line, tg, _sms = channels
    event = actions.create_event(organisation=watchdog, title="อบรมผู้สังเกตการณ์", capacity=1,
                                 starts_at=timezone.now() + timedelta(days=3))
    seated, _t = actions.rsvp(event, actions.NewRsvp(name="", contacts=[("telegram", "71001")]))
    _sign_up(client, event, "early@example.org")  # unproven, before the waiting one
    waiting, _t = actions.rsvp(event, actions.NewRsvp(name="", contacts=[("telegram", "71002")]))
    unproven = Rsvp.objects.get(status="unproven")
    assert waiting.status == "waitlisted"

    # Broadcasts to the event's participants reach the confirmed only.
    b = Broadcast(organisation=watchdog, tag_kind="event", tag_value=str(event.pk))
    assert actions.audience_counts(b) == {"line": 0, "telegram": 1, "email": 0, "sms": 0}
    mail.outbox.clear()
    actions.queue_broadcast(actions.schedule_broadcast(organisation=watchdog, text="เลื่อนเวลาเริ่มเป็น 10 โมง",
                                                       tag_kind="event", tag_value=str(event.pk)))
    drain()
    assert not mail.outbox and [m["chat_id"] for m in tg.messages] == ["71001"]

    # The desk cannot check an unproven sign-up in.
    with pytest.raises(actions.CheckinError):
        actions.check_in(event, actions.checkin_code(unproven))

    # The freed seat goes to the waiting list, not to the unproven sign-up made earlier.
    actions.cancel_rsvp(seated)
    assert Rsvp.objects.get(pk=waiting.pk).status == "confirmed"
    assert Rsvp.objects.get(pk=unproven.pk).status == "unproven"


def test_unproven_sign_ups_expire_and_are_purged(client, watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    event = actions.create_event(organisation=watchdog, title="ประชุมกลุ่มแม่บ้าน",
                                 starts_at=timezone.now() + timedelta(days=10))
    old_link = _sign_up(client, event, "late@example.org")
    fresh_link = _sign_up(client, event, "fresh@example.org")
    old = Rsvp.objects.get(pk=actions.rsvp_by_token(old_link.rstrip("/").rsplit("/", 1)[1]).pk)
    Rsvp.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=actions.UNPROVEN_HOURS + 1))
    ticket = client.post(old_link, {"action": "prove"}, HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert "หมดอายุ" in re.search(r'id="ticket-message">([^<]+)<', ticket).group(1)
    assert Rsvp.objects.get(pk=old.pk).status == "unproven"

    # An unconfirmed follow request is a stranger's address too: purged on the same schedule.
    assert actions.request_subscription("email", "nobody@example.org")
    PendingSubscription.objects.update(created_at=timezone.now() - timedelta(days=actions.CONFIRM_DAYS + 1))

    counts = retention.run_all()
    assert counts["coalition.unproven_rsvps"] == 1 and counts["coalition.pending_subscriptions"] == 1
    assert not Rsvp.objects.filter(pk=old.pk).exists() and not RsvpContact.objects.filter(rsvp_id=old.pk).exists()
    assert client.get(old_link).status_code == 404
    assert client.post(fresh_link, {"action": "prove"}).status_code == 200
    assert Rsvp.objects.get().status == "confirmed"


def test_an_unproven_pledge_counts_only_once_proven(client, watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    _line, tg, _sms = channels
    event = actions.create_event(organisation=watchdog, title="ปลูกป่าชายเลน", pledge_threshold=2,
                                 starts_at=timezone.now() + timedelta(days=7))
    first, _t = actions.rsvp(event, actions.NewRsvp(name="", contacts=[("telegram", "73001")]))
    link = _sign_up(client, event, "second@example.org")
    event.refresh_from_db()
    assert event.pledges_met_at is None and first.status == "pledged"  # a typed address is no pledge yet
    client.post(link, {"action": "prove"})
    drain()
    event.refresh_from_db()
    assert event.pledges_met_at is not None
    assert set(Rsvp.objects.values_list("status", flat=True)) == {"confirmed"}
    assert any("ครบ 2 คนแล้ว" in m["text"] for m in tg.messages if m["chat_id"] == "73001")
    assert any("ครบ 2 คนแล้ว" in m.body for m in mail.outbox if m.to == ["second@example.org"])
