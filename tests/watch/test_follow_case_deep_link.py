"""The status page offers "send in LINE" to follow the case in the chat. Its link carries a
short-lived code, never the receipt (receipts stay out of web addresses); sending that exact text
over LINE shows the case's status there, with the add-information button working."""

from __future__ import annotations

import re
from urllib.parse import unquote

from phalang.watch.actions import NewReport, file_report
from phalang.watch.models import Report
from tests.chat.helpers import line_send
from tests.fakes import line as fl


def test_the_status_page_link_opens_the_case_in_line_without_the_receipt(client, db, settings, channels) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    settings.LINE_BASIC_ID = "@phalang"
    report, receipt = file_report(NewReport(category="corruption", description="เจ้าหน้าที่เรียกเงินค่าดำเนินการเพิ่ม",
                                            province="สมุทรปราการ"))
    page = client.post("/status/", {"receipt": receipt}, follow=True).content.decode()
    url = re.search(r'id="case-line" href="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    text = unquote(url.split("/?", 1)[1])
    digits = receipt.replace("-", "")
    assert text.startswith("ติดตาม ") and digits not in url.replace("-", "") and digits not in text.replace("-", "")
    user = fl.user_id()
    line_send(client, user, text=text)
    shown = line.replies[-1]["messages"][0]
    assert shown["type"] == "flex" and shown["altText"].startswith("สถานะ:")
    line_send(client, user, data="act=add")
    line_send(client, user, text="เกิดขึ้นอีกครั้งเมื่อวานนี้ที่สำนักงานเขต")
    assert Report.objects.get(pk=report.pk).messages.get().body == "เกิดขึ้นอีกครั้งเมื่อวานนี้ที่สำนักงานเขต"

    line_send(client, fl.user_id(), text="ติดตาม " + "x" * 12)  # a made-up code shows nothing
    assert "สถานะ" not in (line.replies[-1]["messages"][0].get("altText") or "")


def test_without_a_configured_account_the_status_page_has_no_chat_link(client, db, settings) -> None:  # type: ignore[no-untyped-def]
    settings.LINE_BASIC_ID = ""
    settings.TELEGRAM_BOT_USERNAME = ""
    _report, receipt = file_report(NewReport(category="corruption", description="เจ้าหน้าที่เรียกเงินค่าดำเนินการเพิ่ม"))
    assert "oaMessage" not in client.post("/status/", {"receipt": receipt}, follow=True).content.decode()
