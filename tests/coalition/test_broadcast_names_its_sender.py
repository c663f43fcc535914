"""Every broadcast, on every channel, says which organisation sent it.

Before (user trial): a broadcast arrived as the bare text; a person who follows several
organisations' campaigns on the same chat or number could not tell who was writing to them.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from phalang.chat.loops import drain
from phalang.coalition import actions
from phalang.coalition.models import Broadcast
from phalang.messaging.models import OutboundMessage
from tests.fakes import line as fl


@pytest.fixture(autouse=True)
def fast(settings):  # type: ignore[no-untyped-def]
    settings.OUTBOX_RATES = {"line": 1e9, "line_multicast": 1e9, "telegram": 1e9, "email": 1e9, "sms": 1e9}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _send(b) -> None:  # type: ignore[no-untyped-def]
    actions.queue_broadcast(b)
    for _ in range(6):
        OutboundMessage.objects.filter(state="pending").update(next_attempt_at=timezone.now(), claimed_until=None)
        drain()


def _received(channels, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    line, tg, sms = channels
    return ([t for t in line.texts() if t.startswith(text)] + [m["text"] for m in tg.messages if m["text"].startswith(text)]
            + [m["text"] for m in sms.messages if m["text"].startswith(text)]
            + [m.body for m in mail.outbox if m.body.startswith(text)])


def test_every_broadcast_names_its_organisation(watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    sender = "ส่งโดย องค์กร watchdog"
    campaign = actions.create_campaign(organisation=watchdog, slug="water", title="น้ำสะอาด", issue="น้ำขุ่น")
    actions.subscribe("line", fl.user_id())
    actions.subscribe("telegram", "95001")
    actions.subscribe("sms", "0817770001")
    actions.subscribe("email", "reader@example.org")
    actions.follow_campaign(campaign, "telegram", "95002")
    event = actions.create_event(organisation=watchdog, title="เวที", starts_at=timezone.now() + timedelta(days=3))
    actions.rsvp(event, actions.NewRsvp(name="", contacts=[("telegram", "95003"), ("sms", "0817770002"),
                                                            ("email", "p@example.org")]))
    drain()
    mail.outbox.clear()

    _send(actions.schedule_broadcast(organisation=watchdog, text="ประกาศถึงทุกคน"))
    everyone = _received(channels, "ประกาศถึงทุกคน")
    assert len(everyone) == 5 and all(sender in t for t in everyone), everyone  # 4 subscribers + the follower
    [email] = [m for m in mail.outbox if m.body.startswith("ประกาศถึงทุกคน")]
    assert email.subject == "องค์กร watchdog: ประกาศถึงทุกคน"

    mail.outbox.clear()
    _send(actions.schedule_broadcast(organisation=watchdog, text="นัดหมายผู้ร่วมงาน", tag_kind="event",
                                     tag_value=str(event.pk)))
    participants = _received(channels, "นัดหมายผู้ร่วมงาน")
    assert len(participants) == 3 and all(sender in t for t in participants), participants
    assert mail.outbox[-1].subject.startswith("องค์กร watchdog: ")

    actions.post_campaign_update(campaign, "ได้รับหนังสือตอบแล้ว")
    _send(Broadcast.objects.latest("pk"))
    followers = _received(channels, "[น้ำสะอาด]")
    assert followers and all(sender in t for t in followers), followers
