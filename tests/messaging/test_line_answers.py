"""How the outbox reads LINE's answers: a 2xx is a delivery even when its body cannot be parsed,
a reply whose token has expired goes as a push, and the monthly-quota 429 is not retried."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone

from phalang.chat.loops import drain
from phalang.messaging import outbox
from phalang.messaging.models import OutboundMessage
from tests.fakes.line import FakeLineServer

USER = "U" + "ab" * 16
MONTHLY = {"message": "You have reached your monthly limit."}


@pytest.fixture
def line_api(settings, db) -> Iterator[FakeLineServer]:  # type: ignore[no-untyped-def]
    with FakeLineServer() as line:
        settings.LINE_CHANNEL_ACCESS_TOKEN = line.access_token
        settings.LINE_API_BASE = line.url
        settings.LINE_PUSH_ENABLED = True
        yield line


def _queue(kind: str = "push", token: str = "", key: str = "k1") -> OutboundMessage:
    msg = outbox.enqueue("line", kind, [{"text": "พลัง: เรื่องของคุณได้รับการตรวจสอบแล้ว", "quick": []}],
                         key=outbox.idempotency_key(key), address=USER, reply_token=token)
    assert msg is not None
    return msg


def _paths(line: FakeLineServer) -> list[str]:
    return [r.path for r in line.requests]


def test_a_2xx_whose_body_cannot_be_parsed_is_not_sent_again(line_api: FakeLineServer) -> None:
    msg = _queue("reply", token="r" * 32)
    line_api.fail_next(status=200, body=b"<html>ok</html>")  # a proxy's page, not LINE's JSON
    drain()
    msg.refresh_from_db()
    assert msg.state == OutboundMessage.State.SENT
    assert _paths(line_api) == ["/v2/bot/message/reply"]  # once, and no push after it


def test_a_late_reply_goes_as_a_push(line_api: FakeLineServer) -> None:
    msg = _queue("reply", token="t" * 32)
    OutboundMessage.objects.filter(pk=msg.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    drain()
    msg.refresh_from_db()
    assert msg.state == OutboundMessage.State.SENT
    assert _paths(line_api) == ["/v2/bot/message/push"] and line_api.pushes[0]["to"] == USER


def test_the_monthly_quota_429_is_not_retried(line_api: FakeLineServer) -> None:
    quota = _queue(key="quota")
    line_api.fail_next(status=429, body=MONTHLY)
    drain()
    quota.refresh_from_db()
    assert quota.state == OutboundMessage.State.FAILED and quota.attempts == 1
    assert "monthly limit" in quota.last_error


def test_the_rate_limit_429_is_still_retried(line_api: FakeLineServer) -> None:
    rate = _queue(key="rate")
    line_api.fail_next(status=429)
    outbox.send_pending(0.5)
    rate.refresh_from_db()
    # A push carries an X-Line-Retry-Key: it waits, still "sending", to be retried with the same key.
    assert rate.state == OutboundMessage.State.SENDING and rate.attempts == 1
    assert rate.claimed_until is not None and rate.claimed_until > timezone.now()
