"""A full event keeps a waiting list: when a confirmed participant cancels, the first waiting
person gets the place and is told on every channel they gave (and gets the venue if revealed).

Before: cancelling an RSVP moved nobody up.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from phalang.chat.loops import drain
from phalang.coalition import actions
from phalang.coalition.models import Rsvp


@pytest.fixture(autouse=True)
def fast(settings):  # type: ignore[no-untyped-def]
    settings.OUTBOX_RATES = {"line": 1e9, "line_multicast": 1e9, "telegram": 1e9, "email": 1e9, "sms": 1e9}


def test_cancelling_promotes_the_first_waiting(client, watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    _line, tg, sms = channels
    event = actions.create_event(organisation=watchdog, title="อบรมอาสาจับตางบ", capacity=1, venue="ห้องประชุม อบต.",
                                 starts_at=timezone.now() + timedelta(days=2))
    first, first_token = actions.rsvp(event, actions.NewRsvp(name="ก", contacts=[("telegram", "81001")]))
    second, _ = actions.rsvp(event, actions.NewRsvp(name="ข", contacts=[("telegram", "81002"), ("sms", "0811110002")]))
    third, _ = actions.rsvp(event, actions.NewRsvp(name="ค", contacts=[("telegram", "81003")]))
    assert [r.status for r in (first, second, third)] == ["confirmed", "waitlisted", "waitlisted"]
    page = client.get(f"/coalition/events/{event.public_id}/", HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert 'id="full"' in page

    # The first participant cancels from their ticket page.
    client.post(f"/coalition/events/{event.public_id}/ticket/{first_token}/", {"action": "cancel"})
    drain()
    statuses = dict(Rsvp.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "cancelled", second.pk: "confirmed", third.pk: "waitlisted"}
    told = [m["text"] for m in tg.messages if m["chat_id"] == "81002"]
    assert len(told) == 1 and "มีที่ว่างแล้ว" in told[0] and event.title in told[0]
    assert [m["to"] for m in sms.messages] == ["0811110002"]  # every channel they gave
    assert not [m for m in tg.messages if m["chat_id"] == "81003"]  # still waiting, told nothing

    # Cancelling a waiting place frees nothing; cancelling the confirmed one promotes the next.
    actions.cancel_rsvp(Rsvp.objects.get(pk=second.pk))
    drain()
    assert Rsvp.objects.get(pk=third.pk).status == "confirmed"
    assert any("มีที่ว่างแล้ว" in m["text"] for m in tg.messages if m["chat_id"] == "81003")


def test_events_needing_approval_are_not_promoted_automatically(watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    event = actions.create_event(organisation=watchdog, title="ประชุมแกนนำ", capacity=1, requires_approval=True,
                                 starts_at=timezone.now() + timedelta(days=2))
    a, _ = actions.rsvp(event, actions.NewRsvp(name="ก", contacts=[("telegram", "82001")]))
    actions.confirm_rsvp(a)
    b, _ = actions.rsvp(event, actions.NewRsvp(name="ข", contacts=[("telegram", "82002")]))
    actions.cancel_rsvp(a)
    assert Rsvp.objects.get(pk=b.pk).status == "pending"  # the organisers choose
