"""Delivery runs respect capacity, time windows and shifts, and drop the least urgent stops."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import orjson
import pytest

from phalang.engines.matching import DeliveryVehicle, Stop, check_routes, plan_routes
from phalang.engines.matching.cli import main
from phalang.engines.matching.csvio import to_csv_text, write_stops, write_vehicles
from phalang.engines.matching.geo import haversine_matrix_km
from phalang.engines.matching.synthetic import delivery_instance

HUB = (16.4322, 102.8236)  # Khon Kaen


def _at(km_north: float, km_east: float = 0.0) -> tuple[float, float]:
    return HUB[0] + km_north / 111.2, HUB[1] + km_east / 106.7


@pytest.mark.parametrize("seed", range(3))
def test_random_runs_respect_capacity_windows_and_shifts(seed: int) -> None:
    stops, vehicles = delivery_instance(30, 3, seed=seed, vehicle_capacity=25)
    plan = plan_routes(stops, vehicles, time_limit_s=0.5)
    assert check_routes(stops, vehicles, plan) == []
    for route in plan.routes:
        assert route.load <= 25
    assert plan.stats["served"] > 0


def test_over_capacity_drops_the_least_urgent_stop() -> None:
    # Four stops of 3 units, one van of 10: one must go. The least urgent is also the
    # nearest, so a penalty that ignored urgency would keep it and drop a farther one.
    stops = [Stop(f"u{u}", *_at(2.0 + 3 * u), demand=3, urgency=u) for u in (1, 2, 3, 4)]
    vehicles = [DeliveryVehicle("van", 10, *HUB)]
    plan = plan_routes(stops, vehicles, time_limit_s=0.5)
    assert check_routes(stops, vehicles, plan) == []
    assert plan.dropped == ["u1"]


def test_clashing_windows_drop_the_less_urgent_stop() -> None:
    # Same ten-minute window, 40 km apart: one vehicle cannot serve both.
    stops = [
        Stop("near-calm", *_at(5.0), urgency=1, window_start=600, window_end=610),
        Stop("far-urgent", *_at(-35.0), urgency=3, window_start=600, window_end=610),
    ]
    vehicles = [DeliveryVehicle("pickup", 50, *HUB, speed_kmh=40)]
    plan = plan_routes(stops, vehicles, time_limit_s=0.5)
    assert check_routes(stops, vehicles, plan) == []
    assert plan.dropped == ["near-calm"]


def test_pluggable_distance_function_is_used() -> None:
    stops = [Stop("a", *_at(10.0)), Stop("b", *_at(10.0, 10.0))]
    vehicles = [DeliveryVehicle("car", 10, *HUB, shift_start=480, shift_end=540, speed_kmh=60)]

    def winding(
        lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray
    ) -> np.ndarray:
        return 3.0 * haversine_matrix_km(lat1, lon1, lat2, lon2)

    straight = plan_routes(stops, vehicles, time_limit_s=0.3)
    assert straight.dropped == []
    # Three times the distance no longer fits a one-hour shift: a stop has to go.
    slow = plan_routes(stops, vehicles, distance=winding, time_limit_s=0.3)
    assert slow.dropped
    assert check_routes(stops, vehicles, slow, distance=winding) == []


def test_checker_catches_a_missed_window_and_overload() -> None:
    stops = [
        Stop("a", *_at(20.0), demand=8, window_start=480, window_end=490),
        Stop("b", *_at(1.0), demand=8),
    ]
    vehicles = [DeliveryVehicle("car", 10, *HUB)]
    forged = {
        "routes": [{"vehicle": "car", "visits": [{"stop": "a"}, {"stop": "b"}]}],
        "dropped": [],
    }
    problems = check_routes(stops, vehicles, forged)
    assert any("window ends" in p for p in problems)
    assert any("capacity 10" in p for p in problems)


def test_route_cli_writes_a_checked_plan(tmp_path: Path) -> None:
    stops, vehicles = delivery_instance(20, 2, seed=9)
    (tmp_path / "stops.csv").write_text(to_csv_text(write_stops, stops), encoding="utf-8")
    (tmp_path / "vehicles.csv").write_text(to_csv_text(write_vehicles, vehicles), encoding="utf-8")
    out = tmp_path / "plan.json"
    code = main(
        [
            "route",
            "--stops",
            str(tmp_path / "stops.csv"),
            "--vehicles",
            str(tmp_path / "vehicles.csv"),
            "--time-limit",
            "0.5",
            "--json",
            "--output",
            str(out),
        ]
    )
    assert code == 0
    plan = orjson.loads(out.read_bytes())
    assert check_routes(stops, vehicles, plan) == []
    assert {"routes", "dropped", "stats"} <= set(plan)
    assert all(len(v["arrival"]) == 5 for r in plan["routes"] for v in r["visits"])


def test_vehicles_return_to_their_own_hubs() -> None:
    bangkok, chiang_mai = (13.7563, 100.5018), (18.7883, 98.9853)
    stops = [
        Stop("bkk-1", bangkok[0] + 0.05, bangkok[1], demand=2),
        Stop("bkk-2", bangkok[0], bangkok[1] + 0.05, demand=2),
        Stop("cnx-1", chiang_mai[0] + 0.05, chiang_mai[1], demand=2),
    ]
    vehicles = [DeliveryVehicle("south", 10, *bangkok), DeliveryVehicle("north", 10, *chiang_mai)]
    plan = plan_routes(stops, vehicles, time_limit_s=0.3)
    assert check_routes(stops, vehicles, plan) == []
    served = {r.vehicle: sorted(v.stop for v in r.visits) for r in plan.routes}
    assert served == {"south": ["bkk-1", "bkk-2"], "north": ["cnx-1"]}


def test_empty_inputs() -> None:
    nothing = plan_routes([], [DeliveryVehicle("t", 5, *HUB)], time_limit_s=0.1)
    assert nothing.routes == [] and nothing.dropped == []
    idle = plan_routes([Stop("s", *_at(3.0))], [], time_limit_s=0.1)
    assert idle.dropped == ["s"] and idle.stats["served"] == 0
    too_big = plan_routes([Stop("s", *_at(3.0), demand=9)], [DeliveryVehicle("t", 5, *HUB)])
    assert too_big.dropped == ["s"]
