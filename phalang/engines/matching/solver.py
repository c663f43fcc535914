"""Optimal assignment of help requests to volunteers as a min-cost flow.

The network: each request is a node with supply 1; an arc goes from a request to every
volunteer it may be matched with (from :mod:`.feasibility`); each volunteer reaches the sink
through one unit arc per free task slot. Two objectives:

``distance``
    Maximum cardinality first, then least total distance among maximum matchings
    (OR-Tools ``solve_max_flow_with_min_cost`` is lexicographic in exactly this way).
``weighted`` (default)
    Every request also has an arc straight to the sink whose cost is its priority, the price
    of leaving it unassigned; volunteer slot arcs cost more with each task a volunteer
    already holds, so load spreads (a convex cost, which min-cost flow solves exactly).
    See :class:`.model.Weights` for the formula.

Min-cost flow on every feasible pair is fast (0.7–1.1 s of CPU for 593,404 pairs, see
docs/bench-results/matching.md), so by default nothing is pruned and both objectives are
exactly optimal. Only when the pairs exceed ``max_pairs`` (memory, not time, is the limit)
does the solver keep the cheapest arcs of each request and of each volunteer. For
``distance`` it then checks the cardinality against a max flow on the full feasible graph
and widens the pruning until they agree, so the number of assignments stays maximal.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python import min_cost_flow
from scipy.sparse import csr_array
from scipy.sparse.csgraph import maximum_flow

from .feasibility import Candidates, IntArray, feasible_pairs
from .model import OBJECTIVES, Assignment, MatchResult, Objective, Request, Volunteer, Weights

# Arc costs are integers: kilometre-equivalents × 1000, i.e. metres of distance.
COST_SCALE = 1000

# Above this many feasible pairs the network is pruned. A match peaks at about 250 bytes per
# feasible pair (measured: +140 MB for the 593,404 pairs of the Thailand benchmark), so
# 3 million pairs stay under 1 GB.
DEFAULT_MAX_PAIRS = 3_000_000


def _rank_within(groups: IntArray, cost: IntArray) -> IntArray:
    """Rank of each arc by cost among the arcs of its group (0 = cheapest)."""
    order = np.lexsort((cost, groups))
    sorted_groups = groups[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_groups)) + 1]
    run_start = np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order)) - run_start
    return rank


def _prune(cand: Candidates, cost: IntArray, k: int) -> NDArray[np.bool_]:
    """Keep an arc if it is among the k cheapest of its request or of its volunteer."""
    if len(cand) == 0:
        return np.zeros(0, dtype=bool)
    return (_rank_within(cand.request, cost) < k) | (_rank_within(cand.volunteer, cost) < k)


def maximum_matching_size(cand: Candidates, n_requests: int, remaining: IntArray) -> int:
    """Largest number of requests that can be assigned, by max flow on all feasible pairs
    (scipy's Dinic, independent of the OR-Tools solve it checks)."""
    if len(cand) == 0:
        return 0
    n_vol = len(remaining)
    source, sink = n_requests + n_vol, n_requests + n_vol + 1
    vols = np.flatnonzero(remaining > 0)
    rows = np.concatenate([np.full(n_requests, source), cand.request, n_requests + vols])
    cols = np.concatenate(
        [np.arange(n_requests), n_requests + cand.volunteer, np.full(len(vols), sink)]
    )
    caps = np.concatenate(
        [np.ones(n_requests + len(cand), np.int32), remaining[vols].astype(np.int32)]
    )
    n = sink + 1
    graph = csr_array((caps, (rows.astype(np.int32), cols.astype(np.int32))), shape=(n, n))
    graph.sum_duplicates()
    return int(maximum_flow(graph, source, sink, method="dinic").flow_value)


def _solve_flow(
    cand: Candidates,
    arc_cost: IntArray,
    requests: Sequence[Request],
    volunteers: Sequence[Volunteer],
    objective: Objective,
    weights: Weights,
) -> tuple[NDArray[np.bool_], int]:
    """Run OR-Tools on the given arcs; returns which arcs carry flow and the optimal cost."""
    n_req, n_vol = len(requests), len(volunteers)
    sink = n_req + n_vol
    remaining = np.array([v.remaining for v in volunteers], dtype=np.int64)
    used = np.unique(cand.volunteer)

    tails = [cand.request]
    heads = [n_req + cand.volunteer]
    caps = [np.ones(len(cand), np.int64)]
    costs = [arc_cost]
    if objective == "distance":
        tails.append(n_req + used)
        heads.append(np.full(len(used), sink))
        caps.append(remaining[used])
        costs.append(np.zeros(len(used), np.int64))
    else:
        # One unit arc per free slot; the k-th new task of a volunteer who already holds
        # `load` tasks costs fairness · (load + k - 1).
        slots = remaining[used]
        slot_vol = np.repeat(used, slots)
        first = np.repeat(np.cumsum(slots) - slots, slots)
        held = np.array([volunteers[int(j)].load for j in used], dtype=np.int64)
        already = np.repeat(held, slots) + np.arange(len(slot_vol)) - first
        tails.append(n_req + slot_vol)
        heads.append(np.full(len(slot_vol), sink))
        caps.append(np.ones(len(slot_vol), np.int64))
        costs.append(np.rint(weights.fairness * COST_SCALE * already).astype(np.int64))
        # Leaving a request unassigned costs its priority.
        priority = np.array([weights.priority(r) for r in requests])
        tails.append(np.arange(n_req))
        heads.append(np.full(n_req, sink))
        caps.append(np.ones(n_req, np.int64))
        costs.append(np.rint(priority * COST_SCALE).astype(np.int64))

    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate(tails), np.concatenate(heads), np.concatenate(caps), np.concatenate(costs)
    )
    supplies = np.ones(n_req + n_vol + 1, np.int64)
    supplies[n_req:] = 0
    supplies[sink] = -n_req
    flow.set_nodes_supplies(np.arange(n_req + n_vol + 1), supplies)
    status = flow.solve_max_flow_with_min_cost() if objective == "distance" else flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    carried = flow.flows(np.arange(len(cand))) > 0
    return carried, int(flow.optimal_cost())


