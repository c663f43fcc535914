"""Volunteers accept, decline and finish tasks in the chat: with the buttons of the task message,
or with the typed commands the help teaches ("งาน 12 รับ", "งาน 12 ไม่รับ", "งาน 12 เสร็จ")."""

from __future__ import annotations

from phalang.aid import actions
from phalang.aid.models import State
from tests.chat.helpers import line_send, postbacks, quick_data
from tests.fakes import line as fl


def _linked(channels, make_volunteer, client, name: str):  # type: ignore[no-untyped-def]
    vol = make_volunteer(name)
    user = fl.user_id()
    line_send(client, user, text=f"เชื่อมบัญชี {actions.new_link_code(vol)}")
    return vol, user


def _matched(group, coordinator, file_request):  # type: ignore[no-untyped-def]
    req = file_request(need="food", phone="0812345678")
    [suggestion] = actions.suggest_matches(group, by=coordinator)
    actions.confirm_suggestion(suggestion, by=coordinator)
    req.refresh_from_db()
    return req


def test_buttons_accept_and_typed_commands_finish(  # type: ignore[no-untyped-def]
        client, channels, group, coordinator, make_volunteer, file_request) -> None:
    line, _tg, _sms = channels
    _vol, user = _linked(channels, make_volunteer, client, "somchai")
    req = _matched(group, coordinator, file_request)
    line_send(client, fl.user_id(), text="สวัสดี")  # the worker runs: the task message goes out
    task_push = [p for p in line.pushes if p["to"] == user][-1]["messages"][0]
    assert task_push["type"] == "flex" and f"#{req.pk}" in task_push["altText"]  # a task card
    assert postbacks(task_push) == [f"task={req.pk}:accepted", f"task={req.pk}:decline"]

    line_send(client, user, data=f"task={req.pk}:accepted")  # the button
    req.refresh_from_db()
    assert req.state == State.ACCEPTED
    line_send(client, user, text=f"งาน {req.pk} กำลังไป")
    line_send(client, user, text=f"งาน {req.pk} เสร็จ")  # what the help teaches
    req.refresh_from_db()
    assert req.state == State.FULFILLED
    assert "บันทึกแล้ว" in line.replies[-1]["messages"][0]["text"]


def test_decline_in_thai_and_the_task_list_has_buttons(  # type: ignore[no-untyped-def]
        client, channels, group, coordinator, make_volunteer, file_request) -> None:
    line, _tg, _sms = channels
    _vol, user = _linked(channels, make_volunteer, client, "somsak")
    req = _matched(group, coordinator, file_request)
    line_send(client, user, text="งานของฉัน")
    listing = line.replies[-1]["messages"][0]
    assert f"งาน {req.pk} เสร็จ" in listing["text"]
    assert f"task={req.pk}:accepted" in quick_data(listing) and f"task={req.pk}:decline" in quick_data(listing)
    line_send(client, user, text=f"งาน {req.pk} ไม่รับ")
    req.refresh_from_db()
    assert req.volunteer is None or req.state != State.MATCHED  # declined: back to the queue
    assert "ปฏิเสธ" in line.replies[-1]["messages"][0]["text"]
