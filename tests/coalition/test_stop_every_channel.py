"""STOP (หยุด) works on every channel, and every e-mail carries a one-click unsubscribe.

Before: SMS did not understand STOP/หยุด (the subscriber stayed active), and e-mail broadcasts
carried no unsubscribe link.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from phalang.chat.loops import drain
from phalang.coalition import actions
from phalang.coalition.models import Subscriber
from phalang.messaging.models import OutboundMessage
from tests.coalition.test_chat_rsvp import line_send, tg_send
from tests.fakes import line as fl

SMS_SECRET = "sms-secret-for-coalition-tests"


@pytest.fixture(autouse=True)
def fast(settings):  # type: ignore[no-untyped-def]
    settings.OUTBOX_RATES = {"line": 1e9, "line_multicast": 1e9, "telegram": 1e9, "email": 1e9, "sms": 1e9}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_SHARED_SECRET = SMS_SECRET


def _send(org, text: str) -> None:  # type: ignore[no-untyped-def]
    actions.queue_broadcast(actions.schedule_broadcast(organisation=org, text=text))
    for _ in range(5):
        OutboundMessage.objects.filter(state="pending").update(next_attempt_at=timezone.now(), claimed_until=None)
        drain()


@pytest.mark.parametrize("word", ["STOP", "หยุด", "หยุดค่ะ", "stop."])
def test_stop_by_sms(client, watchdog, channels, word) -> None:  # type: ignore[no-untyped-def]
    _line, _tg, sms = channels
    sub = actions.subscribe("sms", "0812345678")
    actions.subscribe("sms", "0899999999")  # stays, so later broadcasts still have an audience
    _send(watchdog, "ประกาศแรก")
    assert client.post("/webhooks/sms", {"from": "+66812345678", "text": word, "sent_at": "t", "secret": SMS_SECRET
                                         }).status_code == 200
    drain()
    sub.refresh_from_db()
    assert not sub.active
    assert list(sub.consents.values_list("action", "channel")) == [("opt_in", "sms"), ("opt_out", "sms")]
    assert "หยุดส่งข่าว" in sms.messages[-1]["text"]
    _send(watchdog, "ประกาศที่สอง")
    assert [m["text"].split("\n")[0] for m in sms.messages if m["to"] == "0812345678"
            and m["text"].startswith("ประกาศ")] == ["ประกาศแรก"]


def test_stop_by_line_and_telegram(client, watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    user = fl.user_id()
    on_line = actions.subscribe("line", user)
    on_tg = actions.subscribe("telegram", "93001")
    line_send(client, user, text="หยุด")
    tg_send(client, 93001, text="STOP")
    on_line.refresh_from_db()
    on_tg.refresh_from_db()
    assert not on_line.active and not on_tg.active
    # Counted where messages arrive: the next broadcast reaches neither chat.
    actions.subscribe("telegram", "93009")  # stays, so the broadcast has an audience
    line, tg, _sms = channels
    line.clear()
    _send(watchdog, "ประกาศหลังหยุด")
    assert user not in line.recipients()
    assert [m["chat_id"] for m in tg.messages if m["text"].startswith("ประกาศหลังหยุด")] == ["93009"]


def test_every_email_has_one_click_unsubscribe(client, watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    sub = actions.subscribe("email", "reader@example.org")
    actions.subscribe("telegram", "93002")  # stays
    _send(watchdog, "ข่าวเครือข่าย")
    [message] = mail.outbox
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body and url.endswith(f"/coalition/unsubscribe/{sub.token}/")
    assert f"/coalition/consent/{sub.token}/" in message.body  # the consent page, from the message itself
    # The mail client's one-click POST (RFC 8058) carries no CSRF token.
    from django.test import Client

    resp = Client(enforce_csrf_checks=True).post(url.split("8000", 1)[-1] if "8000" in url else url,
                                                 {"List-Unsubscribe": "One-Click"})
    assert resp.status_code == 200
    assert not Subscriber.objects.get(pk=sub.pk).active
    _send(watchdog, "ข่าวถัดไป")
    assert len(mail.outbox) == 1
