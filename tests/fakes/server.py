"""The shared part of the fake APIs: a threaded HTTP server on 127.0.0.1 that records every
request, can be told to fail the next few, and can enforce a rate limit."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, NamedTuple, Self


class Recorded(NamedTuple):
    """One request as the fake received it. Header names are lower-case; `json` is the parsed
    body, or None for an empty or non-JSON body (the raw bytes are in `FakeServer.bodies`)."""

    method: str
    path: str
    headers: dict[str, str]
    json: Any


class Answer(NamedTuple):
    status: int
    body: Any = None  # JSON-serialisable, or bytes sent as they are
    headers: dict[str, str] = {}
    content_type: str = "application/json"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle's algorithm on, a kept-alive connection
    # then waits for the client's delayed ACK (~40 ms) on every answer. Real APIs don't.
    disable_nagle_algorithm = True
    server: _HTTPServer

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        answer = self.server.fake._dispatch(self.command, self.path, headers, body)
        payload = (
            answer.body
            if isinstance(answer.body, bytes)
            else json.dumps({} if answer.body is None else answer.body).encode()
        )
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(payload)))
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = _serve

    def log_message(self, format: str, *args: Any) -> None:
        pass  # tests read .requests instead of stderr


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeServer


class FakeServer:
    """Subclasses implement `route`. Usable as a context manager, or with start() and stop()."""

    def __init__(self, *, rate_limit_per_s: float | None = None) -> None:
        # Requests beyond this many in any one second are answered by `rate_limited()`;
        # answers forced by fail_next() use none of the allowance.
        self.rate_limit_per_s = rate_limit_per_s
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._requests: list[Recorded] = []
        self._bodies: list[bytes] = []
        self._statuses: list[int] = []
        self._failures: deque[Answer] = deque()
        self._recent: deque[float] = deque()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- life cycle -------------------------------------------------------------------------

    def start(self) -> Self:
        httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
        httpd.fake = self
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, name=type(self).__name__,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """Base URL without a trailing slash, e.g. http://127.0.0.1:41234."""
        if self._httpd is None:
            raise RuntimeError(f"{type(self).__name__} is not running")
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    # --- what the test sees ---------------------------------------------------------------------

    @property
    def requests(self) -> list[Recorded]:
        """Every request received, in order, including refused and failed ones."""
        with self._lock:
            return list(self._requests)

    @property
    def bodies(self) -> list[bytes]:
        """The raw body of each request in `requests`."""
        with self._lock:
            return list(self._bodies)

    @property
    def statuses(self) -> list[int]:
        """The status answered to each request in `requests`."""
        with self._lock:
            return list(self._statuses)

    def fail_next(self, n: int = 1, status: int = 500, body: Any = None) -> None:
        """Answer the next `n` requests with `status`, whatever they are: an outage."""
        with self._lock:
            answer = Answer(status, body if body is not None else self.failure_body(status))
            self._failures.extend([answer] * n)

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        """Block until `predicate()` is true, re-checking after each request; AssertionError
        after `timeout` seconds."""
        with self._changed:
            if not self._changed.wait_for(predicate, timeout):
                raise AssertionError(f"{type(self).__name__}: condition not met in {timeout} s; "
                                     f"requests: {[(r.method, r.path) for r in self._requests]}")

    def clear(self) -> None:
        """Forget recorded requests (subclasses also forget what they collected)."""
        with self._lock:
            self._requests.clear()
            self._bodies.clear()
            self._statuses.clear()

    # --- for subclasses ---------------------------------------------------------------------

    def route(self, method: str, path: str, headers: dict[str, str], body: bytes,
              data: Any) -> Answer:
        raise NotImplementedError

    def failure_body(self, status: int) -> Any:
        return {"message": HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_
                else "error"}

    def rate_limited(self) -> Answer:
        return Answer(429, {"message": "Too many requests"})

    def _over_rate_limit(self) -> bool:
        if self.rate_limit_per_s is None:
            return False
        now = time.monotonic()
        while self._recent and now - self._recent[0] >= 1.0:
            self._recent.popleft()
        if len(self._recent) >= self.rate_limit_per_s:
            return True
        self._recent.append(now)
        return False

    def _dispatch(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Answer:
        data: Any = None
        if body and "json" in headers.get("content-type", "application/json"):
            try:
                data = json.loads(body)
            except ValueError:
                data = None
        with self._lock:
            if self._failures:
                answer = self._failures.popleft()
            elif self._over_rate_limit():
                answer = self.rate_limited()
            else:
                try:
                    answer = self.route(method, path, headers, body, data)
                except Exception as error:  # a bug in the fake must show in the test, not hang
                    answer = Answer(500, {"message": f"fake server error: {error!r}"})
            self._requests.append(Recorded(method, path, headers, data))
            self._bodies.append(body)
            self._statuses.append(answer.status)
            self._changed.notify_all()
        return answer
