"""User trial (issue 15): a possible duplicate (อาจซ้ำ) was suggested and bulk-confirmed, so one
volunteer got two tasks for one household. Matching skips flagged requests until resolved."""

from __future__ import annotations

from phalang.aid import actions
from phalang.aid.models import HelpRequest, State
from tests.aid.conftest import CHIANG_MAI


def _pair(flood_group):  # type: ignore[no-untyped-def]
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
    return first, one(duplicate_of=first)


def test_possible_duplicate_is_not_suggested_until_resolved(flood_group, flood_coordinator, make_user) -> None:  # type: ignore[no-untyped-def]
    first, dup = _pair(flood_group)
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


def test_the_coordinator_decides_on_the_request_page(flood_group, flood_coordinator, verified_client, make_user) -> None:  # type: ignore[no-untyped-def]
    """Until a coordinator decides, a flagged request is never matched: the request page must let
    them decide (the first fix left it to code only)."""
    from phalang.audit.models import AuditEntry

    first, dup = _pair(flood_group)
    client = verified_client(flood_coordinator)
    url = f"/aid/coordinate/{flood_group.slug}/requests/{dup.pk}/"
    page = client.get(url).content.decode()
    assert 'name="duplicate" value="no"' in page and 'name="duplicate" value="yes"' in page
    resp = client.post(url + "duplicate/", {"duplicate": "no"})
    assert resp.status_code == 302
    dup.refresh_from_db()
    assert dup.duplicate_of_id is None and dup.state == State.TRIAGED
    assert AuditEntry.objects.filter(action="aid.request.not_duplicate").exists()

    second = HelpRequest.objects.create(receipt_hash="x" * 64, organisation=flood_group, need="water",
                                        province=first.province, district=first.district,
                                        subdistrict=first.subdistrict, channel="csv", state=State.TRIAGED,
                                        created_at=first.created_at, priority_at=first.priority_at,
                                        duplicate_of=first)
    same = f"/aid/coordinate/{flood_group.slug}/requests/{second.pk}/duplicate/"
    asked = client.post(same, {"duplicate": "yes"})  # asks first (test_duplicate_confirm_and_merge.py)
    assert asked.status_code == 200 and 'name="confirm" value="1"' in asked.content.decode()
    client.post(same, {"duplicate": "yes", "confirm": "1"})
    second.refresh_from_db()
    assert second.state == State.CANCELLED

    # Nobody else decides: a volunteer of the group gets no further than a refusal.
    other = HelpRequest.objects.create(receipt_hash="y" * 64, organisation=flood_group, need="water",
                                       province=first.province, district=first.district,
                                       subdistrict=first.subdistrict, channel="csv", state=State.TRIAGED,
                                       created_at=first.created_at, priority_at=first.priority_at,
                                       duplicate_of=first)
    client.logout()
    stranger = verified_client(make_user("somsak"))
    assert stranger.post(f"/aid/coordinate/{flood_group.slug}/requests/{other.pk}/duplicate/",
                         {"duplicate": "no"}).status_code in {403, 404}
    other.refresh_from_db()
    assert other.duplicate_of_id == first.pk
