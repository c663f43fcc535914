"""An attacker's tools for the security tests: file reports the way a reporter does, over the
real webhooks and the fake platform APIs, and search raw bytes for what must not be there."""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection

from tests.fakes import line as fl
from tests.fakes import telegram as ft
from tests.watch.conftest import LINE_SECRET, SMS_SECRET, TELEGRAM_SECRET

RECEIPT = re.compile(r"\d{4}-\d{4}-\d{4}-\d{4}-\d{4}")


def line_post(client: Any, *events: dict[str, Any]) -> None:
    body, headers = fl.signed_webhook(LINE_SECRET, list(events))
    resp = client.post("/webhooks/line", body, content_type="application/json",
                       HTTP_X_LINE_SIGNATURE=headers["X-Line-Signature"])
    assert resp.status_code == 200


def telegram_post(client: Any, update: dict[str, Any]) -> None:
    resp = client.post("/webhooks/telegram", json.dumps(update), content_type="application/json",
                       HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN=TELEGRAM_SECRET)
    assert resp.status_code == 200


def sms_post(client: Any, sender: str, text: str, sent_at: str = "2026-12-06T10:00:00") -> None:
    resp = client.post("/webhooks/sms", {"from": sender, "text": text, "sent_at": sent_at, "secret": SMS_SECRET})
    assert resp.status_code == 200


@dataclass
class Reporter:
    """One anonymous reporter's identifiers, on one channel."""

    channel: str
    ids: list[str] = field(default_factory=list)  # every spelling that identifies them
    receipt: str = ""


def new_line_reporter() -> Reporter:
    uid = fl.user_id()
    return Reporter("line", [uid])


def new_telegram_reporter() -> Reporter:
    # A real-looking 10-digit Telegram id and a name unlikely to appear by chance.
    chat = 5_000_000_000 + secrets.randbelow(999_999_999)
    name = "ทดสอบ" + secrets.token_hex(4)
    return Reporter("telegram", [str(chat), name])


def phone_spellings(local: str) -> list[str]:
    """A Thai mobile number (0XXXXXXXXX) the ways people and gateways write it."""
    rest = local[1:]
    return [local, "+66" + rest, "66" + rest, f"{local[:3]}-{local[3:6]}-{local[6:]}",
            f"{local[:3]} {local[3:6]} {local[6:]}", f"+66 {rest[:2]} {rest[2:5]} {rest[5:]}"]


def new_sms_reporter() -> Reporter:
    local = "08" + "".join(secrets.choice("0123456789") for _ in range(8))
    return Reporter("sms", phone_spellings(local))


def receipt_spellings(receipt: str) -> list[str]:
    digits = receipt.replace("-", "")
    return [receipt, digits, " ".join(receipt.split("-"))]


def file_by_line(client: Any, drain: Any, who: Reporter, text: str) -> None:
    uid = who.ids[0]
    for ev in (fl.text_event("แจ้งเรื่อง", user=uid), fl.postback_event("cat=corruption", user=uid),
               fl.text_event(text, user=uid), fl.postback_event("act=skip", user=uid),
               fl.postback_event("act=done", user=uid), fl.text_event("ยืนยัน", user=uid)):
        line_post(client, ev)
        drain()


def file_by_telegram(client: Any, drain: Any, who: Reporter, text: str) -> None:
    chat, name = int(who.ids[0]), who.ids[1]
    for update in (ft.message_update("/start", chat_id=chat, first_name=name),
                   ft.callback_query_update("act=report", chat_id=chat, first_name=name),
                   ft.callback_query_update("cat=public_service", chat_id=chat, first_name=name),
                   ft.message_update(text, chat_id=chat, first_name=name),
                   ft.callback_query_update("act=skip", chat_id=chat, first_name=name),
                   ft.callback_query_update("act=done", chat_id=chat, first_name=name),
                   ft.callback_query_update("act=confirm", chat_id=chat, first_name=name)):
        telegram_post(client, update)
        drain()


def file_by_sms(client: Any, drain: Any, who: Reporter, text: str) -> None:
    sms_post(client, who.ids[1], f"แจ้ง น่าน {text}")  # the gateway sends +66…
    drain()


def receipts_in(texts: list[str]) -> list[str]:
    return [m.group(0) for t in texts for m in RECEIPT.finditer(t)]


def table_text(table: str) -> str:
    """Every column of every row of a table, as text: what a database dump shows."""
    with connection.cursor() as cur:
        cur.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        return "\n".join(" | ".join(str(v) for v in row) for row in cur.fetchall())


def found_in_bytes(data: bytes, needles: list[str]) -> list[str]:
    """The needles present in ``data``, as UTF-8 (SQLite's text encoding) or UTF-16."""
    hits = []
    for n in needles:
        if n.encode() in data or n.encode("utf-16-le") in data:
            hits.append(n)
    return hits


def sqlite_files() -> list[Path]:
    """The test database file and its WAL, when the tests run on SQLite."""
    name = Path(str(connection.settings_dict["NAME"]))
    return [p for p in (name, Path(f"{name}-wal")) if p.exists()]
