"""Before a broadcast, LINE's monthly quota is checked against its LINE recipients, and the
organiser is told when it will not reach them all."""

from __future__ import annotations

from phalang.audit.models import AuditEntry
from phalang.chat.loops import drain
from phalang.coalition import actions


def test_the_organiser_is_told_when_the_line_quota_is_short(  # type: ignore[no-untyped-def]
        watchdog, channels, make_user, mailoutbox) -> None:
    line, _tg, _sms = channels
    line.quota, line.quota_used = 500, 499
    organiser = make_user("organiser", org=watchdog, role="admin", email="organiser@example.org")
    for i in range(3):
        actions.subscribe("line", f"U{i:032x}")
    actions.subscribe("telegram", "60001")
    b = actions.schedule_broadcast(organisation=watchdog, text="นัดประชุมชาวบ้านวันอาทิตย์", by=organiser)
    assert actions.queue_broadcast(b) == 4  # it goes ahead
    assert AuditEntry.objects.filter(action="broadcast.line_quota_short").exists()
    drain()
    [mail] = [m for m in mailoutbox if "organiser@example.org" in m.to]
    assert "เหลือ 1 ข้อความ" in mail.body and "ผู้รับทาง LINE 3 คน" in mail.body


def test_no_warning_when_the_quota_suffices(watchdog, channels, make_user, mailoutbox) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    line.quota, line.quota_used = 500, 10
    organiser = make_user("organiser", org=watchdog, role="admin", email="organiser@example.org")
    actions.subscribe("line", "U" + "0" * 32)
    actions.queue_broadcast(actions.schedule_broadcast(organisation=watchdog, text="ข่าว", by=organiser))
    drain()
    assert not AuditEntry.objects.filter(action="broadcast.line_quota_short").exists()
    assert not [m for m in mailoutbox if "โควตา" in m.subject]
