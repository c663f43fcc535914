"""Benchmark: the public board with 100,000 reports (Watch issue 2/2).

    .venv/bin/python bench/board.py                   # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/phalang_bench_board .venv/bin/python bench/board.py

Fills a fresh database with N published reports spread over every subdistrict (bulk inserts:
this measures reading, not filing), serves the app with gunicorn, then times sequential requests
to /reports/ and /api/v1/public/reports with a mix of filters (p50/p95 over all requests), and
weighs the board page: HTML plus every CSS, JS, font and boundary file it loads, gzip-compressed as
served. Target: p95 under 150 ms; page under 150 KB compressed, map tiles aside (there are none by
default: the map draws the provinces from our own file; district files load only when zoomed in).
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

FILL = r"""
import random, secrets, sys
from datetime import timedelta
import django
django.setup()
from django.utils import timezone
from phalang.places.loader import load_gazetteer
from phalang.places.models import Subdistrict
from phalang.watch.models import Category, Report, Status
load_gazetteer()
n = int(sys.argv[1])
subs = list(Subdistrict.objects.select_related("district__province"))
cats = list(Category.objects.all())
statuses = [s for s, _ in Status.choices]
rng = random.Random(7)
now = timezone.now()
batch = []
for i in range(n):
    s = rng.choice(subs)
    at = now - timedelta(minutes=rng.randint(0, 60 * 24 * 700))
    batch.append(Report(receipt_hash=secrets.token_hex(32), category=rng.choice(cats),
        description="ข้อความต้นฉบับ", public_text=f"ถนนชำรุดและไฟฟ้าดับในพื้นที่ {s.name_th} เรื่องที่ {i}",
        province=s.district.province, district=s.district, subdistrict=s, anonymity="anonymous", channel="web",
        status=rng.choice(statuses), published=True, published_at=at))
    if len(batch) == 5000:
        Report.objects.bulk_create(batch)
        batch = []
Report.objects.bulk_create(batch)
print(Report.objects.count())
"""


def get(conn_port: int, path: str, gz: bool = False) -> tuple[int, bytes, float]:
    conn = http.client.HTTPConnection("127.0.0.1", conn_port, timeout=30)
    t0 = time.perf_counter()
    conn.request("GET", path, headers={"Accept-Encoding": "gzip"} if gz else {})
    resp = conn.getresponse()
    body = resp.read()
    return resp.status, body if not gz or resp.getheader("Content-Encoding") == "gzip" else gzip.compress(body), \
        time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--port", type=int, default=8793)
    opts = ap.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="phalang-board-"))
    env = {**os.environ, "PHALANG_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "phalang.settings",
           "PHALANG_LOG_LEVEL": "WARNING"}
    subprocess.run([str(BIN / "phalang"), "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    if env.get("DATABASE_URL"):
        subprocess.run([str(BIN / "python"), "-c", "import django;django.setup();"
                        "from phalang.watch.models import Report;Report.objects.all().delete()"], env=env, cwd=ROOT,
                       check=True)
    t0 = time.perf_counter()
    count = subprocess.run([str(BIN / "python"), "-c", FILL, str(opts.reports)], env=env, cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout.strip()
    fill_s = time.perf_counter() - t0
    subprocess.run([str(BIN / "phalang"), "collectstatic", "--noinput", "-v0"], env={
        **env, "PHALANG_STATIC_STORAGE": "manifest"}, cwd=ROOT, check=True)
    server = subprocess.Popen([str(BIN / "gunicorn"), "phalang.wsgi:application", "--bind",
                               f"127.0.0.1:{opts.port}", "--workers", "2", "--log-level", "warning"],
                              env=env, cwd=ROOT)
    try:
        for _ in range(100):
            try:
                if get(opts.port, "/ping")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        provinces = json.loads(get(opts.port, "/api/v1/places/provinces")[1])
        rng = random.Random(1)

        def paths(base: str) -> list[str]:
            out = []
            for i in range(opts.requests):
                q = []
                if i % 2:
                    q.append(f"province={rng.choice(provinces)['id']}")
                if i % 3 == 0:
                    q.append("status=" + rng.choice(["received", "forwarded", "resolved"]))
                if i % 5 == 0:
                    q.append("page=" + str(rng.randint(2, 20)))
                out.append(base + ("?" + "&".join(q) if q else ""))
            return out

        results = {}
        for name, base in (("board_html", "/reports/"), ("public_api", "/api/v1/public/reports")):
            for p in paths(base)[:10]:
                get(opts.port, p)  # warm up
            times = []
            for p in paths(base):
                status, _body, dt = get(opts.port, p)
                assert status == 200, (p, status)
                times.append(dt * 1000)
            times.sort()
            results[name] = {"p50_ms": round(statistics.median(times), 1),
                             "p95_ms": round(times[int(len(times) * 0.95) - 1], 1), "requests": len(times)}
        status, html, _ = get(opts.port, "/reports/", gz=True)
        page = gzip.decompress(html).decode()
        # Every static file the page loads, the map's province outlines (data-boundaries) included.
        assets = set(re.findall(r'(?:href|src|data-boundaries)="(/static/[^"]+)"', page))
        css = [a for a in assets if a.endswith(".css")]
        for c in css:  # fonts referenced from the stylesheet
            body = gzip.decompress(get(opts.port, c, gz=True)[1]).decode()
            assets |= {os.path.normpath(os.path.join(os.path.dirname(c), u)) for u in
                       re.findall(r'url\("?([^")]+\.woff2)"?\)', body)}
        weights = {"html": len(html)}
        for a in sorted(assets):
            weights[a] = len(get(opts.port, a, gz=True)[1])
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(json.dumps({"database": "postgresql" if env.get("DATABASE_URL") else "sqlite", "reports": int(count),
                      "fill_seconds": round(fill_s, 1), **results,
                      "page_weight_kb_compressed": round(sum(weights.values()) / 1024, 1),
                      "weights_bytes": weights}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
