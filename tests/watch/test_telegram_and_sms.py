"""The same dialog on Telegram, and one-message commands by SMS, against fake API servers."""

from __future__ import annotations

import json

from phalang.chat.loops import drain
from phalang.chat.models import InboundEvent
from phalang.watch.models import Report
from tests.fakes import telegram as ft
from tests.watch.conftest import SMS_SECRET, TELEGRAM_SECRET
from tests.watch.helpers import jpeg_with_gps


def tg(client, update, secret=TELEGRAM_SECRET):  # type: ignore[no-untyped-def]
    resp = client.post("/webhooks/telegram", json.dumps(update), content_type="application/json",
                       HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN=secret)
    drain()
    return resp


def test_report_by_telegram_with_a_photo(client, gazetteer, channels) -> None:  # type: ignore[no-untyped-def]
    _line, server, _sms = channels
    chat = 7001
    tg(client, ft.message_update("/start", chat_id=chat))
    tg(client, ft.callback_query_update("act=report", chat_id=chat))
    keyboard = server.messages[-1]["reply_markup"]["inline_keyboard"]
    assert ["cat=corruption"] in [[b["callback_data"] for b in row] for row in keyboard]
    tg(client, ft.callback_query_update("cat=public_service", chat_id=chat))
    tg(client, ft.message_update("โรงพยาบาลให้ผู้ป่วยรอคิวนานเกินแปดชั่วโมงทุกวัน", chat_id=chat))
    tg(client, ft.message_update("เชียงราย", chat_id=chat))
    server.add_file("photo-1", jpeg_with_gps())
    tg(client, ft.photo_update("photo-1", chat_id=chat))
    tg(client, ft.callback_query_update("act=done", chat_id=chat))
    tg(client, ft.callback_query_update("act=confirm", chat_id=chat))
    texts = server.texts(chat)
    receipt = texts[-2]
    assert len(receipt) == 24 and receipt[4] == "-"
    report = Report.objects.get()
    assert report.channel == "telegram" and report.province.name_th == "เชียงราย"
    assert report.evidence.count() == 1
    assert server.callback_answers  # button taps are acknowledged


def test_duplicate_update_and_wrong_secret(client, db, channels) -> None:  # type: ignore[no-untyped-def]
    _line, server, _sms = channels
    update = ft.message_update("/start", chat_id=7002)
    tg(client, update)
    tg(client, update)
    assert InboundEvent.objects.count() == 1 and len(server.messages) == 1
    assert tg(client, ft.message_update("/start"), secret="wrong").status_code == 401
    assert tg(client, ft.message_update("/start"), secret="").status_code == 401
    assert InboundEvent.objects.count() == 1


def sms(client, text, sender="+66812345678", secret=SMS_SECRET, sent_at="2026-11-20T10:00:00"):  # type: ignore[no-untyped-def]
    resp = client.post("/webhooks/sms", {"from": sender, "text": text, "sent_at": sent_at, "secret": secret})
    drain()
    return resp


def test_sms_report_status_and_add(client, gazetteer, channels) -> None:  # type: ignore[no-untyped-def]
    _line, _tg, server = channels
    assert sms(client, "แจ้ง เชียงราย สะพานไม้ในหมู่บ้านผุพังจนรถผ่านไม่ได้").json() == {"ok": True}
    report = Report.objects.get()
    assert report.channel == "sms" and report.province.name_th == "เชียงราย"
    reply = server.messages[-1]
    assert reply["to"] == "0812345678" and "รหัสติดตาม" in reply["text"]
    receipt = reply["text"].split("รหัสติดตาม ")[1][:24]
    sms(client, f"สถานะ {receipt}", sent_at="2026-11-20T10:05:00")
    assert "สถานะ:" in server.messages[-1]["text"]
    sms(client, f"เพิ่ม {receipt} ไม้ผุมาตั้งแต่ต้นปี", sent_at="2026-11-20T10:06:00")
    assert report.messages.get().body == "ไม้ผุมาตั้งแต่ต้นปี"


def test_sms_retry_is_one_message_and_bad_secret_is_refused(client, gazetteer, channels) -> None:  # type: ignore[no-untyped-def]
    _line, _tg, server = channels
    sms(client, "แจ้ง น่าน ขยะไม่ถูกเก็บมาสองเดือนแล้ว")
    sms(client, "แจ้ง น่าน ขยะไม่ถูกเก็บมาสองเดือนแล้ว")  # the gateway retried
    assert Report.objects.count() == 1 and len(server.messages) == 1
    assert sms(client, "แจ้ง น่าน ปลอม", secret="guess").status_code == 401
    assert client.post("/webhooks/sms", {"from": "0812345678", "secret": SMS_SECRET}).status_code == 400
    assert Report.objects.count() == 1


def test_sms_unknown_command_gets_help(client, db, channels) -> None:  # type: ignore[no-untyped-def]
    _line, _tg, server = channels
    sms(client, "สวัสดี")
    assert "แจ้ง <จังหวัด>" in server.messages[-1]["text"]


def test_sms_report_takes_english_names_and_the_district(client, gazetteer, channels) -> None:  # type: ignore[no-untyped-def]
    """A user trial: "report Khon Kaen pothole…" was filed with no province (only "Khon" was tried)."""
    sms(client, "report Khon Kaen pothole on the main road near the market, two bikes fell")
    report = Report.objects.get()
    assert report.province.name_th == "ขอนแก่น" and report.description.startswith("pothole")
    sms(client, "แจ้ง เชียงใหม่ แม่ริม ถนนหน้าโรงเรียนเป็นหลุมลึก รถล้มทุกวัน", sender="+66812345679")
    report = Report.objects.latest("pk")
    assert report.province.name_th == "เชียงใหม่" and report.district.name_th == "แม่ริม"
    assert report.description.startswith("ถนนหน้าโรงเรียน")
    sms(client, "แจ้ง ถนนหน้าบ้านพังเป็นหลุมใหญ่มาก", sender="+66812345670")  # no place: all of it is story
    assert Report.objects.latest("pk").description == "ถนนหน้าบ้านพังเป็นหลุมใหญ่มาก"
