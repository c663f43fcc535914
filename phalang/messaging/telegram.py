"""Telegram Bot API client: a small urllib3 client (the Bot API is plain HTTPS + JSON)."""

from __future__ import annotations

import functools
import hmac
import json
from typing import TYPE_CHECKING, Any

from django.conf import settings

from phalang.messaging import cards, links
from phalang.messaging.line import ParsedEvent
from phalang.messaging.message import Incoming

if TYPE_CHECKING:
    import urllib3


@functools.cache
def _http() -> urllib3.PoolManager:
    """One pool per process, made on first send (urllib3 is not imported at start-up, issue 19)."""
    import urllib3

    return urllib3.PoolManager(timeout=urllib3.Timeout(connect=5, read=20), retries=False)


MAX_PHOTO_BYTES = 20 * 1024 * 1024  # the Bot API's own getFile limit


class TelegramError(Exception):
    def __init__(self, message: str, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after  # seconds, from a 429's "parameters" (Bot API) or Retry-After


def secret_ok(header_value: str) -> bool:
    expected = settings.TELEGRAM_SECRET_TOKEN
    return bool(expected) and hmac.compare_digest(header_value.encode(), expected.encode())


def parse(update: Any) -> ParsedEvent | None:
    """One update as an event, or None. A malformed update (a string where an object belongs, a
    photo list that is not a list) is dropped: it cannot crash the worker or the webhook."""
    if not isinstance(update, dict):
        return None
    try:
        return _parse(update)
    except (AttributeError, TypeError, KeyError, IndexError, ValueError):
        return None


def _parse(update: dict[str, Any]) -> ParsedEvent | None:
    if "callback_query" in update:
        cq = update["callback_query"] or {}
        chat = ((cq.get("message") or {}).get("chat") or {}).get("id") or (cq.get("from") or {}).get("id")
        if chat is None:
            return None
        return ParsedEvent(str(chat), str(cq.get("id", "")), Incoming("postback", data=str(cq.get("data", ""))[:300]))
    member = update.get("my_chat_member") or {}
    if member:
        chat = member.get("chat") or {}
        status = (member.get("new_chat_member") or {}).get("status")
        if chat.get("id") is None or chat.get("type", "private") != "private" or status != "kicked":
            return None
        return ParsedEvent(str(chat["id"]), "", Incoming("blocked"))  # the user blocked the bot
    message = update.get("message") or {}
    chat = (message.get("chat") or {})
    if not chat or chat.get("type", "private") != "private":
        return None  # groups are not reporting channels
    chat_id = str(chat["id"])
    if "location" in message:
        loc = message["location"] or {}
        try:
            return ParsedEvent(chat_id, "", Incoming("location", lat=float(loc["latitude"]), lon=float(loc["longitude"])))
        except (KeyError, TypeError, ValueError):
            return ParsedEvent(chat_id, "", Incoming("text"))
    if message.get("photo"):
        # Telegram sends several sizes; the last is the largest.
        return ParsedEvent(chat_id, "", Incoming("image"), file_ref=str(message["photo"][-1].get("file_id", "")))
    for key, kind in FILE_TYPES.items():
        if isinstance(message.get(key), dict):
            return ParsedEvent(chat_id, "", Incoming(kind), file_ref=str(message[key].get("file_id", "")))
    if message.get("sticker"):
        return ParsedEvent(chat_id, "", Incoming("sticker"))
    if "text" not in message:
        return ParsedEvent(chat_id, "", Incoming("unsupported"))
    text = str(message.get("text", ""))[:5000]
    if text == "/start":
        return ParsedEvent(chat_id, "", Incoming("follow"))
    if text.startswith("/start ") and links.TELEGRAM_PAYLOAD.match(text[7:].strip()):
        # A page's t.me link (links.telegram_start): the command it carries, as if typed.
        return ParsedEvent(chat_id, "", Incoming("text", text=links.start_payload_text(text[7:].strip())))
    return ParsedEvent(chat_id, "", Incoming("text", text=text))


# Telegram message fields that carry a file, and the kind of message they become.
FILE_TYPES = {"video": "video", "video_note": "video", "voice": "audio", "audio": "audio", "document": "file"}


def _call(method: str, payload: dict[str, Any]) -> Any:
    url = f"{settings.TELEGRAM_API_BASE}/bot{settings.TELEGRAM_BOT_TOKEN}/{method}"
    resp = _http().request("POST", url, body=json.dumps(payload).encode(),
                         headers={"Content-Type": "application/json"})
    try:
        body = json.loads(resp.data or b"{}")
    except ValueError as exc:
        raise TelegramError(f"{method}: HTTP {resp.status}, not JSON", resp.status) from exc
    if resp.status != 200 or not body.get("ok"):
        wait = (body.get("parameters") or {}).get("retry_after") or resp.headers.get("Retry-After")
        try:
            retry_after = float(wait) if wait is not None else None
        except ValueError:
            retry_after = None
        raise TelegramError(f"{method}: HTTP {resp.status} {body.get('description', '')}", resp.status, retry_after)
    return body.get("result")


def fetch_file(file_id: str, max_bytes: int = MAX_PHOTO_BYTES) -> bytes:
    info = _call("getFile", {"file_id": file_id})
    path = (info or {}).get("file_path")
    if not path:
        raise TelegramError("getFile returned no file_path")
    resp = _http().request("GET", f"{settings.TELEGRAM_API_BASE}/file/bot{settings.TELEGRAM_BOT_TOKEN}/{path}",
                         preload_content=False)
    try:
        if resp.status != 200:
            raise TelegramError(f"file download: HTTP {resp.status}")
        data = resp.read(min(max_bytes, MAX_PHOTO_BYTES) + 1)
    finally:
        resp.release_conn()
    return bytes(data)


def send(chat_id: str, replies: list[dict[str, Any]], callback_id: str = "") -> None:
    if callback_id:
        try:
            _call("answerCallbackQuery", {"callback_query_id": callback_id})
        except TelegramError:
            pass  # an expired callback does not stop the answer itself
    for r in replies:
        payload: dict[str, Any] = {"chat_id": chat_id, "text": r["text"][:4096]}
        rows = cards.inline_keyboard(r["card"]) if r.get("card") else []
        shown = {b.get("callback_data") for row in rows for b in row}  # a card's button is not repeated
        rows += [[{"text": label, "callback_data": data[:64]}] for label, data in r.get("quick") or []
                 if data[:64] not in shown]
        if rows:
            payload["reply_markup"] = {"inline_keyboard": rows}
        _call("sendMessage", payload)
