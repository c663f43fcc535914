from __future__ import annotations

import pytest

from tests.fakes.fixtures import line_server, sms_server, telegram_server  # noqa: F401

LINE_SECRET = "line-channel-secret-for-tests"
TELEGRAM_SECRET = "telegram-secret-for-tests"
SMS_SECRET = "sms-secret-for-tests"


@pytest.fixture
def channels(settings, line_server, telegram_server, sms_server):  # type: ignore[no-untyped-def]  # noqa: F811
    """Point every channel at its fake API server on loopback."""
    settings.LINE_CHANNEL_SECRET = LINE_SECRET
    settings.LINE_CHANNEL_ACCESS_TOKEN = line_server.access_token
    settings.LINE_API_BASE = line_server.url
    settings.LINE_DATA_API_BASE = line_server.url
    settings.TELEGRAM_BOT_TOKEN = telegram_server.token
    settings.TELEGRAM_SECRET_TOKEN = TELEGRAM_SECRET
    settings.TELEGRAM_API_BASE = telegram_server.url
    settings.SMS_SHARED_SECRET = SMS_SECRET
    settings.SMS_SENDER_URL = sms_server.send_url
    settings.SMS_SENDER_TOKEN = sms_server.token
    return line_server, telegram_server, sms_server
