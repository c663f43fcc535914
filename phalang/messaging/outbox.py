"""The durable outbox: messages are written with the change that causes them, sent after commit.

``send_pending`` (the worker's outbox loop) sends for a couple of seconds at a time:

* it claims due messages per platform with a lease (``SKIP LOCKED`` on PostgreSQL), conversational
  messages before bulk ones (broadcasts), as many as the platform's rate lets it send in the round;
* it paces requests per platform with a token bucket (``rates()``: the platforms' limits);
* it merges bulk LINE messages with the same content into multicasts of up to 500 recipients;
* before each request it commits ``sending`` for that request's messages, in the same
  transaction that records how the previous request went (``sent``, or a retry), so a sender
  that dies leaves exactly its one in-flight request unsettled;
* it retries 429s (no sooner than Retry-After), 5xx and network errors with exponential backoff;
  other 4xx fail at once.

A dead sender's in-flight request: LINE pushes and multicasts carry an ``X-Line-Retry-Key`` kept on
their rows (``batch_key``), so they are retried with the same key and LINE answers 409 if it had
accepted the first: exactly once. Telegram, SMS and e-mail have no such key: those messages are
sent again and flagged ``in_doubt`` (at least once; at most that one request is duplicated).
A LINE reply token works once, so an in-doubt reply whose token is refused counts as delivered.

Bodies are sealed (AES-GCM, lib/crypto.seal) when queued and emptied once a message is sent or
has failed for good, with its address: a receipt sent to a reporter can be read from the database
neither while it waits nor afterwards. Bulk announcements (the same public text to many) are
queued by their module in clear and emptied the same way.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from phalang.lib.crypto import decrypt, encrypt, seal, unseal
from phalang.messaging import line, sms, telegram
from phalang.messaging.models import OutboundMessage

log = logging.getLogger(__name__)
_NS = uuid.UUID("5c1f3b1e-6b8e-4b43-9a57-7068616c616e")
MAX_ATTEMPTS = 8
MAX_BACKOFF = 3600.0
# Longer than a request's timeout (line.TIMEOUT, telegram._http), so a live sender keeps its claim.
LEASE = timedelta(seconds=float(os.environ.get("PHALANG_OUTBOX_LEASE_SECONDS", "60")))
ROUND = 2.0  # seconds of sending per send_pending() call
MAX_CLAIM = 1000  # rows per claim
IDLE_RECHECK = 0.25  # s: how soon a reply queued mid-round is picked up while other platforms are busy
CHANNELS = ("line", "telegram", "sms", "email")
State = OutboundMessage.State

# Requests per second. Telegram: about 30 messages per second to different chats
# (core.telegram.org/bots/faq, "My bot is hitting limits"). LINE: 2,000 requests per second for push
# and reply, 200 for multicast (developers.line.biz/en/reference/messaging-api/#rate-limits).
# E-mail and SMS: conservative guesses; set your provider's with PHALANG_OUTBOX_RATES.
DEFAULT_RATES = {"line": 2000.0, "line_multicast": 200.0, "telegram": 30.0, "email": 10.0, "sms": 10.0}


def subject_line(text: str, limit: int = 60) -> str:
    """An e-mail subject made from ``text``: its first non-blank line, stripped, cut to ``limit``.
    A header may not carry a newline (Django raises BadHeaderError and the message would be retried
    for ever), so every subject passes here, and again just before sending."""
    for row in text.splitlines():
        if row.strip():
            return row.strip()[:limit].strip()
    return ""


def rates() -> dict[str, float]:
    return {**DEFAULT_RATES, **getattr(settings, "OUTBOX_RATES", {})}


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
                reply_token=reply_token, payload={"sealed": seal(json.dumps(replies, ensure_ascii=False))},
                idempotency_key=key,
                next_attempt_at=timezone.now())
    except IntegrityError:
        return None


def replies_of(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The replies a stored message carries (sealed by ``enqueue``, or in clear for bulk)."""
    if "sealed" in payload:
        return list(json.loads(unseal(payload["sealed"], "channel")))
    return list(payload.get("replies", []))


# --- who still wants a bulk message ----------------------------------------------------------------

RecipientCheck = Callable[[list[tuple[str, int]]], set[tuple[str, int]]]
_checks: dict[str, RecipientCheck] = {}


def register_recipient_check(kind_prefix: str, still_wanted: RecipientCheck) -> None:
    """Just before bulk messages of kinds starting with ``kind_prefix`` are sent, ``still_wanted``
    gets their (kind, recipient_id) pairs and returns those that may still be sent (the recipient
    has not opted out, the broadcast was not cancelled)."""
    _checks[kind_prefix] = still_wanted


