""""Do you still need help?" is answered in the chat, with its buttons or by typing."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from phalang.aid import actions, chat
from phalang.aid.models import HelpRequest, State
from tests.aid.conftest import PLACE
from tests.chat.helpers import line_send, quick_data
from tests.fakes import line as fl


def _asked(channels, group) -> tuple[str, HelpRequest]:  # type: ignore[no-untyped-def]
    user = fl.user_id()
    chat.request_help_from_chat("line", user, {"need": "food", "people": 2, "place_text": PLACE,
                                               "address": PLACE, "phone": "0812345678", "consent": True})
    req = HelpRequest.objects.get()
    HelpRequest.objects.filter(pk=req.pk).update(created_at=timezone.now() - timedelta(hours=13))
    assert actions.send_checkins() == (1, 0)
    return user, req


def test_the_buttons_answer_the_check_in(client, channels, group) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    user, req = _asked(channels, group)
    line_send(client, fl.user_id(), text="สวัสดี")  # the worker runs: the question goes out
    [question] = [p["messages"][0] for p in line.pushes if p["to"] == user and "ยังต้องการ" in p["messages"][0]["text"]]
    assert quick_data(question) == ["checkin=yes", "checkin=no"]
    line_send(client, user, data="checkin=no")
    req.refresh_from_db()
    assert req.state != State.CANCELLED  # one tap cancels nothing: it asks first (user trial, issue 15)
    confirm = line.replies[-1]["messages"][0]
    assert "ยืนยันยกเลิกคำขอ?" in confirm["text"] and quick_data(confirm) == ["checkin=cancel", "checkin=yes"]
    line_send(client, user, data="checkin=cancel")
    req.refresh_from_db()
    assert req.state == State.CANCELLED
    assert "ปิดคำขอแล้ว" in line.replies[-1]["messages"][0]["text"]
