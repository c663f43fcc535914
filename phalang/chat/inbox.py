"""The durable inbox: webhooks store verified events; workers process them exactly once.

A webhook request only verifies, stores the raw event and answers 200. A worker then

1. claims a batch with a lease (``claimed_until``), taking for each sender only their oldest
   unprocessed event, so one person's messages are handled in order;
2. *prepares* outside any transaction: downloads a file from LINE or Telegram and has it checked
   (harmless to repeat);
3. *applies* in one transaction: re-checks the event is still unprocessed, runs the dialog or the
   SMS command, writes the report and the outbound replies, and marks the event processed.

A worker killed at any point leaves either nothing (the transaction rolls back and the lease
expires, so another worker takes the event) or everything. Nothing is lost, nothing is done twice.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from phalang.chat import attachments, dialog
from phalang.chat import sms as sms_commands
from phalang.chat.models import DialogSession, InboundEvent
from phalang.lib.crypto import encrypt, keyed_hash, unseal
from phalang.messaging import line, outbox, telegram
from phalang.messaging.message import Reply, to_dicts

log = logging.getLogger(__name__)
# How long a claimed event is left to its worker before another may take it over.
LEASE = timedelta(seconds=float(os.environ.get("PHALANG_INBOX_LEASE_SECONDS", "60")))
MAX_ATTEMPTS = 5


def user_key(channel: str, user_id: str) -> str:
    return keyed_hash("channel", f"{channel}:{user_id}")


# Waiting events read per step of ``claim``, and the most steps it takes before giving up.
CLAIM_WINDOW = 500
CLAIM_MAX_STEPS = 40


def claim(limit: int = 20) -> list[int]:
    """Lease up to ``limit`` waiting events, taking each sender's events strictly in order.

    It reads the waiting events in id order, a window at a time, on the ``inbound_pending``
    index: an event may be taken when no earlier waiting event of the same sender is in flight
    or still waiting. Every waiting event with a smaller id has been read by then, so that test
    is exact. One sender's burst only costs reading past it: up to
    ``CLAIM_WINDOW * CLAIM_MAX_STEPS`` events a claim, whatever the backlog.

    The inbox has no index on ``user_key`` or on ``processed_at`` alone: every index is one more
    b-tree page each webhook writes before it answers (docs/benchmarks.md, "Everyday speed"). The
    earlier correlated NOT EXISTS on ``user_key`` also went quadratic on PostgreSQL in one busy
    sender's backlog (3.7 s a claim behind 5,000 events of one sender)."""
    now = timezone.now()
    ids: list[int] = []
    seen: set[str] = set()
    after = 0
    with transaction.atomic():
        for _ in range(CLAIM_MAX_STEPS):
            window = list(InboundEvent.objects.filter(processed_at__isnull=True, id__gt=after)
                          .order_by("id").values_list("id", "user_key", "claimed_until")[:CLAIM_WINDOW])
            for event_id, key, until in window:
                if key not in seen:
                    seen.add(key)
                    if until is None or until < now:
                        ids.append(event_id)
            if len(ids) >= limit or len(window) < CLAIM_WINDOW:
                break
            after = window[-1][0]
        ids = ids[:limit]
        if ids and connection.features.has_select_for_update_skip_locked:
            # Another worker may have read the same window: each event goes to one of them.
            ids = list(InboundEvent.objects.filter(id__in=ids, processed_at__isnull=True)
                       .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
                       .select_for_update(skip_locked=True).order_by("id").values_list("id", flat=True))
        InboundEvent.objects.filter(id__in=ids).update(claimed_until=now + LEASE)
    return ids


SMS = "sms"


@dataclass
class Prepared:
    channel: str
    user_id: str
    reply_token: str
    incoming: dialog.Incoming | None
    file: Any = None  # checked by the registered attachment store, stored in apply
    file_error: str = ""
    sms_text: str = ""