# --- pacing -------------------------------------------------------------------------------------

class TokenBucket:
    """A request may start when a token is there; tokens come at ``rate`` per second, at most
    ``burst`` kept. A burst of 1 spaces requests evenly: platforms count over windows as short as
    a second, so a burst would spend the allowance early and then be refused."""

    def __init__(self, rate: float, burst: float = 1.0) -> None:
        self.rate, self.burst = rate, burst
        self.tokens, self.stamp, self.paused_until = burst, time.monotonic(), 0.0

    def _refill(self, now: float) -> None:
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def ready_at(self) -> float:
        now = time.monotonic()
        self._refill(now)
        at = now if self.tokens >= 1 else now + (1 - self.tokens) / self.rate
        return max(at, self.paused_until)

    def take(self) -> None:
        self._refill(time.monotonic())
        self.tokens -= 1

    def pause(self, seconds: float) -> None:
        """The platform said to slow down (429): nothing more until then."""
        self.paused_until = max(self.paused_until, time.monotonic() + seconds)


_buckets: dict[tuple[str, str], TokenBucket] = {}


def bucket(name: str) -> TokenBucket:
    """The bucket of one platform endpoint, per bot (limits and 429 pauses are per bot/channel)."""
    if name.startswith("line"):
        account = f"{settings.LINE_API_BASE} {settings.LINE_CHANNEL_ACCESS_TOKEN}"
    elif name == "telegram":
        account = f"{settings.TELEGRAM_API_BASE} {settings.TELEGRAM_BOT_TOKEN}"
    else:
        account = ""
    rate = rates().get(name, 10.0)
    b = _buckets.setdefault((name, account), TokenBucket(rate))
    b.rate = rate
    return b


# --- claiming -----------------------------------------------------------------------------------

_FIELDS = ("id", "channel", "kind", "address_enc", "reply_token", "payload", "idempotency_key", "attempts",
           "recipient_id", "batch_key", "in_doubt", "bulk", "created_at")


@dataclass
class Unit:
    """One request: one message, or a LINE multicast of many with the same content."""

    channel: str
    bucket: str
    rows: list[dict[str, Any]]
    keyed: bool = False  # carries an X-Line-Retry-Key: repeating it is safe
    retry_key: str = ""
    recovered: bool = False  # already ``sending``: a dead sender's or a failed keyed request


def claim(channel: str, limit: int) -> list[dict[str, Any]]:
    """Lease up to ``limit`` due messages of one platform: conversational first, then bulk."""
    now = timezone.now()
    with transaction.atomic():
        qs = (OutboundMessage.objects.filter(channel=channel, state=State.PENDING, next_attempt_at__lte=now)
              .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
              .order_by("bulk", "next_attempt_at", "id"))
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        rows = list(qs.values(*_FIELDS)[:limit])
        for ids in _chunks([r["id"] for r in rows]):
            OutboundMessage.objects.filter(id__in=ids).update(claimed_until=now + LEASE)
    return rows


def retry_key(idempotency: str) -> str:
    """LINE wants a UUID; broadcast keys are readable strings, so they are hashed into one."""
    try:
        return str(uuid.UUID(idempotency))
    except ValueError:
        return idempotency_key("retry", idempotency)


def _units(channel: str, rows: list[dict[str, Any]], book: _Book) -> list[Unit]:
    rows = _still_wanted(rows, book)
    for r in rows:
        _open(r)
    if channel != "line":
        return [Unit(channel, channel, [r]) for r in rows]
    units: list[Unit] = []
    same: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        if r["bulk"] and settings.LINE_PUSH_ENABLED:
            same.setdefault(json.dumps(r["replies"], sort_keys=True), []).append(r)
        else:
            units.append(_line_single(r))
    for group in same.values():
        for i in range(0, len(group), line.MULTICAST_MAX):
            part = group[i:i + line.MULTICAST_MAX]
            units.append(_line_single(part[0]) if len(part) == 1 else
                         Unit("line", "line_multicast", part, keyed=True, retry_key=str(uuid.uuid4())))
    return units


def _open(r: dict[str, Any]) -> None:
    """Decrypt a claimed row's address and body, in memory only."""
    r["address"] = decrypt(r["address_enc"], "channel") if r["address_enc"] else ""
    r["replies"] = replies_of(r["payload"])


def _line_single(r: dict[str, Any]) -> Unit:
    if r["kind"] == "reply" and r["reply_token"]:
        return Unit("line", "line", [r])  # reply tokens take no retry key, but work only once
    return Unit("line", "line", [r], keyed=True, retry_key=retry_key(r["idempotency_key"]))


