"""A short-lived code that opens a case in LINE or Telegram from the web status page.

The page's "send in LINE" link (messaging/links.py) carries "ติดตาม <code>", never the receipt:
a receipt must stay out of web addresses, histories and logs, and a link opened on line.me is one.
The code is random (72 bits), kept only as a keyed hash in the cache, and works for 15 minutes;
sent in the chat it shows the case's status there, as typing the receipt would.
"""

from __future__ import annotations

import secrets

from django.core.cache import cache

from phalang.lib.crypto import keyed_hash
from phalang.watch.models import Report

TTL_SECONDS = 15 * 60


def _key(code: str) -> str:
    return "watch:chatlink:" + keyed_hash("channel", f"chatlink:{code}")


def new_code(report: Report) -> str:
    code = secrets.token_urlsafe(9)  # 12 characters of A-Z a-z 0-9 _ -: fits a Telegram start payload
    cache.set(_key(code), report.pk, TTL_SECONDS)
    return code


def report_for(code: str) -> Report | None:
    if not 8 <= len(code) <= 32:
        return None
    pk = cache.get(_key(code))
    return Report.objects.filter(pk=pk).first() if pk is not None else None
