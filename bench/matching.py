"""Benchmarks of ``phalang aid match``: exactness against an exact solver, and scale.

Run: ``.venv/bin/python bench/matching.py`` (``--runs N`` for more repeats, ``--quick`` for
a smoke run). Instances are synthetic, clustered around Thai population centres
(phalang/engines/matching/synthetic.py). Prints a Markdown table for
docs/bench-results/matching.md.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import orjson
from scipy.optimize import linear_sum_assignment

from phalang.engines.matching import Request, Volunteer, check_matching
from phalang.engines.matching.cli import main as aid_main
from phalang.engines.matching.csvio import (
    to_csv_text,
    write_requests,
    write_volunteers,
)
from phalang.engines.matching.synthetic import CENTRES, thai_instance

ROOT = Path(__file__).resolve().parent.parent


def exact_reference(requests: list[Request], volunteers: list[Volunteer]) -> tuple[int, float]:
    """Maximum cardinality, then least total distance, by the Hungarian method on one column
    per capacity slot with a big-M cost for infeasible pairs. Shares no code with the engine."""
    slots = np.repeat(np.arange(len(volunteers)), [v.capacity for v in volunteers])
    rlat = np.radians([r.lat for r in requests])[:, None]
    rlon = np.radians([r.lon for r in requests])[:, None]
    vlat = np.radians([volunteers[j].lat for j in slots])[None, :]
    vlon = np.radians([volunteers[j].lon for j in slots])[None, :]
    h = (
        np.sin((vlat - rlat) / 2) ** 2
        + np.cos(rlat) * np.cos(vlat) * np.sin((vlon - rlon) / 2) ** 2
    )
    km = 2 * 6371.0088 * np.arcsin(np.sqrt(np.minimum(h, 1.0)))
    ok = km <= np.array([volunteers[j].radius_km for j in slots])[None, :]
    ok &= (
        np.array([int(r.vehicle_required) for r in requests])[:, None]
        <= np.array([int(volunteers[j].vehicle) for j in slots])[None, :]
    )
    for skill in {s for r in requests for s in r.skills_required}:
        needs = np.array([skill in r.skills_required for r in requests])[:, None]
        has = np.array([skill in volunteers[j].skills for j in slots])[None, :]
        ok &= ~needs | has
    big = 1e9  # more than any sum of feasible distances: cardinality comes first
    cost = np.where(ok, km, big)
    rows, cols = linear_sum_assignment(cost)
    chosen = cost[rows, cols]
    real = chosen[chosen < big]
    return len(real), float(real.sum())


def run_cli(folder: Path, *extra: str) -> tuple[float, dict]:
    out = folder / "out.json"
    started = time.perf_counter()
    code = aid_main(
        [
            "match",
            "--requests",
            str(folder / "requests.csv"),
            "--volunteers",
            str(folder / "volunteers.csv"),
            "--json",
            "--output",
            str(out),
            *extra,
        ]
    )
    elapsed = time.perf_counter() - started
    if code != 0:
        raise SystemExit(f"phalang aid match exited {code}")
    return elapsed, orjson.loads(out.read_bytes())


def write(folder: Path, requests: list[Request], volunteers: list[Volunteer]) -> None:
    (folder / "requests.csv").write_text(to_csv_text(write_requests, requests), encoding="utf-8")
    (folder / "volunteers.csv").write_text(
        to_csv_text(write_volunteers, volunteers), encoding="utf-8"
    )


def exactness(folder: Path, seeds: list[int], n_req: int, n_vol: int) -> list[str]:
    """Seeds over all of Thailand, then one with everyone in Bangkok (ten times denser)."""
    rows = []
    cases = [(seed, "Thailand", CENTRES) for seed in seeds] + [(seeds[0], "Bangkok", CENTRES[:1])]
    for seed, area, centres in cases:
        requests, volunteers = thai_instance(
            n_req, n_vol, seed=seed, capacity=(1, 3), centres=centres
        )
        write(folder, requests, volunteers)
        started = time.perf_counter()
        best_count, best_km = exact_reference(requests, volunteers)
        exact_s = time.perf_counter() - started
        # Forcing max-pairs down to one per request prunes to 4 arcs per request and per
        # volunteer: the path a far denser instance would take.
        for label, extra in (("none", ()), ("forced", ("--max-pairs", str(n_req)))):
            seconds, result = run_cli(folder, "--objective", "distance", *extra)
            assert check_matching(requests, volunteers, result) == []
            got_km = sum(a["distance_km"] for a in result["assignments"])
            gap = 100 * (got_km - best_km) / best_km if best_km else 0.0
            gap = 0.0 if abs(gap) < 5e-5 else gap  # no "-0.0000%"
            label = f"{label} ({result['stats']['pairs_solved']:,} of {result['stats']['feasible_pairs']:,} pairs)"
            rows.append(
                f"| {area}, seed {seed} | {label} | {len(result['assignments'])} / {best_count} "
                f"| {got_km:,.3f} / {best_km:,.3f} | {gap:+.4f}% | {seconds:.2f} s "
                f"| {exact_s:.2f} s |"
            )
            print(rows[-1], flush=True)
    return rows


def scale(folder: Path, n_req: int, n_vol: int, runs: int) -> list[str]:
    """In-process CLI runs (parse, prune, solve, write JSON): wall and CPU time. CPU time is
    the steadier figure while other jobs share the machine. Also one fresh-process run,
    which adds Python start-up and importing numpy, scipy and OR-Tools."""
    requests, volunteers = thai_instance(n_req, n_vol, seed=42, capacity=(1, 3))
    write(folder, requests, volunteers)
    rows = []
    for objective in ("weighted", "distance"):
        walls, cpus, result = [], [], {}
        for _ in range(runs):
            cpu = time.process_time()
            seconds, result = run_cli(folder, "--objective", objective)
            cpus.append(time.process_time() - cpu)
            walls.append(seconds)
        assert check_matching(requests, volunteers, result) == []
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "phalang.engines.matching",
                "match",
                "--requests",
                str(folder / "requests.csv"),
                "--volunteers",
                str(folder / "volunteers.csv"),
                "--objective",
                objective,
                "--json",
                "--output",
                str(folder / "fresh.json"),
            ],
            cwd=ROOT,
            check=True,
        )
        fresh = time.perf_counter() - started
        s = result["stats"]
        rows.append(
            f"| {objective} | {statistics.median(walls):.2f} s "
            f"({min(walls):.2f}–{max(walls):.2f}) | {statistics.median(cpus):.2f} s "
            f"| {fresh:.2f} s | {s['feasible_pairs']:,} | {s['assigned']:,} / {s['requests']:,} "
            f"| {s['total_distance_km']:,.0f} km |"
        )
        print(rows[-1], flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="small instances, one run")
    args = parser.parse_args()
    n_exact = (400, 200) if args.quick else (2000, 1000)
    n_scale = (2000, 1000) if args.quick else (10_000, 5_000)
    runs = 1 if args.quick else args.runs

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(
            f"## Exactness: {n_exact[0]:,} requests × {n_exact[1]:,} volunteers, "
            "capacity 1–3, `--objective distance`\n"
        )
        print(
            "| instance | pruning | assigned / maximum | total km / exact optimum | gap "
            "| CLI run | exact solver |"
        )
        print("|---|---|---|---|---|---|---|")
        exactness(folder, [1, 2, 3], *n_exact)
        print(
            f"\n## Scale: {n_scale[0]:,} requests × {n_scale[1]:,} volunteers, "
            f"median of {runs} runs\n"
        )
        print(
            "| objective | wall, median (range) | CPU, median | fresh process, wall "
            "| feasible pairs | assigned | total distance |"
        )
        print("|---|---|---|---|---|---|---|")
        scale(folder, *n_scale, runs)


if __name__ == "__main__":
    main()
