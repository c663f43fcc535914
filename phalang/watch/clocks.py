"""Response clocks: remind partner staff of forwarded cases they have not answered."""

from __future__ import annotations

import statistics
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from phalang.core import periodic
from phalang.lib import conf
from phalang.watch.models import CLOSED_STATUSES, FixAnswer, FixCheck, Report, Status
from phalang.watch.workflow import notify_partner_staff


def thresholds() -> list[int]:
    return sorted(int(d) for d in conf.phalang("RESPONSE_REMINDER_DAYS"))


def send_reminders(now=None) -> int:  # type: ignore[no-untyped-def]
    now = now or timezone.now()
    sent = 0
    for level, days in enumerate(thresholds()):
        due = (Report.objects.filter(forwarded_at__lte=now - timedelta(days=days), first_response_at__isnull=True,
                                     reminders_sent=level)
               .exclude(status__in=CLOSED_STATUSES).prefetch_related("forwarded_to"))
        for report in due:
            with transaction.atomic():
                for org in report.forwarded_to.all():
                    notify_partner_staff(
                        org, f"[พลัง] เรื่องที่ส่งต่อยังไม่ได้รับการตอบกลับ {days} วัน",
                        f"เรื่อง {report.public_id} ส่งถึง {org.name_th} มาแล้ว {days} วันและยังไม่มีการตอบกลับ "
                        f"{settings.SITE_URL}/partner/{report.public_id}/", f"reminder:{report.pk}:{days}")
                Report.objects.filter(pk=report.pk).update(reminders_sent=level + 1)
            sent += 1
    return sent


@task(queue_name="default")
def reminders() -> int:
    return send_reminders()


periodic.register(periodic.PeriodicJob("watch_reminders", 3600, reminders.enqueue))


def responsiveness(org: Any) -> dict[str, Any]:
    """How fast an organisation answers the cases forwarded to it, for the public: cases forwarded,
    answered, the median days to a first answer, the oldest unanswered case in days, and the share
    resolved (percent). The Watch partners table and the coalition partner page both show this."""
    cases = list(org.forwarded_reports.filter(forwarded_at__isnull=False).values_list(
        "forwarded_at", "first_response_at", "status"))
    now = timezone.now()
    waits = [(first - fwd).total_seconds() / 86400 for fwd, first, _s in cases if first and fwd]
    open_waits = [(now - fwd).total_seconds() / 86400 for fwd, first, _s in cases if fwd and not first]
    return {
        "forwarded": len(cases), "answered": len(waits),
        "median_days": round(statistics.median(waits), 1) if waits else None,
        "oldest_unanswered_days": round(max(open_waits)) if open_waits else None,
        "resolved_share": round(100 * sum(1 for *_x, s in cases if s == Status.RESOLVED) / len(cases))
        if cases else None,
        **fix_rates(org),
    }


def fix_rates(org: Any) -> dict[str, Any]:
    """Of the fixes this organisation reported that the reporter answered "แก้ไขแล้วจริงไหม?" for,
    the share confirmed and the share disputed (percent). A fix made only on paper shows here."""
    answers = list(FixCheck.objects.filter(organisation=org).exclude(answer="").values_list("answer", flat=True))
    n = len(answers)
    return {
        "fix_answers": n,
        "confirmed_fix_share": round(100 * answers.count(FixAnswer.CONFIRMED) / n) if n else None,
        "disputed_fix_share": round(100 * answers.count(FixAnswer.DISPUTED) / n) if n else None,
    }
