"""An RSVP by chat ends with the ticket: on LINE a Flex card (when, how, where, the status, a link
to the ticket with its QR code, and a cancel button the coalition flow handles); on Telegram the
same link and buttons as an inline keyboard."""

from __future__ import annotations

import json
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from phalang.coalition import actions
from phalang.coalition.models import Rsvp
from tests.chat.helpers import line_send, postbacks, tg_send
from tests.fakes import line as fl

VENUE = "หอประชุมอำเภอเมือง"


@pytest.fixture
def event(watchdog):  # type: ignore[no-untyped-def]
    return actions.create_event(organisation=watchdog, title="เวทีรับฟังความเห็นงบน้ำท่วม", mode="offline",
                                starts_at=timezone.now() + timedelta(days=2), venue=VENUE)


def test_the_line_ticket_card_links_to_the_ticket_and_cancels(client, channels, event) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    user = fl.user_id()
    line_send(client, user, text=f"ร่วม {event.public_id}")
    line_send(client, user, data="act=confirm")
    card = line.replies[-1]["messages"][-1]
    assert card["type"] == "flex" and "ยืนยันแล้ว" in card["altText"]
    shown = json.dumps(card["contents"], ensure_ascii=False)
    assert event.title in shown and VENUE in shown and "ยืนยันแล้ว" in shown
    assert user not in shown
    link = next(a for a in _actions(card) if a["type"] == "uri")
    assert f"/coalition/events/{event.public_id}/ticket/" in link["uri"]
    assert 'id="qr"' in client.get(urlsplit(link["uri"]).path).content.decode()  # the ticket opens
    assert postbacks(card) == [f"unrsvp={event.public_id}", "act=events"]
    line_send(client, user, data=f"unrsvp={event.public_id}")
    assert Rsvp.objects.get().status == Rsvp.Status.CANCELLED


def test_telegram_gets_the_ticket_link_as_a_button(client, channels, event) -> None:  # type: ignore[no-untyped-def]
    _line, tg, _sms = channels
    tg_send(client, 70002, text=f"/join {event.public_id}")
    tg_send(client, 70002, data="act=confirm")
    keyboard = [b for row in tg.messages[-1]["reply_markup"]["inline_keyboard"] for b in row]
    assert any(f"/coalition/events/{event.public_id}/ticket/" in b.get("url", "") for b in keyboard)
    assert {"text": "ยกเลิกการลงชื่อ", "callback_data": f"unrsvp={event.public_id}"} in keyboard


def _actions(node):  # type: ignore[no-untyped-def]
    if isinstance(node, dict):
        return ([node["action"]] if isinstance(node.get("action"), dict) else []) + [
            a for v in node.values() for a in _actions(v)]
    if isinstance(node, list):
        return [a for v in node for a in _actions(v)]
    return []
