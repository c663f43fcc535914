"""A broadcast to "everyone who subscribed" reaches only people who agreed to hear from the
sending organisation: its campaigns' followers, its coalitions', its events', and those who asked
for Phalang's general announcements. The form's preview counts the same people.

Before: "everyone" of one organisation reached people who had only followed another
organisation's campaign.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from phalang.chat.loops import drain
from phalang.coalition import actions
from phalang.messaging.models import OutboundMessage


@pytest.fixture(autouse=True)
def fast(settings):  # type: ignore[no-untyped-def]
    settings.OUTBOX_RATES = {"line": 1e9, "line_multicast": 1e9, "telegram": 1e9, "email": 1e9, "sms": 1e9}


def test_everyone_means_everyone_who_agreed_to_hear_from_us(  # type: ignore[no-untyped-def]
        watchdog, make_org, make_user, verified_client, channels) -> None:
    _line, tg, sms = channels
    farmers = make_org("farmers", "civil_society")
    ours = actions.create_campaign(organisation=watchdog, slug="budget", title="จับตางบ", issue="งบ")
    theirs = actions.create_campaign(organisation=farmers, slug="rice", title="ราคาข้าว", issue="ข้าว")
    actions.follow_campaign(ours, "telegram", "81001")
    actions.follow_campaign(theirs, "telegram", "81002")  # only followed the farmers' campaign
    actions.follow_campaign(theirs, "sms", "0813330002")
    actions.subscribe("telegram", "81003", purpose="announcements:all")  # Phalang's general announcements
    both = actions.follow_campaign(theirs, "telegram", "81004")
    actions.subscribe("telegram", "81004", purpose="announcements:all")  # and general news too
    assert both.active

    staff = verified_client(make_user("wd-coord", org=watchdog, role="coordinator"))
    page = staff.post("/coalition/staff/watchdog/broadcasts/new/", {"text": "ถึงทุกคน", "segment": "",
                                                                    "action": "preview"},
                      HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert 'id="preview-total">3<' in page and 'data-channel="sms">0<' in page

    actions.queue_broadcast(actions.schedule_broadcast(organisation=watchdog, text="ถึงทุกคนของเรา"))
    for _ in range(5):
        OutboundMessage.objects.filter(state="pending").update(next_attempt_at=timezone.now(), claimed_until=None)
        drain()
    assert sorted(m["chat_id"] for m in tg.messages if m["text"].startswith("ถึงทุกคนของเรา")) == [
        "81001", "81003", "81004"]
    assert not [m for m in sms.messages if m["text"].startswith("ถึงทุกคนของเรา")]
