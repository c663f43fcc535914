"""The webhooks' storage fast path: outside any transaction (as in production) the events are
written straight through the driver (SQLite autocommit, PostgreSQL in one pipelined round trip).
Most tests run inside a transaction and take the ordinary path, so this one runs without one,
on both databases, and checks what a worker would find afterwards."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection

from phalang.chat.models import InboundEvent
from phalang.lib.crypto import SEALED
from tests.fakes import line as fl
from tests.fakes import telegram as ft

pytestmark = pytest.mark.django_db(transaction=True)


def _post_line(client, events):  # type: ignore[no-untyped-def]
    body, headers = fl.signed_webhook(settings.LINE_CHANNEL_SECRET, events)
    return client.post("/webhooks/line", body, content_type="application/json",
                       HTTP_X_LINE_SIGNATURE=headers["X-Line-Signature"])


def test_events_are_committed_sealed_and_deduplicated_outside_a_transaction(client, channels) -> None:  # type: ignore[no-untyped-def]
    assert not connection.in_atomic_block  # the production path, not the tests' usual wrapper
    first = fl.text_event("แจ้งเรื่อง", user="U" + "a" * 32, webhook_event_id="01FASTPATH0000000000000001")
    second = fl.text_event("สถานะ", user="U" + "b" * 32, webhook_event_id="01FASTPATH0000000000000002")
    assert _post_line(client, [first, second]).status_code == 200
    assert _post_line(client, [first]).status_code == 200  # LINE redelivers: dropped by the unique key
    connection.close()  # what was not committed is gone with the session (PostgreSQL rolls it back)

    rows = list(InboundEvent.objects.filter(channel="line").order_by("external_id"))
    assert [r.external_id for r in rows] == ["01FASTPATH0000000000000001", "01FASTPATH0000000000000002"]
    assert all(r.payload.startswith(SEALED) and "U" + "a" * 32 not in r.payload for r in rows)
    assert all(r.user_key and r.received_at is not None and r.processed_at is None for r in rows)
    assert rows[0].user_key != rows[1].user_key

    update = ft.message_update("แจ้งเรื่อง", chat_id=424242)
    assert client.post("/webhooks/telegram", update, content_type="application/json",
                       HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN=settings.TELEGRAM_SECRET_TOKEN).status_code == 200
    assert InboundEvent.objects.filter(channel="telegram").count() == 1
    # The connection the webhook used is left clean for the next request: no open transaction.
    assert connection.get_autocommit() and not connection.in_atomic_block
    with connection.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM " + InboundEvent._meta.db_table)
        assert cur.fetchone()[0] == 3
