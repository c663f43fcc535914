"""``--objective distance`` finds the maximum number of assignments, then the least total
distance, checked against an independent exact formulation."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from phalang.engines.matching import Request, Volunteer, check_matching, match
from tests.engines.matching.helpers import random_instance, run_match_cli, write_instance


def _km(a: Request, b: Volunteer) -> float:
    # Spherical law of cosines: a different formula from the engine's haversine.
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(
        math.radians(b.lon - a.lon)
    )
    return 6371.0088 * math.acos(max(-1.0, min(1.0, c)))


def exact_optimum(requests: list[Request], volunteers: list[Volunteer]) -> tuple[int, float]:
    """Assignment on one column per capacity slot; infeasible pairs cost big-M, larger than
    any sum of feasible distances, so the optimum maximises cardinality first."""
    slots = [v for v in volunteers for _ in range(v.capacity)]
    big = 1e7
    cost = np.full((len(requests), len(slots)), big)
    for i, r in enumerate(requests):
        for j, v in enumerate(slots):
            d = _km(r, v)
            if (
                d <= v.radius_km - 1e-7
                and v.vehicle >= r.vehicle_required
                and r.skills_required <= v.skills
            ):
                cost[i, j] = d
    rows, cols = linear_sum_assignment(cost)
    chosen = cost[rows, cols]
    real = chosen[chosen < big]
    return len(real), float(real.sum())


@pytest.mark.parametrize("seed", range(12))
def test_matches_the_exact_optimum(tmp_path: Path, seed: int) -> None:
    requests, volunteers = random_instance(100 + seed, 60, 25, spread_km=10)
    write_instance(tmp_path, requests, volunteers)
    result = run_match_cli(tmp_path, "--objective", "distance")
    assert check_matching(requests, volunteers, result) == []
    count, total = exact_optimum(requests, volunteers)
    assert len(result["assignments"]) == count
    # Arc costs are whole metres: at most half a metre of rounding per assignment.
    got = sum(a["distance_km"] for a in result["assignments"])
    assert got == pytest.approx(total, abs=1e-3 * count + 1e-9)


@pytest.mark.parametrize("seed", range(4))
def test_pruning_keeps_the_maximum_cardinality(seed: int) -> None:
    requests, volunteers = random_instance(200 + seed, 150, 60, spread_km=6)
    full = match(requests, volunteers, objective="distance", max_pairs=None)
    pruned = match(requests, volunteers, objective="distance", max_pairs=200)
    assert pruned.stats["pruned"] or pruned.stats["feasible_pairs"] <= 200
    assert check_matching(requests, volunteers, pruned) == []
    assert (
        len(pruned.assignments) == len(full.assignments) == exact_optimum(requests, volunteers)[0]
    )
