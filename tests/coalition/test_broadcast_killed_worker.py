"""A broadcast to 10,000 subscribers survives workers killed with SIGKILL mid-broadcast: counted
at the fake LINE and Telegram servers, every subscriber gets it, and only a request in flight at a
kill on a platform without retry keys (Telegram) arrives twice, flagged ``in_doubt``
(docs/architecture.md, "Channels")."""

from __future__ import annotations

import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from phalang.coalition import actions
from phalang.coalition.models import Subscriber, SubscriberAddress
from phalang.lib.crypto import decrypt, encrypt
from phalang.messaging.models import OutboundMessage
from tests.conftest import ROOT
from tests.foundation.test_task_queue import worker_env

PHALANG = str(Path(sys.executable).parent / "phalang")
LEASE = 2  # seconds; the restarted worker takes over the dead one's claims after this


def _subscribers(n_line: int, n_tg: int) -> tuple[set[str], set[str]]:
    """Set-up in bulk (``subscribe`` one by one would take minutes); the audience reads only these rows."""
    line_ids = {f"U{i:032x}" for i in range(n_line)}
    chats = {str(7_000_000 + i) for i in range(n_tg)}
    addresses = [("line", a) for a in sorted(line_ids)] + [("telegram", c) for c in sorted(chats)]
    subs = Subscriber.objects.bulk_create([Subscriber() for _ in addresses])
    SubscriberAddress.objects.bulk_create([
        SubscriberAddress(subscriber=s, channel=ch, address_hash=f"{ch}{a}", address_enc=encrypt(a, "channel"))
        for s, (ch, a) in zip(subs, addresses, strict=True)])
    return line_ids, chats


def _env(line: Any, tg: Any, fault: str = "") -> dict[str, str]:
    env = worker_env() | {
        "PHALANG_LINE_CHANNEL_ACCESS_TOKEN": line.access_token, "PHALANG_LINE_API_BASE": line.url,
        "PHALANG_LINE_PUSH": "1", "PHALANG_TELEGRAM_BOT_TOKEN": tg.token, "PHALANG_TELEGRAM_API_BASE": tg.url,
        # Far above what one sender reaches: the test is about durability, not pacing.
        "PHALANG_OUTBOX_RATES": "line_multicast=100000,telegram=100000",
        "PHALANG_OUTBOX_LEASE_SECONDS": str(LEASE),
    }
    env.pop("PHALANG_FAULT_INJECT", None)
    return env | ({"PHALANG_FAULT_INJECT": fault} if fault else {})


def _drain(env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([PHALANG, "channels", "drain"], cwd=ROOT, capture_output=True, env=env, timeout=120)


def _in_doubt_chats(b: Any) -> set[str]:
    ids = OutboundMessage.objects.filter(kind=b.outbox_kind, in_doubt=True).values_list("recipient_id", flat=True)
    return {decrypt(a.address_enc, "channel") for a in SubscriberAddress.objects.filter(pk__in=list(ids))}


def _assert_delivered(b: Any, line: Any, tg: Any, line_ids: set[str], chats: set[str]) -> set[str]:
    """Everyone got it; LINE exactly once; returns the Telegram chats that got it twice."""
    on_line = Counter(line.recipients())
    on_tg = Counter(str(m["chat_id"]) for m in tg.messages)
    assert set(on_line) == line_ids and set(on_line.values()) == {1}
    assert set(on_tg) == chats and max(on_tg.values()) <= 2
    twice = {chat for chat, n in on_tg.items() if n == 2}
    in_doubt = _in_doubt_chats(b)
    assert twice <= in_doubt and len(in_doubt) <= 1  # at most the one request in flight
    assert actions.delivery_counts(b) == {"pending": 0, "sending": 0, "sent": len(line_ids) + len(chats),
                                          "failed": 0, "in_doubt": len(in_doubt)}
    return twice


@pytest.mark.django_db(transaction=True)
def test_broadcast_to_10000_survives_killed_workers(watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    """Each worker is killed (SIGKILL) at the worst moment: the platform has accepted a request
    and nothing is written yet. LINE: the retry carries the same X-Line-Retry-Key and LINE answers
    409, so nobody gets it twice. Telegram: the one message is sent again, flagged in doubt."""
    line, tg, _sms = channels
    line_ids, chats = _subscribers(6000, 4000)
    b = actions.schedule_broadcast(organisation=watchdog, text="นัดรวมพลวันเสาร์นี้ หน้าศาลากลาง")
    assert actions.queue_broadcast(b) == 10_000

    died = _drain(_env(line, tg, fault="outbox.after_request:line:4"))
    assert died.returncode == -9, died.stderr.decode()[-2000:]
    assert len(line.recipients()) == 2000 and len(line.multicasts) == 4
    # The fourth multicast (before them, the broadcast asked LINE for its monthly quota).
    fourth_key = [r for r in line.requests if r.path.endswith("/multicast")][3].headers["x-line-retry-key"]
    time.sleep(LEASE + 0.2)  # the dead worker's claims run out
    died = _drain(_env(line, tg, fault="outbox.after_request:telegram:1500"))
    assert died.returncode == -9, died.stderr.decode()[-2000:]
    assert 1500 <= len(tg.messages) < len(chats)  # killed mid-broadcast
    assert OutboundMessage.objects.filter(kind=b.outbox_kind, state="sending").count() == 1

    time.sleep(LEASE + 0.2)
    done = _drain(_env(line, tg))
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert [r.headers["x-line-retry-key"] for r, status in zip(line.requests, line.statuses, strict=True)
            if status == 409] == [fourth_key]
    twice = _assert_delivered(b, line, tg, line_ids, chats)
    assert len(twice) == 1 and twice == _in_doubt_chats(b)
