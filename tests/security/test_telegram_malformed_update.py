"""Audit item 13: a Telegram update with the right secret and a malformed message gave a 500.
The webhook answers 400 or stores it, and the worker drops it without failing."""

from __future__ import annotations

import json

import pytest

from phalang.chat.loops import drain
from phalang.chat.models import InboundEvent
from tests.watch.conftest import TELEGRAM_SECRET

MALFORMED = [
    {"update_id": 1, "message": "สวัสดี"},
    {"update_id": 2, "message": {"chat": "5550001", "text": "hi"}},
    {"update_id": 3, "callback_query": "act=report"},
    {"update_id": 4, "callback_query": {"message": ["x"], "from": 7}},
    {"update_id": 5, "message": {"chat": {"id": 5550001, "type": "private"}, "photo": {"file_id": "x"}}},
    {"update_id": 6, "message": {"chat": {"type": "private"}, "text": "no id"}},
    {"update_id": 7, "my_chat_member": {"chat": 1, "new_chat_member": "kicked"}},
    {"update_id": True, "message": {}},
    {"update_id": 10**30},
    [1, 2, 3],
    "update",
]


@pytest.mark.parametrize("update", MALFORMED, ids=range(len(MALFORMED)))
def test_malformed_update_is_not_a_server_error(client, db, channels, update) -> None:  # type: ignore[no-untyped-def]
    resp = client.post("/webhooks/telegram", json.dumps(update), content_type="application/json",
                       HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN=TELEGRAM_SECRET)
    assert resp.status_code in (200, 400), resp.status_code
    drain()
    assert not InboundEvent.objects.filter(processed_at__isnull=True).exists()
    assert not InboundEvent.objects.exclude(error="").exists()
