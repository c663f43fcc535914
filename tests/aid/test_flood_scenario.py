"""A flood in Chiang Mai end to end: the team's 200-row Thai sheet is imported, triaged in bulk,
matched, confirmed in one click, dispatched, a delivery run routed from a hub, and tasks closed."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from phalang.aid import actions, importer
from phalang.aid.models import HelpRequest, Need, State, Suggestion
from tests.aid import flood_sheet
from tests.aid.conftest import CHIANG_MAI

VOLUNTEER_PLACES = ["ต.ป่าแดด อ.เมืองเชียงใหม่ จ.เชียงใหม่", "ต.หนองผึ้ง อ.สารภี จ.เชียงใหม่",
                    "ต.ป่าไผ่ อ.สันทราย จ.เชียงใหม่", "ต.ริมใต้ อ.แม่ริม จ.เชียงใหม่", "ต.วัดเกต อ.เมืองเชียงใหม่ จ.เชียงใหม่"]


def test_two_hundred_rows_to_closed_tasks(verified_client, flood_group, flood_coordinator, make_user) -> None:  # type: ignore[no-untyped-def]
    # 1. Import the sheet: 197 of 200, three refused with Thai reasons.
    result = importer.import_file(flood_group, flood_sheet.xlsx_bytes(), by=flood_coordinator, filename="flood.xlsx")
    assert len(result.created) == 197 and {r.line for r in result.refused} == flood_sheet.REFUSED_LINES
    # 50 volunteers: boats, trucks, pickups and motorcycles around the flooded subdistricts.
    vehicles = ["boat", "truck", "pickup", "motorcycle", "pickup"]
    vols = []
    for i in range(50):
        vol = actions.register_volunteer(make_user(f"cm-vol-{i}"), flood_group, actions.VolunteerData(
            place_text=VOLUNTEER_PLACES[i % len(VOLUNTEER_PLACES)], vehicle=vehicles[i % len(vehicles)],
            skills=["driver"] if i % 2 else [], radius_km=25, max_tasks_per_day=4,
            available_from="00:00", available_until="23:59:59"))
        actions.verify_volunteer(vol, by=flood_coordinator)
        vols.append(vol)

    client = verified_client(flood_coordinator)
    base = f"/aid/coordinate/{flood_group.slug}/"
    # 2. Bulk triage, page by page, as the coordinator would (50 ticks, one click, each page).
    while True:
        html = client.get(base, {"state": "new"}).content.decode()
        ids = [x.split('"')[0] for x in html.split('name="ids" value="')[1:]]
        if not ids:
            break
        client.post(f"{base}bulk/", {"op": "triage", "ids": ids})
    assert not HelpRequest.objects.filter(state=State.NEW).exists()

    # 3. Food and water go by a routed delivery run from the hub; the rest are matched.
    hub = actions.create_hub(flood_group, by=flood_coordinator, name="ครัวกลางวัดป่าแดด", lat=18.7617, lon=98.9787)
    item = actions.create_item(by=flood_coordinator, slug="food-pack", name_th="ถุงยังชีพ", unit="ถุง")
    actions.set_stock(hub, item, by=flood_coordinator, quantity=2000, minimum=100)
    parcels = list(HelpRequest.objects.filter(state=State.TRIAGED, need__in=[Need.FOOD, Need.WATER])
                   .order_by("priority_at")[:40])
    tomorrow = timezone.localdate() + timedelta(days=1)  # a whole day's run, whatever the hour now
    run = actions.plan_delivery_run(hub, parcels, [actions.RunVehicle("truck-1", 120), actions.RunVehicle("truck-2", 120)],
                                    by=flood_coordinator, day=tomorrow)
    assert run.plan["routes"] and run.requests.count() > 0
    for req in run.requests.all():
        mv = actions.commit_stock(hub, item, req.people, by=flood_coordinator, request=req)
        actions.dispatch_movement(mv, by=flood_coordinator)
        actions.complete_run_stop(run, req, by=flood_coordinator)

    made = actions.suggest_matches(flood_group, by=flood_coordinator)
    assert len(made) >= 100
    boat_tasks = [s for s in made if s.request.need == Need.BOAT]
    assert boat_tasks and all(s.volunteer.vehicle == "boat" for s in boat_tasks)
    # 4. Confirm every suggestion in one click.
    client.post(f"{base}bulk/", {"op": "confirm", "all": "1"})
    assert not Suggestion.objects.filter(status=Suggestion.Status.PENDING).exists()
    matched = list(HelpRequest.objects.filter(state=State.MATCHED).select_related("volunteer__user"))
    assert len(matched) == len(made)

    # 5. Volunteers accept (seeing the contact only now), set off and close their tasks; one could not reach a house.
    for i, req in enumerate(matched):
        user = req.volunteer.user  # type: ignore[union-attr]
        actions.update_task(req, State.ACCEPTED, by=user)
        actions.update_task(req, State.EN_ROUTE, by=user)
        actions.update_task(req, State.FAILED if i == 0 else State.FULFILLED, by=user, confirmed=i == 0,
                            note="น้ำสูงเกินเข้าไม่ได้" if i == 0 else "")
    assert HelpRequest.objects.filter(state=State.FULFILLED).count() == len(matched) - 1 + run.requests.count()
    assert not HelpRequest.objects.filter(state__in=[State.MATCHED, State.ACCEPTED, State.EN_ROUTE]).exists()
    # The queue's "closed" view lists them, and the counts still add up.
    html = client.get(base, {"state": "closed"}).content.decode()
    assert "id=\"queue-count\"" in html
    waiting = HelpRequest.objects.filter(state__in=[State.NEW, State.TRIAGED]).count()
    assert waiting + HelpRequest.objects.filter(state__in=[State.FULFILLED, State.FAILED, State.CANCELLED]).count() \
        == 197
    assert CHIANG_MAI  # the place the sheet and the volunteers share
