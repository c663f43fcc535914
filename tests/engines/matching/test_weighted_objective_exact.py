"""The default objective is solved exactly: its cost equals an independent optimum."""

from __future__ import annotations

import dataclasses
from collections import Counter

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from phalang.engines.matching import Request, Volunteer, Weights, check_matching, match
from phalang.engines.matching.checker import great_circle_km
from tests.engines.matching.helpers import random_instance


def weighted_cost(
    requests: list[Request], volunteers: list[Volunteer], pairs: list[tuple[str, str]], w: Weights
) -> float:
    """The documented formula, evaluated on a given set of assignments."""
    req = {r.id: r for r in requests}
    vol = {v.id: v for v in volunteers}
    total = sum(
        w.distance * great_circle_km(req[r].lat, req[r].lon, vol[v].lat, vol[v].lon)
        for r, v in pairs
    )
    for v, n in Counter(v for _, v in pairs).items():
        total += sum(w.fairness * (vol[v].load + k) for k in range(n))
    served = {r for r, _ in pairs}
    return total + sum(w.priority(r) for r in requests if r.id not in served)


def exact_weighted_optimum(
    requests: list[Request], volunteers: list[Volunteer], w: Weights
) -> float:
    """Hungarian method: one column per free slot (its fairness cost included) and one
    "unassigned" column per request; infeasible cells are never worth choosing."""
    slots = [(v, k) for v in volunteers for k in range(v.capacity - v.load)]
    n = len(requests)
    never = 1e9
    cost = np.full((n, len(slots) + n), never)
    for i, r in enumerate(requests):
        cost[i, len(slots) + i] = w.priority(r)
        for j, (v, k) in enumerate(slots):
            d = great_circle_km(r.lat, r.lon, v.lat, v.lon)
            if (
                d <= v.radius_km
                and v.vehicle >= r.vehicle_required
                and r.skills_required <= v.skills
            ):
                cost[i, j] = w.distance * d + w.fairness * (v.load + k)
    rows, cols = linear_sum_assignment(cost)
    return float(cost[rows, cols].sum())


@pytest.mark.parametrize("seed", range(8))
def test_default_objective_is_optimal(seed: int) -> None:
    requests, volunteers = random_instance(300 + seed, 50, 20, spread_km=8)
    # Some volunteers already hold tasks, so fairness starts from their load.
    volunteers = [
        dataclasses.replace(v, capacity=v.capacity + 1, load=1) if j % 3 == 0 else v
        for j, v in enumerate(volunteers)
    ]
    weights = Weights(fairness=8, urgency=30)
    result = match(requests, volunteers, weights=weights)
    assert check_matching(requests, volunteers, result) == []
    pairs = [(a.request, a.volunteer) for a in result.assignments]
    got = weighted_cost(requests, volunteers, pairs, weights)
    best = exact_weighted_optimum(requests, volunteers, weights)
    # Arc costs are whole metre-equivalents: half a metre of rounding per arc at most.
    assert got == pytest.approx(best, abs=1e-3 * len(requests))
    assert result.stats["objective_value"] == pytest.approx(best, abs=1e-3 * len(requests))
