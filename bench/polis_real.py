"""Benchmark: the Pol.is opinion engine on the real shared conversations.

    .venv/bin/python bench/polis_real.py [--runs 5]

Times reading the export and the analysis on each conversation in ../shared/data/polis (or
$PHALANG_TESTDATA/polis), the largest (austria-climate) first.

Data was gathered using the Polis software (compdemocracy.org/polis) and is sub-licensed under
CC BY 4.0 with Attribution to The Computational Democracy Project.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from phalang.engines.polis import analyze, read_export  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    data = Path(os.environ.get("PHALANG_TESTDATA", ROOT.parent / "shared" / "data")) / "polis"
    if not data.is_dir():
        print(f"no Pol.is data at {data}", file=sys.stderr)
        return 1
    folders = sorted(
        (p for p in data.iterdir() if (p / "votes.csv").is_file()),
        key=lambda p: -(p / "votes.csv").stat().st_size,
    )
    print(f"{'conversation':40s} {'votes':>7s} {'read s':>7s} {'analyze s':>9s} {'k':>2s}")
    for folder in folders:
        reads, runs = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            votes, statements = read_export(folder)
            reads.append(time.perf_counter() - start)
            start = time.perf_counter()
            result = analyze(votes, statements, seed=0)
            runs.append(time.perf_counter() - start)
        print(
            f"{folder.name:40s} {len(votes):7d} {statistics.median(reads):7.3f} {statistics.median(runs):9.3f} {result.k:2d}"
        )
    print(
        f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
