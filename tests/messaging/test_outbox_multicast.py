"""Bulk LINE messages with the same content go as multicasts of up to 500, each with its own
X-Line-Retry-Key; a multicast left in flight by a dead sender is retried with the same key."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone

from phalang.chat.loops import drain
from phalang.lib.crypto import encrypt
from phalang.messaging.models import OutboundMessage
from tests.fakes.line import FakeLineServer


@pytest.fixture
def line_api(settings) -> Iterator[FakeLineServer]:  # type: ignore[no-untyped-def]
    with FakeLineServer() as line:
        settings.LINE_CHANNEL_ACCESS_TOKEN = line.access_token
        settings.LINE_API_BASE = line.url
        settings.LINE_PUSH_ENABLED = True
        settings.OUTBOX_RATES = {"line": 1e6, "line_multicast": 1e6}
        yield line


def _bulk(n: int, text: str = "ประกาศ") -> list[str]:
    users = [f"U{i:032x}" for i in range(n)]
    OutboundMessage.objects.bulk_create([
        OutboundMessage(channel="line", kind="bc:1", bulk=True, address_enc=encrypt(u, "channel"),
                        payload={"replies": [{"text": text}]}, idempotency_key=f"bc:1:{i}",
                        next_attempt_at=timezone.now()) for i, u in enumerate(users)])
    return users


@pytest.mark.django_db
def test_same_content_goes_as_multicasts_of_500(line_api) -> None:  # type: ignore[no-untyped-def]
    users = _bulk(1200)
    drain()
    assert [len(m["to"]) for m in line_api.multicasts] == [500, 500, 200]
    assert sorted(line_api.recipients()) == users
    keys = [r.headers["x-line-retry-key"] for r in line_api.requests]
    assert len(set(keys)) == 3 and all(str(uuid.UUID(k)) == k for k in keys)
    assert OutboundMessage.objects.filter(state="sent").count() == 1200


@pytest.mark.django_db
def test_a_multicast_in_flight_at_a_crash_is_sent_once(line_api) -> None:  # type: ignore[no-untyped-def]
    users = _bulk(300)
    drain()
    # As a sender that died after LINE accepted the request, before it wrote so, leaves it:
    key = line_api.requests[0].headers["x-line-retry-key"]
    # (a message keeps its body until it is recorded as sent)
    OutboundMessage.objects.update(state="sending", batch_key=key, claimed_until=timezone.now() - timedelta(seconds=1),
                                   address_enc=encrypt(users[0], "channel"), payload={"replies": [{"text": "ประกาศ"}]})
    drain()
    assert line_api.statuses == [200, 409]
    assert line_api.requests[1].headers["x-line-retry-key"] == key
    assert len(line_api.recipients()) == 300  # nobody twice
    assert OutboundMessage.objects.filter(state="sent", in_doubt=False).count() == 300
