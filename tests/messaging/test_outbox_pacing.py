"""The outbox sends at the configured platform rate, and waits as long as a 429 says."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import timezone

from phalang.chat.loops import drain
from phalang.messaging import outbox
from phalang.messaging.models import OutboundMessage
from tests.fakes.telegram import FakeTelegramServer


@pytest.fixture
def limited_telegram(settings) -> Iterator[FakeTelegramServer]:  # type: ignore[no-untyped-def]
    # The fake refuses a 26th request within any one second; the outbox is set to 20 per second.
    with FakeTelegramServer(rate_limit_per_s=25) as tg:
        settings.TELEGRAM_BOT_TOKEN = tg.token
        settings.TELEGRAM_API_BASE = tg.url
        settings.OUTBOX_RATES = {"telegram": 20}
        yield tg


def _queue(n: int) -> None:
    for i in range(n):
        outbox.enqueue("telegram", "push", [{"text": f"ข่าว {i}"}], key=outbox.idempotency_key("pace", i),
                       address=str(800_000 + i))


@pytest.mark.django_db
def test_sending_keeps_to_the_configured_rate(limited_telegram) -> None:  # type: ignore[no-untyped-def]
    _queue(45)
    drain()
    assert sorted(m["chat_id"] for m in limited_telegram.messages) == [str(800_000 + i) for i in range(45)]
    assert set(limited_telegram.statuses) == {200}  # never over the platform's limit


@pytest.mark.django_db
def test_a_429_is_retried_no_sooner_than_retry_after(limited_telegram) -> None:  # type: ignore[no-untyped-def]
    _queue(1)
    limited_telegram.fail_next(1, 429, {"ok": False, "error_code": 429, "description": "Too Many Requests: "
                                        "retry after 7", "parameters": {"retry_after": 7}})
    before = timezone.now()
    assert outbox.send_pending() == 0
    msg = OutboundMessage.objects.get()
    assert msg.state == "pending" and msg.attempts == 1 and "429" in msg.last_error
    assert (msg.next_attempt_at - before).total_seconds() >= 7
    assert outbox.send_pending() == 0  # not due yet: nothing is sent
    assert len(limited_telegram.requests) == 1
