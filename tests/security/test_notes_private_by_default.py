"""A moderator's internal note written before a forward, with the form's defaults, was shown in
full to the organisation the case was forwarded to. Notes are now private to the author's
organisation unless the author shares that note; the forward form says how many will be shared."""

from __future__ import annotations

from phalang.watch.actions import NewReport, file_report
from tests.watch.cases import cast  # noqa: F401

SOURCE = "แหล่งข่าวคือเสมียนในกองคลัง เบอร์ 081-234-5678 (บันทึกภายใน)"
SHARED = "ช่วยตรวจใบส่งของเดือนมีนาคมด้วย (ให้หน่วยงานอ่านได้)"


def test_a_note_with_the_defaults_stays_with_its_organisation(client, gazetteer, cast, verified_client) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from phalang.watch import workflow

    report, _ = file_report(NewReport(category="corruption", province="สมุทรปราการ",
                                      description="จัดซื้อรถขยะราคาสูงกว่าท้องตลาดเกือบเท่าตัว"))
    mod = verified_client(cast["mod"])
    act = f"/moderation/{report.public_id}/act/"
    assert mod.post(act, {"action": "note", "note": SOURCE}).status_code == 302  # the defaults
    page = mod.get(f"/moderation/{report.public_id}/").content.decode()
    assert "ไม่มีบันทึกภายใน" in page and "ที่จะให้องค์กรที่ได้รับเรื่องอ่านได้" in page  # 0 notes shared
    assert mod.post(act, {"action": "note", "note": SHARED, "share": "on"}).status_code == 302
    page = mod.get(f"/moderation/{report.public_id}/").content.decode()
    assert "บันทึกภายใน 1 รายการจะให้องค์กรที่ได้รับเรื่องอ่านได้" in page
    workflow.publish(report, by=cast["mod"], public_text="การจัดซื้อรถขยะราคาสูงผิดปกติ")
    workflow.forward(report, to=[cast["agency"]], by=cast["mod"])
    client.logout()
    staff_page = verified_client(cast["staff"]).get(f"/partner/{report.public_id}/").content.decode()
    assert SOURCE not in staff_page
    assert SHARED in staff_page
    assert workflow.add_note(report, by=cast["mod"], body="ค่าเริ่มต้นของ action").shared is False
