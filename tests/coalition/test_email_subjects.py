"""A message to an e-mail participant is delivered: its subject is one line.

Before: ``_push`` used ``text[:60]`` as the subject; a venue message whose first line is shorter
than 60 characters put a newline in the Subject, Django refused it (BadHeaderError) and the outbox
retried forever, so e-mail participants never learnt the revealed venue.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from phalang.chat.loops import drain
from phalang.coalition import actions
from phalang.coalition.actions import NewRsvp
from phalang.messaging import notify
from phalang.messaging.models import OutboundMessage


@pytest.fixture(autouse=True)
def fast(settings):  # type: ignore[no-untyped-def]
    settings.OUTBOX_RATES = {"line": 1e9, "line_multicast": 1e9, "telegram": 1e9, "email": 1e9, "sms": 1e9}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _drain() -> None:
    for _ in range(3):
        OutboundMessage.objects.filter(state="pending").update(next_attempt_at=timezone.now(), claimed_until=None)
        drain()


def test_venue_reveal_reaches_an_email_participant(watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    event = actions.create_event(organisation=watchdog, title="ชุมนุม", starts_at=now + timedelta(hours=3),
                                 venue="ลานหน้าศาลากลาง", venue_reveal_at=now + timedelta(hours=1), capacity=3)
    actions.rsvp(event, NewRsvp("ฝน", [("email", "fon@example.org")]))
    _drain()
    mail.outbox.clear()
    assert actions.reveal_due_venues(now=event.venue_reveal_at) == 1
    _drain()
    assert not OutboundMessage.objects.filter(channel="email").exclude(state="sent").exists()
    [message] = mail.outbox
    assert "ลานหน้าศาลากลาง" in message.body
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.subject == "[พลัง] สถานที่นัดหมาย: ชุมนุม"


@pytest.mark.parametrize("text", ["สั้น\nบรรทัดสอง", "  หัวเรื่อง  \r\nเนื้อหา", "\nบรรทัดแรกว่าง", "ก" * 80])
def test_every_subject_is_one_line(text) -> None:  # type: ignore[no-untyped-def]
    subject = notify.subject_line(text)
    assert "\n" not in subject and "\r" not in subject and subject == subject.strip()
    assert 0 < len(subject) <= 60
