"""Signing up by chat to an event that happens only if enough people pledge says so.

Before: the chat answered "เต็มแล้ว คุณอยู่ในรายชื่อรอ" (full, on the waiting list) while the sign-up
was stored as a pledge.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from phalang.coalition import actions
from phalang.coalition.models import Rsvp
from tests.coalition.test_chat_rsvp import line_last, line_send, tg_send
from tests.fakes import line as fl


@pytest.fixture(autouse=True)
def fast(settings):  # type: ignore[no-untyped-def]
    settings.OUTBOX_RATES = {"line": 1e9, "line_multicast": 1e9, "telegram": 1e9, "email": 1e9, "sms": 1e9}


def test_chat_pledge_is_told_it_is_a_pledge(client, watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    line, tg, _sms = channels
    event = actions.create_event(organisation=watchdog, title="ปลูกป่า", starts_at=timezone.now() + timedelta(days=2),
                                 pledge_threshold=3, capacity=20)
    tg_send(client, 96001, text=f"ร่วม {event.public_id}")
    assert "เต็มแล้ว" not in tg.messages[-1]["text"] and "3 คน" in tg.messages[-1]["text"]
    tg_send(client, 96001, data="act=confirm")
    said = tg.messages[-1]["text"]
    assert Rsvp.objects.get().status == Rsvp.Status.PLEDGED
    assert "เต็มแล้ว" not in said and "รายชื่อรอ" not in said
    assert "ครบ 3 คน" in said and "1/3" in said
    user = fl.user_id()
    line_send(client, user, text=f"ร่วม {event.public_id}")
    line_send(client, user, data="act=confirm")
    said = line_last(line)["text"]
    assert "เต็มแล้ว" not in said and "ครบ 3 คน" in said and "2/3" in said
