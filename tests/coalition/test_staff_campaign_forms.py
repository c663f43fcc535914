"""Staff create and edit a campaign: milestones and progress, public updates, linked work; the
staff dashboard; nothing half-saved; other organisations' staff are refused."""

from __future__ import annotations

import pytest

from phalang.audit.models import AuditEntry
from phalang.coalition import actions
from phalang.coalition.models import Campaign, CampaignLink, Milestone


@pytest.fixture
def staff(watchdog, make_user, verified_client):  # type: ignore[no-untyped-def]
    return verified_client(make_user("wd-admin", org=watchdog, role="admin"))


NEW = "/coalition/staff/watchdog/campaigns/new/"


def test_create_campaign_with_milestones(staff, watchdog) -> None:  # type: ignore[no-untyped-def]
    resp = staff.post(NEW, {"slug": "flood-cr", "title": "จับตางบน้ำท่วมเชียงราย", "issue": "ผู้เสนอราคารายเดียว",
                            "goals": "เปิดเผยสัญญาทุกฉบับ",
                            "milestones": "รวบรวมสัญญา | 2026-12-31\n\nยื่นหนังสือต่อจังหวัด"})
    assert resp.status_code == 302 and resp["Location"] == "/coalition/staff/watchdog/campaigns/flood-cr/"
    c = Campaign.objects.get(slug="flood-cr")
    assert c.organisation == watchdog and c.goals == "เปิดเผยสัญญาทุกฉบับ"
    assert [(m.title, str(m.due_on)) for m in c.milestones.all()] == [("รวบรวมสัญญา", "2026-12-31"),
                                                                       ("ยื่นหนังสือต่อจังหวัด", "None")]
    assert AuditEntry.objects.filter(action="campaign.create", target_id=str(c.pk)).exists()
    dashboard = staff.get("/coalition/staff/watchdog/").content.decode()
    assert 'href="/coalition/staff/watchdog/campaigns/flood-cr/"' in dashboard
    assert 'href="/coalition/staff/watchdog/events/new/"' in dashboard


def test_bad_input_saves_nothing_and_answers_in_thai(staff) -> None:  # type: ignore[no-untyped-def]
    base = {"slug": "flood-cr", "title": "จับตางบ", "issue": "ประเด็น"}
    resp = staff.post(NEW, {**base, "milestones": "รวบรวมสัญญา | 31/12/2569"})
    assert "บรรทัดที่ 1: เขียนวันที่แบบ ปปปป-ดด-วว (ค.ศ.)" in resp.content.decode()
    # The second milestone is too long: the action refuses it after creating the campaign and the
    # first milestone, and the transaction takes both back.
    resp = staff.post(NEW, {**base, "milestones": "ขั้นแรก\n" + "ก" * 201})
    assert resp.status_code == 400
    assert "หมุดหมายที่ 2 ต้องมีชื่อ ยาวไม่เกิน 200 ตัวอักษร" in resp.content.decode()
    assert not Campaign.objects.exists() and not Milestone.objects.exists()
    resp = staff.post(NEW, {"slug": "ไม่ใช่ slug", "title": "", "issue": "x"})
    html = resp.content.decode()
    assert resp.status_code == 400 and "ใช้ได้เฉพาะอักษรอังกฤษ ตัวเลข และขีด" in html
    assert "ฟิลด์นี้จำเป็น" in html  # Django's own Thai, for the empty title
    assert not Campaign.objects.exists()


