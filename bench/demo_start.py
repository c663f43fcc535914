"""Benchmark: how long `make demo` takes to answer its first page, on a fresh data folder and
again on the same folder (nothing to migrate, seed or collect).

    .venv/bin/python bench/demo_start.py [--runs 3] [--port 8765]

Targets (issue 19): a second run answers in under 10 s; the first in under 45 s. Each run starts
`phalang demo` (what `make demo` runs once the virtual environment exists), polls the home page
every 0.1 s until it answers 200, then stops the server and its worker.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def one_run(data_dir: Path, port: int) -> float:
    env = {**os.environ, "PHALANG_DATA_DIR": str(data_dir), "PHALANG_DEMO": "1", "PORT": str(port)}
    env.pop("DATABASE_URL", None)
    start = time.perf_counter()
    proc = subprocess.Popen([str(ROOT / ".venv" / "bin" / "phalang"), "demo", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"phalang demo exited with {proc.returncode}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as resp:
                    if resp.status == 200:
                        return time.perf_counter() - start
            except OSError:
                pass
            time.sleep(0.1)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    first, second = [], []
    for i in range(args.runs):
        folder = Path(tempfile.mkdtemp(prefix="phalang-demo-bench-"))
        try:
            first.append(one_run(folder, args.port))
            second.append(one_run(folder, args.port))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        print(f"run {i + 1}: first {first[-1]:.1f} s, second {second[-1]:.1f} s", flush=True)
    print(f"median first {statistics.median(first):.1f} s (target < 45 s), "
          f"second {statistics.median(second):.1f} s (target < 10 s), over {args.runs} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
