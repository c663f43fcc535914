"""The coordinator's queue past 100 rows: paging, filters, search by name/phone/receipt, counts.

Before: the queue stopped at 100 rows, with no paging, filter or search.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from phalang.aid import actions
from phalang.aid.models import HelpRequest, Need, State
from tests.aid.conftest import CHIANG_MAI

OTHER_PLACE = "ต.หนองผึ้ง อ.สารภี จ.เชียงใหม่"


def _file(group, i: int, **kw):  # type: ignore[no-untyped-def]
    kw.setdefault("need", Need.WATER)
    kw.setdefault("place_text", CHIANG_MAI)
    kw.setdefault("phone", f"08{i:08d}")
    kw.setdefault("address", f"บ้านเลขที่ {i}")
    return actions.file_help_request(actions.NewHelpRequest(organisation=group.slug, **kw))


def test_198_requests_all_reachable_by_paging(verified_client, flood_group, flood_coordinator) -> None:  # type: ignore[no-untyped-def]
    for i in range(198):
        _file(flood_group, i)
    client = verified_client(flood_coordinator)
    url = f"/aid/coordinate/{flood_group.slug}/"
    seen: set[str] = set()
    page, pages = 1, 0
    while True:
        html = client.get(url, {"page": page}).content.decode()
        ids = {x.split('"')[0] for x in html.split('name="ids" value="')[1:]}
        seen |= ids
        pages += 1
        if 'rel="next"' not in html:
            break
        page += 1
    assert len(seen) == 198 and pages == 4  # 50 a page


def test_filters_and_search(verified_client, flood_group, flood_coordinator, make_user) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    boat, boat_receipt = _file(flood_group, 1, need=Need.BOAT, name="นางบัวผัน ใจดี", answers={"trapped": True})
    old, _ = _file(flood_group, 2, need=Need.FOOD, place_text=OTHER_PLACE, created_at=now - timedelta(hours=30))
    water, _ = _file(flood_group, 3, phone="+66 89 555 1234")
    client = verified_client(flood_coordinator)
    url = f"/aid/coordinate/{flood_group.slug}/"

    def ids(**params: str) -> set[int]:
        html = client.get(url, params).content.decode()
        return {int(x.split('"')[0]) for x in html.split('name="ids" value="')[1:]}

    assert ids() == {boat.pk, old.pk, water.pk}
    assert ids(need="boat") == {boat.pk} and ids(urgency="4") == {boat.pk}
    assert ids(district=str(old.district_id)) == {old.pk}
    assert ids(age="24") == {old.pk}
    assert ids(q="0895551234") == {water.pk} and ids(q="089-555-1234") == {water.pk}
    assert ids(q="บัวผัน") == {boat.pk} and ids(q="ใจดี") == {boat.pk} and ids(q="สมชาย") == set()
    assert ids(q=boat_receipt) == {boat.pk}
    # Most pressing first: the trapped family (tier 4) before a 30-hour-old food request (1 + 2.5).
    html = client.get(url).content.decode()
    # (by the row's checkbox: the urgency filter's options carry small values too)
    assert html.index(f'name="ids" value="{boat.pk}"') < html.index(f'name="ids" value="{old.pk}"')
    # Counts by area and need.
    assert 'id="counts-area"' in html and "สารภี" in html.split('id="counts-area"')[1]
    assert "เรือ" in html.split('id="counts-need"')[1] or "Boat" in html.split('id="counts-need"')[1]
    # Bulk triage: one click for the ticked ones.
    resp = client.post(f"{url}bulk/", {"op": "triage", "ids": [boat.pk, old.pk]})
    assert resp.status_code == 302
    assert set(HelpRequest.objects.filter(state=State.TRIAGED).values_list("pk", flat=True)) == {boat.pk, old.pk}
    assert ids(state="new") == {water.pk}


def test_assignee_filter_and_map(verified_client, flood_group, flood_coordinator, make_user) -> None:  # type: ignore[no-untyped-def]
    req, _ = _file(flood_group, 5)
    user = make_user("boatman")
    vol = actions.register_volunteer(user, flood_group, actions.VolunteerData(
        place_text=CHIANG_MAI, vehicle="boat", available_from="00:00", available_until="23:59:59"))
    actions.verify_volunteer(vol, by=None)
    actions.triage_request(req, by=None)
    [s] = actions.suggest_matches(flood_group, by=None)
    actions.confirm_suggestion(s, by=None)
    client = verified_client(flood_coordinator)
    url = f"/aid/coordinate/{flood_group.slug}/"
    html = client.get(url, {"state": "open", "assignee": str(vol.pk)}).content.decode()
    assert f'value="{req.pk}"' in html
    geo = client.get(f"{url}map.geojson", {"state": "open"}).json()
    kinds = {f["properties"]["kind"] for f in geo["features"]}
    assert kinds == {"request", "volunteer"}
    assert "0800000005" not in str(geo)  # areas only
    other = make_user("stranger")
    client.force_login(other)
    assert client.get(f"{url}map.geojson").status_code == 403
