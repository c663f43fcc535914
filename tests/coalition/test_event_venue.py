"""A hidden venue is revealed at the set time, only to confirmed participants, on every channel."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from phalang.chat.loops import drain
from phalang.coalition import actions
from phalang.coalition.actions import NewRsvp

VENUE = "ลานหน้าศาลากลาง ประตูฝั่งตะวันออก"


@pytest.fixture
def hidden_event(watchdog):  # type: ignore[no-untyped-def]
    now = timezone.now()
    return actions.create_event(organisation=watchdog, title="ชุมนุมเรียกร้องความโปร่งใส",
                                starts_at=now + timedelta(hours=3), venue=VENUE,
                                venue_reveal_at=now + timedelta(hours=1), capacity=3)


def _all_texts(line, tg) -> list[str]:  # type: ignore[no-untyped-def]
    return [m["text"] for p in line.pushes for m in p["messages"]] + [m["text"] for m in tg.messages]


def test_venue_revealed_at_set_time_only_to_confirmed(client, hidden_event, channels, admin_of) -> None:  # type: ignore[no-untyped-def]
    line, tg, _sms = channels
    # Confirmed on two channels at once; another confirmed on Telegram only.
    both, _t = actions.rsvp(hidden_event, NewRsvp("ฝน", [("line", "U-confirmed-both"), ("telegram", "70001")]))
    actions.rsvp(hidden_event, NewRsvp("", [("telegram", "70002")]))
    cancelled, _t = actions.rsvp(hidden_event, NewRsvp("", [("line", "U-cancelled"), ("telegram", "70003")]))
    actions.cancel_rsvp(cancelled)
    # Fills the last place; the next one is over capacity and stays unconfirmed.
    actions.rsvp(hidden_event, NewRsvp("", [("telegram", "70004")]))
    waiting, _t = actions.rsvp(hidden_event, NewRsvp("", [("line", "U-waiting"), ("telegram", "70005")]))
    assert waiting.status == "waitlisted" and both.status == "confirmed"

    page = client.get(f"/coalition/events/{hidden_event.public_id}/").content.decode()
    assert VENUE not in page and 'id="venue-hidden"' in page
    assert VENUE not in str(client.get(f"/coalition/events/{hidden_event.public_id}/").content)

    # Not yet: nothing is revealed a minute early.
    assert actions.reveal_due_venues(now=hidden_event.venue_reveal_at - timedelta(minutes=1)) == 0
    drain()
    assert _all_texts(line, tg) == []

    assert actions.reveal_due_venues(now=hidden_event.venue_reveal_at) == 1
    assert actions.reveal_due_venues(now=hidden_event.venue_reveal_at + timedelta(minutes=1)) == 0  # once
    drain()
    assert [p["to"] for p in line.pushes] == ["U-confirmed-both"]
    assert sorted(m["chat_id"] for m in tg.messages) == ["70001", "70002", "70004"]
    assert all(VENUE in t for t in _all_texts(line, tg))

    # A last-minute change reaches everyone confirmed again, and still nobody else.
    organiser = admin_of(hidden_event.organisation)
    actions.change_venue(hidden_event, venue="ใต้สะพานพระราม 8", by=organiser)
    drain()
    assert [p["to"] for p in line.pushes] == ["U-confirmed-both", "U-confirmed-both"]
    assert sorted(m["chat_id"] for m in tg.messages[3:]) == ["70001", "70002", "70004"]
    assert "ใต้สะพานพระราม 8" in tg.messages[-1]["text"]

    # Confirmed late by the organiser: the venue follows at once.
    actions.confirm_rsvp(waiting, by=organiser)
    drain()
    assert line.pushes[-1]["to"] == "U-waiting"
    assert tg.messages[-1]["chat_id"] == "70005"
    assert all(m["chat_id"] != "70003" for m in tg.messages)


def test_reminder_the_day_before_goes_to_confirmed_without_hidden_venue(hidden_event, channels) -> None:  # type: ignore[no-untyped-def]
    _line, tg, _sms = channels
    actions.rsvp(hidden_event, NewRsvp("", [("telegram", "80001")]))
    gone, _t = actions.rsvp(hidden_event, NewRsvp("", [("telegram", "80002")]))
    actions.cancel_rsvp(gone)
    now = hidden_event.starts_at - timedelta(hours=30)
    assert actions.send_event_reminders(now=now) == 0
    assert actions.send_event_reminders(now=hidden_event.starts_at - timedelta(hours=20)) == 1
    assert actions.send_event_reminders(now=hidden_event.starts_at - timedelta(hours=19)) == 0
    drain()
    assert [m["chat_id"] for m in tg.messages] == ["80001"]
    assert VENUE not in tg.messages[0]["text"]
