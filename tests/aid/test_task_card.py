"""A volunteer's new task: on LINE a Flex card (the need, the area, how many people; accept and
decline buttons as postbacks the aid flow handles), on Telegram an inline keyboard, by SMS one
short message with the command to answer. Nobody's name, phone or address is in it."""

from __future__ import annotations

import json

from phalang.aid import actions
from phalang.aid.models import State
from phalang.chat.loops import drain
from tests.chat.helpers import line_send, postbacks, sms_send, tg_send
from tests.fakes import line as fl

PHONE = "0812345678"
NAME = "คุณลับเฉพาะ"
ADDRESS = "บ้านเลขที่ 99/1 ซอยลับ"


def _match(group, coordinator, file_request):  # type: ignore[no-untyped-def]
    req = file_request(need="food", phone=PHONE, name=NAME, address=ADDRESS, consent_share=True)
    [suggestion] = actions.suggest_matches(group, by=coordinator)
    actions.confirm_suggestion(suggestion, by=coordinator)
    drain()
    req.refresh_from_db()
    return req


def test_the_line_task_card_declines_with_its_button(  # type: ignore[no-untyped-def]
        client, channels, group, coordinator, make_volunteer, file_request) -> None:
    line, _tg, _sms = channels
    vol, user = make_volunteer("somchai"), fl.user_id()
    line_send(client, user, text=f"เชื่อมบัญชี {actions.new_link_code(vol)}")
    req = _match(group, coordinator, file_request)
    card = [p for p in line.pushes if p["to"] == user][-1]["messages"][0]
    assert card["type"] == "flex"
    shown = json.dumps(card, ensure_ascii=False)
    assert f"งานใหม่ #{req.pk}" in shown and "อาหาร" in shown and req.area in shown
    assert PHONE not in shown and NAME not in shown and ADDRESS not in shown
    assert postbacks(card) == [f"task={req.pk}:accepted", f"task={req.pk}:decline"]
    line_send(client, user, data=f"task={req.pk}:decline")  # the card's button
    req.refresh_from_db()
    assert req.volunteer is None and req.state == State.TRIAGED  # back in the queue


def test_telegram_gets_the_buttons_and_sms_one_short_message(  # type: ignore[no-untyped-def]
        client, settings, channels, group, coordinator, make_volunteer, file_request) -> None:
    _line, tg, sms = channels
    settings.TELEGRAM_SECRET_TOKEN = "tg-secret"
    tg_vol = make_volunteer("somsri", max_tasks=5)
    tg_send(client, 60001, text=f"เชื่อมบัญชี {actions.new_link_code(tg_vol)}")
    req = _match(group, coordinator, file_request)
    sent = [m for m in tg.messages if str(m["chat_id"]) == "60001"][-1]
    assert f"#{req.pk}" in sent["text"]
    keyboard = [b.get("callback_data") for row in sent["reply_markup"]["inline_keyboard"] for b in row]
    assert keyboard == [f"task={req.pk}:accepted", f"task={req.pk}:decline"]
    tg_send(client, 60001, data=f"task={req.pk}:accepted")
    req.refresh_from_db()
    assert req.state == State.ACCEPTED

    settings.SMS_SHARED_SECRET = "sms-secret"
    sms_vol = make_volunteer("somsak", max_tasks=5)
    sms_send(client, f"เชื่อมบัญชี {actions.new_link_code(sms_vol)}", sender="+66898765432")
    second = file_request(need="food", phone="0899999999")
    [suggestion] = [s for s in actions.suggest_matches(group, by=coordinator) if s.volunteer_id == sms_vol.pk]
    actions.confirm_suggestion(suggestion, by=coordinator)
    drain()
    text = [m["text"] for m in sms.messages if f"#{second.pk}" in m["text"]][-1]
    assert len(text) <= 70 and f"งาน {second.pk} รับ" in text, text
