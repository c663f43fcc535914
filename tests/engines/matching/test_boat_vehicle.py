"""Boats sit outside the road order: only a boat reaches a boat task, and a boat carries light loads."""

from __future__ import annotations

import numpy as np

from phalang.engines.matching import Request, Volunteer, match
from phalang.engines.matching.feasibility import vehicles_serve
from phalang.engines.matching.model import Vehicle


def test_serves_pairs() -> None:
    assert Vehicle.BOAT.serves(Vehicle.BOAT) and Vehicle.BOAT.serves(Vehicle.MOTORCYCLE)
    assert not Vehicle.BOAT.serves(Vehicle.PICKUP)
    assert not Vehicle.TRUCK.serves(Vehicle.BOAT) and Vehicle.TRUCK.serves(Vehicle.VAN)
    codes = np.array([int(v) for v in Vehicle], dtype=np.int64)
    vol, req = np.meshgrid(codes, codes, indexing="ij")
    expected = np.array([[Vehicle(a).serves(Vehicle(b)) for b in codes] for a in codes])
    assert (vehicles_serve(vol.ravel(), req.ravel()).reshape(vol.shape) == expected).all()


def test_only_the_boat_gets_the_boat_task() -> None:
    reqs = [Request("r1", 18.78, 98.99, vehicle_required=Vehicle.BOAT)]
    vols = [Volunteer("truck", 18.78, 98.99, 10, vehicle=Vehicle.TRUCK), Volunteer("boat", 18.79, 98.99, 10, vehicle=Vehicle.BOAT)]
    [a] = match(reqs, vols).assignments
    assert a.volunteer == "boat"
