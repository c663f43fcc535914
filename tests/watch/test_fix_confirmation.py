""""แก้ไขแล้วจริงไหม?": the reporter confirms or disputes a fix; "no" reopens the case with the
photo as evidence, and the public responsiveness table shows each agency's confirmed and disputed
shares."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from phalang.audit.models import AuditEntry
from phalang.chat.loops import drain
from phalang.watch import workflow
from phalang.watch.actions import ReportInvalid, answer_fix_check
from phalang.watch.models import FixCheck, PublicLogEntry
from tests.watch.cases import cast, resolved_case  # noqa: F401
from tests.watch.helpers import jpeg_with_gps


def test_reporter_confirms_the_fix_on_the_web(client, gazetteer, cast) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    report, receipt = resolved_case(cast)
    check = FixCheck.objects.get(report=report)
    assert check.organisation == cast["agency"] and check.answer == ""
    page = client.post("/status/", {"receipt": receipt}, follow=True).content.decode()
    assert "แก้ไขแล้วจริงไหม?" in page and 'id="fix-form"' in page
    page = client.post("/status/", {"receipt": receipt, "action": "fix", "fixed": "yes"}, follow=True).content.decode()
    assert 'id="fix-form"' not in page and "ผู้แจ้งยืนยันว่าแก้ไขแล้วจริง" in page
    check.refresh_from_db()
    report.refresh_from_db()
    assert check.answer == "confirmed" and check.channel == "web" and report.status == "resolved"
    assert PublicLogEntry.objects.filter(report_public_id=report.public_id, event="fix_confirmed").exists()
    table = client.get("/reports/partners/").content.decode()
    row = table.split(cast["agency"].name_th)[1].split("</tr>")[0]
    assert '<td class="fix-confirmed">100%' in row and '<td class="fix-disputed">0%' in row


def test_no_reopens_the_case_with_the_photo_as_evidence(client, gazetteer, cast, mailoutbox) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    report, receipt = resolved_case(cast)
    photo = SimpleUploadedFile("still-broken.jpg", jpeg_with_gps(), content_type="image/jpeg")
    client.post("/status/", {"receipt": receipt, "action": "fix", "fixed": "no", "photo": photo}, follow=True)
    report.refresh_from_db()
    check = FixCheck.objects.get(report=report)
    assert check.answer == "disputed" and check.evidence is not None and check.evidence.report == report
    assert report.status == "forwarded" and report.closed_at is None
    assert AuditEntry.objects.filter(action="report.fix_answer", target_id=str(report.pk)).exists()
    assert AuditEntry.objects.filter(action="report.status", target_id=str(report.pk),
                                     data__to="forwarded").exists()
    drain()
    assert any("ยังไม่ได้แก้ไข" in m.subject for m in mailoutbox)  # the agency is told
    with pytest.raises(ReportInvalid):  # one answer per resolution
        answer_fix_check(report, fixed=True, channel="web")
    # The agency resolves it again: a new question, and the table counts one dispute so far.
    workflow.change_status(report, "resolved", by=cast["staff"], reason="ลอกท่อซ้ำและเปลี่ยนฝาท่อแล้ว")
    answer_fix_check(report, fixed=True, channel="web")
    table = client.get("/reports/partners/").content.decode()
    row = table.split(cast["agency"].name_th)[1].split("</tr>")[0]
    assert '<td class="fix-confirmed">50%' in row and '<td class="fix-disputed">50%' in row


def test_a_chat_reporter_is_asked_on_their_channel(client, gazetteer, cast, channels) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _line, telegram, _sms = channels
    report, _receipt = resolved_case(cast, channel="telegram", channel_user_id="777", reply_address="777")
    drain()
    assert any(workflow.FIX_QUESTION_TH in t for t in telegram.texts())
    from phalang.watch.actions import status_view

    assert status_view(report)["fix_question"] is True


def test_nothing_to_answer_before_a_resolution(gazetteer, cast) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from phalang.watch.actions import NewReport, file_report

    report, _ = file_report(NewReport(category="other", description="ถนนในหมู่บ้านเป็นหลุมเป็นบ่อทั้งสาย"))
    with pytest.raises(ReportInvalid) as err:
        answer_fix_check(report, fixed=False, channel="web")
    assert "fix" in err.value.errors
