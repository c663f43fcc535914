"""Short-lived counters in the cache: how many times a client did something in a window.

Keys are keyed hashes (lib/clients.py), so the cache holds no address, and counters vanish with
their window. Each limit is named in ``LIMITS`` with its count and window, overridable with
``PHALANG_LIMITS`` (e.g. ``report=20/3600``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from phalang.lib.crypto import keyed_hash


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


# Generous for people, tight for scripts: a family filing a few reports or help requests from
# one phone or one carrier address (carrier-grade NAT) stays well inside them.
LIMITS: dict[str, Limit] = {
    "report": Limit(10, 3600),        # reports filed per client an hour (web, API)
    "report_app": Limit(100, 3600),   # reports filed through one Open311 app an hour, all its devices
    "help_request": Limit(10, 3600),  # help requests per client an hour
    "follow": Limit(20, 3600),        # campaign follows per client an hour
    "rsvp": Limit(20, 3600),          # web event sign-ups per client an hour (each messages an address)
    "vote": Limit(600, 3600),         # opinion votes per client an hour (a long conversation is ~100)
}


class RateLimited(Exception):
    """Too many of one thing from one client; the messages say when to come back."""

    def __init__(self, what: str, limit: Limit, first: bool = True) -> None:
        minutes = max(1, limit.seconds // 60)
        self.what, self.limit = what, limit
        # The first refusal of the window: a channel that pays per message (SMS) answers only
        # this one, so a flood costs one refusal, not one per message.
        self.first = first
        self.message_th = f"ส่งบ่อยเกินไปจากเครื่องนี้ กรุณารอ {minutes} นาทีแล้วลองใหม่"
        self.message_en = f"Too many requests from this device; wait {minutes} minutes and try again."
        # For a chat sender (LINE, Telegram, SMS), counted per account or phone number.
        self.chat_message_th = (f"ส่งจากบัญชีนี้บ่อยเกินไป (ได้ไม่เกิน {limit.count} ครั้งใน {minutes} นาที) "
                                f"กรุณารอ {minutes} นาทีแล้วลองใหม่")
        super().__init__(self.message_en)

    def message(self, language: str = "th") -> str:
        return self.message_en if language == "en" else self.message_th


def limit_for(what: str) -> Limit:
    override = str(getattr(settings, "PHALANG_LIMITS", {}).get(what) or "")
    if override:
        count, _, seconds = override.partition("/")
        return Limit(int(count), int(seconds or 3600))
    return LIMITS[what]


def _key(what: str, client: str) -> str:
    return f"rl:{what}:" + keyed_hash("ratelimit", client)[:32]


def hit(what: str, client: str) -> None:
    """Count one ``what`` by ``client``; raise RateLimited once the window's count is used up.
    An empty client (an internal caller, a test of the action alone) is not limited."""
    if not client:
        return
    limit = limit_for(what)
    key = _key(what, client)
    if cache.add(key, 1, limit.seconds):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, limit.seconds)
            count = 1
    if count > limit.count:
        raise RateLimited(what, limit, first=count == limit.count + 1)
