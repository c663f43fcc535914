"""Conditional pledges: "I will join if N others do". Until enough people pledge, nobody is
confirmed and nobody is told anything; when the threshold is reached every pledger is told at
once, on every contact, and the late-revealed venue goes only to them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from phalang.chat.loops import drain
from phalang.coalition import actions
from phalang.coalition.models import Rsvp

SECRET_PLACE = "ลานจอดรถด้านหลังตลาดสด"


@pytest.fixture(autouse=True)
def fast(settings):  # type: ignore[no-untyped-def]
    settings.OUTBOX_RATES = {"line": 1e9, "line_multicast": 1e9, "telegram": 1e9, "email": 1e9, "sms": 1e9}


def test_threshold_reached_tells_pledgers_and_the_venue_goes_only_to_them(client, watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    _line, tg, sms = channels
    start = timezone.now() + timedelta(days=2)
    event = actions.create_event(organisation=watchdog, title="ปลูกป่าชายเลน", starts_at=start, venue=SECRET_PLACE,
                                 venue_reveal_at=start - timedelta(hours=3), pledge_threshold=3)
    actions.subscribe("telegram", "95009")  # a subscriber who did not pledge
    a, _ = actions.rsvp(event, actions.NewRsvp(name="ก", contacts=[("telegram", "95001")]))
    b, _ = actions.rsvp(event, actions.NewRsvp(name="ข", contacts=[("telegram", "95002"), ("sms", "0815550002")]))
    drain()
    assert [a.status, b.status] == ["pledged", "pledged"] and tg.messages == []
    page = client.get(f"/coalition/events/{event.public_id}/", HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert 'id="pledge"' in page

    _c, _ = actions.rsvp(event, actions.NewRsvp(name="ค", contacts=[("telegram", "95003")]))  # the third
    drain()
    assert set(Rsvp.objects.values_list("status", flat=True)) == {"confirmed"}
    told = sorted(m["chat_id"] for m in tg.messages if "ครบ 3 คนแล้ว" in m["text"])
    assert told == ["95001", "95002", "95003"]
    assert [m["to"] for m in sms.messages] == ["0815550002"]  # every contact they gave
    assert SECRET_PLACE not in "".join(m["text"] for m in tg.messages)  # still hidden until the reveal

    actions.reveal_due_venues(now=event.venue_reveal_at)
    drain()
    got = sorted(m["chat_id"] for m in tg.messages if SECRET_PLACE in m["text"])
    assert got == ["95001", "95002", "95003"]  # the pledgers only: not the subscriber


def test_below_threshold_nobody_gets_the_venue(watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    _line, tg, _sms = channels
    start = timezone.now() + timedelta(days=2)
    event = actions.create_event(organisation=watchdog, title="ชุมนุมหน้าศาลากลาง", starts_at=start, venue=SECRET_PLACE,
                                 venue_reveal_at=start - timedelta(hours=3), pledge_threshold=5)
    actions.rsvp(event, actions.NewRsvp(name="", contacts=[("telegram", "96001")]))
    actions.reveal_due_venues(now=event.venue_reveal_at)
    drain()
    assert not [m for m in tg.messages if SECRET_PLACE in m["text"]]
    with pytest.raises(ValidationError):
        actions.create_event(organisation=watchdog, title="x", starts_at=start, pledge_threshold=1)
