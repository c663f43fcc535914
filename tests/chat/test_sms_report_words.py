"""SMS reports: the province is optional (the first word is taken as one only when it names a
province), and "แจ้งเรื่อง …" (the menu's own word) is understood."""

from __future__ import annotations

from phalang.watch.models import Report
from tests.chat.helpers import sms_send


def test_the_first_word_is_not_always_the_province(client, gazetteer, channels) -> None:  # type: ignore[no-untyped-def]
    _line, _tg, sms = channels
    sms_send(client, "แจ้ง ถนนหน้าโรงเรียนเป็นหลุมลึก รถจักรยานยนต์ล้มทุกวัน")
    report = Report.objects.get()
    assert report.description == "ถนนหน้าโรงเรียนเป็นหลุมลึก รถจักรยานยนต์ล้มทุกวัน" and report.province is None
    assert "รหัสติดตาม" in sms.messages[-1]["text"]


def test_a_province_first_is_still_understood(client, gazetteer, channels) -> None:  # type: ignore[no-untyped-def]
    sms_send(client, "แจ้ง จ.น่าน ขยะไม่ถูกเก็บมาสองเดือนแล้ว")
    report = Report.objects.get()
    assert report.province.name_th == "น่าน" and report.description == "ขยะไม่ถูกเก็บมาสองเดือนแล้ว"


def test_the_menu_word_works_by_sms(client, gazetteer, channels) -> None:  # type: ignore[no-untyped-def]
    sms_send(client, "แจ้งเรื่อง เชียงราย สะพานข้ามคลองชำรุดหนักมาก")
    sms_send(client, "แจ้งเรื่องน้ำประปาไม่ไหลสามวันแล้วทั้งตำบล", sender="0899990000")
    first, second = Report.objects.order_by("pk")
    assert first.province.name_th == "เชียงราย" and first.description == "สะพานข้ามคลองชำรุดหนักมาก"
    assert second.description == "น้ำประปาไม่ไหลสามวันแล้วทั้งตำบล"
