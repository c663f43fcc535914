"""Stock: commit, dispatch, receive, low-stock alerts; bed capacity; a routed delivery run; the demo."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from phalang.aid import actions
from phalang.aid.models import HelpRequest, Hub, Item, Stock, StockMovement
from phalang.audit.models import AuditEntry


def test_commit_dispatch_receive(group, coordinator) -> None:  # type: ignore[no-untyped-def]
    a = actions.create_hub(group, by=coordinator, name="A", lat=19.91, lon=99.84)
    b = actions.create_hub(group, by=coordinator, name="B", lat=19.95, lon=99.86)
    rice = Item.objects.create(slug="rice", name_th="ข้าวสาร")
    actions.set_stock(a, rice, by=coordinator, quantity=30, minimum=10)
    mv = actions.commit_stock(a, rice, 25, by=coordinator, to_hub=b)
    stock = Stock.objects.get(hub=a, item=rice)
    assert stock.available == 5 and stock.low and actions.low_stock(group) == [stock]
    with pytest.raises(actions.AidInvalid):
        actions.commit_stock(a, rice, 6, by=coordinator)  # only 5 left to promise
    with pytest.raises(actions.AidInvalid):
        actions.receive_movement(mv, by=coordinator)  # not dispatched yet
    actions.dispatch_movement(mv, by=coordinator)
    mv.refresh_from_db()
    actions.receive_movement(mv, by=coordinator)
    assert Stock.objects.get(hub=a, item=rice).quantity == 5 and Stock.objects.get(hub=b, item=rice).quantity == 25
    assert StockMovement.objects.get().status == "received"
    steps = list(AuditEntry.objects.filter(action__startswith="aid.stock").values_list("action", flat=True))
    assert steps == ["aid.stock.count", "aid.stock.commit", "aid.stock.dispatch", "aid.stock.receive"]
    with pytest.raises(actions.AidInvalid):
        actions.set_site_capacity(a, by=coordinator, beds_total=2, beds_used=3, isolation_total=0, isolation_used=0)


def test_delivery_run_is_routed(group, coordinator, file_request) -> None:  # type: ignore[no-untyped-def]
    hub = Hub.objects.create(organisation=group, name="ครัว", lat=19.91, lon=99.84)
    reqs = [file_request(people=p, phone=f"08123400{p}0") for p in (3, 4, 5)]
    run = actions.plan_delivery_run(hub, reqs, [actions.RunVehicle("pickup", capacity=8)], by=coordinator,
                                    day=timezone.localdate() + timedelta(days=1), time_limit_s=0.3)
    served = [v["stop"] for r in run.plan["routes"] for v in r["visits"]]
    assert sum(HelpRequest.objects.get(pk=int(s)).people for s in served) <= 8 and run.plan["dropped"]
    assert set(run.requests.values_list("pk", flat=True)) == {int(s) for s in served}


def test_demo_seed_is_idempotent(gazetteer) -> None:  # type: ignore[no-untyped-def]
    from phalang.core import demo

    demo.seed()
    demo.seed()
    assert Hub.objects.filter(is_demo=True).count() == 1
    assert HelpRequest.objects.filter(is_demo=True).count() == 3
    assert all("[ตัวอย่าง]" in r.details for r in HelpRequest.objects.all())
