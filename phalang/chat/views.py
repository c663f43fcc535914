"""Webhooks: verify, store the raw event durably, answer at once. Workers do the rest.

Nothing here logs or stores the client's address or user agent. The raw event is sealed
(AES-GCM, lib/crypto.py) before it is stored: a database copy shows no sender id, even of an
event still waiting for a worker.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import orjson
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from phalang.chat.inbox import user_key
from phalang.chat.models import InboundEvent
from phalang.lib.crypto import keyed_hash, seal
from phalang.lib.sqlite_lock import write_lock
from phalang.messaging import line, sms, telegram

MAX_BODY = 1024 * 1024  # LINE and Telegram events are small; 1 MB is generous


def _deny(status: int, th: str, en: str) -> JsonResponse:
    return JsonResponse({"message_th": th, "message_en": en}, status=status,
                        json_dumps_params={"ensure_ascii": False})


_INSERT = (f"INSERT INTO {InboundEvent._meta.db_table} "
           "(channel, external_id, user_key, payload, received_at, attempts, error) VALUES ")
_ROW = "(%s, %s, %s, %s, %s, 0, '')"
_CONFLICT = " ON CONFLICT (channel, external_id) DO NOTHING"
_SQL = {n: _INSERT + ", ".join([_ROW] * n) + _CONFLICT for n in range(1, 9)}

# An event as stored: (channel, external id, user key, sealed payload).
Row = tuple[str, str, str, str]


def _store(rows: list[Row]) -> None:
    """One INSERT ... ON CONFLICT DO NOTHING, committed before the view answers 200, so the
    event survives a killed process, and a redelivered event is dropped by the unique key.

    This is the hottest path of the platform, so it talks to the database driver directly with
    plain tuples (docs/benchmarks.md, "Everyday speed"): the ORM's bulk_create costs about three
    times as much per request, and even Django's cursor wrapper and transaction machinery cost
    as much CPU as the insert itself.
    - SQLite: the one statement commits on its own (autocommit: a statement is a transaction),
      behind the cross-process write lock.
    - PostgreSQL: BEGIN, SET LOCAL, INSERT and COMMIT go out in one network round trip
      (psycopg's pipeline mode) instead of four.
    Inside an outer transaction (tests, or a caller's atomic block) it goes through Django's
    cursor as any other query, so it commits or rolls back with the rest."""
    db = connections[DEFAULT_DB_ALIAS]  # once: each use of the `connection` proxy is a lookup
    # What the backend's adapt_datetimefield_value gives (USE_TZ: UTC; naive text on SQLite),
    # without its settings lookups: a fifth of this function's own time.
    now: Any = datetime.now(UTC)
    if db.vendor == "sqlite":
        now = str(now.replace(tzinfo=None))
    params: list[Any] = []
    for row in rows:
        params += [*row, now]
    sql = _SQL.get(len(rows)) or (_INSERT + ", ".join([_ROW] * len(rows)) + _CONFLICT)
    db.ensure_connection()
    fast = not db.in_atomic_block and db.get_autocommit()
    if db.vendor != "postgresql":
        with write_lock(db), db.wrap_database_errors:
            if fast:
                db.connection.execute(sql.replace("%s", "?"), params)
            else:
                with db.cursor() as cur:
                    cur.execute(sql, params)
        return
    power_safe = settings.WEBHOOK_POWER_SAFE
    if fast:
        raw = db.connection
        try:
            with db.wrap_database_errors, raw.pipeline(), raw.cursor() as cur:
                cur.execute("BEGIN")
                if not power_safe:
                    cur.execute("SET LOCAL synchronous_commit TO OFF")
                cur.execute(sql, params)
                cur.execute("COMMIT")
        except Exception:
            raw.rollback()  # leave no aborted transaction behind on a kept connection
            raise
        return
    with transaction.atomic(), db.cursor() as cur:
        if not power_safe:
            # Like SQLite's synchronous=NORMAL: the row is committed (a killed web or worker process
            # loses nothing) without waiting for the WAL fsync; a PostgreSQL server crash could lose
            # the last fraction of a second. PHALANG_WEBHOOK_POWER_SAFE=1 waits (docs/benchmarks.md).
            cur.execute("SET LOCAL synchronous_commit TO OFF")
        cur.execute(sql, params)


@csrf_exempt
@require_POST
def line_webhook(request: HttpRequest) -> HttpResponse:
    body = request.body
    if len(body) > MAX_BODY:
        return _deny(413, "ข้อมูลใหญ่เกินไป", "Body too large.")
    # META, not request.headers: that builds a dict of every header on first use.
    if not line.signature_ok(body, request.META.get("HTTP_X_LINE_SIGNATURE", "")):
        return _deny(401, "ลายเซ็นไม่ถูกต้อง", "Invalid signature.")
    try:
        payload = orjson.loads(body)
        events = payload["events"]
        if not isinstance(events, list):
            raise TypeError
    except (orjson.JSONDecodeError, KeyError, TypeError):
        return _deny(400, "ข้อมูลไม่ถูกต้อง", "Malformed webhook body.")
    rows: list[Row] = []
    for event in events:
        if not isinstance(event, dict):
            continue
        raw = orjson.dumps(event)
        external = str(event.get("webhookEventId") or hashlib.sha256(raw).hexdigest())[:80]
        source = event.get("source")
        uid = source.get("userId") if isinstance(source, dict) else None
        uid = uid if isinstance(uid, str) else ""  # not a LINE id: dropped by line.parse
        rows.append(("line", external, user_key("line", uid) if uid else "", seal(raw.decode())))
    if rows:
        _store(rows)
    return HttpResponse(status=200)  # an empty list is LINE's connection check


@csrf_exempt
@require_POST
def telegram_webhook(request: HttpRequest) -> HttpResponse:
    if not telegram.secret_ok(request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")):
        return _deny(401, "รหัสลับไม่ถูกต้อง", "Invalid secret token.")
    body = request.body
    if len(body) > MAX_BODY:
        return _deny(413, "ข้อมูลใหญ่เกินไป", "Body too large.")
    try:
        update = orjson.loads(body)
        update_id = int(update["update_id"])
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return _deny(400, "ข้อมูลไม่ถูกต้อง", "Malformed update.")
    if not isinstance(update, dict) or isinstance(update["update_id"], bool) or not 0 <= update_id < 2**63:
        return _deny(400, "ข้อมูลไม่ถูกต้อง", "Malformed update.")
    event = telegram.parse(update)  # None for a malformed or ignored update: stored, then skipped
    chat = event.user_id if event is not None else None
    _store([("telegram", str(update_id), user_key("telegram", str(chat)) if chat is not None else "",
             seal(body.decode("utf-8", "replace")))])
    return HttpResponse(status=200)


@csrf_exempt
@require_POST
def sms_webhook(request: HttpRequest) -> HttpResponse:
    data: dict[str, Any]
    if (request.content_type or "").startswith("application/json"):
        try:
            data = json.loads(request.body or b"{}")
            if not isinstance(data, dict):
                raise ValueError
        except ValueError:
            return _deny(400, "ข้อมูลไม่ถูกต้อง", "Malformed body.")
    else:
        data = request.POST.dict()
    secret = request.headers.get("X-Phalang-Secret") or str(data.get("secret", ""))
    if not sms.secret_ok(secret):
        return _deny(401, "รหัสลับไม่ถูกต้อง", "Invalid shared secret.")
    sender, text, sent_at = sms.parse_inbound(data)
    if not sender or not text.strip():
        return _deny(400, "ต้องมีเบอร์ผู้ส่งและข้อความ", "Sender and text are required.")
    # Gateways retry; the same sender, time and text is the same message.
    external = str(data.get("id") or keyed_hash("channel", f"sms:{sender}:{sent_at}:{text}"))[:80]
    _store([("sms", external, user_key("sms", sender),
             seal(json.dumps({"from": sender, "text": text}, ensure_ascii=False)))])
    return JsonResponse({"ok": True})