def match(
    requests: Sequence[Request],
    volunteers: Sequence[Volunteer],
    *,
    objective: Objective = "weighted",
    weights: Weights | None = None,
    exclusions: Iterable[tuple[str, str]] = (),
    max_pairs: int | None = DEFAULT_MAX_PAIRS,
) -> MatchResult:
    """Assign requests to volunteers under every hard constraint.

    ``exclusions`` are (request id, volunteer id) pairs that must not be matched: conflicts
    of interest and earlier refusals. ``max_pairs=None`` never prunes. Pruning happens only
    above ``max_pairs`` feasible pairs; the ``distance`` objective then keeps maximum
    cardinality but its total distance may be slightly above the optimum
    (``stats["pruned"]`` says whether it happened).
    """
    if objective not in OBJECTIVES:
        raise ValueError(f"unknown objective {objective!r} (expected one of {OBJECTIVES})")
    for kind, items in (("request", requests), ("volunteer", volunteers)):
        ids = [x.id for x in items]
        if len(set(ids)) != len(ids):
            dup = next(i for i in ids if ids.count(i) > 1)
            raise ValueError(f"duplicate {kind} id {dup!r}")
    weights = weights or Weights()
    timings: dict[str, float] = {}
    started = time.perf_counter()

    cand = feasible_pairs(requests, volunteers, exclusions)
    timings["feasibility"] = time.perf_counter() - started

    scale = COST_SCALE * (1.0 if objective == "distance" else weights.distance)
    arc_cost = np.rint(cand.distance_km * scale).astype(np.int64)
    remaining = np.array([v.remaining for v in volunteers], dtype=np.int64)

    pruned = False
    target: int | None = None
    # Arcs kept per request and per volunteer when pruning, sized to land near max_pairs.
    k = max(4, (max_pairs or 0) // max(1, len(requests) + len(volunteers)))
    step = time.perf_counter()
    while True:
        if max_pairs is None or len(cand) <= max_pairs:
            keep = np.ones(len(cand), dtype=bool)
            pruned = False
        else:
            keep = _prune(cand, arc_cost, k)
            pruned = not bool(keep.all())
        sub = cand.subset(keep)
        carried, cost = _solve_flow(sub, arc_cost[keep], requests, volunteers, objective, weights)
        if objective != "distance" or not pruned:
            break
        if target is None:
            target = maximum_matching_size(cand, len(requests), remaining)
        if int(carried.sum()) >= target:
            break
        # Pruning cost cardinality: widen and solve again (rare; see the module docstring).
        k *= 4
    timings["solve"] = time.perf_counter() - step

    chosen = np.flatnonzero(carried)
    assignments = [
        Assignment(requests[int(r)].id, volunteers[int(v)].id, round(float(d), 4))
        for r, v, d in zip(
            sub.request[chosen], sub.volunteer[chosen], sub.distance_km[chosen], strict=True
        )
    ]
    assigned = set(int(r) for r in sub.request[chosen])
    unassigned = [r.id for i, r in enumerate(requests) if i not in assigned]
    total_km = float(sub.distance_km[chosen].sum())

    stats: dict[str, Any] = {
        "objective": objective,
        "requests": len(requests),
        "volunteers": len(volunteers),
        "volunteers_available": int((remaining > 0).sum()),
        "assigned": len(assignments),
        "unassigned": len(unassigned),
        "total_distance_km": round(total_km, 3),
        "mean_distance_km": round(total_km / len(assignments), 3) if assignments else 0.0,
        "feasible_pairs": len(cand),
        "pairs_solved": len(sub),
        "pruned": pruned,
        "objective_value": round(cost / COST_SCALE, 3),
        "by_urgency": _by_urgency(requests, assigned),
    }
    if target is not None:
        stats["maximum_assignable"] = target
    stats["timings_s"] = {name: round(t, 4) for name, t in timings.items()}
    return MatchResult(assignments, unassigned, stats)


def _by_urgency(requests: Sequence[Request], assigned: set[int]) -> dict[str, dict[str, int]]:
    table: dict[str, dict[str, int]] = {}
    for i, r in enumerate(requests):
        row = table.setdefault(str(r.urgency), {"requests": 0, "assigned": 0})
        row["requests"] += 1
        row["assigned"] += i in assigned
    return dict(sorted(table.items()))