def test_edit_campaign_milestones_updates_and_links(staff, watchdog) -> None:  # type: ignore[no-untyped-def]
    c = actions.create_campaign(organisation=watchdog, slug="flood-cr", title="เดิม", issue="เดิม")
    url = "/coalition/staff/watchdog/campaigns/flood-cr/"
    assert staff.post(url, {"form": "edit", "title": "จับตางบน้ำท่วม", "issue": "งบซ้ำซ้อน",
                            "goals": "ตรวจรับงานโดยชุมชน"}).status_code == 302
    c.refresh_from_db()
    assert (c.title, c.issue, c.goals) == ("จับตางบน้ำท่วม", "งบซ้ำซ้อน", "ตรวจรับงานโดยชุมชน")
    assert staff.post(url, {"form": "milestone", "title": "รวบรวมสัญญา", "progress": "30"}).status_code == 302
    m = c.milestones.get()
    assert m.progress == 30
    assert staff.post(url, {"form": "milestone", "milestone": m.pk, "title": "รวบรวมสัญญา 20 ฉบับ",
                            "progress": "80", "due_on": "2027-01-15"}).status_code == 302
    m.refresh_from_db()
    assert (m.title, m.progress, str(m.due_on)) == ("รวบรวมสัญญา 20 ฉบับ", 80, "2027-01-15")
    resp = staff.post(url, {"form": "milestone", "milestone": m.pk, "title": "x", "progress": "120"})
    assert resp.status_code == 400
    m.refresh_from_db()
    assert (m.title, m.progress) == ("รวบรวมสัญญา 20 ฉบับ", 80)
    assert staff.post(url, {"form": "update", "text": "ได้สำเนาสัญญาแล้ว 12 ฉบับ"}).status_code == 302
    assert staff.post(url, {"form": "link", "kind": "deliberation", "external_id": "conv-42",
                            "label": "เวทีรับฟังความเห็น"}).status_code == 302
    resp = staff.post(url, {"form": "link", "kind": "deliberation", "external_id": "conv-42"})
    assert "งานนี้เชื่อมโยงไว้แล้ว" in resp.content.decode()
    assert CampaignLink.objects.filter(campaign=c).count() == 1
    public = staff.get("/coalition/campaigns/flood-cr/").content.decode()
    assert "ได้สำเนาสัญญาแล้ว 12 ฉบับ" in public and "เวทีรับฟังความเห็น" in public and 'value="80"' in public
    assert c.updates.count() == 1 and AuditEntry.objects.filter(action="campaign.edit").count() == 1


def test_other_organisations_are_refused(watchdog, make_org, make_user, verified_client) -> None:  # type: ignore[no-untyped-def]
    other = make_org("other-ngo")
    mine = actions.create_campaign(organisation=watchdog, slug="mine", title="ของเรา", issue="-")
    actions.create_campaign(organisation=other, slug="theirs", title="ของเขา", issue="-")
    outsider = verified_client(make_user("outsider", org=other, role="admin"))
    for url in ("/coalition/staff/watchdog/", "/coalition/staff/watchdog/campaigns/new/",
                "/coalition/staff/watchdog/campaigns/mine/", "/coalition/staff/watchdog/profile/"):
        assert outsider.get(url).status_code == 403, url
    assert outsider.post("/coalition/staff/watchdog/campaigns/mine/",
                         {"form": "edit", "title": "ยึด", "issue": "ยึด"}).status_code == 403
    assert outsider.post(NEW, {"slug": "x", "title": "x", "issue": "x"}).status_code == 403
    # Their own organisation's URL does not reach our campaign either.
    assert outsider.get("/coalition/staff/other-ngo/campaigns/mine/").status_code == 404
    assert outsider.get("/coalition/staff/other-ngo/campaigns/theirs/").status_code == 200
    mine.refresh_from_db()
    assert mine.title == "ของเรา" and not Campaign.objects.filter(slug="x").exists()
    # The staff entry page takes them to their own organisation only.
    assert outsider.get("/coalition/staff/")["Location"] == "/coalition/staff/other-ngo/"


def test_roles_without_the_permission_and_visitors(watchdog, make_user, verified_client, client) -> None:  # type: ignore[no-untyped-def]
    actions.create_campaign(organisation=watchdog, slug="mine", title="ของเรา", issue="-")
    assert client.get(NEW).status_code == 302  # to the login page
    assert client.get("/coalition/staff/").status_code == 302
    coordinator = verified_client(make_user("coord", org=watchdog, role="coordinator"))
    assert coordinator.get("/coalition/staff/watchdog/").status_code == 200  # events and broadcasts
    assert coordinator.get(NEW).status_code == 403  # campaigns need coalition.manage
    assert coordinator.get("/coalition/staff/watchdog/campaigns/mine/").status_code == 403
    coordinator.logout()
    staff_member = verified_client(make_user("staffer", org=watchdog, role="partner_staff"))
    assert staff_member.get("/coalition/staff/watchdog/").status_code == 403
    assert staff_member.get("/coalition/staff/").status_code == 403
