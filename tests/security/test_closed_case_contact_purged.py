"""PDPA: the contact and name a confidential or named web report gives are personal data. They
are kept while the case is open and for the retention period after it closes
(PHALANG_PDPA_RETENTION_DAYS, default 90), then erased by the scheduled purge; an open case
keeps them however old it is."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from phalang.core import retention
from phalang.lib.crypto import decrypt
from phalang.watch import workflow
from phalang.watch.actions import NewReport, file_report
from phalang.watch.models import Report
from tests.watch.cases import cast  # noqa: F401


def _confidential(text: str) -> Report:
    report, _ = file_report(NewReport(category="corruption", description=text, province="สมุทรปราการ",
                                      district="บางพลี", anonymity="confidential", contact="081-234-5678"))
    return report


def test_a_closed_cases_contact_goes_after_the_retention_period(cast, settings) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    settings.PHALANG = {**settings.PHALANG, "PDPA_RETENTION_DAYS": 90}
    people = cast
    old_closed = _confidential("ผู้รับเหมาถนนเทศบาลบางพลีเบิกงบเกินจริง")
    new_closed = _confidential("งบซ่อมสะพานบางพลีใหญ่ถูกเบิกซ้ำ")
    old_open = _confidential("ป้ายประกาศโครงการไม่มีวงเงินตามกฎหมาย")
    named, _ = file_report(NewReport(category="corruption", description="เจ้าหน้าที่เรียกรับเงินใต้โต๊ะ",
                                     province="สมุทรปราการ", anonymity="named", contact="somchai@example.org",
                                     reporter_name="สมชาย ใจดี"))
    for report in (old_closed, new_closed, named):
        workflow.change_status(report, "closed_unfounded", by=people["mod"], reason="ตรวจสอบแล้วไม่พบมูล")
    long_ago = timezone.now() - timedelta(days=91)
    Report.objects.filter(pk__in=[old_closed.pk, named.pk]).update(closed_at=long_ago)
    Report.objects.filter(pk=old_open.pk).update(created_at=long_ago)

    assert "watch.closed_contacts" in retention.registered()
    retention.run_all()

    for report in (old_closed, named):
        report.refresh_from_db()
        assert report.contact_enc == "" and report.reporter_name_enc == ""
    for report in (new_closed, old_open):
        report.refresh_from_db()
        assert decrypt(report.contact_enc) == "081-234-5678"