def prepare(event: InboundEvent) -> Prepared | None:
    payload = json.loads(unseal(event.payload))
    if event.channel == SMS:
        return Prepared(SMS, payload["from"], "", None, sms_text=payload["text"])
    parsed = line.parse(payload) if event.channel == "line" else telegram.parse(payload)
    if parsed is None or parsed.incoming is None:
        return None
    prep = Prepared(event.channel, parsed.user_id, parsed.reply_token, parsed.incoming)
    store = attachments.get()
    if parsed.file_ref and store is not None:
        try:
            limit = store.max_bytes()
            data = (line.fetch_content(parsed.file_ref, limit) if event.channel == "line"
                    else telegram.fetch_file(parsed.file_ref, limit))
            prep.file = store.check(data)
        except attachments.AttachmentRefused as exc:
            prep.file_error = exc.message_th
    elif parsed.incoming.kind in line.FILE_TYPES.values() and not parsed.file_ref:
        prep.file_error = "ไฟล์นี้เปิดจากแชตไม่ได้ กรุณาส่งรูปหรือไฟล์จากเครื่องโดยตรง"
    return prep


def _reply(prep: Prepared, event: InboundEvent, replies: list[Reply]) -> None:
    if not replies:
        return
    key = outbox.idempotency_key(event.channel, event.external_id)
    if prep.channel == SMS:
        # One SMS per reply (a receipt, then a question): each fits one message where it can.
        for i, r in enumerate(replies):
            outbox.enqueue("sms", "sms", [{"text": r.text}], address=prep.user_id,
                           key=key if i == 0 else outbox.idempotency_key(event.channel, event.external_id, i))
    else:
        outbox.enqueue(prep.channel, "reply", to_dicts(replies), key=key, address=prep.user_id,
                       reply_token=prep.reply_token)


def _apply_chat(event: InboundEvent, prep: Prepared) -> None:
    assert prep.incoming is not None
    key = user_key(prep.channel, prep.user_id)
    session, _ = DialogSession.objects.get_or_create(channel=prep.channel, user_key=key)
    incoming = prep.incoming
    store = attachments.get()
    if prep.file is not None and store is not None:
        try:
            incoming.evidence_id = store.store(prep.file, key)
        except attachments.AttachmentRefused as exc:
            prep.file_error = exc.message_th
    incoming.evidence_error = prep.file_error
    chat = dialog.Chat(prep.channel, prep.user_id, key)
    state, replies = dialog.step(session.state or None, incoming, chat)
    session.state = state
    session.reminded = False
    # The encrypted address is kept only while a dialog is half-way, for the one reminder.
    session.address_enc = encrypt(prep.user_id, "channel") if state.get("step") != "idle" else ""
    session.save()
    _reply(prep, event, replies)


def _apply_sms(event: InboundEvent, prep: Prepared) -> None:
    chat = dialog.Chat(SMS, prep.user_id, user_key(SMS, prep.user_id))
    _reply(prep, event, [Reply(text) for text in sms_commands.answer(chat, prep.sms_text)])


def apply(event_id: int, prep: Prepared | None) -> bool:
    with transaction.atomic():
        event = InboundEvent.objects.select_for_update().get(pk=event_id)
        if event.processed_at is not None:
            return False  # another worker finished it while we were preparing
        if prep is not None:
            if prep.channel == SMS:
                _apply_sms(event, prep)
            else:
                _apply_chat(event, prep)
        if os.environ.get("PHALANG_FAULT_INJECT") == "inbox.apply":
            # Fault injection for the durability test: die after all the writes, before commit.
            os._exit(137)
        event.processed_at = timezone.now()
        event.payload = ""  # the raw event holds the sender's id: keep it no longer than needed
        # The sender's keyed hash only orders a sender's waiting events (``claim``); redeliveries
        # are dropped by external_id. Kept, it let a holder of the channel key try every phone number.
        event.user_key = ""
        event.claimed_until = None
        event.error = ""
        event.save(update_fields=["processed_at", "payload", "user_key", "claimed_until", "error"])
    return True


def process(event_id: int) -> bool:
    event = InboundEvent.objects.get(pk=event_id)
    if event.processed_at is not None:
        return False
    try:
        return apply(event_id, prepare(event))
    except Exception as exc:
        log.exception("inbound event %s failed", event_id)
        attempts = event.attempts + 1
        fields: dict[str, Any] = {"attempts": attempts, "error": f"{type(exc).__name__}: {exc}"[:1000],
                                  "claimed_until": timezone.now() + timedelta(seconds=2 ** attempts)}
        if attempts >= MAX_ATTEMPTS:
            fields.update(processed_at=timezone.now(), payload="", user_key="")
        InboundEvent.objects.filter(pk=event_id).update(**fields)
        return False


def process_pending(limit: int = 20) -> int:
    done = 0
    for pk in claim(limit):
        done += int(process(pk))
    return done
