"""User trial: a delivery run planned at 14:00 started at 08:00 (the fixed default), so its stops
were "due" hours before the run was planned; a start time in the past was accepted too. The action
refuses a run that starts in the past (a Thai reason, nothing saved) and starts from now by default."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from phalang.aid import actions
from phalang.aid.models import DeliveryRun, Hub


def _at(hour: int, minute: int = 0) -> datetime:
    return timezone.localtime().replace(hour=hour, minute=minute, second=0, microsecond=0)


def _hub_and_requests(group, file_request):  # type: ignore[no-untyped-def]
    hub = Hub.objects.create(organisation=group, name="ครัว", lat=19.91, lon=99.84)
    return hub, [file_request(people=2, phone=f"08123400{p}0") for p in (3, 4)]


def test_a_start_in_the_past_is_refused(group, coordinator, file_request) -> None:  # type: ignore[no-untyped-def]
    hub, reqs = _hub_and_requests(group, file_request)
    now = _at(14)
    with pytest.raises(actions.AidInvalid) as refused:
        actions.plan_delivery_run(hub, reqs, [actions.RunVehicle("pickup", 8, shift_start=8 * 60)], by=coordinator,
                                  now=now, time_limit_s=0.2)
    th, _en = refused.value.errors["shift_start"]
    assert "08:00" in th and "ผ่านไปแล้ว" in th and "14:00" in th
    with pytest.raises(actions.AidInvalid) as refused:
        actions.plan_delivery_run(hub, reqs, [actions.RunVehicle("pickup", 8)], by=coordinator, now=now,
                                  day=now.date() - timedelta(days=1), time_limit_s=0.2)
    assert "day" in refused.value.errors
    assert not DeliveryRun.objects.exists()


def test_the_run_starts_now_by_default_or_when_asked(group, coordinator, file_request) -> None:  # type: ignore[no-untyped-def]
    hub, reqs = _hub_and_requests(group, file_request)
    now = _at(14, 10)
    run = actions.plan_delivery_run(hub, reqs, [actions.RunVehicle("pickup", 8)], by=coordinator, now=now,
                                    time_limit_s=0.2)
    assert run.plan["routes"] and all(r["depart"] >= "14:10" for r in run.plan["routes"])
    assert run.plan["day"] == now.date().isoformat()
    later = actions.plan_delivery_run(hub, reqs, [actions.RunVehicle("pickup", 8, shift_start=16 * 60)], by=coordinator,
                                      now=now, time_limit_s=0.2)
    assert all(r["depart"] >= "16:00" for r in later.plan["routes"])
    tomorrow = actions.plan_delivery_run(hub, reqs, [actions.RunVehicle("pickup", 8, shift_start=7 * 60)],
                                         by=coordinator, now=now, day=now.date() + timedelta(days=1), time_limit_s=0.2)
    assert tomorrow.plan["routes"]


def test_the_hubs_page_shows_the_refusal(group, coordinator, verified_client, file_request) -> None:  # type: ignore[no-untyped-def]
    hub, _reqs = _hub_and_requests(group, file_request)
    client = verified_client(coordinator)
    url = f"/aid/coordinate/{group.slug}/hubs/"
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    page = client.post(url, {"hub": hub.pk, "op": "run", "vehicles": 1, "capacity": 8, "day": yesterday},
                       follow=True).content.decode()
    assert "วันที่ของรอบส่งของผ่านไปแล้ว" in page
    assert not DeliveryRun.objects.exists()
    client.post(url, {"hub": hub.pk, "op": "run", "vehicles": 1, "capacity": 8})  # from now
    assert DeliveryRun.objects.count() == 1