def _still_wanted(rows: list[dict[str, Any]], book: _Book) -> list[dict[str, Any]]:
    for prefix, check in _checks.items():
        pairs = [(r["kind"], r["recipient_id"]) for r in rows
                 if r["recipient_id"] is not None and r["kind"].startswith(prefix)]
        if not pairs:
            continue
        wanted = check(pairs)
        kept = []
        for r in rows:
            pair = (r["kind"], r["recipient_id"])
            if r["recipient_id"] is not None and r["kind"].startswith(prefix) and pair not in wanted:
                book.withdrawn.append(r["id"])
            else:
                kept.append(r)
        rows = kept
    return rows


def _recover() -> list[Unit]:
    """Requests a dead sender left in flight, and keyed requests due for a retry."""
    now = timezone.now()
    stale = Q(state=State.SENDING) & (Q(claimed_until__lt=now) | Q(claimed_until__isnull=True))
    found = list(OutboundMessage.objects.filter(stale).values_list("id", "batch_key")[:MAX_CLAIM])
    unkeyed = [pk for pk, key in found if not key]
    for ids in _chunks(unkeyed):
        # No retry key: it may have been delivered. Send again (a loss is worse), but say so.
        OutboundMessage.objects.filter(stale, id__in=ids).update(state=State.PENDING, in_doubt=True,
                                                                 claimed_until=None)
    units = []
    for key in sorted({key for _pk, key in found if key}):
        with transaction.atomic():
            if not OutboundMessage.objects.filter(stale, batch_key=key).update(claimed_until=now + LEASE):
                continue  # another sender took it
            rows = list(OutboundMessage.objects.filter(state=State.SENDING, batch_key=key).values(*_FIELDS))
        for r in rows:
            _open(r)
        units.append(Unit("line", "line_multicast" if len(rows) > 1 else "line", rows, keyed=True, retry_key=key,
                          recovered=True))
    return units


# --- recording outcomes -------------------------------------------------------------------------

@dataclass
class _Failure:
    ids: list[int]
    attempts: int
    error: str
    permanent: bool
    delay: float
    keyed: bool


class _Book:
    """Outcomes not yet written; written in the transaction that starts the next request."""

    def __init__(self) -> None:
        self.sent: list[int] = []
        self.withdrawn: list[int] = []
        self.unsent: list[int] = []  # back to pending, still ours (a multicast split into pushes)
        self.failures: list[_Failure] = []

    def begin(self, unit: Unit) -> set[int]:
        """Write what is owed and mark ``unit`` sending; returns its ids still to send."""
        ids = [r["id"] for r in unit.rows]
        with transaction.atomic():
            _no_fsync_wait()
            self._write()
            if unit.recovered:
                return set(ids)
            n = OutboundMessage.objects.filter(id__in=ids, state=State.PENDING).update(
                state=State.SENDING, batch_key=unit.retry_key if unit.keyed else "",
                claimed_until=timezone.now() + LEASE)
            if n == len(ids):
                return set(ids)
            # Withdrawn meanwhile (an opt-out, a cancelled broadcast): those are not sent.
            return set(OutboundMessage.objects.filter(id__in=ids, state=State.SENDING).values_list("id", flat=True))

    def flush(self) -> None:
        if self.sent or self.withdrawn or self.unsent or self.failures:
            with transaction.atomic():
                _no_fsync_wait()
                self._write()

    def _write(self) -> None:
        now = timezone.now()
        for ids in _chunks(self.sent):
            OutboundMessage.objects.filter(id__in=ids).update(
                state=State.SENT, sent_at=now, claimed_until=None, address_enc="", reply_token="", batch_key="",
                payload={}, attempts=F("attempts") + 1)
        for ids in _chunks(self.withdrawn):
            OutboundMessage.objects.filter(id__in=ids, state=State.PENDING).update(
                state=State.FAILED, last_error="withdrawn: the recipient no longer wants it", address_enc="",
                payload={}, claimed_until=None)
        for ids in _chunks(self.unsent):
            OutboundMessage.objects.filter(id__in=ids, state=State.SENDING).update(state=State.PENDING, batch_key="")
        for f in self.failures:
            common: dict[str, Any] = {"attempts": F("attempts") + 1, "last_error": f.error}
            for ids in _chunks(f.ids):
                qs = OutboundMessage.objects.filter(id__in=ids)
                if f.permanent or f.attempts >= MAX_ATTEMPTS:
                    qs.update(state=State.FAILED, claimed_until=None, address_enc="", reply_token="", payload={},
                              **common)
                elif f.keyed:
                    # Maybe accepted: retried with the same key (by _recover) once the delay is over.
                    qs.update(claimed_until=now + timedelta(seconds=f.delay), **common)
                else:
                    qs.update(state=State.PENDING, claimed_until=None,
                              next_attempt_at=now + timedelta(seconds=f.delay), **common)
        self.sent, self.withdrawn, self.unsent, self.failures = [], [], [], []


