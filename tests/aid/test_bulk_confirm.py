"""155 suggestions confirmed in one click, each through the action (audit, volunteer told).

Before: 155 clicks (279 s) against a 20-minute expiry.
"""

from __future__ import annotations

from phalang.aid import actions
from phalang.aid.models import HelpRequest, State, Suggestion
from phalang.audit.models import AuditEntry
from tests.aid.conftest import CHIANG_MAI


def test_confirm_all_in_one_click(verified_client, flood_group, flood_coordinator, make_user) -> None:  # type: ignore[no-untyped-def]
    # Filing is not what is tested here: the 155 triaged requests go in with one insert.
    from django.utils import timezone

    from phalang.places.lookup import resolve_address
    from phalang.watch import receipts

    sub = resolve_address(CHIANG_MAI).subdistrict
    now = timezone.now()
    HelpRequest.objects.bulk_create([HelpRequest(
        receipt_hash=receipts.receipt_hash(receipts.generate()), organisation=flood_group, need="water",
        province=sub.district.province, district=sub.district, subdistrict=sub, channel="csv", state=State.TRIAGED,
        created_at=now, priority_at=actions.priority_at(now, 1)) for _ in range(155)])
    for i in range(40):
        vol = actions.register_volunteer(make_user(f"v{i}"), flood_group, actions.VolunteerData(
            place_text=CHIANG_MAI, vehicle="pickup", max_tasks_per_day=4, available_from="00:00",
            available_until="23:59:59"))
        actions.verify_volunteer(vol, by=None)
    made = actions.suggest_matches(flood_group, by=flood_coordinator)
    assert len(made) == 155
    # One expired in the meantime: it must not spoil the others.
    Suggestion.objects.filter(pk=made[0].pk).update(status=Suggestion.Status.EXPIRED)
    client = verified_client(flood_coordinator)
    html = client.get(f"/aid/coordinate/{flood_group.slug}/").content.decode()
    assert 'id="confirm-all"' in html
    client.post(f"/aid/coordinate/{flood_group.slug}/bulk/", {"op": "confirm", "all": "1"})
    assert HelpRequest.objects.filter(state=State.MATCHED).count() == 154
    assert AuditEntry.objects.filter(action="aid.request.matched").count() == 154
