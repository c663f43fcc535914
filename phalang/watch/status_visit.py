"""Post/redirect/get on the web status page (/status/).

The receipt is typed into a POST, never a URL. Every POST that finds the case (looking it up,
answering "แก้ไขแล้วจริงไหม?", adding information, choosing what a partner may see) answers 303
to GET /status/, so Back and reload never ask to send a form again. The GET shows the case to this
browser only: the receipt waits, encrypted, in the cache for ``SHOW_SECONDS`` under a random token
held in a cookie limited to /status/, with a one-time note of what was just done ("thank you for
confirming the fix"). "Done" forgets it at once; on a shared phone it is gone after a few minutes
either way. No session is created: an anonymous citizen leaves no row behind.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from phalang.lib.crypto import InvalidToken, decrypt, encrypt, keyed_hash

COOKIE = "phalang_status"
COOKIE_PATH = "/status/"
# As long as the new receipt is shown (watch/shown_receipt.py): time to read the case and answer,
# short enough that a shared phone's Back button soon leads to the empty form.
SHOW_SECONDS = 10 * 60


def _valid(token: str) -> bool:
    return 16 <= len(token) <= 64 and token.replace("-", "").replace("_", "").isalnum()


def _key(token: str) -> str:
    return "status-visit:" + keyed_hash("ratelimit", token)[:40]


def remember(request: HttpRequest, response: HttpResponse, receipt: str, note: dict[str, Any]) -> None:
    """Keep the case for this browser's next GET, with a note of what was just done."""
    token = request.COOKIES.get(COOKIE, "")
    if not _valid(token):
        token = secrets.token_urlsafe(16)
    cache.set(_key(token), encrypt(json.dumps({"receipt": receipt, "note": note})), SHOW_SECONDS)
    response.set_cookie(COOKIE, token, max_age=SHOW_SECONDS, path=COOKIE_PATH, httponly=True,
                        samesite="Strict", secure=settings.SESSION_COOKIE_SECURE)


def recall(request: HttpRequest) -> tuple[str, dict[str, Any]]:
    """The receipt this browser last looked up, and the note (shown once), or ("", {})."""
    token = request.COOKIES.get(COOKIE, "")
    if not _valid(token):
        return "", {}
    value = cache.get(_key(token))
    try:
        kept = json.loads(decrypt(value)) if value else {}
    except (InvalidToken, ValueError):
        return "", {}
    if kept.get("note"):  # shown once; the cookie's own expiry still ends the visit on time
        cache.set(_key(token), encrypt(json.dumps({"receipt": kept["receipt"], "note": {}})), SHOW_SECONDS)
    return str(kept.get("receipt", "")), dict(kept.get("note") or {})


def forget(request: HttpRequest, response: HttpResponse) -> None:
    token = request.COOKIES.get(COOKIE, "")
    if _valid(token):
        cache.delete(_key(token))
    response.delete_cookie(COOKIE, path=COOKIE_PATH)
