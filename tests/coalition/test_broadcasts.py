"""Broadcasts: consent is honoured at once, and a crash neither loses nor duplicates a message."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from phalang.chat.loops import drain
from phalang.coalition import actions
from phalang.coalition.models import ConsentRecord
from phalang.messaging import outbox
from phalang.messaging.models import OutboundMessage
from phalang.places.models import Province


@pytest.fixture(autouse=True)
def fast(settings):  # type: ignore[no-untyped-def]
    settings.OUTBOX_RATES = {"line": 1e9, "line_multicast": 1e9, "telegram": 1e9, "email": 1e9, "sms": 1e9}


def _drain_all() -> None:
    """Send everything, letting retry back-off pass (the clock is moved, not waited for)."""
    for _ in range(20):
        OutboundMessage.objects.filter(state="pending").update(next_attempt_at=timezone.now(), claimed_until=None)
        OutboundMessage.objects.filter(state="sending").update(claimed_until=None)  # keyed retries
        drain()
        if not OutboundMessage.objects.filter(state__in=["pending", "sending"]).exists():
            return


def test_unsubscribed_user_receives_nothing(client, watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    line, tg, _sms = channels
    stays = actions.subscribe("telegram", "60001")
    leaves = actions.subscribe("telegram", "60002")
    actions.add_address(leaves, "line", "U-leaves")
    before = actions.schedule_broadcast(organisation=watchdog, text="ประกาศแรก")
    actions.queue_broadcast(before)
    # The opt-out (on the web page) withdraws what was already queued, on every channel.
    assert 'id="unsubscribed"' in client.post(f"/coalition/unsubscribe/{leaves.token}/").content.decode()
    after = actions.schedule_broadcast(organisation=watchdog, text="ประกาศที่สอง")
    actions.queue_broadcast(after)
    _drain_all()
    assert [m["chat_id"] for m in tg.messages] == ["60001", "60001"]
    assert line.pushes == []
    assert actions.delivery_counts(before) == {"pending": 0, "sending": 0, "sent": 1, "failed": 2, "in_doubt": 0}
    assert list(ConsentRecord.objects.filter(subscriber=leaves).values_list("action", "channel")) == [
        ("opt_in", "telegram"), ("opt_in", "line"), ("opt_out", "web")]
    assert stays.active


def test_broadcast_survives_a_crash_exactly_once(watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    line, tg, _sms = channels
    n_tg, n_line = 200, 100
    for i in range(n_tg):
        actions.subscribe("telegram", str(700000 + i))
    for i in range(n_line):
        actions.subscribe("line", f"U{i:05d}")
    b = actions.schedule_broadcast(organisation=watchdog, text="นัดรวมพลวันเสาร์นี้")
    assert actions.queue_broadcast(b) == n_tg + n_line
    # The queuer crashed and is run again: nobody is queued twice.
    type(b).objects.filter(pk=b.pk).update(state="scheduled")
    actions.queue_broadcast(b)
    assert OutboundMessage.objects.filter(kind=b.outbox_kind).count() == n_tg + n_line

    # A sender claims a batch and dies before sending it; its lease then runs out.
    claimed = [r["id"] for r in outbox.claim("telegram", 40) + outbox.claim("line", 40)]
    assert len(claimed) == 80
    OutboundMessage.objects.filter(pk__in=claimed).update(claimed_until=timezone.now() - timedelta(seconds=1))
    # Both platforms fail mid-way.
    tg.fail_next(15)
    line.fail_next(3)
    outbox.send_pending()
    _drain_all()

    assert sorted(m["chat_id"] for m in tg.messages) == sorted(str(700000 + i) for i in range(n_tg))
    assert sorted(line.recipients()) == sorted(f"U{i:05d}" for i in range(n_line))
    assert actions.delivery_counts(b) == {"pending": 0, "sending": 0, "sent": n_tg + n_line, "failed": 0,
                                          "in_doubt": 0}


def test_audience_segments(watchdog) -> None:  # type: ignore[no-untyped-def]
    cm = Province.objects.get(name_th="เชียงใหม่")
    actions.subscribe("email", "a@example.org", province=cm, tags=[("interest", "procurement")])
    actions.subscribe("email", "b@example.org", province=cm)
    actions.subscribe("telegram", "61001", tags=[("interest", "procurement")])
    b = actions.schedule_broadcast(organisation=watchdog, text="x", province=cm, tag_kind="interest",
                                   tag_value="procurement")
    assert actions.queue_broadcast(b) == 1


def test_sending_needs_permission(watchdog, make_org, admin_of) -> None:  # type: ignore[no-untyped-def]
    outsider = admin_of(make_org("elsewhere"), "outsider")
    with pytest.raises(PermissionDenied):
        actions.schedule_broadcast(organisation=watchdog, text="x", by=outsider)
