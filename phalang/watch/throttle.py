"""Throttling receipt guesses with short-lived counters (no IP address is ever stored).

A client is identified by a keyed hash of its address (web) or of its channel user id (chat),
kept in the cache for the window only. 66-bit receipts are out of reach of guessing anyway;
this stops someone from trying to enumerate them at all.
"""

from __future__ import annotations

from django.core.cache import cache

from phalang.lib.crypto import keyed_hash

WINDOW_SECONDS = 15 * 60
MAX_FAILURES = 10


def _key(client: str) -> str:
    return "rcptfail:" + keyed_hash("ratelimit", client)[:32]


def is_blocked(client: str) -> bool:
    return int(cache.get(_key(client), 0)) >= MAX_FAILURES


def record_failure(client: str) -> None:
    key = _key(client)
    if cache.add(key, 1, WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)


def client_key_for_request(request) -> str:  # type: ignore[no-untyped-def]
    # The address lives only inside this hash, in the cache, for 15 minutes.
    return "ip:" + (request.META.get("REMOTE_ADDR") or "unknown")
