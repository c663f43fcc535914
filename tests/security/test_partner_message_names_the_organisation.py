"""A partner organisation's message to the reporter names that organisation, on the status page
and in the chat, and warns that it never needs the reporter's name or phone: it must not pass for
the platform's own moderator (an adversary at a forwarded organisation could otherwise ask for
the reporter's identity under the moderator's name)."""

from __future__ import annotations

import json

from phalang.watch import workflow
from phalang.watch.models import Report
from tests.chat.helpers import line_send
from tests.fakes import line as fl
from tests.watch.cases import cast  # noqa: F401

AGENCY = "ที่ว่าการอำเภอบางพลี"
LABEL = f"{AGENCY} (หน่วยงานที่ได้รับเรื่อง)"
WARNING = "ไม่จำเป็นต้องรู้ชื่อหรือเบอร์โทรของคุณ"


def _forwarded(cast, client, user: str) -> Report:  # type: ignore[no-untyped-def]  # noqa: F811
    cast["agency"].name_th = AGENCY
    cast["agency"].save()
    line_send(client, user, text="แจ้งเรื่อง")
    line_send(client, user, data="cat=corruption")
    line_send(client, user, text="นายก อบต. สั่งซื้อรถขยะราคาสูงกว่าท้องตลาดเกือบเท่าตัว")
    line_send(client, user, data="act=skip")
    line_send(client, user, data="act=done")
    line_send(client, user, data="act=confirm")
    report = Report.objects.get()
    report.handling_organisations.add(cast["watchdog"])
    workflow.publish(report, by=cast["mod"], public_text="การจัดซื้อรถขยะราคาสูงผิดปกติ")
    workflow.forward(report, to=[cast["agency"]], by=cast["mod"])
    return report


def test_partner_message_over_line_names_the_organisation(client, gazetteer, channels, settings, cast) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    line, _tg, _sms = channels
    settings.LINE_PUSH_ENABLED = True
    user = fl.user_id()
    report = _forwarded(cast, client, user)
    workflow.message_reporter(report, by=cast["mod"], body="ขอบคุณที่แจ้งครับ กำลังตรวจสอบ")
    workflow.message_reporter(report, by=cast["staff"], body="ขอชื่อและเบอร์โทรของคุณเพื่อติดต่อกลับ")
    line_send(client, fl.user_id(), text="สวัสดี")  # someone else writes: the worker runs the outbox
    texts = [p["messages"][0]["text"] for p in line.pushes if p["to"] == user]
    [mod] = [t for t in texts if "กำลังตรวจสอบ" in t]
    [partner] = [t for t in texts if "ขอชื่อและเบอร์โทร" in t]
    assert "ผู้ตรวจสอบเรื่อง" in mod and AGENCY not in mod
    assert LABEL in partner and WARNING in partner
    assert "ผู้ตรวจสอบเรื่อง" not in partner.split(":")[1]  # the sender, before the message body

    # The status in the chat names who said what, too.
    line_send(client, user, data=f"case={report.pk}")
    card = json.dumps(line.replies[-1]["messages"][0], ensure_ascii=False)  # a flex card
    assert LABEL in card and WARNING in card


def test_partner_message_on_the_status_page_names_the_organisation(client, gazetteer, channels, cast) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from phalang.watch.actions import NewReport, file_report

    cast["agency"].name_th = AGENCY
    cast["agency"].save()
    report, receipt = file_report(NewReport(category="public_service", province="สมุทรปราการ",
                                            description="ท่อระบายน้ำหน้าตลาดบางพลีอุดตัน น้ำท่วมขัง"))
    workflow.publish(report, by=cast["mod"], public_text="ท่อระบายน้ำอุดตัน")
    workflow.forward(report, to=[cast["agency"]], by=cast["mod"])
    workflow.message_reporter(report, by=cast["mod"], body="ข้อความจากผู้ตรวจสอบ")
    workflow.message_reporter(report, by=cast["staff"], body="ขอเบอร์โทรของคุณด้วยครับ")
    page = client.post("/status/", {"receipt": receipt}, HTTP_ACCEPT_LANGUAGE="th", follow=True).content.decode()
    conversation = page[page.index('class="conversation"'):]
    mod_item = conversation[:conversation.index("ข้อความจากผู้ตรวจสอบ")]
    partner_item = conversation[len(mod_item):conversation.index("ขอเบอร์โทรของคุณ")]
    assert "ผู้ตรวจสอบเรื่อง" in mod_item.rsplit("<li", 1)[1]
    assert LABEL in partner_item and "ผู้ตรวจสอบเรื่อง" not in partner_item
    assert WARNING in page
