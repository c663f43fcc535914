"""Every change of a report's status is in the audit log, the reporter's answer included."""

from __future__ import annotations

from phalang.audit.models import AuditEntry
from phalang.watch import workflow
from phalang.watch.actions import NewReport, add_reporter_message, file_report
from tests.watch.cases import cast  # noqa: F401


def test_reporter_answer_that_reopens_screening_is_audited(gazetteer, cast) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    report, _receipt = file_report(NewReport(category="public_service", province="สมุทรปราการ",
                                             description="น้ำประปาไม่ไหลทั้งหมู่บ้านมาสามวันแล้ว"))
    workflow.request_info(report, by=cast["mod"], question="หมู่บ้านชื่ออะไรครับ")
    report.refresh_from_db()
    assert report.status == "needs_info"
    add_reporter_message(report, "หมู่บ้านสุขใจ ซอย 5", channel="web")
    report.refresh_from_db()
    assert report.status == "screening"
    entry = AuditEntry.objects.filter(action="report.status", target_id=str(report.pk)).order_by("-seq").first()
    assert entry is not None and entry.data == {"from": "needs_info", "to": "screening", "by": "reporter"}
