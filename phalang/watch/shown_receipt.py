"""Showing a new receipt without losing it or filing twice (post/redirect/get on the web form).

The form carries a one-time token. Sending it files at most one report: a second POST with the
same token (Back and send again, a double tap) files nothing and leads to the same receipt. The
receipt waits, encrypted, in the cache for ``SHOW_SECONDS`` under that token, and the browser that
filed it holds the token in a cookie limited to the receipt page, so a reload shows it again and
no other browser can. No session is created: an anonymous citizen leaves no row behind.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from phalang.lib.crypto import InvalidToken, decrypt, encrypt, keyed_hash

COOKIE = "phalang_receipt"
COOKIE_PATH = "/report/received/"
# Long enough to write the receipt down, short enough that a shared phone's history soon
# leads nowhere; "I have saved it" forgets it at once.
SHOW_SECONDS = 10 * 60


def new_token() -> str:
    return secrets.token_urlsafe(16)


def _valid(token: str) -> bool:
    return 16 <= len(token) <= 64 and token.replace("-", "").replace("_", "").isalnum()


def _key(kind: str, token: str) -> str:
    return f"{kind}:" + keyed_hash("ratelimit", token)[:40]


def claim(token: str) -> bool:
    """True for the first POST with this token; False if it was sent before (or is being filed)."""
    if not _valid(token):
        return True  # no token (an old page, a script): file as before
    return bool(cache.add(_key("report-once", token), 1, SHOW_SECONDS))


def release(token: str) -> None:
    """The form was refused: the same token may be sent again once corrected."""
    if _valid(token):
        cache.delete(_key("report-once", token))


def keep(response: HttpResponse, token: str, receipt: str) -> None:
    if not _valid(token):
        token = new_token()
    cache.set(_key("receipt-shown", token), encrypt(receipt), SHOW_SECONDS)
    set_cookie(response, token)


def set_cookie(response: HttpResponse, token: str) -> None:
    if _valid(token):
        response.set_cookie(COOKIE, token, max_age=SHOW_SECONDS, path=COOKIE_PATH, httponly=True,
                            samesite="Strict", secure=settings.SESSION_COOKIE_SECURE)


def current(request: HttpRequest) -> str:
    token = request.COOKIES.get(COOKIE, "")
    if not _valid(token):
        return ""
    value = cache.get(_key("receipt-shown", token))
    try:
        return decrypt(value) if value else ""
    except InvalidToken:
        return ""


def forget(request: HttpRequest, response: HttpResponse) -> None:
    token = request.COOKIES.get(COOKIE, "")
    if _valid(token):
        cache.delete(_key("receipt-shown", token))
    response.delete_cookie(COOKIE, path=COOKIE_PATH)
