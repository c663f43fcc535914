"""Internal notes: moderators and partner staff on the case read them; the public, the reporter
and every feed never do; adding one is audited."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied

from phalang.audit.models import AuditEntry
from phalang.watch import workflow
from tests.watch.cases import cast, resolved_case  # noqa: F401

SHARED = "ผอ.กองช่างรับปากจะลอกท่อใหม่ภายในสัปดาห์หน้า (บันทึกภายใน)"
PRIVATE = "แหล่งข่าวในอำเภอบอกว่าผู้รับเหมารายนี้เป็นญาตินายก (เฉพาะองค์กร)"


def test_notes_stay_inside(client, gazetteer, cast, verified_client, make_user) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    report, receipt = resolved_case(cast)
    workflow.add_note(report, by=cast["staff"], body=SHARED, shared=True)
    workflow.add_note(report, by=cast["mod"], body=PRIVATE, shared=False)
    assert AuditEntry.objects.filter(action="report.note", target_id=str(report.pk)).count() == 2

    mod_page = verified_client(cast["mod"]).get(f"/moderation/{report.public_id}/").content.decode()
    assert SHARED in mod_page and PRIVATE in mod_page
    client.logout()
    staff_page = verified_client(cast["staff"]).get(f"/partner/{report.public_id}/").content.decode()
    assert SHARED in staff_page and PRIVATE not in staff_page  # the other organisation's private note
    client.logout()

    outside = [
        client.get(f"/reports/{report.public_id}/").content,
        client.post("/status/", {"receipt": receipt}).content,
        client.post("/api/v1/reports/status", json.dumps({"receipt": receipt}), content_type="application/json").content,
        client.get("/api/v1/public/reports").content,
        client.get("/api/v1/public/reports.geojson").content,
        b"".join(client.get("/reports/export.csv").streaming_content),
        client.get("/open311/v2/requests.json").content,
        client.get("/api/v1/public/log").content,
    ]
    for body in outside:
        text = body.decode()
        assert SHARED not in text and PRIVATE not in text


def test_only_people_on_the_case_add_notes(gazetteer, cast, make_org, make_user) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    report, _ = resolved_case(cast)
    stranger = make_user("other-mod", org=make_org("other-watchdog"), role="moderator")
    with pytest.raises(PermissionDenied):
        workflow.add_note(report, by=stranger, body="ไม่ควรเขียนได้")
    with pytest.raises(workflow.WorkflowError):
        workflow.add_note(report, by=cast["mod"], body="   ")
    assert workflow.notes_for(report, stranger) == []
