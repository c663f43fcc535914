"""The partner directory: filters (page and JSON), the profile form, the partner page with what the
partner handles, the /coalition/ landing page and coalition pages."""

from __future__ import annotations

import pytest

from phalang.audit.models import AuditEntry
from phalang.coalition import actions
from phalang.orgs import actions as org_actions
from phalang.orgs.models import Organisation
from phalang.places.models import Province


@pytest.fixture
def provinces(db):  # type: ignore[no-untyped-def]
    return {p.name_th: p for p in Province.objects.filter(name_th__in=["เชียงราย", "น่าน", "ตราด"])}


@pytest.fixture
def network(make_org, make_user, provinces):  # type: ignore[no-untyped-def]
    root = make_user("root", is_superuser=True)
    watchdog = make_org("watchdog", "civil_society")
    org_actions.update_directory_profile(watchdog, by=root, areas=["anti_corruption", "procurement"],
                                         provinces_served=[provinces["เชียงราย"], provinces["น่าน"]],
                                         public_email="hello@watchdog.example", line_oa="@Watchdog",
                                         public_phone="053 123 456", tags=["งบประมาณท้องถิ่น", " "])
    org_actions.verify_organisation(watchdog, by=root)
    media = make_org("north-news", "media")
    org_actions.update_directory_profile(media, by=root, areas=["media_freedom"],
                                         provinces_served=[provinces["เชียงราย"]])
    based = make_org("trat-volunteers", "volunteer_group", province=provinces["ตราด"])  # no provinces_served
    org_actions.update_directory_profile(based, by=root, areas=["community"])
    return watchdog, media, based


def _slugs(client, **params) -> list[str]:  # type: ignore[no-untyped-def]
    page = client.get("/coalition/partners/", params).content.decode()
    return [o.slug for o in Organisation.objects.order_by("slug") if f'href="/coalition/partners/{o.slug}/"' in page]


def test_directory_filters_by_sector_area_province_and_verified(client, network, provinces) -> None:  # type: ignore[no-untyped-def]
    assert _slugs(client) == ["north-news", "trat-volunteers", "watchdog"]
    assert _slugs(client, kind="media") == ["north-news"]
    assert _slugs(client, area="procurement") == ["watchdog"]
    assert _slugs(client, province=provinces["เชียงราย"].pk) == ["north-news", "watchdog"]
    assert _slugs(client, province=provinces["น่าน"].pk) == ["watchdog"]
    # Based in a province and naming none served: found under its own province.
    assert _slugs(client, province=provinces["ตราด"].pk) == ["trat-volunteers"]
    assert _slugs(client, verified="1") == ["watchdog"]
    assert _slugs(client, kind="media", area="procurement") == []
    assert _slugs(client, kind="no-such-sector") == ["north-news", "trat-volunteers", "watchdog"]  # ignored


def test_directory_json_has_the_same_filters_and_public_contacts(client, network, provinces) -> None:  # type: ignore[no-untyped-def]
    data = client.get("/api/v1/coalition/partners", {"province": provinces["เชียงราย"].pk, "verified": "1"}).json()
    assert [p["slug"] for p in data["partners"]] == ["watchdog"]
    watchdog = data["partners"][0]
    assert watchdog["areas"] == ["anti_corruption", "procurement"]
    assert sorted(watchdog["provinces"]) == ["น่าน", "เชียงราย"]
    assert watchdog["tags"] == ["งบประมาณท้องถิ่น"]
    assert watchdog["contacts"] == {"email": "hello@watchdog.example", "phone": "053 123 456",
                                    "line_oa": "@watchdog", "website": None}
    assert [p["slug"] for p in client.get("/api/v1/coalition/partners", {"area": "community"}).json()["partners"]] \
        == ["trat-volunteers"]


def test_partner_page_shows_profile_forwarded_cases_and_responsiveness(client, network, gazetteer, make_user) -> None:  # type: ignore[no-untyped-def]
    from phalang.accounts.models import User
    from phalang.watch import workflow
    from phalang.watch.actions import NewReport, file_report

    watchdog = network[0]
    root = User.objects.get(username="root")
    shown, _ = file_report(NewReport(category="public_service", province="น่าน",
                                     description="ถนนทรุดหน้าโรงเรียนมาสามเดือนแล้ว"))
    workflow.publish(shown, by=root, public_text="ถนนทรุดหน้าโรงเรียน")
    private, _ = file_report(NewReport(category="corruption", description="ยังไม่เผยแพร่ ห้ามแสดงบนหน้าภาคี"))
    workflow.forward(shown, to=[watchdog], by=root)
    workflow.forward(private, to=[watchdog], by=root)

    page = client.get("/coalition/partners/watchdog/").content.decode()
    assert "hello@watchdog.example" in page and "@watchdog" in page and 'id="verified"' in page
    assert "ต่อต้านการทุจริต" in page  # the area of work, in Thai
    assert "น่าน" in page and "งบประมาณท้องถิ่น" in page
    # Both cases count in its responsiveness; only the published one is listed, with its public text.
    assert "เรื่องที่ได้รับ <strong>2</strong>" in page.split('id="responsiveness"')[1].split("</p>")[0]
    assert shown.public_id in page and "ถนนทรุดหน้าโรงเรียน" in page
    assert private.public_id not in page and "ห้ามแสดง" not in page


