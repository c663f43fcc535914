"""How the apps send messages: the one rule for whether and how a person can be reached.

An app never writes the outbox itself. It calls ``notify`` for one person (a reporter told of a
status change, a volunteer given a task, a participant sent the venue), or ``queue_bulk`` for a
broadcast, and reads its delivery through ``delivery_counts``. Replies inside a conversation are
the chat's (``phalang.chat``), which answers on the platform the person wrote from.

Outside a conversation a person can be reached

* on Telegram, always (a bot may message a chat that wrote to it, until it is blocked);
* on SMS and e-mail, always (the gateway or mail server carries it);
* on LINE only where the deployment pays for pushes (``PHALANG_LINE_PUSH=1``): without a reply
  token, a push is the only way, and it costs message quota.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import CharField, Count, DateTimeField, JSONField, QuerySet, Value
from django.db.models.functions import Cast, Concat

from phalang.lib.crypto import decrypt
from phalang.messaging import line, outbox
from phalang.messaging.models import OutboundMessage

log = logging.getLogger(__name__)
CHANNELS = ("line", "telegram", "sms", "email")
key = outbox.idempotency_key
register_recipient_check = outbox.register_recipient_check


def can_reach(channel: str) -> bool:
    """May a message go to a person on ``channel`` when they have not just written to us?"""
    if channel == "line":
        return bool(settings.LINE_PUSH_ENABLED)
    return channel in ("telegram", "sms", "email")


def reachable_channels() -> list[str]:
    return [c for c in CHANNELS if can_reach(c)]


subject_line = outbox.subject_line


def _kind(channel: str) -> str:
    return {"sms": "sms", "email": "email"}.get(channel, "push")


def notify(channel: str, text: str, *, key: str, address: str = "", address_enc: str = "", subject: str = "",
           quick: Iterable[tuple[str, str]] = (), card: dict[str, Any] | None = None) -> OutboundMessage | None:
    """Queue one message to one person (inside the caller's transaction), if they can be reached.

    ``address`` is the LINE user id, Telegram chat id, phone number or e-mail address, or
    ``address_enc`` the same encrypted for the "channel" purpose. ``key`` names the cause
    (``key("reporter", report.pk, cause)``): the same cause never sends twice. Returns the queued
    message, or None when nothing was queued (unreachable, no address, or already queued)."""
    if not address and address_enc:
        address = decrypt(address_enc, "channel")
    if not address or not can_reach(channel):
        return None
    message: dict[str, Any] = {"text": text, "quick": [list(q) for q in quick]}
    if subject or channel == "email":
        message["subject"] = subject_line(subject, 200) if subject else subject_line(text)
    if card is not None:
        message["card"] = card
    return outbox.enqueue(channel, _kind(channel), [message], key=key, address=address)


def line_quota_left() -> int | None:
    """Messages LINE still allows this month for pushes and multicasts (one per recipient), asked
    of LINE (quota and consumption); None: no limit, pushes off, or LINE did not say."""
    if not can_reach("line"):
        return None
    try:
        return line.quota_left()
    except Exception as exc:  # the broadcast goes ahead; its sends will tell
        log.warning("LINE quota unknown: %s", exc)
        return None


# --- bulk messages (broadcasts) -------------------------------------------------------------------

_COLUMNS = ("channel", "kind", "address_enc", "reply_token", "payload", "idempotency_key", "state", "attempts",
            "next_attempt_at", "last_error", "created_at", "bulk", "recipient_id", "batch_key", "in_doubt")


def queue_bulk(kind: str, recipients: QuerySet[Any], text: str, *, now: datetime, subject: str = "") -> None:
    """Queue ``text`` to every row of ``recipients`` that can be reached, in one INSERT … SELECT.

    ``recipients`` is a queryset whose model has ``channel`` and ``address_enc`` fields; each row's
    primary key becomes the message's ``recipient_id`` (asked again just before sending, see
    ``register_recipient_check``) and its key ``<kind>:<pk>``, so queuing twice adds nothing.
    The database copies the rows itself (100,000 in seconds on both databases,
    docs/bench-results/coalition.md); call it per range of ids to keep SQLite's write lock short."""
    payload = {"replies": [{"text": text, "subject": subject_line(subject, 200) if subject else subject_line(text)}]}
    at = Value(now, output_field=DateTimeField())
    select = recipients.filter(channel__in=reachable_channels()).annotate(
        o_kind=Value(kind), o_token=Value(""), o_payload=Value(payload, output_field=JSONField()),
        o_key=Concat(Value(f"{kind}:"), Cast("pk", output_field=CharField())), o_state=Value("pending"),
        o_attempts=Value(0), o_next=at, o_error=Value(""), o_created=at, o_bulk=Value(True),
        o_batch=Value(""), o_doubt=Value(False),
    ).values_list("channel", "o_kind", "address_enc", "o_token", "o_payload", "o_key", "o_state", "o_attempts",
                  "o_next", "o_error", "o_created", "o_bulk", "pk", "o_batch", "o_doubt")
    sql, params = select.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"INSERT INTO {OutboundMessage._meta.db_table} ({', '.join(_COLUMNS)}) {sql} "
                    "ON CONFLICT (idempotency_key) DO NOTHING", params)


