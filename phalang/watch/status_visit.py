"""Post/redirect/get on the web status page (/status/).

The receipt is typed into a POST, never a URL. Every POST that finds the case (looking it up,
answering "แก้ไขแล้วจริงไหม?", adding information, choosing what a partner may see) answers 303
to GET /status/, so Back and reload never ask to send a form again. The GET shows the case to this
browser only, with the shared one-time receipt (``phalang/lib/shown_receipt.py``): the receipt
waits, encrypted, in the cache for ``SHOW_SECONDS`` under a random token held in a cookie limited
to /status/. A note of what was just done ("thank you for confirming the fix") is shown once.
"Done" forgets it at once; on a shared phone it is gone after a few minutes either way.

The case's "open in LINE/Telegram" code (``watch/chatlink.py``) is made once per POST and kept,
encrypted, beside the receipt for the same few minutes: a reload shows the same code, it does not
mint another live one each time.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from phalang.lib.crypto import InvalidToken, decrypt, encrypt, keyed_hash
from phalang.lib.shown_receipt import SHOW_SECONDS, ShownReceipt, new_token

_STATUS = ShownReceipt("status", cookie="phalang_status", path="/status/")


def _note_key(token: str) -> str:
    return "status-note:" + keyed_hash("ratelimit", token)[:40]


def _chat_key(token: str) -> str:
    return "status-chat:" + keyed_hash("ratelimit", token)[:40]


def remember(request: HttpRequest, response: HttpResponse, receipt: str, note: dict[str, Any],
             chat_code: str = "") -> None:
    """Keep the case for this browser's next GET, with a note of what was just done and the
    chat-link code made for this POST (none: the chat channels are not set up)."""
    token = request.COOKIES.get(_STATUS.cookie, "")
    if not (16 <= len(token) <= 64):
        token = new_token()
    _STATUS.keep(response, token, receipt)
    token = response.cookies[_STATUS.cookie].value if _STATUS.cookie in response.cookies else token
    if note:
        cache.set(_note_key(token), json.dumps(note), SHOW_SECONDS)  # flags and a refusal's text, no receipt
    if chat_code:
        cache.set(_chat_key(token), encrypt(chat_code), SHOW_SECONDS)
    else:
        cache.delete(_chat_key(token))


def recall(request: HttpRequest) -> tuple[str, dict[str, Any]]:
    """The receipt this browser last looked up, and the note (shown once), or ("", {})."""
    receipt = _STATUS.current(request)
    if not receipt:
        return "", {}
    key = _note_key(request.COOKIES.get(_STATUS.cookie, ""))
    raw = cache.get(key)
    if raw is None:
        return receipt, {}
    cache.delete(key)
    try:
        return receipt, dict(json.loads(raw))
    except ValueError:
        return receipt, {}


def chat_code(request: HttpRequest) -> str:
    """The chat-link code the last POST made for this browser's case, or ""."""
    value = cache.get(_chat_key(request.COOKIES.get(_STATUS.cookie, "")))
    try:
        return decrypt(value) if value else ""
    except InvalidToken:
        return ""


def forget(request: HttpRequest, response: HttpResponse) -> None:
    token = request.COOKIES.get(_STATUS.cookie, "")
    cache.delete(_note_key(token))
    cache.delete(_chat_key(token))
    _STATUS.forget(request, response)
