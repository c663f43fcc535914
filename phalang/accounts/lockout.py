"""Login throttling that a stranger cannot turn against staff (issue 12).

django-axes counts failures per username *and* client (lib/clients.py: the address behind our
trusted proxies, as a keyed pseudonym), in the cache only. A stranger who knows a moderator's
username locks out only themselves; the moderator, from their own phone, still logs in. Each
failure beyond the limit doubles the cool-off, from 15 minutes up to a day, so guessing from one
client gets slower and slower (NIST SP 800-63B 5.2.2 allows at most 100 failures per account).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest

MAX_COOL_OFF = timedelta(days=1)


def cool_off(request: HttpRequest | None = None) -> timedelta:
    base = timedelta(minutes=settings.PHALANG_LOGIN_COOLOFF_MINUTES)
    if request is None:
        return base
    from axes.helpers import get_client_cache_keys
    from django.core.cache import caches

    username = request.POST.get("username") if request.method == "POST" else None
    if not username:
        return base
    cache = caches[getattr(settings, "AXES_CACHE", "default")]
    failures = max([int(cache.get(k) or 0) for k in get_client_cache_keys(request, {"username": username})]
                   or [0])
    beyond = max(0, failures + 1 - settings.AXES_FAILURE_LIMIT)
    return min(base * (2 ** min(beyond, 10)), MAX_COOL_OFF)
