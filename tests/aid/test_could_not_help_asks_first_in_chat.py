"""Code review: "could not help" (the task fails, the request closes) was confirmed only on the web;
"งาน 12 ไม่สำเร็จ" in the chat or by SMS closed the task at once. The confirmation is now a
parameter of the action (``update_task(..., confirmed=True)``), so every channel asks first."""

from __future__ import annotations

import pytest

from phalang.aid import actions
from phalang.aid.models import HelpRequest, State
from phalang.audit.models import AuditEntry
from tests.chat.helpers import line_send, quick_data, sms_send
from tests.fakes import line as fl


def _accepted(group, coordinator, file_request, vol):  # type: ignore[no-untyped-def]
    req = file_request(need="food", phone="0812345678")
    [suggestion] = actions.suggest_matches(group, by=coordinator)
    actions.confirm_suggestion(suggestion, by=coordinator)
    actions.update_task(req, State.ACCEPTED, by=vol.user)
    req.refresh_from_db()
    return req


def test_the_action_needs_the_confirmation(group, coordinator, make_volunteer, file_request) -> None:  # type: ignore[no-untyped-def]
    vol = make_volunteer()
    req = _accepted(group, coordinator, file_request, vol)
    with pytest.raises(actions.ConfirmFirst):
        actions.update_task(req, State.FAILED, by=vol.user)
    assert HelpRequest.objects.get(pk=req.pk).state == State.ACCEPTED
    assert not AuditEntry.objects.filter(action="aid.request.failed").exists()
    actions.update_task(req, State.FAILED, by=vol.user, confirmed=True, note="น้ำสูงเกินไป")
    assert HelpRequest.objects.get(pk=req.pk).state == State.FAILED
    assert AuditEntry.objects.filter(action="aid.request.failed").exists()


def test_line_asks_before_closing(client, channels, group, coordinator, make_volunteer, file_request) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    vol = make_volunteer("somchai")
    user = fl.user_id()
    line_send(client, user, text=f"เชื่อมบัญชี {actions.new_link_code(vol)}")
    req = _accepted(group, coordinator, file_request, vol)
    line_send(client, user, text=f"งาน {req.pk} ไม่สำเร็จ")
    assert HelpRequest.objects.get(pk=req.pk).state == State.ACCEPTED  # nothing closed yet
    ask = line.replies[-1]["messages"][0]
    assert "ยืนยัน" in ask["text"] and f"task={req.pk}:confirm_failed" in quick_data(ask)
    line_send(client, user, data=f"task={req.pk}:failed")  # the task list's button asks too
    assert HelpRequest.objects.get(pk=req.pk).state == State.ACCEPTED
    line_send(client, user, data=f"task={req.pk}:confirm_failed")
    assert HelpRequest.objects.get(pk=req.pk).state == State.FAILED
    assert "บันทึกแล้ว" in line.replies[-1]["messages"][0]["text"]


def test_sms_asks_before_closing(client, channels, settings, group, coordinator, make_volunteer, file_request) -> None:  # type: ignore[no-untyped-def]
    _line, _tg, sms = channels
    settings.SMS_SHARED_SECRET = "sms-secret-aid"
    phone = "+66 89 111 3333"
    vol = make_volunteer("somsak")
    sms_send(client, f"เชื่อมบัญชี {actions.new_link_code(vol)}", sender=phone)
    req = _accepted(group, coordinator, file_request, vol)
    sms_send(client, f"งาน {req.pk} ไม่สำเร็จ", sender=phone)
    assert HelpRequest.objects.get(pk=req.pk).state == State.ACCEPTED
    ask = sms.messages[-1]["text"]
    assert f"งาน {req.pk} ยืนยันไม่สำเร็จ" in ask and len(ask) <= 70  # what to type, in one SMS
    sms_send(client, f"งาน {req.pk} ยืนยันไม่สำเร็จ", sender=phone)
    assert HelpRequest.objects.get(pk=req.pk).state == State.FAILED
    assert "บันทึกแล้ว" in sms.messages[-1]["text"]