def test_profile_form_saves_through_the_action_and_refuses_others(network, make_org, make_user, verified_client,
                                                                  provinces) -> None:  # type: ignore[no-untyped-def]
    watchdog, media, _ = network
    admin = make_user("wd-admin", org=watchdog, role="admin")
    c = verified_client(admin)
    url = "/coalition/staff/watchdog/profile/"
    assert 'name="areas"' in c.get(url).content.decode()
    # A bad LINE id: a Thai error, and nothing at all is saved (not even the valid fields).
    resp = c.post(url, {"description": "ใหม่", "areas": ["legal_aid"], "line_oa": "not a line id!",
                        "provinces_served": [provinces["ตราด"].pk]})
    assert resp.status_code == 400 and "กรอกไอดี LINE Official Account เช่น @phalang" in resp.content.decode()
    watchdog.refresh_from_db()
    assert watchdog.description == "" and list(watchdog.areas.values_list("area", flat=True).order_by("area")) == \
        ["anti_corruption", "procurement"]
    resp = c.post(url, {"description": "จับตางบประมาณภาคเหนือ", "areas": ["legal_aid", "procurement"],
                        "line_oa": "@wd", "provinces_served": [provinces["ตราด"].pk], "tags": "ศาล, ที่ดิน"})
    assert resp.status_code == 302
    watchdog.refresh_from_db()
    assert watchdog.description == "จับตางบประมาณภาคเหนือ" and watchdog.tags == "ศาล, ที่ดิน"
    assert sorted(watchdog.areas.values_list("area", flat=True)) == ["legal_aid", "procurement"]
    assert [p.name_th for p in watchdog.provinces_served.all()] == ["ตราด"]
    assert AuditEntry.objects.filter(action="org.directory", target_id=str(watchdog.pk)).count() == 2  # fixture + form
    # Another organisation's admin, and a partner-staff member of this one, get 403.
    c.logout()
    outsider = verified_client(make_user("news-admin", org=media, role="admin"))
    assert outsider.get(url).status_code == 403
    assert outsider.post(url, {"description": "ยึด"}).status_code == 403
    staff = make_user("wd-staff", org=watchdog, role="partner_staff")
    outsider.logout()
    assert verified_client(staff).get(url).status_code == 403
    watchdog.refresh_from_db()
    assert watchdog.description == "จับตางบประมาณภาคเหนือ"


def test_landing_page_and_coalition_page(client, network, admin_of) -> None:  # type: ignore[no-untyped-def]
    watchdog, media, based = network
    lead = admin_of(watchdog)
    coalition = actions.create_coalition(slug="north-watch", name="เครือข่ายจับตาภาคเหนือ", lead=watchdog, by=lead)
    actions.add_coalition_member(coalition, media, by=lead)
    actions.create_campaign(organisation=media, slug="shared-flood", title="ร่วมจับตางบน้ำท่วม", issue="งบซ้ำซ้อน",
                            coalition=coalition)
    actions.create_campaign(organisation=based, slug="not-shared", title="งานของกลุ่มเอง", issue="-")
    home = client.get("/coalition/")
    assert home.status_code == 200
    html = home.content.decode()
    for href in ("/coalition/partners/", "/coalition/campaigns/", "/coalition/commitments/", "/coalition/c/north-watch/"):
        assert f'href="{href}"' in html
    page = client.get("/coalition/c/north-watch/").content.decode()
    members = page.split('id="members"')[1].split("</ul>")[0]
    assert "องค์กร watchdog" in members and "องค์กร north-news" in members and "องค์กร trat-volunteers" not in members
    assert "แกนนำ" in members and "สมาชิก" in members
    assert "ร่วมจับตางบน้ำท่วม" in page and "งานของกลุ่มเอง" not in page
    assert client.get("/coalition/c/no-such-coalition/").status_code == 404
