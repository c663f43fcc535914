"""Every timeline line names its status in words, on the reporter's, the public and the case page."""

from __future__ import annotations

from phalang.watch import workflow
from phalang.watch.actions import NewReport, file_report
from tests.watch.cases import cast  # noqa: F401


def test_timeline_shows_status_labels(client, gazetteer, cast, verified_client) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    text = "ไฟถนนซอยวัดกลางดับมาสามสัปดาห์ มืดมากตอนกลางคืน"
    report, receipt = file_report(NewReport(category="public_service", description=text, province="สมุทรปราการ"))
    workflow.change_status(report, "screening", by=cast["mod"])
    workflow.publish(report, by=cast["mod"], public_text=text)

    status_page = client.post("/status/", {"receipt": receipt}, follow=True).content.decode()
    assert "ได้รับเรื่องแล้ว" in status_page.split('class="timeline"')[1]
    assert "กำลังคัดกรอง" in status_page.split('class="timeline"')[1]
    public = client.get(f"/reports/{report.public_id}/").content.decode()
    assert "กำลังคัดกรอง" in public.split('class="timeline"')[1]
    case = verified_client(cast["mod"]).get(f"/moderation/{report.public_id}/").content.decode()
    assert "กำลังคัดกรอง" in case.split('class="timeline"')[1]


def test_forwarding_a_new_case_says_verified_once(client, gazetteer, cast) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """User trial (issue 12): the timeline read "ตรวจสอบแล้ว: ตรวจสอบแล้ว" — the step forwarding
    takes through "verified" carried its own label as its reason."""
    report, receipt = file_report(NewReport(category="public_service", province="สมุทรปราการ",
                                            description="ท่อระบายน้ำหน้าตลาดบางพลีอุดตัน น้ำท่วมขังทุกครั้งที่ฝนตก"))
    workflow.forward(report, to=[cast["agency"]], by=cast["mod"])
    timeline = client.post("/status/", {"receipt": receipt}, HTTP_ACCEPT_LANGUAGE="th", follow=True).content.decode() \
        .split('class="timeline"')[1].split("</ol>")[0]
    assert timeline.count("ตรวจสอบแล้ว") == 1, timeline
    assert "ตรวจสอบแล้ว:" not in timeline