@dataclass
class BulkMessage:
    """One bulk message whose text differs per recipient (an e-mail's own unsubscribe link)."""

    channel: str
    address_enc: str
    text: str
    key: str
    recipient_id: int | None = None
    subject: str = ""
    headers: dict[str, str] = field(default_factory=dict)


def queue_bulk_messages(kind: str, messages: list[BulkMessage], *, now: datetime) -> int:
    """Queue bulk messages one row each (a few thousand at a time), to those who can be reached;
    keys already queued are skipped. Returns how many rows were written."""
    reachable = set(reachable_channels())
    rows = []
    for m in messages:
        if m.channel not in reachable or not m.address_enc:
            continue
        reply: dict[str, Any] = {"text": m.text, "subject": subject_line(m.subject, 200) if m.subject else subject_line(m.text)}
        if m.headers:
            reply["headers"] = m.headers
        rows.append(OutboundMessage(channel=m.channel, kind=kind, address_enc=m.address_enc,
                                    payload={"replies": [reply]}, idempotency_key=m.key, next_attempt_at=now,
                                    created_at=now, bulk=True, recipient_id=m.recipient_id))
    return len(OutboundMessage.objects.bulk_create(rows, ignore_conflicts=True))


def bulk_key(kind: str, recipient_id: int) -> str:
    """The idempotency key ``queue_bulk`` gives the message of ``kind`` to ``recipient_id``."""
    return f"{kind}:{recipient_id}"


def withdraw(reason: str, *, kind: str = "", kind_prefix: str = "", recipient_ids: Iterable[int] | None = None) -> int:
    """Withdraw bulk messages still waiting (an opt-out, a cancelled broadcast); returns how many.
    The outbox also asks the recipient check just before sending, for those already claimed."""
    qs = OutboundMessage.objects.filter(bulk=True, state=OutboundMessage.State.PENDING)
    if kind:
        qs = qs.filter(kind=kind)
    if kind_prefix:
        qs = qs.filter(kind__startswith=kind_prefix)
    if recipient_ids is not None:
        qs = qs.filter(recipient_id__in=list(recipient_ids))
    return qs.update(state=OutboundMessage.State.FAILED, last_error=f"withdrawn: {reason}", address_enc="")


def queued_count(kind: str) -> int:
    return OutboundMessage.objects.filter(kind=kind, bulk=True).count()


def delivery_counts(kind: str) -> dict[str, int]:
    """Bulk messages of ``kind`` per outbox state, and ``in_doubt``: sent, but perhaps twice (a
    sender died during the request, on a platform without retry keys; docs/architecture.md)."""
    counts = dict.fromkeys(OutboundMessage.State.values, 0)
    mine = OutboundMessage.objects.filter(kind=kind, bulk=True)
    for row in mine.values("state").annotate(n=Count("id")):
        counts[row["state"]] = row["n"]
    counts["in_doubt"] = mine.filter(state=OutboundMessage.State.SENT, in_doubt=True).count()
    return counts
