"""Driving the chat as a person would: signed webhooks in, the fakes' transcripts out."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings

from phalang.chat.loops import drain
from tests.fakes import line as fl
from tests.fakes import telegram as ft


def line_event(client: Any, event: dict[str, Any]) -> None:
    body, headers = fl.signed_webhook(settings.LINE_CHANNEL_SECRET, [event])
    assert client.post("/webhooks/line", body, content_type="application/json",
                       HTTP_X_LINE_SIGNATURE=headers["X-Line-Signature"]).status_code == 200
    drain()


def line_send(client: Any, user: str, *, text: str | None = None, data: str | None = None) -> None:
    line_event(client, fl.text_event(text, user=user) if text is not None else fl.postback_event(str(data), user=user))


def line_last(line: Any) -> dict[str, Any]:
    """The last message of the last reply."""
    return dict(line.replies[-1]["messages"][-1])


def line_reply_texts(line: Any) -> list[str]:
    return [m["text"] for m in line.replies[-1]["messages"]]


def postbacks(message: dict[str, Any]) -> list[str]:
    """The postback data of a Flex card's buttons, in order."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            action = node.get("action")
            if isinstance(action, dict) and action.get("type") == "postback":
                found.append(action["data"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(message.get("contents"))
    return found


def quick_data(message: dict[str, Any]) -> list[str]:
    return [i["action"]["data"] for i in (message.get("quickReply") or {}).get("items", [])]


def tg_send(client: Any, chat: int, *, text: str | None = None, data: str | None = None,
            update: dict[str, Any] | None = None) -> None:
    if update is None:
        update = (ft.message_update(text, chat_id=chat) if text is not None
                  else ft.callback_query_update(str(data), chat_id=chat))
    assert client.post("/webhooks/telegram", json.dumps(update), content_type="application/json",
                       HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN=settings.TELEGRAM_SECRET_TOKEN).status_code == 200
    drain()


_sms_clock = [0]


def sms_send(client: Any, text: str, sender: str = "+66812345678") -> None:
    _sms_clock[0] += 1  # a new sending time each: the gateway's retries of one message are dropped
    resp = client.post("/webhooks/sms", {"from": sender, "text": text, "secret": settings.SMS_SHARED_SECRET,
                                         "sent_at": f"2026-12-06T10:{_sms_clock[0] // 60:02d}:{_sms_clock[0] % 60:02d}"})
    assert resp.status_code == 200, resp.content
    drain()
