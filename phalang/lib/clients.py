"""Who is asking: the client's address behind a known number of trusted reverse proxies.

Per-client limits (receipt guesses, "me too", filing, help requests, follows, votes, staff
logins) need the visitor's address, not the proxy's: behind the reverse proxy of docs/deploy.md
every visitor has the proxy's address, and ten wrong receipts from one visitor locked everyone
out (issue 12). ``PHALANG_PROXY_COUNT`` says how many proxies of ours stand in front of the app;
each appends the address it received from to X-Forwarded-For, so the client is the entry that
many places from the right. Entries further left are the client's own claims and are ignored.

The address is used only inside a keyed hash (``client_key``), kept in the cache for the
length of a limit's window; it is never logged or stored with a report.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

from phalang.lib.crypto import keyed_hash


def client_address(request: HttpRequest) -> str:
    remote = str(request.META.get("REMOTE_ADDR") or "")
    count = int(getattr(settings, "PROXY_COUNT", 0) or 0)
    if count <= 0:
        return remote
    forwarded = [p.strip() for p in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if p.strip()]
    if len(forwarded) < count:
        return remote  # not through all our proxies (a health check, a misconfiguration)
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def client_key(request: HttpRequest) -> str:
    """A pseudonym for the client, stable for the deployment, that reveals no address."""
    return "ip:" + keyed_hash("ratelimit", client_address(request) or "unknown")[:32]


def axes_client(request: HttpRequest) -> str:
    """What django-axes counts login failures by, with the username: the same pseudonym, so the
    address reaches neither the cache keys nor the logs."""
    return client_key(request)


def chat_client(user_key: str) -> str:
    """A chat sender (LINE user, Telegram chat, SMS number) as a client of the per-client limits:
    its keyed ``user_key`` (chat/inbox.py), hashed again by the limiter, in the cache only."""
    return "chat:" + user_key if user_key else ""
