from __future__ import annotations

import pytest

from tests.fakes.fixtures import line_server, sms_server, telegram_server  # noqa: F401

TELEGRAM_SECRET = "telegram-secret-for-tests"


@pytest.fixture
def channels(settings, line_server, telegram_server, sms_server):  # type: ignore[no-untyped-def]  # noqa: F811
    """Point every channel at its fake API server on loopback, with LINE push paid for."""
    settings.LINE_CHANNEL_SECRET = "line-channel-secret-for-tests"
    settings.LINE_CHANNEL_ACCESS_TOKEN = line_server.access_token
    settings.LINE_API_BASE = line_server.url
    settings.LINE_DATA_API_BASE = line_server.url
    settings.LINE_PUSH_ENABLED = True
    settings.TELEGRAM_BOT_TOKEN = telegram_server.token
    settings.TELEGRAM_SECRET_TOKEN = TELEGRAM_SECRET
    settings.TELEGRAM_API_BASE = telegram_server.url
    settings.SMS_SENDER_URL = sms_server.send_url
    settings.SMS_SENDER_TOKEN = sms_server.token
    return line_server, telegram_server, sms_server


@pytest.fixture
def watchdog(make_org):  # type: ignore[no-untyped-def]
    return make_org("watchdog", "civil_society")


@pytest.fixture
def admin_of(make_user):  # type: ignore[no-untyped-def]
    """A user holding the admin role (every coalition permission) in the given organisation."""
    def make(org, username: str = "coordinator"):  # type: ignore[no-untyped-def]
        return make_user(username, org=org, role="admin")

    return make


@pytest.fixture
def api_client():  # type: ignore[no-untyped-def]
    """The coalition router mounted on its own NinjaAPI, as the lead mounts it at /api/v1/coalition."""
    from ninja import NinjaAPI
    from ninja.testing import TestClient

    from phalang.coalition.api import router

    api = NinjaAPI(urls_namespace="coalition-test-api")
    api.add_router("/coalition", router)
    return TestClient(api)
