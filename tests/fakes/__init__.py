"""Fake LINE, Telegram and SMS-gateway APIs on loopback, for tests that drive the real clients.

    with FakeLineServer(access_token="t") as line:
        ...  # point PHALANG_LINE_API_BASE and PHALANG_LINE_DATA_API_BASE at line.url

Pytest fixtures for all three are in `tests.fakes.fixtures`.
"""

from tests.fakes.line import FakeLineServer, line_signature
from tests.fakes.server import FakeServer, Recorded
from tests.fakes.sms import FakeSmsServer
from tests.fakes.telegram import FakeTelegramServer

__all__ = [
    "FakeLineServer",
    "FakeServer",
    "FakeSmsServer",
    "FakeTelegramServer",
    "Recorded",
    "line_signature",
]
