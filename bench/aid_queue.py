"""Benchmark: the coordinator's queue with 10,000 open help requests (aid issue 15).

    .venv/bin/python bench/aid_queue.py                 # SQLite, in a temporary data directory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/phalang_bench_aid .venv/bin/python bench/aid_queue.py

Fills a fresh database with N open requests in Chiang Mai's flood districts (bulk inserts: this
measures reading, not filing) and 50 volunteers, logs a coordinator in through the real login and
two-factor pages, then times the queue page (/aid/coordinate/<group>/) in-process through the whole
middleware stack, with a mix of filters, searches and pages, and the map's GeoJSON.
Target: p95 under 150 ms. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DISTRICTS = ["เมืองเชียงใหม่", "สารภี", "สันทราย", "แม่ริม", "หางดง", "สันกำแพง", "ดอยสะเก็ด"]


def fill(n: int) -> tuple[object, object]:
    from django.utils import timezone

    from phalang.accounts import actions as account_actions
    from phalang.aid import actions
    from phalang.aid.models import HelpRequest, Need, State, VolunteerProfile
    from phalang.lib.crypto import encrypt, keyed_hash
    from phalang.orgs import actions as org_actions
    from phalang.places.loader import load_gazetteer
    from phalang.places.models import Province, Subdistrict
    from phalang.watch import receipts

    if not Subdistrict.objects.exists():
        load_gazetteer()
    cm = Province.objects.get(name_th="เชียงใหม่")
    org = org_actions.create_organisation(slug=f"bench-{secrets.token_hex(3)}", name_th="อาสาน้ำท่วมเชียงใหม่",
                                          kind="volunteer_group", province=cm)
    org_actions.verify_organisation(org, by=None)
    actions.set_kit(org, "flood", by=None)
    subs = list(Subdistrict.objects.filter(district__province=cm, district__name_th__in=DISTRICTS)
                .select_related("district"))
    rng = random.Random(15)
    now = timezone.now()
    needs = [Need.WATER, Need.FOOD, Need.EVACUATION, Need.BOAT, Need.MEDICINE, Need.BEDRIDDEN]
    batch = []
    for i in range(n):
        s = rng.choice(subs)
        created = now - timedelta(minutes=rng.randint(0, 60 * 72))
        tier = rng.choice([1, 2, 2, 3, 3, 4])
        name = f"ผู้ประสบภัย{i} ใจดี"
        batch.append(HelpRequest(
            receipt_hash=receipts.receipt_hash(receipts.generate()), organisation=org, need=rng.choice(needs),
            urgency=tier, urgency_computed=tier, people=rng.randint(1, 6), province=cm, district=s.district,
            subdistrict=s, name_enc=encrypt(name), phone_enc=encrypt(f"08{i:08d}"),
            phone_hash=keyed_hash("contact", f"phone:08{i:08d}"), name_tokens=actions.name_tokens(name),
            channel="csv", state=State.NEW if i % 3 else State.TRIAGED, created_at=created,
            priority_at=actions.priority_at(created, tier), kit="flood"))
        if len(batch) == 2000:
            HelpRequest.objects.bulk_create(batch)
            batch = []
    HelpRequest.objects.bulk_create(batch)
    for i in range(50):
        user = account_actions.create_user(f"bench-vol-{org.pk}-{i}", None)
        s = rng.choice(subs)
        VolunteerProfile.objects.create(user=user, organisation=org, home_subdistrict=s, home_lat=s.lat,
                                        home_lon=s.lon, vehicle=rng.choice(["boat", "pickup", "truck"]),
                                        verified_at=now)
    coord = account_actions.create_user(f"bench-coord-{org.pk}", "correct-horse-battery")
    org_actions.add_member(org, coord, "coordinator")
    return org, coord


def login(client: object, user: object) -> None:
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    resp = client.post("/accounts/login/", {"username": user.username,  # type: ignore[attr-defined]
                                            "password": "correct-horse-battery"})
    assert resp.status_code == 302, resp.status_code
    client.get("/accounts/two-factor/")  # type: ignore[attr-defined]
    device = TOTPDevice.objects.filter(user=user).order_by("-id").first()
    assert device is not None
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    resp = client.post("/accounts/two-factor/", {"code": code})  # type: ignore[attr-defined]
    assert resp.status_code == 302, resp.content[:300]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=10_000, help="open help requests to fill")
    ap.add_argument("--samples", type=int, default=200, help="page loads to time")
    opts = ap.parse_args()
    os.environ.setdefault("PHALANG_DATA_DIR", tempfile.mkdtemp(prefix="phalang-aid-queue-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phalang.settings")
    os.environ.setdefault("PHALANG_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from phalang.aid.models import HelpRequest

    setup_test_environment()  # the test client's host name; the database is the real one
    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    org, coord = fill(opts.requests)
    fill_s = time.perf_counter() - t0
    client = Client()
    login(client, coord)
    base = f"/aid/coordinate/{org.slug}/"  # type: ignore[attr-defined]
    rng = random.Random(1)
    district_ids = list(HelpRequest.objects.filter(organisation=org).values_list("district_id", flat=True)
                        .distinct())

    def params(i: int) -> dict[str, str]:
        p: dict[str, str] = {}
        if i % 2:
            p["page"] = str(rng.randint(1, 150))
        if i % 3 == 0:
            p["need"] = rng.choice(["water", "food", "boat", "evacuation"])
        if i % 4 == 0:
            p["urgency"] = str(rng.randint(1, 4))
        if i % 5 == 0:
            p["district"] = str(rng.choice(district_ids))
        if i % 7 == 0:
            p["age"] = "24"
        if i % 11 == 0:
            p["q"] = rng.choice([f"08{rng.randint(0, opts.requests - 1):08d}", f"ผู้ประสบภัย{rng.randint(0, 999)}"])
        if i % 13 == 0:
            p["state"] = "open"
        return p

    results = {}
    for name, path in (("queue_page", base), ("map_geojson", base + "map.geojson")):
        for i in range(10):
            client.get(path, params(i))  # warm up
        times = []
        for i in range(opts.samples):
            t = time.perf_counter()
            resp = client.get(path, params(i))
            times.append((time.perf_counter() - t) * 1000)
            assert resp.status_code == 200, (path, resp.status_code)
        times.sort()
        results[name] = {"p50_ms": round(statistics.median(times), 1),
                         "p95_ms": round(times[int(len(times) * 0.95) - 1], 1), "samples": len(times)}
    from django.db import connection

    print(json.dumps({"database": connection.vendor, "open_requests": opts.requests,
                      "fill_seconds": round(fill_s, 1), **results}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
