"""suggest_matches respects every hard constraint; the engine's checker verifies it."""

from __future__ import annotations

from django.utils import timezone

from phalang.aid import actions
from phalang.aid.models import Exclusion
from phalang.engines.matching import MatchResult, check_matching
from phalang.engines.matching.model import Assignment
from tests.aid.conftest import FAR, NEAR


def test_hard_constraints(group, coordinator, make_volunteer, file_request, make_org) -> None:  # type: ignore[no-untyped-def]
    walker = make_volunteer("walker", vehicle="none", skills=["cook"], max_tasks=1)
    driver = make_volunteer("driver", vehicle="pickup", skills=["driver"], max_tasks=1)
    make_volunteer("far", place=FAR, vehicle="van", skills=["driver", "medic"], max_tasks=5)
    make_volunteer("unverified", vehicle="van", skills=["driver"], verified=False, max_tasks=5)
    asleep = make_volunteer("asleep", vehicle="van", skills=["driver"], max_tasks=5)
    asleep.available_days = ""  # available on no day
    asleep.save()
    transport = file_request(need="medical_transport", place=NEAR)  # driver + car
    food = [file_request(need="food", phone=f"08100000{i}0") for i in range(3)]
    refused = file_request(need="medicine", phone="0819999999")
    Exclusion.objects.create(request=refused, volunteer=walker, kind=Exclusion.Kind.REFUSED)
    Exclusion.objects.create(request=refused, volunteer=driver, kind=Exclusion.Kind.CONFLICT)

    inst = actions.build_instance(group, timezone.now())
    made = actions.suggest_matches(group, by=coordinator)
    assigned = {str(s.request_id) for s in made}
    result = MatchResult([Assignment(str(s.request_id), str(s.volunteer_id), s.distance_km) for s in made],
                         [r.id for r in inst.requests if r.id not in assigned])
    assert check_matching(inst.requests, inst.volunteers, result, exclusions=inst.exclusions) == []
    pairs = {(s.request_id, s.volunteer_id) for s in made}
    assert (transport.pk, driver.pk) in pairs  # only the driver can take it
    assert len(made) == 2  # each volunteer's capacity is 1; others are far, unverified or unavailable
    assert not {r for r, _v in pairs} & {refused.pk}
    assert {v for _r, v in pairs} == {walker.pk, driver.pk}
    assert len({r for r, _v in pairs} & {f.pk for f in food}) == 1


def test_checker_catches_a_forged_pair(group, make_volunteer, file_request) -> None:  # type: ignore[no-untyped-def]
    walker = make_volunteer("walker", vehicle="none")
    transport = file_request(need="medical_transport")
    inst = actions.build_instance(group, timezone.now())
    forged = MatchResult([Assignment(str(transport.pk), str(walker.pk), 0.0)], [])
    assert check_matching(inst.requests, inst.volunteers, forged, exclusions=inst.exclusions)
