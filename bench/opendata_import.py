"""Benchmark ``phalang ocds import`` of compiled releases into a fresh PostgreSQL database.

    .venv/bin/python bench/opendata_import.py                      # 1,000,000 releases (about 10 GB)
    .venv/bin/python bench/opendata_import.py --releases 100000 --runs 3
    .venv/bin/python bench/opendata_import.py --releases 100000 --gzip --reimport

The input is what bench/redflags.py makes (its generator, imported): the real OCDS examples in
../shared/data/ocds/real-examples compiled and replicated under new ocids, as JSON Lines (gzip
optional), written once to bench/out/ (gitignored) and reused. Each run drops and recreates the
database, migrates it (not timed), then times, each as the real command in a subprocess:

* ``phalang ocds import --no-flags FILE``: releases/s, wall time, peak resident memory of the
  command and its worker processes (sampled from /proc; the PostgreSQL server is not counted);
* ``phalang ocds flags``: the red-flag pass over every imported process;
* with ``--reimport``, the same import again, which must add nothing.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from redflags import OUT, PeakRss, replicated_lines  # noqa: E402

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/phalang_bench_import"
PHALANG = str(ROOT / ".venv" / "bin" / "phalang")


def input_file(releases: int, gz: bool, regenerate: bool) -> Path:
    plain = OUT / f"redflags-{releases}.jsonl"  # bench/redflags.py's file: the same lines
    path = OUT / f"opendata-import-{releases}.jsonl{'.gz' if gz else ''}"
    if not gz and plain.exists() and not regenerate:
        return plain
    if path.exists() and not regenerate:
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    started = time.perf_counter()
    if gz and plain.exists():
        with open(plain, "rb") as src, gzip.open(partial, "wb", compresslevel=1) as out:
            shutil.copyfileobj(src, out, 16 << 20)
    else:
        with (gzip.open(partial, "wb", compresslevel=1) if gz else open(partial, "wb", buffering=16 << 20)) as out:
            for line in replicated_lines(releases):
                out.write(line)
    partial.rename(path)
    print(f"wrote {path} ({path.stat().st_size / 1e9:.2f} GB) in {time.perf_counter() - started:.0f} s",
          file=sys.stderr)
    return path


def fresh_database(url: str) -> None:
    import psycopg

    name = urlparse(url).path.lstrip("/")
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise SystemExit(f"refusing to drop database {name!r}")
    admin = urlparse(url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (KiB) of the command and its children, and its output."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    with PeakRss(child.pid) as rss:
        out, err = child.communicate()
    elapsed = time.perf_counter() - started
    peak = rss.peak
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({child.returncode}):\n{err.decode()[-3000:]}")
    problems = sum(1 for line in err.decode().splitlines() if line.startswith("skipped "))
    return elapsed, peak, out.decode().strip() + (f" ({problems} skipped lines)" if problems else "")


def database_size(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
        return int(row[0]) if row else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=1_000_000)
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE),
                        help="PostgreSQL URL; the database is dropped and created for each run")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--gzip", action="store_true", help="import a gzipped file")
    parser.add_argument("--workers", type=int, help="PHALANG_IMPORT_WORKERS for the import")
    parser.add_argument("--reimport", action="store_true", help="time a second import of the same file")
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args(argv)

    path = input_file(args.releases, args.gzip, args.regenerate)
    env = dict(os.environ, DATABASE_URL=args.database,
               PHALANG_DATA_DIR=os.environ.get("PHALANG_DATA_DIR", str(ROOT / "var" / "bench-import")))
    if args.workers is not None:
        env["PHALANG_IMPORT_WORKERS"] = str(args.workers)
    Path(env["PHALANG_DATA_DIR"]).mkdir(parents=True, exist_ok=True)

    imports: list[float] = []
    flag_passes: list[float] = []
    peaks: list[int] = []
    for run in range(args.runs):
        fresh_database(args.database)
        subprocess.run([PHALANG, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([PHALANG, "places", "load"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        seconds, peak, summary = timed([PHALANG, "ocds", "import", "--no-flags", str(path)], env)
        imports.append(seconds)
        peaks.append(peak)
        print(f"run {run + 1}: import {seconds:.1f} s ({args.releases / seconds:,.0f} releases/s), "
              f"peak RSS {peak / 1024:.0f} MiB: {summary}", file=sys.stderr)
        seconds, peak, summary = timed([PHALANG, "ocds", "flags"], env)
        flag_passes.append(seconds)
        peaks.append(peak)
        print(f"run {run + 1}: red flags {seconds:.1f} s, peak RSS {peak / 1024:.0f} MiB: {summary}",
              file=sys.stderr)
        if args.reimport:
            seconds, peak, summary = timed([PHALANG, "ocds", "import", "--no-flags", str(path)], env)
            print(f"run {run + 1}: re-import {seconds:.1f} s, peak RSS {peak / 1024:.0f} MiB: {summary}",
                  file=sys.stderr)
            if not summary.startswith(f"read {args.releases}, added 0,"):
                raise SystemExit(f"re-import changed something: {summary}")

    imp, flags = statistics.median(imports), statistics.median(flag_passes)
    print(f"| releases | {args.releases:,} ({path.stat().st_size / 1e9:.2f} GB{', gzip' if args.gzip else ''}) |")
    print(f"| runs | {args.runs} (medians) |")
    print(f"| import, wall | {imp:.0f} s ({args.releases / imp:,.0f} releases/s) |")
    print(f"| red-flag pass, wall | {flags:.0f} s |")
    print(f"| peak RSS, command + workers (max) | {max(peaks) / 1024:.0f} MiB |")
    print(f"| database size after | {database_size(args.database) / 1e9:.2f} GB |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
