"""Showing a new receipt without losing it or filing twice (post/redirect/get on a web form).

Used by Watch's report form (``/report/received/``) and Mutual aid's help-request form
(``/aid/received/``): each makes one ``ShownReceipt`` with its own cookie and page.

The form carries a one-time token. Sending it files at most once: a second POST with the same
token (Back and send again, a double tap) files nothing and leads to the same receipt. The
receipt waits, encrypted, in the cache for ``SHOW_SECONDS`` under that token, and the browser that
filed it holds the token in a cookie limited to the receipt page, so a reload shows it again and
no other browser can. No session is created: an anonymous citizen leaves no row behind.

A double tap while the server is slow: the browser drops the first POST's answer and follows the
second's, which arrives before the first has filed. ``pending`` tells the receipt page that this
browser's token is being filed right now, so the page can say so and reload itself until the
receipt is there (for ``FILING_SECONDS`` at most: a filing that crashed leaves its claim behind).
"""

from __future__ import annotations

import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from phalang.lib.crypto import InvalidToken, decrypt, encrypt, keyed_hash

# Long enough to write the receipt down, short enough that a shared phone's history soon
# leads nowhere; "I have saved it" forgets it at once.
SHOW_SECONDS = 10 * 60
# How long a receipt page waits for a filing in progress (evidence files are checked and
# re-encoded while filing, which can take a while on a busy server).
FILING_SECONDS = 2 * 60


def new_token() -> str:
    return secrets.token_urlsafe(16)


def _valid(token: str) -> bool:
    return 16 <= len(token) <= 64 and token.replace("-", "").replace("_", "").isalnum()


class SeeOther(HttpResponseRedirect):
    # 303: the browser follows with a GET, so a reload never sends the form again.
    status_code = 303


class ShownReceipt:
    """One form's receipt page: ``scope`` names its cache keys, ``cookie`` and ``path`` its cookie."""

    def __init__(self, scope: str, *, cookie: str, path: str) -> None:
        self.scope, self.cookie, self.path = scope, cookie, path

    def _key(self, kind: str, token: str) -> str:
        return f"{self.scope}-{kind}:" + keyed_hash("ratelimit", token)[:40]

    new_token = staticmethod(new_token)

    def claim(self, token: str) -> bool:
        """True for the first POST with this token; False if it was sent before (or is being filed)."""
        if not _valid(token):
            return True  # no token (an old page, a script): file as before
        return bool(cache.add(self._key("once", token), int(time.time()), SHOW_SECONDS))

    def release(self, token: str) -> None:
        """The form was refused: the same token may be sent again once corrected."""
        if _valid(token):
            cache.delete(self._key("once", token))

    def keep(self, response: HttpResponse, token: str, receipt: str) -> None:
        if not _valid(token):
            token = new_token()
        cache.set(self._key("shown", token), encrypt(receipt), SHOW_SECONDS)
        self.set_cookie(response, token)

    def set_cookie(self, response: HttpResponse, token: str) -> None:
        if _valid(token):
            response.set_cookie(self.cookie, token, max_age=SHOW_SECONDS, path=self.path, httponly=True,
                                samesite="Strict", secure=settings.SESSION_COOKIE_SECURE)

    def current(self, request: HttpRequest) -> str:
        token = request.COOKIES.get(self.cookie, "")
        if not _valid(token):
            return ""
        value = cache.get(self._key("shown", token))
        try:
            return decrypt(value) if value else ""
        except InvalidToken:
            return ""

    def pending(self, request: HttpRequest) -> bool:
        """This browser's token was sent and is being filed (no receipt kept for it yet)."""
        token = request.COOKIES.get(self.cookie, "")
        if not _valid(token) or cache.get(self._key("shown", token)) is not None:
            return False
        started = cache.get(self._key("once", token))
        return isinstance(started, int) and 0 <= time.time() - started < FILING_SECONDS

    def forget(self, request: HttpRequest, response: HttpResponse) -> None:
        token = request.COOKIES.get(self.cookie, "")
        if _valid(token):
            cache.delete(self._key("shown", token))
        response.delete_cookie(self.cookie, path=self.path)

    def see_receipt(self, token: str = "") -> HttpResponse:
        """A 303 to the receipt page; with ``token``, this browser may see that token's receipt."""
        response = SeeOther(self.path)
        self.set_cookie(response, token)
        return response
