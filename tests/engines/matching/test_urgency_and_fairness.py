"""The default objective serves urgent and long-waiting requests first and spreads load."""

from __future__ import annotations

import random

from phalang.engines.matching import Request, Volunteer, Weights, check_matching, match

HUB = (13.75, 100.50)  # Bangkok


def _near(dlat_km: float, dlon_km: float = 0.0) -> tuple[float, float]:
    return HUB[0] + dlat_km / 111.2, HUB[1] + dlon_km / 108.0


def test_urgent_request_wins_the_last_volunteer_even_when_farther() -> None:
    near, far = _near(1.0), _near(8.0)
    requests = [Request("calm", *near, urgency=1), Request("urgent", *far, urgency=4)]
    volunteers = [Volunteer("v", *HUB, radius_km=10, capacity=1)]
    weighted = match(requests, volunteers)
    assert [a.request for a in weighted.assignments] == ["urgent"]
    # The distance objective would take the nearer one: urgency is what decided.
    assert [a.request for a in match(requests, volunteers, objective="distance").assignments] == [
        "calm"
    ]


def test_under_scarcity_exactly_the_most_urgent_requests_are_served() -> None:
    rng = random.Random(5)
    requests = [
        Request(
            f"r{u}-{i}",
            *_near(rng.uniform(0, 3), rng.uniform(0, 3)),
            urgency=u,
            waiting_hours=rng.uniform(0, 48),
        )
        for u in (1, 2, 3, 4)
        for i in range(10)
    ]
    rng.shuffle(requests)
    volunteers = [
        Volunteer(f"v{j}", *_near(rng.uniform(0, 3)), radius_km=20, capacity=2) for j in range(5)
    ]
    result = match(requests, volunteers)
    assert check_matching(requests, volunteers, result) == []
    assert sorted(a.request for a in result.assignments) == sorted(
        r.id for r in requests if r.urgency == 4
    )
    assert result.stats["by_urgency"]["4"] == {"requests": 10, "assigned": 10}


def test_long_waiting_request_goes_first_among_equals() -> None:
    requests = [
        Request("fresh", *_near(1.0), urgency=2, waiting_hours=0),
        Request("waited", *_near(3.0), urgency=2, waiting_hours=40),
    ]
    volunteers = [Volunteer("v", *HUB, radius_km=10, capacity=1)]
    assert [a.request for a in match(requests, volunteers).assignments] == ["waited"]


def _cluster() -> tuple[list[Request], list[Volunteer]]:
    requests = [Request(f"r{i}", *_near(0.0, 0.2 * i), urgency=2) for i in range(4)]
    volunteers = [
        Volunteer("close", *_near(1.0), radius_km=20, capacity=4),
        Volunteer("farther", *_near(-3.0), radius_km=20, capacity=4),
    ]
    return requests, volunteers


def _loads(result: object) -> dict[str, int]:
    loads: dict[str, int] = {}
    for a in result.assignments:  # type: ignore[attr-defined]
        loads[a.volunteer] = loads.get(a.volunteer, 0) + 1
    return loads


def test_fairness_spreads_load_across_volunteers() -> None:
    requests, volunteers = _cluster()
    assert _loads(match(requests, volunteers, objective="distance")) == {"close": 4}
    assert _loads(match(requests, volunteers, weights=Weights(fairness=0))) == {"close": 4}
    assert _loads(match(requests, volunteers)) == {"close": 2, "farther": 2}


def test_tasks_already_held_count_towards_fairness() -> None:
    requests, volunteers = _cluster()
    busy = [Volunteer("close", *_near(1.0), radius_km=20, capacity=6, load=2), volunteers[1]]
    loads = _loads(match(requests, busy))
    assert loads["farther"] > loads.get("close", 0)
