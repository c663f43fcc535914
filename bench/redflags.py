"""Benchmark ``phalang flags indicators`` against orjson parsing alone, on the same file.

    .venv/bin/python bench/redflags.py                  # 1,000,000 releases (about 10 GB)
    .venv/bin/python bench/redflags.py --releases 100000 --runs 5

The input is made by replicating the real OCDS examples in ../shared/data/ocds/real-examples
(releases compiled with ocdsmerge, records' compiled releases as published) under new ocids.
It is written once to bench/out/ (gitignored) and reused. Each run times, on the same file and
with the same byte-range split and number of workers:

* the floor: orjson.loads of every line, nothing else;
* the engine: the real CLI, every rule enabled, in a subprocess, output to /dev/null,
  with the peak resident memory of the CLI and its workers summed (sampled from /proc).
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from phalang.engines.redflags.indicators import RULE_CLASSES  # noqa: E402
from phalang.engines.redflags.runner import default_workers, file_ranges  # noqa: E402

OUT = ROOT / "bench" / "out"
TARGET = 1.5


def _data_dir() -> Path:
    return Path(os.environ.get("PHALANG_TESTDATA", ROOT.parent / "shared" / "data"))


def _read_json_documents(path: Path) -> Iterator[Any]:
    opener: Any = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        data = handle.read()
    if not data.strip():
        return
    if ".jsonl" in path.name:
        for line in data.splitlines():
            if line.strip():
                try:
                    yield orjson.loads(line)
                except orjson.JSONDecodeError:
                    continue
        return
    try:
        yield orjson.loads(data)
    except orjson.JSONDecodeError:
        return


def compiled_releases(folder: Path) -> list[dict[str, Any]]:
    """Compiled releases from release packages, record packages, bare releases and records."""
    import warnings

    import ocdsmerge

    warnings.filterwarnings("ignore", module="ocdsmerge")
    by_ocid: dict[str, list[dict[str, Any]]] = defaultdict(list)
    compiled: dict[str, dict[str, Any]] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        for document in _read_json_documents(path):
            if not isinstance(document, dict):
                continue
            if isinstance(document.get("records"), list):
                records = document["records"]
            elif "ocid" in document and ("compiledRelease" in document or "releases" in document):
                records = [document]
            else:
                records = []
            for record in records:
                if isinstance(record.get("compiledRelease"), dict):
                    compiled[record["ocid"]] = record["compiledRelease"]
                elif isinstance(record.get("releases"), list):
                    by_ocid[record["ocid"]].extend(
                        r for r in record["releases"] if isinstance(r, dict) and "date" in r
                    )
            if isinstance(document.get("releases"), list) and "ocid" not in document:
                for release in document["releases"]:
                    if isinstance(release, dict) and "ocid" in release:
                        by_ocid[release["ocid"]].append(release)
            elif "ocid" in document and "releases" not in document and "records" not in document:
                by_ocid[document["ocid"]].append(document)
    # No network here for the schema: with no rules, arrays of objects merge by "id", which is
    # what the OCDS 1.1 merge rules do for the fields the indicators read.
    merger = ocdsmerge.Merger(merge_rules={})
    for ocid, releases in by_ocid.items():
        if ocid in compiled:
            continue
        dated = [r for r in releases if isinstance(r.get("date"), str) and r.get("id")]
        if not dated:
            continue
        try:
            compiled[ocid] = merger.create_compiled_release(dated)
        except Exception:  # noqa: S112 - some published examples are invalid; skip them
            continue
    return list(compiled.values())


def replicated_lines(releases: int) -> Iterator[bytes]:
    """JSON Lines of ``releases`` compiled releases: the real examples, cycled, each under a
    new ocid (``<ocid>-b<n>``). Also used by bench/opendata_import.py."""
    bases = compiled_releases(_data_dir() / "ocds" / "real-examples")
    if not bases:
        raise SystemExit("no real examples found; set PHALANG_TESTDATA")
    bodies = []
    for base in bases:
        rest = {k: v for k, v in base.items() if k != "ocid"}
        bodies.append((str(base.get("ocid", "ocds-unknown")), orjson.dumps(rest)[1:]))
    for i in range(releases):
        ocid, body = bodies[i % len(bodies)]
        head = orjson.dumps(f"{ocid}-b{i}")
        yield b'{"ocid":' + head + (b"," if body != b"}" else b"") + body + b"\n"


def generate(path: Path, releases: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    started = time.perf_counter()
    with open(partial, "wb", buffering=16 * 1024 * 1024) as out:
        for line in replicated_lines(releases):
            out.write(line)
    partial.rename(path)
    print(
        f"generated {releases:,} releases: "
        f"{path.stat().st_size / 1e9:.2f} GB in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )


def _parse_range(task: tuple[str, int, int]) -> int:
    path, start, end = task
    with open(path, "rb") as handle:
        handle.seek(start)
        data = handle.read(end - start)
    view = memoryview(data)
    loads = orjson.loads
    count = 0
    position = 0
    size = len(data)
    while position < size:
        cut = data.find(b"\n", position)
        if cut == -1:
            cut = size
        if cut > position:
            try:
                loads(view[position:cut])
                count += 1
            except orjson.JSONDecodeError:
                pass
        position = cut + 1
    return count


def time_parse_only(path: Path, workers: int) -> float:
    """The floor: orjson over the same ranges with the same number of processes."""
    import multiprocessing

    tasks = file_ranges(path)
    started = time.perf_counter()
    if workers <= 1:
        for task in tasks:
            _parse_range(task)
    else:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for _ in pool.imap(_parse_range, tasks):
                pass
    return time.perf_counter() - started


def _tree_rss_kib(root: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
            children[int(fields[1])].append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    total = 0
    stack = [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total


class PeakRss:
    """Samples ``_tree_rss_kib(pid)`` in a thread while the ``with`` block runs; ``peak`` in KiB."""

    def __init__(self, pid: int, interval: float = 0.5) -> None:
        self.pid, self.interval, self.peak = pid, interval, 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, _tree_rss_kib(self.pid))
            self._done.wait(self.interval)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()


def time_engine(path: Path, settings: Path, workers: int) -> tuple[float, int]:
    command = [
        sys.executable,
        "-m",
        "phalang.engines.redflags",
        "indicators",
        "--settings",
        str(settings),
        "--no-meta",
        "--workers",
        str(workers),
        str(path),
    ]
    started = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        child = subprocess.Popen(command, cwd=ROOT, stdout=sink)
        with PeakRss(child.pid, interval=0.25) as rss:
            code = child.wait()
        elapsed = time.perf_counter() - started
    peak = rss.peak
    if code != 0:
        raise SystemExit(f"engine failed with exit code {code}")
    return elapsed, peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--generate-only", action="store_true")
    args = parser.parse_args(argv)

    path = OUT / f"redflags-{args.releases}.jsonl"
    if args.regenerate or not path.exists():
        generate(path, args.releases)
    if args.generate_only:
        return 0
    settings = OUT / "redflags-all.ini"
    settings.write_text("".join(f"[{code}]\n" for code in RULE_CLASSES), encoding="utf-8")

    parse_times: list[float] = []
    engine_times: list[float] = []
    peaks: list[int] = []
    for run in range(args.runs):
        parse_times.append(time_parse_only(path, args.workers))
        elapsed, peak = time_engine(path, settings, args.workers)
        engine_times.append(elapsed)
        peaks.append(peak)
        print(
            f"run {run + 1}: orjson parse {parse_times[-1]:.1f} s, engine {elapsed:.1f} s, "
            f"peak RSS {peak / 1024:.0f} MiB",
            file=sys.stderr,
        )
    parse = statistics.median(parse_times)
    engine = statistics.median(engine_times)
    size = path.stat().st_size
    print(f"| releases | {args.releases:,} |")
    print(f"| file size | {size / 1e9:.2f} GB |")
    print(f"| workers | {args.workers} |")
    print(f"| runs | {args.runs} |")
    print(f"| orjson parse only (median) | {parse:.1f} s ({size / parse / 1e6:.0f} MB/s) |")
    print(f"| engine, every rule (median) | {engine:.1f} s ({size / engine / 1e6:.0f} MB/s) |")
    print(f"| engine / parse | {engine / parse:.2f}x (target <= {TARGET}x) |")
    print(f"| peak RSS, CLI + workers (max) | {max(peaks) / 1024:.0f} MiB |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
