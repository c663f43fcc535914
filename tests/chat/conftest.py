"""The chat's tests run against the fake LINE, Telegram and SMS servers (tests/fakes)."""

from __future__ import annotations

from tests.fakes.fixtures import line_server, sms_server, telegram_server  # noqa: F401
from tests.watch.conftest import channels  # noqa: F401
