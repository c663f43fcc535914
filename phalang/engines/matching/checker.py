"""Independent checks of a matching or a delivery plan against every hard constraint.

Deliberately shares nothing with the solvers but the data classes: distances are
recomputed here with :mod:`math`, schedules are replayed in floating point. Tests run the
checker on every result; the Django app can run it before it writes assignments.
Each function returns a list of human-readable violations, empty when all is well.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from .geo import DistanceMatrixFn, detour_distance
from .model import MatchResult, Request, Volunteer
from .routing import DeliveryVehicle, RoutePlan, Stop

_EARTH_RADIUS_KM = 6371.0088
_KM_TOLERANCE = 1e-6  # a millimetre, for float noise on pairs exactly at the radius
_MINUTE_TOLERANCE = 1e-6


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def check_matching(
    requests: Sequence[Request],
    volunteers: Sequence[Volunteer],
    result: MatchResult | Mapping[str, Any],
    exclusions: Iterable[tuple[str, str]] = (),
) -> list[str]:
    """Violations of the matching's hard constraints (``result`` may be the CLI's JSON)."""
    data = result.to_dict() if isinstance(result, MatchResult) else result
    req = {r.id: r for r in requests}
    vol = {v.id: v for v in volunteers}
    banned = set(exclusions)
    problems: list[str] = []

    assigned = Counter(a["request"] for a in data["assignments"])
    for rid, n in assigned.items():
        if n > 1:
            problems.append(f"request {rid} is assigned {n} times")
    unassigned = list(data["unassigned"])
    for rid in set(assigned) & set(unassigned):
        problems.append(f"request {rid} is both assigned and unassigned")
    for rid in set(assigned) | set(unassigned):
        if rid not in req:
            problems.append(f"unknown request {rid}")
    for rid in set(req) - set(assigned) - set(unassigned):
        problems.append(f"request {rid} is missing from the result")

    load = Counter(a["volunteer"] for a in data["assignments"])
    for vid, n in load.items():
        v = vol.get(vid)
        if v is None:
            problems.append(f"unknown volunteer {vid}")
        elif not v.available and n:
            problems.append(f"volunteer {vid} is unavailable but got {n} requests")
        elif n > v.capacity - v.load:
            problems.append(
                f"volunteer {vid} got {n} requests, capacity left {v.capacity - v.load}"
            )

    for a in data["assignments"]:
        r, v = req.get(a["request"]), vol.get(a["volunteer"])
        if r is None or v is None:
            continue
        pair = f"{r.id}→{v.id}"
        d = great_circle_km(r.lat, r.lon, v.lat, v.lon)
        if d > v.radius_km + _KM_TOLERANCE:
            problems.append(f"{pair}: {d:.3f} km is beyond the radius {v.radius_km:g} km")
        if abs(d - float(a["distance_km"])) > 1e-3:
            problems.append(f"{pair}: reported {a['distance_km']} km, actual {d:.4f} km")
        if not v.vehicle.serves(r.vehicle_required):
            problems.append(f"{pair}: needs a {r.vehicle_required.label}, has a {v.vehicle.label}")
        if not r.skills_required <= v.skills:
            missing = ", ".join(sorted(r.skills_required - v.skills))
            problems.append(f"{pair}: lacks skills {missing}")
        if (r.id, v.id) in banned:
            problems.append(f"{pair}: the pair is excluded")
    return problems


def check_routes(
    stops: Sequence[Stop],
    vehicles: Sequence[DeliveryVehicle],
    plan: RoutePlan | Mapping[str, Any],
    distance: DistanceMatrixFn | None = None,
) -> list[str]:
    """Violations of a delivery plan: coverage, capacity, time windows and shifts.

    The schedule is replayed from each shift start, serving every stop as early as its
    window allows; if even that schedule misses a window, the route is infeasible.
    """
    distance = distance or detour_distance()
    data = plan.to_dict() if isinstance(plan, RoutePlan) else plan
    stop = {s.id: s for s in stops}
    fleet = {v.id: v for v in vehicles}
    problems: list[str] = []

    seen = Counter(v["stop"] for r in data["routes"] for v in r["visits"])
    seen.update(data["dropped"])
    for sid, n in seen.items():
        if sid not in stop:
            problems.append(f"unknown stop {sid}")
        elif n > 1:
            problems.append(f"stop {sid} appears {n} times (visits and drops)")
    for sid in set(stop) - set(seen):
        problems.append(f"stop {sid} is neither visited nor dropped")
    for vid, n in Counter(r["vehicle"] for r in data["routes"]).items():
        if n > 1:
            problems.append(f"vehicle {vid} has {n} routes")

    def km(a: tuple[float, float], b: tuple[float, float]) -> float:
        grid = distance(np.array([a[0]]), np.array([a[1]]), np.array([b[0]]), np.array([b[1]]))
        return float(np.asarray(grid).reshape(-1)[0])

    for route in data["routes"]:
        v = fleet.get(route["vehicle"])
        if v is None:
            problems.append(f"unknown vehicle {route['vehicle']}")
            continue
        visits = [stop[x["stop"]] for x in route["visits"] if x["stop"] in stop]
        carried = sum(s.demand for s in visits)
        if carried > v.capacity:
            problems.append(f"vehicle {v.id} carries {carried}, capacity {v.capacity}")
        here = (v.hub_lat, v.hub_lon)
        t = float(v.shift_start)
        for s, reported in zip(visits, route["visits"], strict=False):
            t += km(here, (s.lat, s.lon)) / v.speed_kmh * 60
            t = max(t, float(s.window_start))
            if t > s.window_end + _MINUTE_TOLERANCE:
                problems.append(
                    f"vehicle {v.id} reaches {s.id} at minute {t:.1f}, window ends {s.window_end}"
                )
            when = float(reported.get("arrival_min", t))
            if not s.window_start - _MINUTE_TOLERANCE <= when <= s.window_end + _MINUTE_TOLERANCE:
                problems.append(f"vehicle {v.id} is scheduled at {s.id} outside its window")
            t += s.service_minutes
            here = (s.lat, s.lon)
        t += km(here, (v.hub_lat, v.hub_lon)) / v.speed_kmh * 60
        if t > v.shift_end + _MINUTE_TOLERANCE:
            problems.append(f"vehicle {v.id} is back at minute {t:.1f}, shift ends {v.shift_end}")
    return problems
