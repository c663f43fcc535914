"""A fake SMS gateway: POST {"to": ..., "text": ...} JSON with a bearer token, to any path.

Answers 202 {"id": ..., "status": "queued"}; 401 for a wrong token; 400 when `to` or `text` is
missing. `.messages` holds the accepted {"to", "text"} bodies.
"""

from __future__ import annotations

import secrets
from typing import Any

from tests.fakes.server import Answer, FakeServer


class FakeSmsServer(FakeServer):
    def __init__(self, token: str = "test-sms-token", *,
                 rate_limit_per_s: float | None = None) -> None:
        super().__init__(rate_limit_per_s=rate_limit_per_s)
        self.token = token
        self._messages: list[dict[str, Any]] = []

    @property
    def send_url(self) -> str:
        return self.url + "/send"

    @property
    def messages(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._messages)

    def clear(self) -> None:
        with self._lock:
            super().clear()
            self._messages.clear()

    def route(self, method: str, path: str, headers: dict[str, str], body: bytes,
              data: Any) -> Answer:
        if headers.get("authorization") != f"Bearer {self.token}":
            return Answer(401, {"error": "unauthorized"})
        if method != "POST":
            return Answer(405, {"error": "method not allowed"})
        if not isinstance(data, dict):
            return Answer(400, {"error": "body must be a JSON object"})
        missing = [f for f in ("to", "text") if not isinstance(data.get(f), str) or not data[f]]
        if missing:
            return Answer(400, {"error": f"missing {', '.join(missing)}"})
        self._messages.append(data)
        return Answer(202, {"id": secrets.token_hex(8), "status": "queued"})
