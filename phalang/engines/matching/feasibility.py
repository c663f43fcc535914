"""Candidate (request, volunteer) pairs that satisfy every hard constraint.

A k-d tree over unit vectors finds, for each volunteer, the requests inside their radius;
vectorised masks then drop pairs that fail on vehicle, skills or an exclusion (a conflict of
interest or an earlier refusal). Volunteers with no remaining capacity, or marked
unavailable, never enter the index. The solver only ever sees pairs from here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from .geo import chord_for_km, haversine_km, unit_vectors
from .model import Request, Vehicle, Volunteer

IntArray = NDArray[np.int64]

# Widen the chord query a hair so that pairs exactly on the radius survive float rounding;
# the exact great-circle test below then decides, the same test the checker uses.
_CHORD_SLACK = 1e-9


@dataclass(frozen=True, slots=True)
class Candidates:
    """Feasible pairs as parallel arrays of indices into the caller's lists."""

    request: IntArray
    volunteer: IntArray
    distance_km: NDArray[np.float64]

    def __len__(self) -> int:
        return len(self.request)

    def subset(self, keep: NDArray[np.bool_] | IntArray) -> Candidates:
        return Candidates(self.request[keep], self.volunteer[keep], self.distance_km[keep])


def vehicles_serve(vehicle: IntArray, required: IntArray) -> NDArray[np.bool_]:
    """``Vehicle.serves`` over arrays of vehicle codes."""
    boat, motorcycle = int(Vehicle.BOAT), int(Vehicle.MOTORCYCLE)
    road = (vehicle >= required) & (vehicle != boat) & (required != boat)
    by_boat = (vehicle == boat) & ((required == boat) | (required <= motorcycle))
    return road | by_boat  # type: ignore[no-any-return]


def is_feasible(request: Request, volunteer: Volunteer) -> bool:
    """The hard constraints for a single pair, exclusions and capacity aside (for callers
    that check one pair, such as a staff member assigning by hand)."""
    return (
        volunteer.available
        and volunteer.remaining > 0
        and float(haversine_km(request.lat, request.lon, volunteer.lat, volunteer.lon))
        <= volunteer.radius_km
        and volunteer.vehicle.serves(request.vehicle_required)
        and request.skills_required <= volunteer.skills
    )


def _skill_bits(
    requests: Sequence[Request], volunteers: Sequence[Volunteer]
) -> tuple[NDArray[np.uint64], NDArray[np.uint64]]:
    """Skill sets as bitmasks, 64 skills per word; only skills some request needs count."""
    needed = sorted(set(chain.from_iterable(r.skills_required for r in requests)))
    bit = {s: i for i, s in enumerate(needed)}
    words = max(1, -(-len(needed) // 64))
    req_bits = np.zeros((len(requests), words), dtype=np.uint64)
    vol_bits = np.zeros((len(volunteers), words), dtype=np.uint64)
    for rows, sets in (
        (req_bits, (r.skills_required for r in requests)),
        (vol_bits, (v.skills for v in volunteers)),
    ):
        for i, skills in enumerate(sets):
            for s in skills:
                b = bit.get(s)
                if b is not None:
                    rows[i, b // 64] |= np.uint64(1 << (b % 64))
    return req_bits, vol_bits


def feasible_pairs(
    requests: Sequence[Request],
    volunteers: Sequence[Volunteer],
    exclusions: Iterable[tuple[str, str]] = (),
) -> Candidates:
    """Every (request, volunteer) pair that may be matched, with its great-circle distance."""
    empty = Candidates(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    active = np.array([i for i, v in enumerate(volunteers) if v.remaining > 0], dtype=np.int64)
    if not requests or len(active) == 0:
        return empty

    req_lat = np.fromiter((r.lat for r in requests), np.float64, len(requests))
    req_lon = np.fromiter((r.lon for r in requests), np.float64, len(requests))
    vol_lat = np.array([volunteers[i].lat for i in active], dtype=np.float64)
    vol_lon = np.array([volunteers[i].lon for i in active], dtype=np.float64)
    vol_radius = np.array([volunteers[i].radius_km for i in active], dtype=np.float64)

    # Query from the volunteers' side: each has its own radius, so the tree returns exactly
    # the pairs within reach instead of everything within the largest radius.
    tree = cKDTree(unit_vectors(req_lat, req_lon))
    hits = tree.query_ball_point(
        unit_vectors(vol_lat, vol_lon),
        r=chord_for_km(vol_radius) * (1 + _CHORD_SLACK),
        return_sorted=False,
    )
    counts = np.fromiter((len(h) for h in hits), np.int64, len(hits))
    total = int(counts.sum())
    if total == 0:
        return empty
    req_idx = np.fromiter(chain.from_iterable(hits), np.int64, total)
    act_idx = np.repeat(np.arange(len(active), dtype=np.int64), counts)

    dist = haversine_km(req_lat[req_idx], req_lon[req_idx], vol_lat[act_idx], vol_lon[act_idx])
    keep = dist <= vol_radius[act_idx]

    req_vehicle = np.fromiter((int(r.vehicle_required) for r in requests), np.int64, len(requests))
    vol_vehicle = np.array([int(volunteers[i].vehicle) for i in active], dtype=np.int64)
    keep &= vehicles_serve(vol_vehicle[act_idx], req_vehicle[req_idx])

    if any(r.skills_required for r in requests):
        req_bits, vol_bits = _skill_bits(requests, [volunteers[i] for i in active])
        missing = req_bits[req_idx] & ~vol_bits[act_idx]
        keep &= ~missing.any(axis=1)

    vol_idx = active[act_idx]
    pairs = set(exclusions)
    if pairs:
        req_pos = {r.id: i for i, r in enumerate(requests)}
        vol_pos = {v.id: j for j, v in enumerate(volunteers)}
        n_vol = len(volunteers)
        codes = [req_pos[r] * n_vol + vol_pos[v] for r, v in pairs if r in req_pos and v in vol_pos]
        if codes:
            keep &= ~np.isin(req_idx * n_vol + vol_idx, np.array(codes, dtype=np.int64))

    return Candidates(req_idx[keep], vol_idx[keep], dist[keep])
