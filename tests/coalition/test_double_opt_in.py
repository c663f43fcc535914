"""Double opt-in: a stranger cannot subscribe somebody else's e-mail or phone. The address gets one
confirmation message and nothing else until its owner opens the link or replies YES (ใช่).

Before: an anonymous visitor could subscribe any e-mail, phone, LINE id or Telegram id to a
campaign, with no confirmation.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from phalang.chat.loops import drain
from phalang.coalition import actions
from phalang.coalition.models import (
    Broadcast,
    ConsentRecord,
    PendingSubscription,
    SubscriberAddress,
)
from phalang.messaging.models import OutboundMessage

SMS_SECRET = "sms-secret-for-coalition-tests"


@pytest.fixture(autouse=True)
def fast(settings):  # type: ignore[no-untyped-def]
    settings.OUTBOX_RATES = {"line": 1e9, "line_multicast": 1e9, "telegram": 1e9, "email": 1e9, "sms": 1e9}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_SHARED_SECRET = SMS_SECRET


@pytest.fixture
def campaign(watchdog):  # type: ignore[no-untyped-def]
    return actions.create_campaign(organisation=watchdog, slug="clean-air", title="อากาศสะอาดเชียงใหม่", issue="ฝุ่น")


def _drain() -> None:
    for _ in range(5):
        OutboundMessage.objects.filter(state="pending").update(next_attempt_at=timezone.now(), claimed_until=None)
        drain()


def _audience(campaign) -> int:  # type: ignore[no-untyped-def]
    return sum(actions.audience_counts(Broadcast(organisation=campaign.organisation, tag_kind="campaign",
                                                 tag_value=str(campaign.pk))).values())


def test_email_follow_waits_for_the_link(client, campaign, channels) -> None:  # type: ignore[no-untyped-def]
    page = client.get(f"/coalition/campaigns/{campaign.slug}/").content.decode()
    assert "LINE user id" not in page and ">email<" not in page  # no raw ids, no raw channel values
    resp = client.post(f"/coalition/campaigns/{campaign.slug}/", {"channel": "email", "address": "Somchai@Example.org"},
                       HTTP_ACCEPT_LANGUAGE="th")
    assert 'id="followed"' in resp.content.decode()
    _drain()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["somchai@example.org"]
    assert _audience(campaign) == 0 and not SubscriberAddress.objects.exists()  # nothing until confirmed
    # The same request again at once sends nothing more: the form cannot flood an inbox.
    client.post(f"/coalition/campaigns/{campaign.slug}/", {"channel": "email", "address": "somchai@example.org"})
    _drain()
    assert len(mail.outbox) == 1

    link = re.search(r"http://\S+/coalition/confirm/(\S+)/", mail.outbox[0].body)
    assert link is not None
    url = f"/coalition/confirm/{link.group(1)}/"
    assert 'id="confirm-button"' in client.get(url).content.decode()  # opening the page (a mail scanner) is not consent
    assert _audience(campaign) == 0
    assert 'id="confirmed"' in client.post(url).content.decode()
    assert _audience(campaign) == 1
    consent = ConsentRecord.objects.get()
    assert (consent.action, consent.channel) == ("opt_in", "email") and "confirmed by link" in consent.purpose
    assert client.post(url).status_code == 404  # used once
    assert not PendingSubscription.objects.exists()


def test_sms_follow_is_confirmed_by_replying_yes(client, campaign, channels) -> None:  # type: ignore[no-untyped-def]
    _line, _tg, sms = channels
    client.post(f"/coalition/campaigns/{campaign.slug}/", {"channel": "sms", "address": "081-234-5678"})
    _drain()
    assert [m["to"] for m in sms.messages] == ["0812345678"]
    assert "ตอบ ใช่" in sms.messages[0]["text"]
    assert _audience(campaign) == 0
    client.post("/webhooks/sms", {"from": "+66812345678", "text": "ใช่", "sent_at": "t1", "secret": SMS_SECRET})
    _drain()
    assert _audience(campaign) == 1
    assert "ยืนยันการรับข่าวแล้ว" in sms.messages[-1]["text"]


def test_a_stranger_is_never_confirmed(client, campaign, channels) -> None:  # type: ignore[no-untyped-def]
    _line, _tg, _sms = channels
    client.post(f"/coalition/campaigns/{campaign.slug}/", {"channel": "sms", "address": "0812345678"})
    # Another phone replying YES confirms nothing; the owner's silence for a week drops the request.
    client.post("/webhooks/sms", {"from": "0899999999", "text": "YES", "sent_at": "t2", "secret": SMS_SECRET})
    assert _audience(campaign) == 0
    PendingSubscription.objects.update(created_at=timezone.now() - timedelta(days=8))
    assert actions.purge_pending_subscriptions() == 1
    client.post("/webhooks/sms", {"from": "0812345678", "text": "ใช่", "sent_at": "t3", "secret": SMS_SECRET})
    assert _audience(campaign) == 0


@pytest.mark.parametrize("channel", ["line", "telegram"])
def test_web_form_refuses_chat_ids(client, campaign, channel) -> None:  # type: ignore[no-untyped-def]
    resp = client.post(f"/coalition/campaigns/{campaign.slug}/", {"channel": channel, "address": "U1234"},
                       HTTP_ACCEPT_LANGUAGE="th")
    assert 'role="alert"' in resp.content.decode()
    assert not PendingSubscription.objects.exists() and not OutboundMessage.objects.exists()
