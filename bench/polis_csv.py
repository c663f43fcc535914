"""Benchmark: ``phalang polis analyze DIR`` on a Pol.is export folder of 5,000,000 votes, as a
whole process (start-up, reading the CSV, the engine, the JSON out).

    .venv/bin/python bench/polis_csv.py [--runs 3] [--participants 100000] [--statements 5000]
        [--votes 5000000] [--folder var/bench/polis-5m]

Target (issue 19): under 5 s and under 1.2 GB peak, as a whole process. The folder is written
once (synthetic votes from phalang.engines.polis.synthetic, in Pol.is's own export columns) and
kept for later runs. Peak memory is the child's maximum resident set (getrusage).
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def write_folder(folder: Path, participants: int, statements: int, votes: int) -> None:
    import numpy as np

    from phalang.engines.polis.synthetic import conversation

    if (folder / "votes.csv").exists():
        return
    folder.mkdir(parents=True, exist_ok=True)
    syn = conversation(participants, statements, votes, 4, seed=0)
    v = syn.votes
    ts = 1_650_000_000_000 + np.arange(len(v.participant), dtype=np.int64) * 7
    tmp = folder / "votes.csv.part"
    with tmp.open("w", newline="") as fh:
        fh.write("timestamp,datetime,comment-id,voter-id,vote\n")
        chunk = 500_000
        for start in range(0, len(ts), chunk):
            sl = slice(start, start + chunk)
            lines = [f"{t},Wed Apr 27 00:51:33 PDT 2022,{s},{p},{x}\n" for t, s, p, x in
                     zip(ts[sl].tolist(), v.statement[sl].tolist(), v.participant[sl].tolist(),
                         v.value[sl].tolist(), strict=True)]
            fh.writelines(lines)
    tmp.rename(folder / "votes.csv")
    with (folder / "comments.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees",
                    "moderated", "comment-body"])
        for s in range(statements):
            w.writerow([1_650_000_000_000, "", s, 0, 0, 0, 1, f"statement {s}"])


def one_run(folder: Path) -> tuple[float, float]:
    phalang = ROOT / ".venv" / "bin" / "phalang"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([str(phalang), "polis", "analyze", str(folder)], check=True,
                   stdout=subprocess.DEVNULL, env={**os.environ})
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if peak < before:
        peak = before
    return seconds, peak / 1024  # KiB -> MiB


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--statements", type=int, default=5_000)
    parser.add_argument("--votes", type=int, default=5_000_000)
    parser.add_argument("--folder", type=Path, default=ROOT / "var" / "bench" / "polis-5m")
    args = parser.parse_args()
    write_folder(args.folder, args.participants, args.statements, args.votes)
    times, peaks = [], []
    for i in range(args.runs):
        # Each run is its own child; RUSAGE_CHILDREN keeps the largest child so far, so the
        # runs' peaks are reported as that running maximum (they are alike run to run).
        seconds, peak = one_run(args.folder)
        times.append(seconds)
        peaks.append(peak)
        print(f"run {i + 1}: {seconds:.2f} s, peak {peak:.0f} MiB", flush=True)
    print(f"median {statistics.median(times):.2f} s over {args.runs} runs; peak {max(peaks):.0f} MiB"
          " (target < 5 s, < 1.2 GB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
