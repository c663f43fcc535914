"""Blocking the bot is an opt-out: LINE's `unfollow` event and Telegram's `my_chat_member`
"kicked" update unsubscribe that person on every channel, with a consent record, and no reply is
sent to the blocked chat. Deliveries are counted at the fake servers."""

from __future__ import annotations

import json

from phalang.chat.loops import drain
from phalang.coalition import actions
from phalang.coalition.models import ConsentRecord
from tests.coalition.conftest import TELEGRAM_SECRET
from tests.coalition.test_chat_rsvp import LINE_SECRET
from tests.coalition.test_chat_subscribe import broadcast, pushed_to, tg_to
from tests.fakes import line as fl


def _post_line(client, event) -> None:  # type: ignore[no-untyped-def]
    body, headers = fl.signed_webhook(LINE_SECRET, [event])
    assert client.post("/webhooks/line", body, content_type="application/json",
                       HTTP_X_LINE_SIGNATURE=headers["X-Line-Signature"]).status_code == 200
    drain()


def test_line_unfollow_unsubscribes_on_every_channel(client, watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    line, tg, _sms = channels
    user = fl.user_id()
    sub = actions.subscribe("line", user)
    actions.add_address(sub, "telegram", "70001")
    other = fl.user_id()
    actions.subscribe("line", other)
    broadcast(watchdog, "ก่อนบล็อก")
    assert pushed_to(line, user) == ["ก่อนบล็อก"] and tg_to(tg, 70001) == ["ก่อนบล็อก"]
    replies_before = len(line.replies)

    _post_line(client, {"type": "unfollow", "mode": "active", "timestamp": 1, "webhookEventId": fl.user_id(),
                        "deliveryContext": {"isRedelivery": False}, "source": {"type": "user", "userId": user}})
    sub.refresh_from_db()
    assert not sub.active
    assert ConsentRecord.objects.filter(subscriber=sub, action="opt_out", channel="line").count() == 1
    assert len(line.replies) == replies_before  # nothing is sent back to a chat that blocked us

    broadcast(watchdog, "หลังบล็อก")
    assert pushed_to(line, user) == ["ก่อนบล็อก"] and tg_to(tg, 70001) == ["ก่อนบล็อก"]
    assert pushed_to(line, other) == sorted(["ก่อนบล็อก", "หลังบล็อก"])


def test_telegram_block_unsubscribes_and_other_member_updates_do_not(client, watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    _line, tg, _sms = channels
    sub = actions.subscribe("telegram", "70002")

    def member_update(update_id: int, status: str, chat_type: str = "private") -> None:
        update = {"update_id": update_id, "my_chat_member": {
            "chat": {"id": 70002, "type": chat_type}, "from": {"id": 70002, "is_bot": False, "first_name": "x"},
            "date": 1, "old_chat_member": {"status": "member", "user": {"id": 1, "is_bot": True, "first_name": "b"}},
            "new_chat_member": {"status": status, "user": {"id": 1, "is_bot": True, "first_name": "b"}}}}
        assert client.post("/webhooks/telegram", json.dumps(update), content_type="application/json",
                           HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN=TELEGRAM_SECRET).status_code == 200
        drain()

    member_update(501, "member")           # unblocking, or being added: not an opt-out
    member_update(502, "kicked", "group")  # removed from a group: not this person's opt-out
    sub.refresh_from_db()
    assert sub.active
    member_update(503, "kicked")
    sub.refresh_from_db()
    assert not sub.active
    assert ConsentRecord.objects.filter(subscriber=sub, action="opt_out", channel="telegram").count() == 1
    broadcast(watchdog, "หลังบล็อก")
    assert tg_to(tg, 70002) == []
