"""Staff create a coalition (their organisation leads it) and manage its members: add from the
directory, change a role, remove; a coalition always keeps a lead; other organisations' staff are
refused. Also: the campaign page tells how to follow by chat, and the demo fills the directory."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phalang.audit.models import AuditEntry
from phalang.coalition import actions, staff_actions
from phalang.coalition.models import Campaign, Coalition, CoalitionMember
from phalang.places.models import Province

NEW = "/coalition/staff/watchdog/coalitions/new/"
MANAGE = "/coalition/staff/watchdog/coalitions/north/"


@pytest.fixture
def staff(watchdog, admin_of, verified_client):  # type: ignore[no-untyped-def]
    return verified_client(admin_of(watchdog, "wd-admin"))


@pytest.fixture
def north(watchdog):  # type: ignore[no-untyped-def]
    return actions.create_coalition(slug="north", name="เครือข่ายภาคเหนือ", lead=watchdog)


def _roles(c: Coalition) -> dict[str, str]:
    return dict(c.members.values_list("organisation__slug", "role"))


def test_create_a_coalition_from_the_dashboard(staff, watchdog) -> None:  # type: ignore[no-untyped-def]
    assert f'href="{NEW}"' in staff.get("/coalition/staff/watchdog/").content.decode()
    resp = staff.post(NEW, {"slug": "north", "name": " เครือข่ายภาคเหนือ ", "description": "จับตางบน้ำท่วม"})
    assert resp.status_code == 302 and resp["Location"] == MANAGE
    c = Coalition.objects.get(slug="north")
    assert (c.name, c.description) == ("เครือข่ายภาคเหนือ", "จับตางบน้ำท่วม")
    assert _roles(c) == {"watchdog": "lead"}
    assert AuditEntry.objects.filter(action="coalition.create", target_id=str(c.pk)).exists()
    assert "เครือข่ายภาคเหนือ" in staff.get("/coalition/c/north/").content.decode()
    dashboard = staff.get("/coalition/staff/watchdog/").content.decode()
    assert f'href="{MANAGE}"' in dashboard


def test_bad_coalition_input_saves_nothing_and_answers_in_thai(staff, watchdog, make_org) -> None:  # type: ignore[no-untyped-def]
    actions.create_coalition(slug="taken", name="มีแล้ว", lead=make_org("other-ngo"))
    resp = staff.post(NEW, {"slug": "ไม่ใช่ slug", "name": ""})
    html = resp.content.decode()
    assert resp.status_code == 400
    assert "ใช้ได้เฉพาะอักษรอังกฤษ ตัวเลข และขีด" in html and "ฟิลด์นี้จำเป็น" in html
    resp = staff.post(NEW, {"slug": "taken", "name": "ซ้ำ"})
    assert resp.status_code == 400 and "ที่อยู่เว็บนี้มีผู้ใช้แล้ว กรุณาเลือกใหม่" in resp.content.decode()
    assert list(Coalition.objects.values_list("slug", flat=True)) == ["taken"]
    # The action itself refuses a name of spaces, in Thai for a Thai request.
    from django.utils import translation

    with translation.override("th"), pytest.raises(ValidationError) as exc:
        staff_actions.create_coalition(lead=watchdog, slug="blank", name="   ", by=None)
    assert exc.value.message_dict["name"] == ["แนวร่วมต้องมีชื่อ"]
    assert not Coalition.objects.filter(slug="blank").exists()


def test_add_members_change_roles_and_remove(staff, watchdog, north, make_org) -> None:  # type: ignore[no-untyped-def]
    newsroom, volunteers = make_org("newsroom", "media"), make_org("volunteers", "volunteer_group")
    page = staff.get(MANAGE).content.decode()
    # The picker is the directory, without the organisations already in the coalition.
    picker = page.split('id="id_organisation"')[1].split("</select>")[0]
    assert f'value="{newsroom.pk}"' in picker and f'value="{watchdog.pk}"' not in picker
    assert staff.post(MANAGE, {"form": "add", "organisation": newsroom.pk, "role": "member"})["Location"] == MANAGE
    assert staff.post(MANAGE, {"form": "add", "organisation": volunteers.pk, "role": "lead"}).status_code == 302
    assert _roles(north) == {"watchdog": "lead", "newsroom": "member", "volunteers": "lead"}
    # Adding an organisation twice is refused (it is no longer a choice); so is an unknown role.
    resp = staff.post(MANAGE, {"form": "add", "organisation": newsroom.pk, "role": "lead"})
    assert resp.status_code == 400 and "เลือกตัวเลือกที่ถูกต้อง" in resp.content.decode()
    member = north.members.get(organisation=newsroom)
    resp = staff.post(MANAGE, {"form": "role", "member": member.pk, "role": "owner"})
    assert resp.status_code == 400 and "เลือกแกนนำหรือสมาชิก" in resp.content.decode()
    assert _roles(north)["newsroom"] == "member"
    assert staff.post(MANAGE, {"form": "role", "member": member.pk, "role": "lead"}).status_code == 302
    assert _roles(north)["newsroom"] == "lead"
    assert AuditEntry.objects.filter(action="coalition.member_role", target_id=str(north.pk),
                                     data__org=newsroom.pk, data__to="lead").exists()
    # Removing a member takes its campaigns out of the coalition: the leads govern them no more.
    shared = actions.create_campaign(organisation=volunteers, slug="shared", title="ร่วมกัน", issue="-",
                                     coalition=north)
    removed = north.members.get(organisation=volunteers)
    assert staff.post(MANAGE, {"form": "remove", "member": removed.pk}).status_code == 302
    assert "volunteers" not in _roles(north)
    shared.refresh_from_db()
    assert shared.coalition is None and watchdog.pk not in shared.governing_organisation_ids()
    assert AuditEntry.objects.filter(action="coalition.member_remove", data__org=volunteers.pk).exists()
    public = staff.get("/coalition/c/north/").content.decode()
    assert newsroom.name_th in public and volunteers.name_th not in public


def test_the_last_lead_stays(staff, watchdog, north, make_org) -> None:  # type: ignore[no-untyped-def]
    newsroom = make_org("newsroom", "media")
    actions.add_coalition_member(north, newsroom)
    own = north.members.get(organisation=watchdog)
    for data in ({"form": "remove", "member": own.pk}, {"form": "role", "member": own.pk, "role": "member"}):
        resp = staff.post(MANAGE, data)
        assert resp.status_code == 400
        assert "แนวร่วมต้องมีแกนนำอย่างน้อยหนึ่งองค์กร" in resp.content.decode()
        assert _roles(north) == {"watchdog": "lead", "newsroom": "member"}
    # With another lead, the organisation may step down; it then no longer manages the coalition.
    actions.add_coalition_member(north, newsroom, role="lead")
    resp = staff.post(MANAGE, {"form": "role", "member": own.pk, "role": "member"})
    assert resp.status_code == 302 and resp["Location"] == "/coalition/staff/watchdog/"
    assert _roles(north) == {"watchdog": "member", "newsroom": "lead"}
    assert staff.get(MANAGE).status_code == 404
    # The actions enforce the same rule when called directly.
    lead = north.members.get(organisation=newsroom)
    with pytest.raises(ValidationError):
        staff_actions.remove_member(lead, by=None)
    with pytest.raises(ValidationError):
        staff_actions.set_member_role(lead, CoalitionMember.Role.MEMBER, by=None)
    assert _roles(north) == {"watchdog": "member", "newsroom": "lead"}


def test_other_organisations_are_refused(watchdog, north, make_org, make_user, admin_of, verified_client,  # type: ignore[no-untyped-def]
                                         client) -> None:
    other = make_org("other-ngo")
    newsroom = make_org("newsroom", "media")
    actions.add_coalition_member(north, newsroom)
    theirs = actions.create_coalition(slug="theirs", name="ของเขา", lead=other)
    their_member = theirs.members.get()
    own = north.members.get(organisation=watchdog)
    new_urls = [NEW, MANAGE]
    assert client.get(NEW).status_code == 302 and client.get(MANAGE).status_code == 302  # to the login page
    # An admin of an organisation outside the coalition.
    outsider_user = admin_of(other, "outsider")
    outsider = verified_client(outsider_user)
    for url in new_urls:
        assert outsider.get(url).status_code == 403, url
    assert outsider.post(NEW, {"slug": "grab", "name": "ยึด"}).status_code == 403
    for data in ({"form": "add", "organisation": other.pk, "role": "lead"},
                 {"form": "role", "member": own.pk, "role": "member"}, {"form": "remove", "member": own.pk}):
        assert outsider.post(MANAGE, data).status_code == 403
        # Through their own organisation's URL, our coalition is not found.
        assert outsider.post("/coalition/staff/other-ngo/coalitions/north/", data).status_code == 404
    assert outsider.get("/coalition/staff/other-ngo/coalitions/theirs/").status_code == 200
    outsider.logout()
    # An admin of a plain member organisation: the coalition's page is not theirs to manage.
    member_admin = verified_client(admin_of(newsroom, "newsroom-admin"))
    assert member_admin.get("/coalition/staff/newsroom/coalitions/north/").status_code == 404
    assert member_admin.post("/coalition/staff/newsroom/coalitions/north/",
                             {"form": "role", "member": own.pk, "role": "member"}).status_code == 404
    assert member_admin.get(MANAGE).status_code == 403
    dashboard = member_admin.get("/coalition/staff/newsroom/").content.decode()
    assert "/coalition/staff/newsroom/coalitions/north/" not in dashboard and "เครือข่ายภาคเหนือ" in dashboard
    member_admin.logout()
    # A coordinator of the lead organisation has no coalition.manage.
    coordinator = verified_client(make_user("coord", org=watchdog, role="coordinator"))
    for url in new_urls:
        assert coordinator.get(url).status_code == 403, url
    assert coordinator.post(MANAGE, {"form": "remove", "member": own.pk}).status_code == 403
    coordinator.logout()
    # Our staff cannot reach another coalition's member through our coalition's page.
    staff = verified_client(admin_of(watchdog, "wd-admin"))
    assert staff.post(MANAGE, {"form": "remove", "member": their_member.pk}).status_code == 404
    assert staff.post(MANAGE, {"form": "remove", "member": "x"}).status_code == 404
    assert staff.get("/coalition/staff/watchdog/coalitions/theirs/").status_code == 404
    assert _roles(north) == {"watchdog": "lead", "newsroom": "member"} and _roles(theirs) == {"other-ngo": "lead"}
    assert not Coalition.objects.filter(slug="grab").exists()
    # The actions check the permission themselves too.
    with pytest.raises(PermissionDenied):
        staff_actions.remove_member(north.members.get(organisation=newsroom), by=outsider_user)
    with pytest.raises(PermissionDenied):
        staff_actions.add_member(north, other, by=outsider_user)


def test_campaign_page_tells_how_to_follow_by_chat(client, watchdog) -> None:  # type: ignore[no-untyped-def]
    actions.create_campaign(organisation=watchdog, slug="flood-cr", title="จับตางบน้ำท่วม", issue="-")
    html = client.get("/coalition/campaigns/flood-cr/").content.decode()
    assert 'ส่ง <strong>ติดตาม <span translate="no">flood-cr</span></strong> ทาง LINE หรือ Telegram' in html
    assert 'id="follow-form"' in html  # beside the web form


def test_demo_fills_the_directory_and_a_coalition(client, gazetteer) -> None:  # type: ignore[no-untyped-def]
    from phalang.core import demo

    demo.seed()
    rows = (AuditEntry.objects.count(), CoalitionMember.objects.count(), Coalition.objects.count())
    demo.seed()
    assert (AuditEntry.objects.count(), CoalitionMember.objects.count(), Coalition.objects.count()) == rows
    page = client.get("/coalition/partners/demo-watchdog/").content.decode()
    assert "contact@watchdog.example" in page and "เชียงราย" in page
    areas = client.get("/coalition/partners/?area=procurement").content.decode()
    assert "/coalition/partners/demo-watchdog/" in areas
    assert "/coalition/partners/demo-newsroom/" not in areas
    in_chiang_mai = client.get(f"/coalition/partners/?province={Province.objects.get(name_th='เชียงใหม่').pk}")
    assert "/coalition/partners/demo-newsroom/" in in_chiang_mai.content.decode()
    c = Coalition.objects.get(slug="demo-good-governance")
    assert c.is_demo and _roles(c) == {"demo-watchdog": "lead", "demo-newsroom": "member",
                                       "demo-volunteers": "member"}
    assert Campaign.objects.get(slug="demo-flood-procurement").coalition == c
