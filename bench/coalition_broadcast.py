"""Benchmark: a broadcast to 100,000 subscribers (Coalition issue 2/2).

    .venv/bin/python bench/coalition_broadcast.py [--subscribers 100000] [--rate 200] [--deliver 2000]

(until phalang.coalition is in INSTALLED_APPS, run it with the wrapper settings:
``PYTHONPATH=/tmp/coalition_settings DJANGO_SETTINGS_MODULE=coalition_settings``.)

In a fresh SQLite database (or ``DATABASE_URL``) it bulk-inserts N Telegram subscribers (set-up,
not timed), then times ``queue_broadcast``: one outbox message per subscriber, in batches.
Target: under 10 s for 100,000. It then sends ``--deliver`` of them through the real outbox
sender against the fake Telegram API on loopback, with the platform rate set to ``--rate``
messages per second, and reports the rate achieved.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--subscribers", type=int, default=100_000)
    ap.add_argument("--rate", type=float, default=200.0)
    ap.add_argument("--deliver", type=int, default=2000)
    args = ap.parse_args()
    os.environ.setdefault("PHALANG_DATA_DIR", tempfile.mkdtemp(prefix="bench-coalition-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phalang.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from phalang.channels import outbox
    from phalang.channels.models import OutboundMessage
    from phalang.coalition import actions
    from phalang.coalition.models import Subscriber, SubscriberAddress
    from phalang.lib.crypto import encrypt
    from phalang.orgs.actions import create_organisation
    from tests.fakes.telegram import FakeTelegramServer

    call_command("migrate", verbosity=0)
    org = create_organisation(slug="bench-org", name_th="bench", kind="civil_society")
    t0 = time.perf_counter()
    for start in range(0, args.subscribers, 5000):
        n = min(5000, args.subscribers - start)
        subs = Subscriber.objects.bulk_create([Subscriber(token=f"bench{start + i}") for i in range(n)])
        SubscriberAddress.objects.bulk_create([
            SubscriberAddress(subscriber=s, channel="telegram", address_enc=encrypt(str(10**9 + start + i), "channel"),
                              address_hash=f"bench{start + i}") for i, s in enumerate(subs)])
    print(f"set-up: {args.subscribers} subscribers in {time.perf_counter() - t0:.1f} s ({connection.vendor})")

    settings.COALITION_BROADCAST_RATES = {"telegram": args.rate}
    b = actions.schedule_broadcast(organisation=org, text="[bench] นัดรวมพลวันเสาร์นี้")
    t0 = time.perf_counter()
    queued = actions.queue_broadcast(b)
    print(f"queued {queued} messages in {time.perf_counter() - t0:.2f} s")

    with FakeTelegramServer() as tg:
        settings.TELEGRAM_BOT_TOKEN = tg.token
        settings.TELEGRAM_API_BASE = tg.url
        t0 = time.perf_counter()
        sent = 0
        while sent < args.deliver:
            sent += outbox.send_pending(limit=100)
        elapsed = time.perf_counter() - t0
        print(f"delivered {sent} at a configured {args.rate:.0f}/s: achieved {sent / elapsed:.0f}/s "
              f"({len(tg.messages)} at the fake server)")
    print("outbox states:", actions.delivery_counts(b), "at", timezone.now().isoformat(timespec="seconds"))
    OutboundMessage.objects.filter(kind=b.outbox_kind).delete()


if __name__ == "__main__":
    main()
