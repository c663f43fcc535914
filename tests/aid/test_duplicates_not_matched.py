"""User trial (issue 15): a possible duplicate (อาจซ้ำ) was suggested and bulk-confirmed, so one
volunteer got two tasks for one household. Matching skips flagged requests until resolved."""

from __future__ import annotations

from phalang.aid import actions
from phalang.aid.models import HelpRequest, State
from tests.aid.conftest import CHIANG_MAI


def test_possible_duplicate_is_not_suggested_until_resolved(flood_group, flood_coordinator, make_user) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from phalang.places.lookup import resolve_address
    from phalang.watch import receipts

    sub = resolve_address(CHIANG_MAI).subdistrict
    now = timezone.now()

    def one(**kw):  # type: ignore[no-untyped-def]
        return HelpRequest.objects.create(
            receipt_hash=receipts.receipt_hash(receipts.generate()), organisation=flood_group, need="water",
            province=sub.district.province, district=sub.district, subdistrict=sub, channel="csv",
            state=State.TRIAGED, created_at=now, priority_at=actions.priority_at(now, 1), **kw)

    first = one()
    dup = one(duplicate_of=first)
    for i in range(2):
        vol = actions.register_volunteer(make_user(f"v{i}"), flood_group, actions.VolunteerData(
            place_text=CHIANG_MAI, vehicle="pickup", max_tasks_per_day=4, available_from="00:00",
            available_until="23:59:59"))
        actions.verify_volunteer(vol, by=None, trusted=True)
    made = actions.suggest_matches(flood_group, by=flood_coordinator)
    assert [s.request_id for s in made] == [first.pk]  # the flagged one waits for a coordinator
    assert dup not in actions.claimable(vol)
    # A coordinator decides it is a different household: from then on it is matched.
    actions.resolve_duplicate(dup, by=flood_coordinator, duplicate=False)
    dup.refresh_from_db()
    assert dup.duplicate_of_id is None
    made = actions.suggest_matches(flood_group, by=flood_coordinator)
    assert [s.request_id for s in made] == [dup.pk]
