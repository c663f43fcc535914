"""Throttling receipt guesses with short-lived counters (no IP address is ever stored).

Two counters, both in the cache for the window only, under keyed hashes:

* per client: the address behind our trusted proxies (lib/clients.py) on the web and the API,
  the channel user on LINE, Telegram and SMS. Ten wrong receipts, then 15 minutes' wait.
* per receipt: wrong receipts that share their first 16 digits with the one tried. Someone who
  saw most of a receipt over a shoulder cannot try the remaining 10,000 endings from many
  addresses; a reporter who mistypes a digit or two is far inside the limit.

66-bit receipts are out of reach of blind guessing anyway; this stops enumeration at all.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest

from phalang.lib.clients import client_key
from phalang.lib.crypto import keyed_hash
from phalang.watch import receipts

WINDOW_SECONDS = 15 * 60
MAX_FAILURES = 10
MAX_FAILURES_PER_RECEIPT = 30
NEIGHBOURHOOD_DIGITS = 16


def _key(client: str) -> str:
    return "rcptfail:" + keyed_hash("ratelimit", client)[:32]


def _receipt_key(receipt: str | None) -> str | None:
    digits = receipts.normalize(receipt or "")
    if digits is None:
        return None
    return "rcptnear:" + keyed_hash("ratelimit", digits[:NEIGHBOURHOOD_DIGITS])[:32]


def is_blocked(client: str, receipt: str | None = None) -> bool:
    if int(cache.get(_key(client), 0)) >= MAX_FAILURES:
        return True
    near = _receipt_key(receipt)
    return near is not None and int(cache.get(near, 0)) >= MAX_FAILURES_PER_RECEIPT


def _count(key: str) -> None:
    if cache.add(key, 1, WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)


def record_failure(client: str, receipt: str | None = None) -> None:
    _count(_key(client))
    near = _receipt_key(receipt)
    if near is not None:
        _count(near)


def client_key_for_request(request: HttpRequest) -> str:
    # The address lives only inside this hash, in the cache, for 15 minutes.
    return client_key(request)
