"""Benchmark of ``phalang aid route``: a 60-stop, 4-vehicle relief run from one hub.

Run: ``.venv/bin/python bench/routing.py`` (``--runs N`` for more repeats). The routing
solver improves its plan until ``--time-limit``, so wall time is mostly that limit; the
table shows what each limit buys. Prints a Markdown table for docs/bench-results/matching.md.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import orjson

from phalang.engines.matching import check_routes
from phalang.engines.matching.cli import main as aid_main
from phalang.engines.matching.csvio import to_csv_text, write_stops, write_vehicles
from phalang.engines.matching.synthetic import delivery_instance


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--limits", default="0.5,2,5", help="time limits to try, seconds")
    args = parser.parse_args()

    print(f"## Routing: 60 stops, 4 vehicles, one hub (Khon Kaen), median of {args.runs} runs\n")
    print(
        "| vehicles × capacity | time limit | median wall time | range | served "
        "| dropped (by urgency) | total km |"
    )
    print("|---|---|---|---|---|---|---|")
    # ~185 units of demand, windows of 2–4 hours; 4 × 60 fits, 4 × 40 forces drops.
    for capacity in (60, 40):
        run(capacity, args.runs, args.limits.split(","))


def run(capacity: int, runs: int, limits: list[str]) -> None:
    stops, vehicles = delivery_instance(60, 4, seed=7, vehicle_capacity=capacity)
    demand = sum(s.demand for s in stops)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "stops.csv").write_text(to_csv_text(write_stops, stops), encoding="utf-8")
        (folder / "vehicles.csv").write_text(
            to_csv_text(write_vehicles, vehicles), encoding="utf-8"
        )
        for limit in limits:
            times, served, km = [], [], []
            plan: dict = {}
            for _ in range(runs):
                started = time.perf_counter()
                code = aid_main(
                    [
                        "route",
                        "--stops",
                        str(folder / "stops.csv"),
                        "--vehicles",
                        str(folder / "vehicles.csv"),
                        "--time-limit",
                        limit,
                        "--json",
                        "--output",
                        str(folder / "plan.json"),
                    ]
                )
                times.append(time.perf_counter() - started)
                if code != 0:
                    raise SystemExit(f"phalang aid route exited {code}")
                plan = orjson.loads((folder / "plan.json").read_bytes())
                assert check_routes(stops, vehicles, plan) == []
                served.append(plan["stats"]["served"])
                km.append(plan["stats"]["total_distance_km"])
            drops = plan["stats"]["dropped_by_urgency"]
            print(
                f"| 4 × {capacity} (demand {demand}) | {limit} s | {statistics.median(times):.2f} s "
                f"| {min(times):.2f}–{max(times):.2f} s | {statistics.median(served):.0f} "
                f"| {60 - statistics.median(served):.0f} ({drops}) "
                f"| {statistics.median(km):,.1f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
