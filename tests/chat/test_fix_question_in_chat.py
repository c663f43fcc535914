""""แก้ไขแล้วจริงไหม?" in the chat: when an agency marks a case resolved, a LINE or Telegram
reporter gets yes/no buttons and an SMS reporter the words ใช่/ไม่; "no" reopens the case with the
photo as evidence (``watch.actions.answer_fix_check``). An anonymous reporter stays reachable until
the question is answered or expires, and the response clock starts again after a dispute."""

from __future__ import annotations

from datetime import timedelta

from phalang.chat.loops import drain
from phalang.watch import purge, workflow
from phalang.watch.models import FixCheck, Report
from tests.chat.helpers import (
    line_event,
    line_reply_texts,
    line_send,
    quick_data,
    sms_send,
    tg_send,
)
from tests.fakes import line as fl
from tests.watch.cases import cast, resolved_case  # noqa: F401
from tests.watch.helpers import jpeg_with_gps


def _fix_push(line, user):  # type: ignore[no-untyped-def]
    pushes = [m for p in line.pushes if p["to"] == user for m in p["messages"]]
    asked = [m for m in pushes if workflow.FIX_QUESTION_TH in m.get("text", "")]
    assert asked, [m.get("text") for m in pushes]
    return asked[-1]


def test_line_no_with_a_photo_reopens_and_the_reporter_stays_reachable(client, gazetteer, cast, channels,  # type: ignore[no-untyped-def]  # noqa: F811
                                                                         settings) -> None:
    settings.LINE_PUSH_ENABLED = True
    line, _tg, _sms = channels
    user = fl.user_id()
    report, _receipt = resolved_case(cast, channel="line", channel_user_id=user, reply_address=user)
    drain()
    asked = _fix_push(line, user)
    buttons = quick_data(asked)
    check = FixCheck.objects.get(report=report)
    assert buttons[:2] == [f"fix={report.pk}:yes", f"fix={report.pk}:no"]
    assert "กดปุ่ม" in asked["text"]
    # The address is kept while the question waits (the case is resolved, not forgotten).
    report.refresh_from_db()
    assert report.reply_address_enc and report.channel_user_hash

    line_send(client, user, data=f"fix={report.pk}:no")
    ask_photo = line_reply_texts(line)[-1]
    assert "รูป" in ask_photo
    photo = fl.message_id()
    line.add_content(photo, jpeg_with_gps())
    line_event(client, fl.image_event(message=photo, user=user))
    assert "เปิดเรื่องอีกครั้ง" in line_reply_texts(line)[-1]
    report.refresh_from_db()
    check.refresh_from_db()
    assert check.answer == "disputed" and check.channel == "line"
    assert check.evidence is not None and check.evidence.report == report
    assert report.status == "forwarded" and report.closed_at is None
    # The response clock starts again: the agency owes a new first answer.
    assert report.first_response_at is None and report.reminders_sent == 0
    # Still reachable after "no": the agency resolves again and the new question reaches LINE.
    assert report.reply_address_enc and report.channel_user_hash
    line.clear()
    workflow.change_status(report, "resolved", by=cast["staff"], reason="ลอกท่อซ้ำแล้ว")
    drain()
    _fix_push(line, user)
    # "Yes" this time: confirmed, and then the anonymous reporter is forgotten.
    line_send(client, user, text="ใช่")
    assert "ขอบคุณ" in line_reply_texts(line)[-1]
    report.refresh_from_db()
    assert report.fix_checks.order_by("-id").first().answer == "confirmed"  # type: ignore[union-attr]
    assert report.reply_address_enc == "" and report.channel_user_hash == ""


def test_line_no_without_a_photo(client, gazetteer, cast, channels) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    line, _tg, _sms = channels
    user = fl.user_id()
    report, receipt = resolved_case(cast, channel="line", channel_user_id=user, reply_address=user)
    drain()
    # Without LINE pushes the question waits for the reporter's next status check, with its buttons.
    assert not line.pushes
    line_send(client, user, text=receipt)
    status = line_last_message(line)
    assert workflow.FIX_QUESTION_TH in status["text"] and f"fix={report.pk}:no" in quick_data(status)
    line_send(client, user, data=f"fix={report.pk}:no")
    assert "act=skip" in quick_data(line_last_message(line))
    line_send(client, user, data="act=skip")
    report.refresh_from_db()
    assert report.status == "forwarded" and FixCheck.objects.get().answer == "disputed"
    assert FixCheck.objects.get().evidence is None


def line_last_message(line):  # type: ignore[no-untyped-def]
    return line.replies[-1]["messages"][-1]


def test_telegram_yes_button_confirms(client, gazetteer, cast, channels) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _line, tg, _sms = channels
    report, _receipt = resolved_case(cast, channel="telegram", channel_user_id="4401", reply_address="4401")
    drain()
    asked = next(m for m in tg.messages if workflow.FIX_QUESTION_TH in m["text"])
    data = [b["callback_data"] for row in asked["reply_markup"]["inline_keyboard"] for b in row]
    assert f"fix={report.pk}:yes" in data and f"fix={report.pk}:no" in data
    tg_send(client, 4401, data=f"fix={report.pk}:yes")
    assert FixCheck.objects.get().answer == "confirmed"
    assert "ขอบคุณ" in tg.texts(4401)[-1]
    # A second tap on an old button is answered plainly, and changes nothing.
    tg_send(client, 4401, data=f"fix={report.pk}:no")
    assert "ไม่มีคำถาม" in tg.texts(4401)[-1]
    report.refresh_from_db()
    assert report.status == "resolved"


def test_sms_words_answer_the_fix_question(client, gazetteer, cast, channels) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _line, _tg, sms = channels
    phone = "0867770001"
    report, _receipt = resolved_case(cast, channel="sms", channel_user_id=phone, reply_address=phone)
    drain()
    asked = sms.messages[-1]["text"]
    assert workflow.FIX_QUESTION_TH in asked and "ใช่" in asked and "ไม่" in asked
    assert "ปุ่ม" not in asked
    sms_send(client, "ไม่", sender=phone)
    report.refresh_from_db()
    assert report.status == "forwarded" and FixCheck.objects.get().answer == "disputed"
    assert len(sms.messages[-1]["text"]) <= 70, sms.messages[-1]["text"]
    workflow.change_status(report, "resolved", by=cast["staff"], reason="ลอกท่อซ้ำแล้ว")
    sms_send(client, "yes", sender=phone)
    assert report.fix_checks.order_by("-id").first().answer == "confirmed"  # type: ignore[union-attr]
    assert len(sms.messages[-1]["text"]) <= 70


def test_an_unanswered_question_expires_and_then_the_reporter_is_forgotten(client, gazetteer, cast, channels,  # type: ignore[no-untyped-def]  # noqa: F811
                                                                         settings) -> None:
    report, _receipt = resolved_case(cast, channel="telegram", channel_user_id="4402", reply_address="4402")
    assert purge.purge_reply_addresses() == 0
    report.refresh_from_db()
    assert report.reply_address_enc  # the question still waits
    FixCheck.objects.filter(report=report).update(
        asked_at=FixCheck.objects.get().asked_at - timedelta(days=settings.PHALANG["FIX_CHECK_DAYS"] + 1))
    assert workflow.open_fix_check(report) is None
    purge.purge_reply_addresses()
    report = Report.objects.get(pk=report.pk)
    assert report.reply_address_enc == "" and report.channel_user_hash == ""
