"""Benchmark: a broadcast to 100,000 subscribers (Coalition issue 2/2).

    .venv/bin/python bench/coalition_broadcast.py [--subscribers 100000] [--line-share 0.5]

In a fresh SQLite database (or ``DATABASE_URL``) it bulk-inserts N subscribers, half on LINE and
half on Telegram (set-up, not timed), then times ``queue_broadcast``: one outbox message per
subscriber. Target: under 10 s for 100,000.

It then delivers through the real outbox sender (``outbox.send_pending``, as the worker runs it)
to the fake LINE and Telegram APIs on loopback, one platform at a time (the other's messages are
held back), and reports the rate achieved:

* LINE multicast (500 recipients per request) at LINE's documented 200 requests/s, then with the
  rate set far above what the sender reaches (its ceiling);
* Telegram at its documented 30 messages/s, then at a high configured rate (the ceiling).

The fake servers run in this process, so they share its CPU time with the sender.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HIGH = 1e6  # a configured rate no sender reaches: what is measured is the sender's ceiling


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--subscribers", type=int, default=100_000)
    ap.add_argument("--line-share", type=float, default=0.5)
    ap.add_argument("--line-deliver", type=int, default=20_000, help="LINE recipients per LINE phase")
    ap.add_argument("--telegram-seconds", type=float, default=10.0, help="length of the 30/s Telegram phase")
    ap.add_argument("--telegram-deliver", type=int, default=4_000, help="messages in the high-rate phase")
    args = ap.parse_args()
    os.environ.setdefault("PHALANG_DATA_DIR", tempfile.mkdtemp(prefix="bench-coalition-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phalang.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from phalang.coalition import actions
    from phalang.coalition.models import Subscriber, SubscriberAddress
    from phalang.lib.crypto import encrypt
    from phalang.messaging import outbox
    from phalang.messaging.models import OutboundMessage
    from phalang.orgs.actions import create_organisation
    from tests.fakes.line import FakeLineServer
    from tests.fakes.telegram import FakeTelegramServer

    call_command("migrate", verbosity=0)
    org = create_organisation(slug="bench-org", name_th="bench", kind="civil_society")
    n_line = int(args.subscribers * args.line_share)
    t0 = time.perf_counter()
    for start in range(0, args.subscribers, 5000):
        n = min(5000, args.subscribers - start)
        subs = Subscriber.objects.bulk_create([Subscriber(token=f"bench{start + i}") for i in range(n)])
        addresses = []
        for i, s in enumerate(subs):
            k = start + i
            channel, address = ("line", f"U{k:032x}") if k < n_line else ("telegram", str(10**9 + k))
            addresses.append(SubscriberAddress(subscriber=s, channel=channel, address_hash=f"bench{k}",
                                               address_enc=encrypt(address, "channel")))
        SubscriberAddress.objects.bulk_create(addresses)
    print(f"set-up: {args.subscribers} subscribers ({n_line} LINE) in {time.perf_counter() - t0:.1f} s "
          f"({connection.vendor})")

    b = actions.schedule_broadcast(organisation=org, text="[bench] นัดรวมพลวันเสาร์นี้ หน้าศาลากลาง 10 โมง")
    t0 = time.perf_counter()
    queued = actions.queue_broadcast(b)
    print(f"queue: {queued} messages in {time.perf_counter() - t0:.2f} s")

    mine = OutboundMessage.objects.filter(kind=b.outbox_kind)
    later = timezone.now() + timedelta(days=1)

    def only(channel: str) -> None:
        mine.filter(state="pending").exclude(channel=channel).update(next_attempt_at=later)
        mine.filter(state="pending", channel=channel).update(next_attempt_at=timezone.now())

    def phase(name: str, rate: float, count: Callable[[], int], stop: int | None = None,
              seconds: float | None = None) -> None:
        settings.OUTBOX_RATES = {"line_multicast": rate, "telegram": rate}
        base = count()
        t0 = time.perf_counter()
        while True:
            sent = outbox.send_pending(2.0 if seconds is None else min(2.0, seconds - (time.perf_counter() - t0)))
            elapsed = time.perf_counter() - t0
            done = count() - base
            if (stop is not None and done >= stop) or (seconds is not None and elapsed >= seconds) or not sent:
                break
        print(f"deliver {name} at a configured {rate:g}/s: {done} in {elapsed:.2f} s = {done / elapsed:.0f}/s")

    with FakeLineServer() as line_api, FakeTelegramServer() as tg:
        settings.LINE_CHANNEL_ACCESS_TOKEN = line_api.access_token
        settings.LINE_API_BASE = line_api.url
        settings.LINE_PUSH_ENABLED = True
        settings.TELEGRAM_BOT_TOKEN = tg.token
        settings.TELEGRAM_API_BASE = tg.url

        def line_count() -> int:
            return len(line_api.recipients())

        def tg_count() -> int:
            return len(tg.messages)

        only("line")
        phase("LINE multicast recipients", 200, line_count, stop=args.line_deliver)
        phase("LINE multicast recipients", HIGH, line_count, stop=args.line_deliver)
        print(f"  ({len(line_api.multicasts)} multicast requests, "
              f"{sum(s == 409 for s in line_api.statuses)} answered 409)")
        only("telegram")
        phase("Telegram messages", 30, tg_count, seconds=args.telegram_seconds)
        phase("Telegram messages", HIGH, tg_count, stop=args.telegram_deliver)
        print(f"  ({sum(s == 429 for s in tg.statuses)} Telegram requests answered 429)")
    print("outbox states:", actions.delivery_counts(b))


if __name__ == "__main__":
    main()
