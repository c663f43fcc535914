"""The adversarial suite (issue 12): one file per attack from the audit, each named after it."""

from __future__ import annotations

import pytest

from phalang.watch import workflow
from tests.fakes.fixtures import line_server, sms_server, telegram_server  # noqa: F401
from tests.watch.conftest import channels  # noqa: F401


@pytest.fixture
def forwarded_case(make_org, make_user, gazetteer):  # type: ignore[no-untyped-def]
    """A confidential report screened by a watchdog, with two photos (one published and blurred),
    a private conversation, and forwarded to a district office with a moderator and partner staff."""
    from phalang.watch.actions import NewReport, add_reporter_message, file_report
    from tests.watch.helpers import jpeg_with_gps

    watchdog, agency = make_org("watchdog"), make_org("district-office", kind="agency")
    for org in (watchdog, agency):
        org.verified = True
        org.save()
    root = make_user("root", is_superuser=True)
    mod = make_user("mod", org=watchdog, role="moderator")
    workflow.save_routing_rule(by=root, organisations=[watchdog])
    report, receipt = file_report(NewReport(
        category="corruption", anonymity="confidential", contact="line: somsri_k 089-555-0142",
        description="ปลัดสมชาย ใจดี เรียกเงินใต้โต๊ะ 20,000 บาท ฉันชื่อสมศรี ทำงานที่ อบต. โทร 081-234-5678",
        province="สมุทรปราการ", files=[jpeg_with_gps(), jpeg_with_gps()]))
    workflow.message_reporter(report, by=mod, body="คุณเห็นเหตุการณ์เองหรือได้ยินมาครับ")
    add_reporter_message(report, "เห็นเองค่ะ อยู่ห้องติดกัน", channel="web")
    first, second = report.evidence.all()
    workflow.publish(report, by=mod, public_text="ปลัด อบต. ถูกกล่าวหาว่าเรียกรับเงินเพื่ออนุมัติใบอนุญาต",
                     evidence_ids=[first.pk])
    workflow.blur_evidence(first, rects=[[0.1, 0.1, 0.5, 0.5]], by=mod)
    workflow.forward(report, to=[agency], by=mod)
    staff = {role: make_user(f"agency-{role}", org=agency, role=role)
             for role in ("admin", "moderator", "partner_staff")}
    return {"report": report, "receipt": receipt, "watchdog": watchdog, "agency": agency, "mod": mod,
            "staff": staff, "published": first, "unpublished": second}
