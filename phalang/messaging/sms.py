"""SMS gateway client: the shared secret of inbound messages, and a configurable sender.

Inbound (POST /webhooks/sms from an Android SMS-gateway app or a provider): sender, text, time,
and the shared secret. What the text means is the chat's (``phalang.chat.sms``).
"""

from __future__ import annotations

import functools
import hmac
import json
from typing import TYPE_CHECKING, Any

from django.conf import settings

from phalang.lib import phone

if TYPE_CHECKING:
    import urllib3


@functools.cache
def _http() -> urllib3.PoolManager:
    """One pool per process, made on first send (urllib3 is not imported at start-up, issue 19)."""
    import urllib3

    return urllib3.PoolManager(timeout=urllib3.Timeout(connect=5, read=20), retries=False)


class SmsError(Exception):
    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def secret_ok(value: str) -> bool:
    expected = settings.SMS_SHARED_SECRET
    return bool(expected) and bool(value) and hmac.compare_digest(value.encode(), expected.encode())


def send(to: str, text: str) -> None:
    """POST {"to", "text"} to the configured gateway; without one, the message is only recorded."""
    if not settings.SMS_SENDER_URL:
        return
    headers = {"Content-Type": "application/json"}
    if settings.SMS_SENDER_TOKEN:
        headers["Authorization"] = f"Bearer {settings.SMS_SENDER_TOKEN}"
    resp = _http().request("POST", settings.SMS_SENDER_URL, body=json.dumps({"to": to, "text": text}).encode(),
                         headers=headers)
    if resp.status >= 300:
        raise SmsError(f"SMS gateway answered HTTP {resp.status}", resp.status)


def parse_inbound(request_data: dict[str, Any]) -> tuple[str, str, str]:
    sender = str(request_data.get("from") or request_data.get("sender") or "")
    text = str(request_data.get("text") or request_data.get("message") or "")
    sent_at = str(request_data.get("sent_at") or request_data.get("time") or "")
    # One form for a number ("+66 81 ..." and "081 ..." are one sender); a gateway's alphanumeric
    # sender id is kept as it is.
    return phone.normalise(sender) or sender.strip()[:32], text[:1000], sent_at[:40]