def _no_fsync_wait() -> None:
    """A commit per request, each waiting for PostgreSQL's WAL fsync, held Telegram to 16 of its
    30 messages/s on the busy bench machine (docs/bench-results/coalition.md). Like SQLite's
    synchronous=NORMAL: a killed worker loses nothing; a database-server crash can lose the last
    fraction of a second of these records (those messages may then go out again).
    PHALANG_WEBHOOK_POWER_SAFE=1 waits, for webhooks and the outbox alike."""
    if connection.vendor == "postgresql" and not settings.WEBHOOK_POWER_SAFE:
        with connection.cursor() as cur:
            cur.execute("SET LOCAL synchronous_commit TO OFF")


def _chunks(ids: list[int], size: int = 500) -> Iterable[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


# --- sending ------------------------------------------------------------------------------------

def _deliver(unit: Unit) -> None:
    first = unit.rows[0]
    replies = first["replies"]
    address = first["address"]
    if unit.channel == "line":
        if len(unit.rows) > 1:
            line.send_multicast([r["address"] for r in unit.rows], replies, unit.retry_key)
            return
        late = (timezone.now() - first["created_at"]).total_seconds() > line.REPLY_TOKEN_SECONDS
        if first["kind"] == "reply" and first["reply_token"] and late and settings.LINE_PUSH_ENABLED and address:
            # The reply token has expired by now: a push, not a request that is sure to fail.
            line.send_push(address, replies, retry_key(first["idempotency_key"]))
            return
        if first["kind"] == "reply" and first["reply_token"]:
            try:
                line.send_reply(first["reply_token"], replies)
                return
            except Exception as exc:
                if first["in_doubt"] and getattr(exc, "status", None) == 400:
                    return  # the token was used by the attempt that was in flight when a sender died
                # An expired or used reply token: fall back to a push if the deployment pays for it.
                if not (settings.LINE_PUSH_ENABLED and address):
                    raise
            line.send_push(address, replies, retry_key(first["idempotency_key"]))
            return
        if not settings.LINE_PUSH_ENABLED:
            raise RuntimeError("LINE push is disabled (PHALANG_LINE_PUSH=0)")
        line.send_push(address, replies, unit.retry_key)
    elif unit.channel == "telegram":
        telegram.send(address, replies, callback_id=first["reply_token"])
    elif unit.channel == "email":
        from django.core.mail import EmailMessage

        for r in replies:
            # Broadcasts carry List-Unsubscribe headers (coalition/actions.py _email_rows).
            EmailMessage(subject_line(r.get("subject") or "", 200) or "Phalang", r["text"], None, [address], headers=r.get("headers")).send()
    elif unit.channel == "sms":
        sms.send(address, "\n".join(r["text"] for r in replies)[:670])  # 10 concatenated Thai SMS parts
    else:
        raise RuntimeError(f"unknown channel {unit.channel}")


def _permanent(exc: Exception) -> bool:
    """A 4xx other than 429 will not succeed on retry (bad token, blocked bot, push disabled)."""
    status = getattr(exc, "status", None)
    if isinstance(exc, RuntimeError) and status is None:
        return True
    if line.monthly_limit_reached(exc):
        return True  # LINE's monthly quota: no retry for hours, the organiser is told instead
    return isinstance(status, int) and 400 <= status < 500 and status != 429


def _retry_after(exc: Exception) -> float | None:
    seconds = getattr(exc, "retry_after", None)
    if seconds is None:
        headers = getattr(exc, "headers", None) or {}
        seconds = headers.get("Retry-After") or headers.get("retry-after")
    try:
        return float(seconds) if seconds is not None else None
    except (TypeError, ValueError):
        return None  # an HTTP date: the exponential backoff applies


_fault = os.environ.get("PHALANG_FAULT_INJECT", "")
_accepted: dict[str, int] = {}


def _fault_point(unit: Unit) -> None:
    """``PHALANG_FAULT_INJECT=outbox.after_request:<channel>:<n>``: the durability test's kill, in
    the worst place: the n-th request on that channel was accepted, and nothing is written yet."""
    _accepted[unit.channel] = _accepted.get(unit.channel, 0) + 1
    if _fault == f"outbox.after_request:{unit.channel}:{_accepted[unit.channel]}":
        os.kill(os.getpid(), signal.SIGKILL)


def _send(unit: Unit, book: _Book, lane: deque[Unit]) -> int:
    ids = book.begin(unit)
    unit.rows = [r for r in unit.rows if r["id"] in ids]
    if not unit.rows:
        return 0
    try:
        _deliver(unit)
    except Exception as exc:
        status = getattr(exc, "status", None)
        if unit.keyed and status == 409:
            # LINE answers 409 to a repeated X-Line-Retry-Key: it had accepted this request (the
            # sender died after sending, before saving). That is a delivery, not a failure.
            book.sent += [r["id"] for r in unit.rows]
            return len(unit.rows)
        if len(unit.rows) > 1 and status == 400:
            # LINE refused the whole multicast (one bad user ID is enough): push to each instead.
            book.unsent += [r["id"] for r in unit.rows]
            lane.extendleft(reversed([_line_single(r) for r in unit.rows]))
            log.warning("multicast refused (%s); pushing to each of %s instead", exc, len(unit.rows))
            return 0
        attempts = max(r["attempts"] for r in unit.rows) + 1
        wait = _retry_after(exc)
        if status == 429 and not line.monthly_limit_reached(exc):
            bucket(unit.bucket).pause(wait or 1.0)
        delay = min(MAX_BACKOFF, max(wait or 0.0, 2.0 ** attempts))
        error = f"{type(exc).__name__}: {' '.join(str(exc).split())}"[:1000]
        book.failures.append(_Failure([r["id"] for r in unit.rows], attempts, error, _permanent(exc), delay,
                                      unit.keyed))
        log.warning("outbound %s failed (attempt %s): %s", [r["id"] for r in unit.rows][:5], attempts, error[:200])
        return 0
    if _fault:
        _fault_point(unit)
    book.sent += [r["id"] for r in unit.rows]
    if not unit.keyed:
        # No retry key (Telegram, SMS, e-mail): a send the platform accepted is recorded at once,
        # so a worker killed while pacing cannot send it twice; only a death between the answer
        # and this commit leaves it in doubt.
        book.flush()
    return len(unit.rows)


def _rows_per_second(channel: str) -> float:
    r = rates()
    if channel == "line":
        return max(r["line"], r["line_multicast"] * line.MULTICAST_MAX)
    return r.get(channel, 10.0)


def send_pending(seconds: float = ROUND) -> int:
    """Send what is due for about ``seconds``, each platform at its rate; returns how many were sent."""
    line.load_sdk()  # before the clock starts: the import must not eat the claims' lease
    start = time.monotonic()
    deadline = start + min(seconds, LEASE.total_seconds() / 2)
    book = _Book()
    lanes: dict[str, deque[Unit]] = {ch: deque() for ch in CHANNELS}
    for unit in _recover():
        lanes[unit.channel].append(unit)
    idle_until = dict.fromkeys(CHANNELS, 0.0)  # a platform with nothing due is asked again later
    sent, tried = 0, False
    try:
        while True:
            for ch in CHANNELS:
                now = time.monotonic()
                if not lanes[ch] and idle_until[ch] <= now < deadline:
                    rows = claim(ch, max(1, min(MAX_CLAIM, int(_rows_per_second(ch) * (deadline - now)) + 1)))
                    if not rows:
                        idle_until[ch] = now + IDLE_RECHECK
                    lanes[ch].extend(_units(ch, rows, book))
            heads = [(bucket(lane[0].bucket).ready_at(), ch) for ch, lane in lanes.items() if lane]
            if not heads:
                break
            at, ch = min(heads)
            if at > deadline and (tried or at > start + seconds):
                break  # a round that only claimed still sends its first ready request
            wait = at - time.monotonic()
            if wait > 0.05:
                book.flush()  # don't sit on finished outcomes while waiting
            if wait > 0:
                time.sleep(wait)
            unit = lanes[ch].popleft()
            bucket(unit.bucket).take()
            tried = True
            sent += _send(unit, book, lanes[ch])
    finally:
        book.flush()
        _release([u for lane in lanes.values() for u in lane])
    return sent


def _release(units: list[Unit]) -> None:
    """Give back what this round claimed and did not get to."""
    ids = [r["id"] for u in units if not u.recovered for r in u.rows]
    for chunk in _chunks(ids):
        OutboundMessage.objects.filter(id__in=chunk, state=State.PENDING).update(claimed_until=None)
    for u in units:
        if u.recovered:
            OutboundMessage.objects.filter(id__in=[r["id"] for r in u.rows], state=State.SENDING).update(
                claimed_until=None)
