"""The receipt over LINE is a Flex card: the code with a copy button and a status button, sent
only to the reporter who filed, with nothing in it that says who they are. Telegram gets the same
buttons as an inline keyboard. Real client code over HTTP to the fake LINE and Telegram servers."""

from __future__ import annotations

import json
from typing import Any

from phalang.chat.loops import drain
from phalang.watch.models import Report
from tests.fakes import line as fl
from tests.fakes import telegram as ft
from tests.security import helpers as h


def _actions(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if isinstance(node.get("action"), dict):
            found.append(node["action"])
        for v in node.values():
            found += _actions(v)
    elif isinstance(node, list):
        for v in node:
            found += _actions(v)
    return found


def test_the_line_receipt_is_a_card_with_the_code_to_copy_and_a_status_button(client, db, channels) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    who = h.new_line_reporter()
    h.file_by_line(client, drain, who, "มีการเรียกรับเงินเพื่อเร่งออกโฉนดที่ดินในอำเภอ")
    messages = line.replies[-1]["messages"]
    assert [m["type"] for m in messages] == ["flex", "text", "text"]
    card, code = messages[0], messages[1]["text"]
    assert h.RECEIPT.fullmatch(code)  # the code alone in its own message, too
    assert code not in card["altText"]  # the notification preview does not show it
    actions = _actions(card["contents"])
    assert {"type": "clipboard", "label": "คัดลอกรหัส", "clipboardText": code} in actions
    report = Report.objects.get()
    status = next(a for a in actions if a["type"] == "postback")
    assert status["data"] == f"case={report.pk}"
    assert who.ids[0] not in json.dumps(card)  # no identity in the card

    h.line_post(client, fl.postback_event(status["data"], user=who.ids[0]))
    drain()
    shown = line.replies[-1]["messages"][0]
    assert shown["type"] == "flex" and "สถานะ" in shown["altText"]
    texts = json.dumps(shown["contents"], ensure_ascii=False)
    assert "สถานะเรื่องของคุณ" in texts and "ได้รับเรื่อง" in texts  # the status and its timeline

    # Someone else tapping the same postback data learns nothing.
    h.line_post(client, fl.postback_event(status["data"], user=fl.user_id()))
    drain()
    assert line.replies[-1]["messages"][0]["text"] == "ไม่พบเรื่องนี้ในบัญชีของคุณ"


def test_a_receipt_typed_over_line_answers_with_the_status_card(client, db, channels) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    who = h.new_line_reporter()
    h.file_by_line(client, drain, who, "ถนนในหมู่บ้านชำรุดมานานหลายเดือนไม่มีใครมาซ่อม")
    code = line.replies[-1]["messages"][1]["text"]
    other = fl.user_id()  # a receipt works from any chat: it is the proof
    h.line_post(client, fl.text_event(code, user=other))
    drain()
    shown = line.replies[-1]["messages"][0]
    assert shown["type"] == "flex"
    assert "สถานะ:" in shown["altText"]  # the plain-text status is the alternative text
    assert code not in json.dumps(shown)


def test_telegram_gets_the_receipt_buttons_as_an_inline_keyboard(client, db, channels) -> None:  # type: ignore[no-untyped-def]
    _line, telegram, _sms = channels
    who = h.new_telegram_reporter()
    h.file_by_telegram(client, drain, who, "ครูเรียกเก็บเงินค่าเทอมเพิ่มโดยไม่มีใบเสร็จทุกภาคเรียน")
    sent = [m for m in telegram.messages if str(m["chat_id"]) == who.ids[0]]
    code = next(m["text"] for m in sent if h.RECEIPT.fullmatch(m["text"]))
    with_card = next(m for m in sent if "copy_text" in json.dumps(m.get("reply_markup", {})))
    rows = with_card["reply_markup"]["inline_keyboard"]
    assert rows[0] == [{"text": "คัดลอกรหัส", "copy_text": {"text": code}}]
    data = rows[1][0]["callback_data"]
    assert data == f"case={Report.objects.get().pk}"
    h.telegram_post(client, ft.callback_query_update(data, chat_id=int(who.ids[0]), first_name=who.ids[1]))
    drain()
    assert telegram.texts(who.ids[0])[-1].startswith("สถานะ:")
