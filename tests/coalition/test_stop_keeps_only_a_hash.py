"""STOP from an address that never subscribed keeps only what suppression needs, and the one-click
STOP link never fails with a server error.

Before: ``actions.stop`` stored the encrypted address of anyone who sent STOP, forever, though the
stop list (``stopped_addresses``) reads only the keyed hash; and a stop link whose address could no
longer be decrypted (after a key rotation) raised InvalidToken: a 500 on the one-click unsubscribe
that mail clients POST to.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from cryptography.fernet import Fernet
from django.core import signing
from django.test import Client
from django.utils import timezone

from phalang.chat.loops import drain
from phalang.coalition import actions
from phalang.coalition.models import ConsentRecord, Rsvp, SubscriberAddress
from phalang.lib.crypto import encrypt
from phalang.messaging.models import OutboundMessage


@pytest.fixture(autouse=True)
def fast(settings):  # type: ignore[no-untyped-def]
    settings.OUTBOX_RATES = {"line": 1e9, "line_multicast": 1e9, "telegram": 1e9, "email": 1e9, "sms": 1e9}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _drain() -> None:
    for _ in range(4):
        OutboundMessage.objects.filter(state="pending").update(next_attempt_at=timezone.now(), claimed_until=None)
        drain()


def test_stop_from_an_unknown_address_keeps_the_hash_only(client, watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    _line, _tg, sms = channels
    event = actions.create_event(organisation=watchdog, title="เวที", starts_at=timezone.now() + timedelta(days=3))
    actions.rsvp(event, actions.NewRsvp(name="", contacts=[("sms", "0816660011")]))
    actions.rsvp(event, actions.NewRsvp(name="", contacts=[("sms", "0816660012")]))  # keeps listening

    done = actions.stop("sms", "0816660011")
    assert done.stopped_now and [r.event_id for r in done.signups] == [event.pk]
    [kept] = SubscriberAddress.objects.all()
    assert kept.address_enc == "" and kept.address_hash  # nothing to decrypt, only the hash to match
    assert actions.stop("sms", "0816660011").stopped_now is False  # already stopped: said so
    assert SubscriberAddress.objects.count() == 1

    # The stop list still works from the hash alone: the event's broadcast skips the number.
    _drain()
    before = len(sms.messages)
    actions.queue_broadcast(actions.schedule_broadcast(organisation=watchdog, text="นัดหมาย", tag_kind="event",
                                                       tag_value=str(event.pk)))
    _drain()
    assert [m["to"] for m in sms.messages[before:]] == ["0816660012"]

    # Its consent page (reachable by the link sent to the number) shows the channel, no address.
    page = Client().get(f"/coalition/consent/{kept.subscriber.token}/", HTTP_ACCEPT_LANGUAGE="th")
    assert page.status_code == 200 and 'id="consent-addresses"' in page.content.decode()

    # Subscribing again later: the address is stored again, and news reaches it.
    sub = actions.subscribe("sms", "0816660011")
    kept.refresh_from_db()
    assert sub.active and kept.subscriber_id == sub.pk and kept.address_enc
    before = len(sms.messages)
    actions.queue_broadcast(actions.schedule_broadcast(organisation=watchdog, text="ข่าวใหม่"))
    _drain()
    assert "0816660011" in [m["to"] for m in sms.messages[before:]]
    assert Rsvp.objects.filter(status=Rsvp.Status.CONFIRMED).count() == 2  # STOP never cancels a seat


def test_a_stop_link_whose_address_cannot_be_read_is_a_404(watchdog) -> None:  # type: ignore[no-untyped-def]
    rotated = Fernet(Fernet.generate_key()).encrypt(b"p@example.org").decode()  # under a key no longer held
    path = "/coalition/" + actions.stop_link("email", rotated).split("/coalition/", 1)[1]
    mail_client = Client(enforce_csrf_checks=True)
    assert mail_client.get(path, HTTP_ACCEPT_LANGUAGE="th").status_code == 404
    resp = mail_client.post(path, {"List-Unsubscribe": "One-Click"}, HTTP_ACCEPT_LANGUAGE="th")
    assert resp.status_code == 404 and "ไม่พบ" in resp.content.decode()
    assert actions.stop_by_link(path.rstrip("/").rsplit("/", 1)[1], act=True) is False
    assert not ConsentRecord.objects.exists()
    # A well-formed link still works.
    good = actions.stop_link("email", encrypt("q@example.org", "channel"))
    assert Client().post("/coalition/" + good.split("/coalition/", 1)[1]).status_code == 200
    assert SubscriberAddress.objects.get().address_enc == ""


def test_a_forged_stop_token_of_the_wrong_shape_is_a_404() -> None:
    token = signing.dumps(["email"], salt="coalition-stop", compress=True)
    assert Client().post(f"/coalition/stop/{token}/").status_code == 404


def test_addresses_stored_by_the_old_rule_are_forgotten(watchdog) -> None:  # type: ignore[no-untyped-def]
    """Migration 0008: a stop-only row written before this rule loses its encrypted address; an
    address that once subscribed, and then stopped, keeps it (its consent record needs the page)."""
    import importlib

    from django.apps import apps

    from phalang.coalition.models import Subscriber

    migration = importlib.import_module("phalang.coalition.migrations.0008_stop_only_addresses_keep_the_hash")
    old = Subscriber.objects.create(active=False)
    SubscriberAddress.objects.create(subscriber=old, channel="sms", address_hash="h1",
                                     address_enc=encrypt("0816660021", "channel"))
    ConsentRecord.objects.create(subscriber=old, action=ConsentRecord.Action.OPT_OUT, channel="sms")
    was = actions.subscribe("sms", "0816660022")
    actions.unsubscribe(was, channel="sms")
    migration.forget_stop_only_addresses(apps, None)
    assert SubscriberAddress.objects.get(subscriber=old).address_enc == ""
    assert SubscriberAddress.objects.get(subscriber=was).address_enc != ""
