"""The durable outbox: messages are written with the change that causes them, sent after commit.

Sending claims a message with a lease, so a crashed sender's messages are retried by another,
and a message is marked sent only after the platform accepted it. LINE pushes carry the
message's idempotency key as ``X-Line-Retry-Key``, so a retry after a crash is delivered once;
LINE reply tokens are single-use, which has the same effect for replies.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from phalang.channels import line, sms, telegram
from phalang.channels.models import OutboundMessage
from phalang.lib.crypto import decrypt, encrypt

log = logging.getLogger(__name__)
_NS = uuid.UUID("5c1f3b1e-6b8e-4b43-9a57-7068616c616e")
MAX_ATTEMPTS = 8
LEASE = timedelta(seconds=60)


def idempotency_key(*parts: Any) -> str:
    """A UUID derived from what caused the message: the same cause never sends twice."""
    return str(uuid.uuid5(_NS, ":".join(str(p) for p in parts)))


def enqueue(channel: str, kind: str, replies: list[dict[str, Any]], *, key: str, address: str = "",
            reply_token: str = "") -> OutboundMessage | None:
    """Add a message to the outbox (inside the caller's transaction). Duplicates are ignored."""
    try:
        with transaction.atomic():
            return OutboundMessage.objects.create(
                channel=channel, kind=kind, address_enc=encrypt(address, "channel") if address else "",
                reply_token=reply_token, payload={"replies": replies}, idempotency_key=key,
                next_attempt_at=timezone.now())
    except IntegrityError:
        return None


def _deliver(msg: OutboundMessage) -> None:
    replies = msg.payload.get("replies", [])
    address = decrypt(msg.address_enc, "channel") if msg.address_enc else ""
    if msg.channel == "line":
        if msg.kind == "reply" and msg.reply_token:
            try:
                line.send_reply(msg.reply_token, replies)
                return
            except Exception:
                # An expired or used reply token: fall back to a push if the deployment pays for it.
                if not (settings.LINE_PUSH_ENABLED and address):
                    raise
        if not settings.LINE_PUSH_ENABLED:
            raise RuntimeError("LINE push is disabled (PHALANG_LINE_PUSH=0)")
        line.send_push(address, replies, msg.idempotency_key)
    elif msg.channel == "telegram":
        telegram.send(address, replies, callback_id=msg.reply_token)
    elif msg.channel == "email":
        from django.core.mail import send_mail

        for r in replies:
            send_mail(r.get("subject", "Phalang"), r["text"], None, [address])
    elif msg.channel == "sms":
        sms.send(address, "\n".join(r["text"] for r in replies)[:670])  # 10 concatenated Thai SMS parts
    else:
        raise RuntimeError(f"unknown channel {msg.channel}")


def _permanent(exc: Exception) -> bool:
    """A 4xx other than 429 will not succeed on retry (bad token, blocked bot, push disabled)."""
    status = getattr(exc, "status", None)
    if isinstance(exc, RuntimeError) and status is None:
        return True
    return isinstance(status, int) and 400 <= status < 500 and status != 429


def claim(limit: int = 20) -> list[int]:
    now = timezone.now()
    with transaction.atomic():
        qs = (OutboundMessage.objects.filter(state=OutboundMessage.State.PENDING, next_attempt_at__lte=now)
              .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)).order_by("next_attempt_at", "id"))
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        ids = list(qs.values_list("id", flat=True)[:limit])
        OutboundMessage.objects.filter(id__in=ids).update(claimed_until=now + LEASE)
    return ids


def send_pending(limit: int = 20) -> int:
    """Send what is due; returns how many were sent."""
    sent = 0
    for pk in claim(limit):
        msg = OutboundMessage.objects.get(pk=pk)
        try:
            _deliver(msg)
        except Exception as exc:
            if msg.channel == "line" and getattr(exc, "status", None) == 409:
                # LINE answers 409 to a repeated X-Line-Retry-Key: it already accepted this message
                # (we crashed after sending, before saving). That is a delivery, not a failure.
                OutboundMessage.objects.filter(pk=pk).update(
                    state=OutboundMessage.State.SENT, sent_at=timezone.now(), claimed_until=None,
                    address_enc="", reply_token="", attempts=msg.attempts + 1)
                sent += 1
                continue
            msg.attempts += 1
            msg.last_error = f"{type(exc).__name__}: {exc}"[:1000]
            msg.claimed_until = None
            if msg.attempts >= MAX_ATTEMPTS or _permanent(exc):
                msg.state = OutboundMessage.State.FAILED
            else:
                msg.next_attempt_at = timezone.now() + timedelta(seconds=2 ** msg.attempts)
            msg.save(update_fields=["attempts", "last_error", "claimed_until", "state", "next_attempt_at"])
            log.warning("outbound %s failed (attempt %s): %s", msg.pk, msg.attempts, msg.last_error)
            continue
        OutboundMessage.objects.filter(pk=pk).update(
            state=OutboundMessage.State.SENT, sent_at=timezone.now(), claimed_until=None,
            address_enc="", reply_token="", attempts=msg.attempts + 1)
        sent += 1
    return sent
