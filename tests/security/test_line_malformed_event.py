"""A correctly signed LINE event with a numeric userId (or other non-string ids) made the worker
fail five times (AttributeError: 'int' object has no attribute 'encode'). Such events are dropped
at parse time, without an error or a retry."""

from __future__ import annotations

import pytest
from django.conf import settings

from phalang.chat.loops import drain
from phalang.chat.models import InboundEvent
from tests.fakes import line as fl

MALFORMED = [
    {"type": "message", "source": {"type": "user", "userId": 12345678901234567890},
     "replyToken": "t1", "message": {"type": "text", "id": "1", "text": "สวัสดี"}},
    {"type": "message", "source": {"type": "user", "userId": ["U1"]}, "replyToken": "t2",
     "message": {"type": "text", "text": "hi"}},
    {"type": "postback", "source": {"type": "user", "userId": {"id": "U1"}}, "replyToken": "t3",
     "postback": {"data": "act=report"}},
    {"type": "message", "source": "U4af4980629", "replyToken": "t4", "message": {"type": "text", "text": "hi"}},
    {"type": "message", "source": {"type": "user", "userId": fl.user_id()}, "replyToken": 99,
     "message": {"type": "text", "text": "hi"}},
]


@pytest.mark.parametrize("event", MALFORMED, ids=range(len(MALFORMED)))
def test_malformed_line_event_does_not_fail_the_worker(client, db, channels, event) -> None:  # type: ignore[no-untyped-def]
    body, headers = fl.signed_webhook(settings.LINE_CHANNEL_SECRET, [event])
    resp = client.post("/webhooks/line", body, content_type="application/json",
                       HTTP_X_LINE_SIGNATURE=headers["X-Line-Signature"])
    assert resp.status_code in (200, 400), resp.status_code
    drain()
    assert not InboundEvent.objects.filter(processed_at__isnull=True).exists()
    assert list(InboundEvent.objects.exclude(error="").values_list("error", flat=True)) == []
