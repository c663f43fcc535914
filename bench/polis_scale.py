"""Benchmark: the Pol.is opinion engine at scale, on a synthetic conversation.

    .venv/bin/python bench/polis_scale.py [--runs 5] [--participants 100000]
        [--statements 5000] [--votes 5000000] [--new-votes 1000]

Targets (the issue): full recompute of 100,000 participants × 5,000 statements with 5,000,000
votes under 10 s and 3 GB peak memory; an incremental update after 1,000 new votes under 1 s.
Each full run is a fresh process, so its peak RSS is its own; the figure includes generating
the synthetic votes, so it bounds the engine's own peak from above.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from phalang.engines.polis import Conversation, analyze
from phalang.engines.polis.synthetic import conversation, more_votes

GROUPS = 4


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def full_run(args: argparse.Namespace, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    syn = conversation(args.participants, args.statements, args.votes, GROUPS, seed=0)
    before = _peak_mb()
    start = time.perf_counter()
    result = analyze(syn.votes, seed=0)
    seconds = time.perf_counter() - start
    queue.put({"seconds": seconds, "peak_mb": _peak_mb(), "peak_before_mb": before, "k": result.k})


def incremental_run(args: argparse.Namespace, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    syn = conversation(args.participants, args.statements, args.votes, GROUPS, seed=0)
    conv = Conversation(syn.votes, seed=0)
    first = conv.update()
    times, moved, ks = [], [], []
    previous = first.participant_group
    for round_ in range(args.runs):
        batch = more_votes(syn, args.new_votes, seed=100 + round_)
        start = time.perf_counter()
        conv.add_votes(batch)
        result = conv.update()
        times.append(time.perf_counter() - start)
        moved.append(float((result.participant_group[: len(previous)] != previous).mean()))
        ks.append(result.k)
        previous = result.participant_group
    queue.put({"seconds": times, "moved": moved, "peak_mb": _peak_mb(), "k": first.k, "ks": ks})


def _in_process(target, args: argparse.Namespace) -> dict:  # type: ignore[no-untyped-def, type-arg]
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(args, queue))
    proc.start()
    out = queue.get()
    proc.join()
    return out  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--statements", type=int, default=5_000)
    parser.add_argument("--votes", type=int, default=5_000_000)
    parser.add_argument("--new-votes", type=int, default=1_000)
    args = parser.parse_args()

    print(
        f"synthetic: {args.participants:,} participants × {args.statements:,} statements, "
        f"{args.votes:,} votes, {GROUPS} latent groups"
    )
    fulls = [_in_process(full_run, args) for _ in range(args.runs)]
    secs = [f["seconds"] for f in fulls]
    peaks = [f["peak_mb"] for f in fulls]
    print(
        f"full recompute: median {statistics.median(secs):.2f} s "
        f"(runs: {', '.join(f'{s:.2f}' for s in secs)}); target < 10 s"
    )
    print(
        f"peak RSS: median {statistics.median(peaks):.0f} MB, max {max(peaks):.0f} MB "
        f"(after generating the votes, before analysing: {fulls[0]['peak_before_mb']:.0f} MB); "
        f"target < 3072 MB; k = {fulls[0]['k']}"
    )
    inc = _in_process(incremental_run, args)
    print(
        f"incremental update after {args.new_votes:,} new votes: median "
        f"{statistics.median(inc['seconds']):.2f} s (runs: {', '.join(f'{s:.2f}' for s in inc['seconds'])}); "
        f"target < 1 s; participants changing group per update: "
        f"{', '.join(f'{m:.2%}' for m in inc['moved'])} "
        f"(k before: {inc['k']}; after each update: {', '.join(str(k) for k in inc['ks'])})"
    )


if __name__ == "__main__":
    main()
