"""Each chat platform is welcomed in its own words: "เพิ่มเพื่อน" (adding a friend) is LINE's;
Telegram's /start said it too."""

from __future__ import annotations

from tests.chat.helpers import line_event, tg_send
from tests.fakes import line as fl


def test_telegram_start_does_not_speak_of_adding_a_friend(client, db, channels) -> None:  # type: ignore[no-untyped-def]
    line, tg, _sms = channels
    tg_send(client, 5550123, text="/start")
    [welcome] = tg.texts(5550123)
    assert "เพิ่มเพื่อน" not in welcome and "ยินดีต้อนรับ" in welcome
    line_event(client, fl.follow_event(user=fl.user_id()) if hasattr(fl, "follow_event")
               else {"type": "follow", "source": {"type": "user", "userId": fl.user_id()}, "replyToken": "r1",
                     "webhookEventId": "follow-1", "timestamp": 0, "mode": "active"})
    assert "ขอบคุณที่เพิ่มเพื่อน" in line.replies[-1]["messages"][0]["text"]
