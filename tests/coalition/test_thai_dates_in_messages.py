"""Messages to participants give the time as Thai readers expect it: Buddhist-era year, Thai
month (lib/thaidate.py), as the chat replies and the pages already do.

Before (user trial): the reminder, the venue, a place from the waiting list and "enough people
pledged" said "07/12/2026 18:30": a Gregorian year that Thai readers take for a typo.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from phalang.chat.loops import drain
from phalang.coalition import actions
from phalang.coalition.models import Rsvp
from phalang.lib.thaidate import format_datetime
from phalang.messaging.models import OutboundMessage


@pytest.fixture(autouse=True)
def fast(settings):  # type: ignore[no-untyped-def]
    settings.OUTBOX_RATES = {"line": 1e9, "line_multicast": 1e9, "telegram": 1e9, "email": 1e9, "sms": 1e9}


def _drain() -> None:
    for _ in range(4):
        OutboundMessage.objects.filter(state="pending").update(next_attempt_at=timezone.now(), claimed_until=None)
        drain()


def test_every_event_message_gives_a_buddhist_era_date(watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    _line, tg, _sms = channels
    now = timezone.now()
    local = timezone.localtime(now + timedelta(days=3))
    starts = timezone.make_aware(datetime(local.year, local.month, local.day, 18, 30))
    thai = format_datetime(timezone.localtime(starts))  # "10 ธ.ค. 2569 18:30 น."
    assert str(starts.year + 543) in thai

    event = actions.create_event(organisation=watchdog, title="เวที", starts_at=starts, capacity=1,
                                 venue="ศาลาวัด", venue_reveal_at=now + timedelta(days=1))
    first, _ = actions.rsvp(event, actions.NewRsvp(name="", contacts=[("telegram", "96001")]))
    actions.rsvp(event, actions.NewRsvp(name="", contacts=[("telegram", "96002")]))  # waiting list
    actions.cancel_rsvp(first)  # the place goes to 96002, who is told
    assert actions.reveal_due_venues(now=event.venue_reveal_at) == 1
    assert actions.send_event_reminders(now=starts - timedelta(hours=20)) == 1
    pledge = actions.create_event(organisation=watchdog, title="เดินรณรงค์", starts_at=starts, pledge_threshold=2)
    for chat in ("96003", "96004"):
        actions.rsvp(pledge, actions.NewRsvp(name="", contacts=[("telegram", chat)]))
    assert not Rsvp.objects.filter(event=pledge).exclude(status=Rsvp.Status.CONFIRMED).exists()
    _drain()

    texts = [m["text"] for m in tg.messages]
    for start in ("[พลัง] มีที่ว่างแล้ว", "[พลัง] สถานที่นัดหมาย", "[พลัง] พรุ่งนี้", "[พลัง] ครบ 2 คนแล้ว"):
        found = [t for t in texts if t.startswith(start)]
        assert found and all(thai in t and f"/{starts.year}" not in t for t in found), (start, texts)
