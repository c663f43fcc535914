"""Benchmark: signed LINE webhook events accepted durably per second (Watch issue).

    .venv/bin/python bench/webhooks.py                      # SQLite (embedded default)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/phalang_bench .venv/bin/python bench/webhooks.py
    .venv/bin/python bench/webhooks.py --synchronous FULL   # what power-loss durability costs

It serves the real app with gunicorn, then, in the same run:
  1. wrk against /ping (an empty view through the same server): the ceiling;
  2. wrk against /webhooks/line with pre-signed bodies, each a distinct event;
  3. a constant 500 events/s from a Python client, for the acknowledgement latency (p50/p99).
Every accepted event must be a row in the inbox afterwards (durable: committed before the 200).
Needs Debian's wrk (apt install wrk).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import http.client
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECRET = "bench-line-secret"


def sign(body: bytes) -> str:
    return base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()


def event_body(i: int) -> bytes:
    event = {"type": "message", "mode": "active", "timestamp": 1763600000000 + i,
             "source": {"type": "user", "userId": "U" + secrets.token_hex(16)},
             "webhookEventId": f"01BENCH{i:019d}", "deliveryContext": {"isRedelivery": False},
             "replyToken": secrets.token_hex(16),
             "message": {"type": "text", "id": str(10**17 + i), "text": "แจ้งเรื่อง"}}
    return json.dumps({"destination": "U" + "0" * 32, "events": [event]}, ensure_ascii=False).encode()


LUA = r"""
local counter = 1
setup = function(thread)
  thread:set("id", counter)
  counter = counter + 1
end
local bodies, sigs, n, i, last, span = {}, {}, 0, 0, 0, 0
init = function(args)
  local f = io.open(args[1], "r")
  for line in f:lines() do
    local sig, body = line:match("^(%S+) (.*)$")
    n = n + 1; sigs[n] = sig; bodies[n] = body
  end
  f:close()
  -- each thread of each run takes its own slice, so no event is ever sent twice
  span = tonumber(args[3])
  i = tonumber(args[2]) + (id - 1) * span
  last = i + span
end
request = function()
  i = i + 1
  if i > last then i = last end
  return wrk.format("POST", "/webhooks/line",
    {["Content-Type"] = "application/json", ["X-Line-Signature"] = sigs[i]}, bodies[i])
end
"""


def run(cmd: list[str], env: dict[str, str], **kw):  # type: ignore[no-untyped-def]
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, **kw)


def wrk(url: str, seconds: int, connections: int, script: Path | None = None, args: list[str] | None = None) -> float:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if script:
        cmd += ["-s", str(script), url, "--", *(args or [])]
    else:
        cmd.append(url)
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith("Requests/sec:"):
            return float(line.split()[1])
        if "Non-2xx" in line:
            print("   ", line.strip())
    raise RuntimeError(out)


def paced(host: str, port: int, bodies: list[bytes], rate: float, seconds: float) -> list[float]:
    """Send at a constant rate from several threads; return each acknowledgement's latency (s)."""
    total = int(rate * seconds)
    threads = 8
    latencies: list[float] = []
    lock = threading.Lock()
    start = time.perf_counter() + 0.2

    def worker(k: int) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=10)
        mine = []
        for j in range(k, total, threads):
            due = start + j / rate
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            body = bodies[j % len(bodies)]
            t0 = time.perf_counter()
            conn.request("POST", "/webhooks/line", body, {"Content-Type": "application/json",
                                                          "X-Line-Signature": sign(body)})
            resp = conn.getresponse()
            resp.read()
            # Measured from when the request was due, so a backlog counts against us.
            mine.append(time.perf_counter() - min(t0, due) if resp.status == 200 else float("inf"))
        with lock:
            latencies.extend(mine)

    ts = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return sorted(latencies)


def count_rows(env: dict[str, str]) -> int:
    code = ("import django,os;os.environ.setdefault('DJANGO_SETTINGS_MODULE','phalang.settings');django.setup();"
            "from phalang.chat.models import InboundEvent as E;print(E.objects.count())")
    return int(subprocess.run([str(BIN / "python"), "-c", code], env=env, cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip())


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=8)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--threads", type=int, default=1, help=">1 uses gunicorn's gthread workers (keep-alive)")
    ap.add_argument("--synchronous", default="NORMAL", help="SQLite synchronous pragma")
    ap.add_argument("--port", type=int, default=8791)
    opts = ap.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="phalang-bench-"))
    env = {**os.environ, "PHALANG_DATA_DIR": str(data_dir), "PHALANG_LINE_CHANNEL_SECRET": SECRET,
           "PHALANG_SQLITE_SYNCHRONOUS": opts.synchronous, "PHALANG_LOG_LEVEL": "WARNING"}
    db = "postgresql" if env.get("DATABASE_URL") else f"sqlite (synchronous={opts.synchronous})"
    run([str(BIN / "phalang"), "migrate", "-v0"], env)
    if env.get("DATABASE_URL"):
        run([str(BIN / "python"), "-c", "import django,os;os.environ.setdefault('DJANGO_SETTINGS_MODULE','phalang.settings');"
             "django.setup();from phalang.chat.models import InboundEvent as E;E.objects.all().delete()"], env)

    span = 60_000  # events per wrk thread per run: more than 8 s at 7,000/s
    n_bodies = opts.runs * 2 * span
    bodies_file = data_dir / "bodies.txt"
    bodies = [event_body(i) for i in range(n_bodies)]
    with bodies_file.open("w") as fh:
        for b in bodies:
            fh.write(f"{sign(b)} {b.decode()}\n")
    script = data_dir / "webhook.lua"
    script.write_text(LUA)

    server = subprocess.Popen([str(BIN / "gunicorn"), "phalang.wsgi:application", "--bind",
                               f"127.0.0.1:{opts.port}", "--workers", str(opts.workers), "--log-level", "warning",
                               *(["--worker-class", "gthread", "--threads", str(opts.threads)] if opts.threads > 1 else [])],
                              env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{opts.port}"
    try:
        for _ in range(100):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", opts.port, timeout=1)
                conn.request("GET", "/ping")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        wrk(base + "/ping", 2, opts.connections)  # warm up every worker
        empties, hooks = [], []
        for run_no in range(opts.runs):
            empties.append(wrk(base + "/ping", opts.seconds, opts.connections))
            hooks.append(wrk(base + "/webhooks/line", opts.seconds, opts.connections, script,
                             [str(bodies_file), str(run_no * 2 * span), str(span)]))
        lat = paced("127.0.0.1", opts.port, [event_body(10**9 + i) for i in range(12_000)], 500, 20)
    finally:
        server.terminate()
        server.wait(timeout=30)
    rows = count_rows(env)
    empty, hook = statistics.median(empties), statistics.median(hooks)
    p50, p99 = lat[len(lat) // 2] * 1000, lat[int(len(lat) * 0.99)] * 1000
    print(json.dumps({
        "database": db, "gunicorn_workers": opts.workers, "threads": opts.threads, "runs": opts.runs,
        "empty_view_rps_median": round(empty), "webhook_events_per_s_median": round(hook),
        "ratio": round(hook / empty, 3), "webhook_runs": [round(h) for h in hooks],
        "empty_runs": [round(e) for e in empties],
        "paced_500_per_s": {"p50_ms": round(p50, 2), "p99_ms": round(p99, 2), "sent": len(lat)},
        "rows_in_inbox": rows,
    }, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
