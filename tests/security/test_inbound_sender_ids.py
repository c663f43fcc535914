"""Audit item 2: raw inbound events keep no sender id (LINE userId, Telegram chat id and name,
phone number) readable in the database, before or after they are processed, and no copy
survives in SQLite's write-ahead log or free pages once processed."""

from __future__ import annotations

import pytest
from django.db import connection

from phalang.chat.loops import drain
from phalang.chat.models import InboundEvent
from tests.fakes import line as fl
from tests.fakes import telegram as ft
from tests.security import helpers as h


@pytest.mark.django_db(transaction=True)
def test_inbound_payloads_hold_no_sender_id(client, channels) -> None:  # type: ignore[no-untyped-def]
    people = [h.new_line_reporter(), h.new_telegram_reporter(), h.new_sms_reporter()]
    line_id = people[0].ids[0]
    chat, name = int(people[1].ids[0]), people[1].ids[1]
    h.line_post(client, fl.text_event("แจ้งเรื่อง", user=line_id))
    h.telegram_post(client, ft.message_update("/start", chat_id=chat, first_name=name))
    h.sms_post(client, people[2].ids[1], "สถานะ 1234-5678-9012-3456-7890")
    ids = [i for p in people for i in p.ids]

    waiting = h.table_text(InboundEvent._meta.db_table)
    assert InboundEvent.objects.filter(processed_at__isnull=True).count() == 3
    assert [i for i in ids if i in waiting] == [], "a waiting event shows who sent it"

    drain()
    assert InboundEvent.objects.filter(processed_at__isnull=True).count() == 0
    done = h.table_text(InboundEvent._meta.db_table)
    assert [i for i in ids if i in done] == []
    if connection.vendor == "sqlite":
        # The database file and its WAL, byte for byte: no copy lingers in old pages or frames.
        for path in h.sqlite_files():
            assert h.found_in_bytes(path.read_bytes(), ids) == [], path.name


@pytest.mark.django_db(transaction=True)
def test_processed_events_keep_no_user_key(client, channels) -> None:  # type: ignore[no-untyped-def]
    """The keyed hash of the sender ("sms:<phone>", a LINE userId, a Telegram chat id) orders a
    sender's waiting events and nothing else: kept, it let anyone with the channel key recover a
    phone number by trying every Thai mobile number (about 43 minutes). Blanked once processed."""
    from phalang.chat.inbox import user_key

    line_id, phone = fl.user_id(), "+66812340099"
    h.line_post(client, fl.text_event("สวัสดี", user=line_id))
    h.sms_post(client, phone, "สถานะ 1234-5678-9012-3456-7890")
    keys = [k for k in InboundEvent.objects.values_list("user_key", flat=True) if k]
    assert len(keys) == 2 and user_key("line", line_id) in keys  # needed while the events wait
    drain()
    assert InboundEvent.objects.filter(processed_at__isnull=True).count() == 0
    done = h.table_text(InboundEvent._meta.db_table)
    assert [k for k in keys if k in done] == [], "a processed event still names its sender's hash"
