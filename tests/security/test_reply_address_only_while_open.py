"""An anonymous chat or SMS report keeps its reply address (the LINE/Telegram id or phone number
that news of the case goes to) only while the case is open: closing the case sends the last
news, then forgets the address, and the "my reports" link to the account."""

from __future__ import annotations

from phalang.accounts.actions import create_user
from phalang.chat.loops import drain
from phalang.messaging.models import OutboundMessage
from phalang.watch import workflow
from phalang.watch.models import Report, Status
from tests.security import helpers as h


def test_closing_a_case_forgets_where_the_reporter_is(client, db, channels) -> None:  # type: ignore[no-untyped-def]
    _line, telegram, sms = channels
    chat, phone = h.new_telegram_reporter(), h.new_sms_reporter()
    h.file_by_telegram(client, drain, chat, "สะพานข้ามคลองชำรุดมานานแต่มีป้ายว่าซ่อมเสร็จแล้ว")
    h.file_by_sms(client, drain, phone, "โรงเรียนเก็บค่าอาหารกลางวันซ้ำซ้อนจากผู้ปกครอง")
    admin = create_user("root", "correct-horse-battery", is_superuser=True)
    for report in Report.objects.all():
        assert report.reply_address_enc and report.channel_user_hash
        workflow.change_status(report, Status.CLOSED_UNFOUNDED, by=admin, reason="ตรวจสอบแล้วไม่พบมูล")
    drain()
    # The last news still reached both reporters...
    assert telegram.texts(chat.ids[0])[-1].startswith("พลัง: เรื่องของคุณเปลี่ยนสถานะ")
    assert sms.messages[-1]["to"] == phone.ids[0]
    # ...and nothing is left that leads back to them.
    for report in Report.objects.all():
        assert report.reply_address_enc == "" and report.channel_user_hash == "", report.channel
    assert not OutboundMessage.objects.exclude(address_enc="").exists()
