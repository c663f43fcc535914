"""Benchmark: the CPU the webhook spends per event on sealing it (issue 12), beside the work it
already did (signature check, JSON parse), in CPU time so it holds on a busy machine.

    .venv/bin/python bench/intake_crypto.py

The events are bench/webhooks.py's signed LINE events. Sealing (AES-256-GCM, lib/crypto.seal)
happens once per event in the webhook view; the worker unseals it once. For the whole request
(gunicorn, Django, the SQLite insert) see bench/webhooks.py.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PHALANG_DATA_DIR", tempfile.mkdtemp(prefix="phalang-bench-"))

import orjson  # noqa: E402

from bench.webhooks import SECRET, event_body, sign  # noqa: E402
from phalang.lib.crypto import seal, unseal  # noqa: E402
from phalang.messaging.line import signature_ok  # noqa: E402

N, RUNS = 20_000, 5


def cpu_us(work, items) -> float:  # type: ignore[no-untyped-def]
    start = time.process_time()
    for item in items:
        work(item)
    return (time.process_time() - start) / len(items) * 1e6


def main() -> int:
    from django.conf import settings

    settings.configure(LINE_CHANNEL_SECRET=SECRET)
    bodies = [event_body(i) for i in range(N)]
    signed = [(b, sign(b)) for b in bodies]
    events = [orjson.dumps(orjson.loads(b)["events"][0]).decode() for b in bodies]
    sealed = [seal(e) for e in events]
    rows = {
        "signature check (HMAC-SHA256)": lambda: cpu_us(lambda p: signature_ok(p[0], p[1]), signed),
        "JSON parse and re-serialise": lambda: cpu_us(lambda b: orjson.dumps(orjson.loads(b)["events"][0]), bodies),
        "seal (new, in the webhook)": lambda: cpu_us(seal, events),
        "unseal (new, in the worker)": lambda: cpu_us(unseal, sealed),
    }
    out = {name: round(statistics.median(run() for _ in range(RUNS)), 2) for name, run in rows.items()}
    budget = 2 * 1e6 / 2000  # µs of CPU per event on 2 cores at the 2,000 events/s target
    out["seal share of the CPU budget at 2,000 events/s on 2 cores (%)"] = round(
        out["seal (new, in the webhook)"] / budget * 100, 2)
    print(json.dumps({"events": N, "runs": RUNS, "cpu_us_per_event_median": out}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
