"""STOP from one address of a sign-up stops the event's broadcasts to all of its addresses.

Before (user trial): pressing stop in an event's broadcast e-mail showed "no more news on any
channel", yet the next broadcast still reached the SMS and Telegram contacts given in the same
sign-up. And a contact that no longer decrypts (a rotated key) crashed the whole broadcast.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from phalang.audit.models import AuditEntry
from phalang.chat.loops import drain
from phalang.coalition import actions
from phalang.coalition.models import Rsvp, RsvpContact
from phalang.messaging.models import OutboundMessage
from tests.coalition.test_chat_rsvp import tg_send

SMS_SECRET = "sms-secret-for-coalition-tests"


@pytest.fixture(autouse=True)
def fast(settings):  # type: ignore[no-untyped-def]
    settings.OUTBOX_RATES = {"line": 1e9, "line_multicast": 1e9, "telegram": 1e9, "email": 1e9, "sms": 1e9}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_SHARED_SECRET = SMS_SECRET


def _drain() -> None:
    for _ in range(4):
        OutboundMessage.objects.filter(state="pending").update(next_attempt_at=timezone.now(), claimed_until=None)
        drain()


def _broadcast(org, event, text: str) -> None:  # type: ignore[no-untyped-def]
    actions.queue_broadcast(actions.schedule_broadcast(organisation=org, text=text, tag_kind="event",
                                                       tag_value=str(event.pk)))
    _drain()


def _reached(channels, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    _line, tg, sms = channels
    return ([f"sms:{m['to']}" for m in sms.messages if m["text"].startswith(text)]
            + [f"telegram:{m['chat_id']}" for m in tg.messages if m["text"].startswith(text)]
            + [f"email:{m.to[0]}" for m in mail.outbox if m.body.startswith(text)])


def _signup(event):  # type: ignore[no-untyped-def]
    r, _ = actions.rsvp(event, actions.NewRsvp(name="ก", contacts=[
        ("email", "p@example.org"), ("sms", "0816661111"), ("telegram", "97101")]))
    actions.rsvp(event, actions.NewRsvp(name="ข", contacts=[("sms", "0816662222")]))  # keeps listening
    return r


def test_the_email_stop_link_stops_every_address_of_the_sign_up(client, watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    event = actions.create_event(organisation=watchdog, title="เวที", starts_at=timezone.now() + timedelta(days=3))
    r = _signup(event)
    _drain()
    _broadcast(watchdog, event, "นัดแรก")
    assert sorted(_reached(channels, "นัดแรก")) == ["email:p@example.org", "sms:0816661111", "sms:0816662222",
                                                    "telegram:97101"]
    [message] = [m for m in mail.outbox if m.body.startswith("นัดแรก")]
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    page = client.post("/coalition/" + url.split("/coalition/", 1)[1])
    assert page.status_code == 200

    _broadcast(watchdog, event, "นัดสอง")
    assert _reached(channels, "นัดสอง") == ["sms:0816662222"]
    r.refresh_from_db()
    assert r.status == Rsvp.Status.CONFIRMED  # the seat stays


def test_chat_stop_also_stops_the_other_addresses_and_news_again_undoes_it(  # type: ignore[no-untyped-def]
        client, watchdog, channels) -> None:
    event = actions.create_event(organisation=watchdog, title="เวที", starts_at=timezone.now() + timedelta(days=3))
    r = _signup(event)
    tg_send(client, 97101, text="หยุด")
    _broadcast(watchdog, event, "นัดหนึ่ง")
    assert _reached(channels, "นัดหนึ่ง") == ["sms:0816662222"]
    r.refresh_from_db()
    assert r.status == Rsvp.Status.CONFIRMED and r.broadcasts_stopped_at is not None

    actions.subscribe("sms", "0816661111")  # "รับข่าว" from one of its addresses
    _broadcast(watchdog, event, "นัดสาม")
    assert sorted(_reached(channels, "นัดสาม")) == ["email:p@example.org", "sms:0816661111", "sms:0816662222"]


def test_a_contact_that_no_longer_decrypts_is_skipped_and_counted(watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    event = actions.create_event(organisation=watchdog, title="เวที", starts_at=timezone.now() + timedelta(days=3))
    actions.rsvp(event, actions.NewRsvp(name="ก", contacts=[("sms", "0816663333")]))
    actions.rsvp(event, actions.NewRsvp(name="ข", contacts=[("sms", "0816664444")]))
    actions.stop("sms", "0816669999")  # a stop list to compare against
    RsvpContact.objects.filter(pk=RsvpContact.objects.order_by("pk").first().pk).update(address_enc="gAAAAAbroken")
    _broadcast(watchdog, event, "นัดหมาย")
    assert _reached(channels, "นัดหมาย") == ["sms:0816664444"]
    entry = AuditEntry.objects.get(action="broadcast.unreadable_contacts")
    assert entry.data == {"skipped": 1}
    assert actions.signups_of("sms", "0816663333") == []  # STOP's look-up skips it too
