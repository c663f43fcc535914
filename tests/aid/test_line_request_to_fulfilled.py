"""A request from LINE reaches a volunteer and is fulfilled; the requester is told on LINE."""

from __future__ import annotations

from django.db import connection

from phalang.aid import actions, chat
from phalang.aid.models import HelpRequest, State
from phalang.chat.loops import drain
from tests.aid.conftest import PLACE
from tests.fakes import line as fl


def test_line_request_end_to_end(channels, group, coordinator, make_volunteer) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    vol = make_volunteer("somchai", skills=["driver"])
    user = fl.user_id()
    receipt = chat.request_help_from_chat("line", user, {
        "need": "food", "people": 4, "children": True, "answers": {"no_food": True}, "place_text": PLACE,
        "name": "นางสมศรี", "phone": "081-234-5678", "address": "12 หมู่ 3", "consent": True})
    drain()
    assert line.pushes and line.pushes[-1]["to"] == user
    assert "ได้รับคำขอ" in line.texts()[-1]
    req = HelpRequest.objects.get()
    assert req.channel == "line" and req.urgency == 3 and req.state == State.NEW
    assert chat.help_status_text(receipt) is not None and "ใหม่" in chat.help_status_text(receipt)  # type: ignore[operator]

    actions.triage_request(req, by=coordinator)
    [suggestion] = actions.suggest_matches(group, by=coordinator)
    assert suggestion.volunteer == vol
    actions.confirm_suggestion(suggestion, by=coordinator)
    # The volunteer links LINE and works the task from the chat.
    vol_line = fl.user_id()
    code = actions.new_link_code(vol)
    assert "เรียบร้อย" in chat.link_volunteer("line", vol_line, code)
    text = chat.volunteer_tasks_text("line", vol_line)
    assert f"#{req.pk}" in text and "0812345678" not in text  # proposed: no contact until accepted
    assert [s for _label, s in chat.task_actions("line", vol_line, req.pk)] == ["accepted", "decline"]
    for step in ("accepted", "en_route", "fulfilled"):
        assert "บันทึกแล้ว" in chat.update_task_from_chat("line", vol_line, req.pk, step)
        if step == "accepted":
            assert "0812345678" in chat.volunteer_tasks_text("line", vol_line)
    drain()
    req.refresh_from_db()
    assert req.state == State.FULFILLED and req.closed_at and req.first_response_at
    texts = [p["messages"][0]["text"] for p in line.pushes if p["to"] == user]
    assert any("รับเรื่อง" in t for t in texts) and any("กำลังเดินทาง" in t for t in texts)
    assert "เรียบร้อยแล้ว" in texts[-1]
    # A second fulfilment is refused, and the chat says so.
    assert "ไม่ได้" in chat.update_task_from_chat("line", vol_line, req.pk, "fulfilled")
    # No LINE id, phone or name in clear text anywhere, the audit log included.
    with connection.cursor() as cur:
        for table in ("aid_helprequest", "aid_volunteerprofile", "audit_auditentry", "channels_outboundmessage"):
            cur.execute(f"SELECT * FROM {table}")
            rows = repr(cur.fetchall())
            assert user not in rows and "0812345678" not in rows and "สมศรี" not in rows, table


def test_chat_rejects_an_incomplete_draft(group) -> None:  # type: ignore[no-untyped-def]
    import pytest

    with pytest.raises(chat.ChatInvalid) as err:
        chat.request_help_from_chat("line", fl.user_id(), {"need": "food"})
    assert err.value.field == "place"
    assert next(n for n, _ in chat.NEEDS) == "food" and chat.TRIAGE_QUESTIONS[0][0] == "breathing"
