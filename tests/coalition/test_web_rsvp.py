"""Web RSVP without ids: the form asks for an e-mail or a phone number in plain words, and the
ticket link goes to that address (so only its owner holds the ticket).

Before: the form asked citizens for a "LINE user id / Telegram chat id" and showed raw channel
values (line, sms).
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from phalang.chat.loops import drain
from phalang.coalition import actions
from phalang.coalition.models import Rsvp


@pytest.fixture(autouse=True)
def fast(settings):  # type: ignore[no-untyped-def]
    settings.OUTBOX_RATES = {"line": 1e9, "line_multicast": 1e9, "telegram": 1e9, "email": 1e9, "sms": 1e9}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_rsvp_by_email_sends_the_ticket_there(client, watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    event = actions.create_event(organisation=watchdog, title="เวทีงบประมาณชุมชน",
                                 starts_at=timezone.now() + timedelta(days=5))
    url = f"/coalition/events/{event.public_id}/"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert "user id" not in page.lower() and "chat id" not in page.lower()
    assert not re.search(r'<option value="(line|telegram)"', page)
    assert '<option value="sms">' in page and ">sms<" not in page  # a label, not the raw value
    resp = client.post(url, {"name": "สมศรี", "channel": "email", "address": "somsri@example.org"},
                       HTTP_ACCEPT_LANGUAGE="th")
    html = resp.content.decode()
    assert 'id="rsvp-done"' in html and "/ticket/" not in html  # the ticket is not on the page
    drain()
    [message] = mail.outbox
    ticket = re.search(r"(/coalition/events/\S+/ticket/\S+/)", message.body)
    assert ticket is not None
    assert client.get(ticket.group(1)).status_code == 200
    assert Rsvp.objects.get().status == "unproven"  # opening the link (a mail scanner does) holds no place
    client.post(ticket.group(1), {"action": "prove"})
    assert Rsvp.objects.get().status == "confirmed"


def test_rsvp_by_sms_and_bad_input(client, watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    _line, _tg, sms = channels
    event = actions.create_event(organisation=watchdog, title="ประชุมกลุ่มเกษตรกร",
                                 starts_at=timezone.now() + timedelta(days=5))
    url = f"/coalition/events/{event.public_id}/"
    resp = client.post(url, {"channel": "sms", "address": "12"}, HTTP_ACCEPT_LANGUAGE="th")
    assert resp.status_code == 400 and 'role="alert"' in resp.content.decode()
    resp = client.post(url, {"channel": "line", "address": "U123"}, HTTP_ACCEPT_LANGUAGE="th")
    assert resp.status_code == 400 and not Rsvp.objects.exists()
    client.post(url, {"channel": "sms", "address": "089 123 4567"})
    drain()
    assert [m["to"] for m in sms.messages] == ["0891234567"] and "/ticket/" in sms.messages[0]["text"]
