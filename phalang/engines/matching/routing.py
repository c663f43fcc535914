"""Delivery runs: food and supply stops routed from hubs with OR-Tools.

Each vehicle leaves its hub no earlier than its shift start and is back by its shift end,
carries at most its capacity, and starts service at each stop inside the stop's time window
(arriving early means waiting). A stop may be dropped at a penalty that grows with urgency
in tiers far enough apart that the solver drops any number of less urgent stops before one
more urgent stop; within a tier it first keeps as many stops as it can, then drives least.

Distances come from a pluggable :data:`.geo.DistanceMatrixFn`, great-circle × 1.4 until a
road router is configured.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .geo import DistanceMatrixFn

DAY_MINUTES = 24 * 60

# OR-Tools keeps costs in int64; tiers above this are squeezed (see _drop_penalties).
_MAX_PENALTY = 2**60


@dataclass(frozen=True, slots=True)
class Stop:
    """A delivery stop; times are minutes after midnight."""

    id: str
    lat: float
    lon: float
    demand: int = 0
    urgency: int = 1  # 1-4, 4 most urgent
    window_start: int = 0
    window_end: int = DAY_MINUTES
    service_minutes: int = 5


@dataclass(frozen=True, slots=True)
class DeliveryVehicle:
    """A vehicle that starts and ends its run at its hub."""

    id: str
    capacity: int
    hub_lat: float
    hub_lon: float
    shift_start: int = 8 * 60
    shift_end: int = 18 * 60
    speed_kmh: float = 30.0


@dataclass(frozen=True, slots=True)
class Visit:
    stop: str
    arrival_min: float  # service starts here, minutes after midnight
    load_after: int  # units delivered so far on this run


@dataclass(slots=True)
class Route:
    vehicle: str
    visits: list[Visit]
    distance_km: float
    load: int
    depart_min: float
    return_min: float


@dataclass(slots=True)
class RoutePlan:
    routes: list[Route]
    dropped: list[str]
    stats: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        def clock(m: float) -> str:
            m = round(m)
            return f"{m // 60:02d}:{m % 60:02d}"

        routes = []
        for r in self.routes:
            row = asdict(r)
            row["depart"], row["return"] = clock(r.depart_min), clock(r.return_min)
            for v, raw in zip(r.visits, row["visits"], strict=True):
                raw["arrival"] = clock(v.arrival_min)
            routes.append(row)
        return {"routes": routes, "dropped": list(self.dropped), "stats": dict(self.stats)}


def _drop_penalties(stops: Sequence[Stop], base: int) -> list[int]:
    """Penalty per stop: base · (n+1)^(urgency-1), so one stop of a tier outweighs every
    stop of all lower tiers together, and ``base`` outweighs any saving in distance."""
    tier = len(stops) + 1
    top = max((s.urgency for s in stops), default=1)
    while tier > 2 and base * tier ** (top - 1) > _MAX_PENALTY:
        tier -= 1  # huge instances: keep the order of tiers, weaken their separation
    return [base * tier ** (s.urgency - 1) for s in stops]


def plan_routes(
    stops: Sequence[Stop],
    vehicles: Sequence[DeliveryVehicle],
    *,
    distance: DistanceMatrixFn | None = None,
    time_limit_s: float = 2.0,
) -> RoutePlan:
    """Route ``stops`` over ``vehicles``; unreachable or surplus stops are dropped."""
    # Imported here: OR-Tools routing pulls in protobuf, a few hundred milliseconds that
    # `phalang aid match` (which imports this module for the data classes) never needs.
    # NumPy too: the importer reads stops and vehicles with the data classes alone (issue 19).
    import numpy as np
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    from .geo import detour_distance

    started = time.perf_counter()
    distance = distance or detour_distance()
    hubs: dict[tuple[float, float], int] = {}
    for v in vehicles:
        hubs.setdefault((v.hub_lat, v.hub_lon), len(hubs))
    n_hubs = len(hubs)
    lat = np.array([h[0] for h in hubs] + [s.lat for s in stops], dtype=np.float64)
    lon = np.array([h[1] for h in hubs] + [s.lon for s in stops], dtype=np.float64)
    km = np.asarray(distance(lat, lon, lat, lon), dtype=np.float64)
    if km.shape != (len(lat), len(lat)) or not np.isfinite(km).all() or (km < 0).any():
        raise ValueError("the distance function must return a finite, non-negative n×n matrix")
    n_nodes = len(lat)
    if not vehicles:
        return _plan(stops, vehicles, [], set(), started)

    starts = [hubs[(v.hub_lat, v.hub_lon)] for v in vehicles]
    manager = pywrapcp.RoutingIndexManager(n_nodes, len(vehicles), starts, starts)
    model = pywrapcp.RoutingModel(manager)

    metres = np.rint(km * 1000).astype(np.int64)
    cost_cb = model.RegisterTransitMatrix(metres.tolist())
    model.SetArcCostEvaluatorOfAllVehicles(cost_cb)

    # Time in seconds: leg = service at the origin + travel. Rounded up so that the
    # checker, which recomputes in floats, never finds a window the solver thought it met.
    service_s = np.array([0] * n_hubs + [s.service_minutes * 60 for s in stops], dtype=np.int64)
    time_cbs: dict[float, int] = {}
    for v in vehicles:
        if v.speed_kmh not in time_cbs:
            travel = np.ceil(km / v.speed_kmh * 3600).astype(np.int64)
            time_cbs[v.speed_kmh] = model.RegisterTransitMatrix(
                (travel + service_s[:, None]).tolist()
            )
    horizon = DAY_MINUTES * 60
    model.AddDimensionWithVehicleTransits(
        [time_cbs[v.speed_kmh] for v in vehicles], horizon, horizon, False, "time"
    )
    clock = model.GetDimensionOrDie("time")
    for i, s in enumerate(stops):
        clock.CumulVar(manager.NodeToIndex(n_hubs + i)).SetRange(
            s.window_start * 60, s.window_end * 60
        )
    for k, v in enumerate(vehicles):
        clock.CumulVar(model.Start(k)).SetRange(v.shift_start * 60, v.shift_end * 60)
        clock.CumulVar(model.End(k)).SetRange(v.shift_start * 60, v.shift_end * 60)

    demand = [0] * n_hubs + [s.demand for s in stops]
    load_cb = model.RegisterUnaryTransitVector(demand)
    model.AddDimensionWithVehicleCapacity(load_cb, 0, [v.capacity for v in vehicles], True, "load")
    load = model.GetDimensionOrDie("load")

    # Upper bound of any plan's total distance: every arc at most the longest one.
    base = int(metres.max(initial=0)) * (len(stops) + len(vehicles)) + 1
    for i, penalty in enumerate(_drop_penalties(stops, base)):
        model.AddDisjunction([manager.NodeToIndex(n_hubs + i)], penalty)

    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    params.time_limit.FromMilliseconds(max(1, int(time_limit_s * 1000)))
    solution = model.SolveWithParameters(params)
    if solution is None:
        raise RuntimeError("the routing solver found no solution")

    # Times reported are each route's earliest feasible schedule (Min of the time cumuls).
    routes: list[Route] = []
    visited: set[int] = set()
    for k, v in enumerate(vehicles):
        index = model.Start(k)
        depart = solution.Min(clock.CumulVar(index)) / 60
        visits: list[Visit] = []
        total_km = 0.0
        prev = manager.IndexToNode(index)
        index = solution.Value(model.NextVar(index))
        while not model.IsEnd(index):
            node = manager.IndexToNode(index)
            stop = node - n_hubs
            visited.add(stop)
            total_km += float(km[prev, node])
            visits.append(
                Visit(
                    stops[stop].id,
                    solution.Min(clock.CumulVar(index)) / 60,
                    int(solution.Value(load.CumulVar(index))) + stops[stop].demand,
                )
            )
            prev = node
            index = solution.Value(model.NextVar(index))
        total_km += float(km[prev, manager.IndexToNode(index)])
        if visits:
            routes.append(
                Route(
                    v.id,
                    visits,
                    round(total_km, 3),
                    visits[-1].load_after,
                    depart,
                    solution.Min(clock.CumulVar(index)) / 60,
                )
            )
    return _plan(stops, vehicles, routes, visited, started)


def _plan(
    stops: Sequence[Stop],
    vehicles: Sequence[DeliveryVehicle],
    routes: list[Route],
    visited: set[int],
    started: float,
) -> RoutePlan:
    dropped = [i for i in range(len(stops)) if i not in visited]
    urgencies = sorted({s.urgency for s in stops})
    stats = {
        "stops": len(stops),
        "vehicles": len(vehicles),
        "vehicles_used": len(routes),
        "served": len(visited),
        "dropped": len(dropped),
        "dropped_by_urgency": {
            str(u): sum(stops[i].urgency == u for i in dropped) for u in urgencies
        },
        "total_distance_km": round(sum(r.distance_km for r in routes), 3),
        "seconds": round(time.perf_counter() - started, 3),
    }
    return RoutePlan(routes, [stops[i].id for i in dropped], stats)
