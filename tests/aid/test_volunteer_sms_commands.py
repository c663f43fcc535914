"""Volunteers link their phone and update tasks by SMS: "เชื่อมบัญชี <รหัส>", "งาน <เลข> รับ",
"task <n> done"."""

from __future__ import annotations

from phalang.aid import actions as aid_actions
from phalang.aid.models import State
from tests.chat.helpers import sms_send

PHONE = "+66 89 111 2222"


def test_volunteer_task_updates_by_sms(  # type: ignore[no-untyped-def]
        client, channels, settings, group, coordinator, make_volunteer, file_request) -> None:
    _line, _tg, sms = channels
    settings.SMS_SHARED_SECRET = "sms-secret-aid"
    vol = make_volunteer("somchai")
    sms_send(client, f"เชื่อมบัญชี {aid_actions.new_link_code(vol)}", sender=PHONE)
    assert "เรียบร้อย" in sms.messages[-1]["text"]
    req = file_request(need="food", phone="0812345678")
    [suggestion] = aid_actions.suggest_matches(group, by=coordinator)
    aid_actions.confirm_suggestion(suggestion, by=coordinator)
    sms_send(client, f"งาน {req.pk} รับ", sender=PHONE)
    sms_send(client, f"task {req.pk} done", sender=PHONE)
    req.refresh_from_db()
    assert req.state == State.FULFILLED and "บันทึกแล้ว" in sms.messages[-1]["text"]
