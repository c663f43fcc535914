"""Workers take each sender's events strictly in order, and one sender's burst holds up nobody
else (chat/inbox.claim). The inbox carries only the indexes the worker needs, since each index
is one more page every webhook writes before it answers (docs/benchmarks.md)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from phalang.chat import inbox
from phalang.chat.models import InboundEvent

pytestmark = pytest.mark.django_db


def _events(*keys: str) -> list[int]:
    start = InboundEvent.objects.count()
    rows = InboundEvent.objects.bulk_create(
        [InboundEvent(channel="line", external_id=f"e{start + i}", user_key=k, payload="x") for i, k in enumerate(keys)])
    return [r.pk for r in InboundEvent.objects.filter(external_id__in=[r.external_id for r in rows]).order_by("id")]


def _done(*ids: int) -> None:
    InboundEvent.objects.filter(id__in=ids).update(processed_at=timezone.now())


def test_one_event_per_sender_in_order() -> None:
    a1, b1, a2, c1, a3, b2 = _events("A", "B", "A", "C", "A", "B")
    assert inbox.claim(10) == [a1, b1, c1]
    assert inbox.claim(10) == []  # A's, B's and C's first events are in flight: their next wait
    _done(a1)
    assert inbox.claim(10) == [a2]
    _done(b1, c1)
    assert inbox.claim(10) == [b2]
    _done(a2)
    assert inbox.claim(10) == [a3]


def test_an_expired_lease_is_taken_again_before_the_senders_next_event() -> None:
    a1, _a2 = _events("A", "A")
    assert inbox.claim(10) == [a1]
    InboundEvent.objects.filter(pk=a1).update(claimed_until=timezone.now() - inbox.LEASE)
    assert inbox.claim(10) == [a1]  # the worker died: a1 again, never a2 before it


def test_one_senders_burst_does_not_hold_up_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inbox, "CLAIM_WINDOW", 50)
    burst = _events(*["spam"] * 180)
    other = _events("B", "C")
    assert inbox.claim(10) == [burst[0], *other]


def test_the_limit_is_kept() -> None:
    ids = _events(*[f"u{i}" for i in range(30)])
    assert inbox.claim(20) == ids[:20]
    assert inbox.claim(20) == ids[20:]


def test_the_webhook_writes_no_index_the_worker_does_not_need() -> None:
    with connection.cursor() as cur:
        constraints = connection.introspection.get_constraints(cur, InboundEvent._meta.db_table)
    indexed = sorted(tuple(c["columns"]) for c in constraints.values() if c["index"] or c["unique"])
    # primary key, redelivery check, waiting events in id order: nothing on user_key
    assert indexed == [("channel", "external_id"), ("id",), ("processed_at", "id")] or \
        indexed == [("channel", "external_id"), ("processed_at", "id")]
