"""Post/redirect/get on the web status page (/status/).

The receipt is typed into a POST, never a URL. Every POST that finds the case (looking it up,
answering "แก้ไขแล้วจริงไหม?", adding information, choosing what a partner may see) answers 303
to GET /status/, so Back and reload never ask to send a form again. The GET shows the case to this
browser only, with the shared one-time receipt (``phalang/lib/shown_receipt.py``): the receipt
waits, encrypted, in the cache for ``SHOW_SECONDS`` under a random token held in a cookie limited
to /status/. A note of what was just done ("thank you for confirming the fix") is shown once.
"Done" forgets it at once; on a shared phone it is gone after a few minutes either way.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from phalang.lib.crypto import keyed_hash
from phalang.lib.shown_receipt import SHOW_SECONDS, ShownReceipt, new_token

_STATUS = ShownReceipt("status", cookie="phalang_status", path="/status/")
COOKIE, COOKIE_PATH = _STATUS.cookie, _STATUS.path


def _note_key(token: str) -> str:
    return "status-note:" + keyed_hash("ratelimit", token)[:40]


def remember(request: HttpRequest, response: HttpResponse, receipt: str, note: dict[str, Any]) -> None:
    """Keep the case for this browser's next GET, with a note of what was just done."""
    token = request.COOKIES.get(COOKIE, "")
    if not (16 <= len(token) <= 64):
        token = new_token()
    _STATUS.keep(response, token, receipt)
    token = response.cookies[COOKIE].value if COOKIE in response.cookies else token
    if note:
        cache.set(_note_key(token), json.dumps(note), SHOW_SECONDS)  # flags and a refusal's text, no receipt


def recall(request: HttpRequest) -> tuple[str, dict[str, Any]]:
    """The receipt this browser last looked up, and the note (shown once), or ("", {})."""
    receipt = _STATUS.current(request)
    if not receipt:
        return "", {}
    key = _note_key(request.COOKIES.get(COOKIE, ""))
    raw = cache.get(key)
    if raw is None:
        return receipt, {}
    cache.delete(key)
    try:
        return receipt, dict(json.loads(raw))
    except ValueError:
        return receipt, {}


def forget(request: HttpRequest, response: HttpResponse) -> None:
    cache.delete(_note_key(request.COOKIES.get(COOKIE, "")))
    _STATUS.forget(request, response)
