"""Background tasks of the core app."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks import task

from phalang.core import periodic, retention


@task(queue_name="default")
def purge_personal_data() -> dict[str, int]:
    """Run every registered PDPA purge (each module registers what it keeps and for how long)."""
    return retention.run_all()


@task(queue_name="default")
def clear_expired() -> dict[str, int]:
    from axes.models import AccessAttempt, AccessLog

    sessions, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    # Login attempts carry the staff member's IP address: keep them 30 days for security review.
    cutoff = timezone.now() - timedelta(days=30)
    attempts, _ = AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()
    logs, _ = AccessLog.objects.filter(attempt_time__lt=cutoff).delete()
    from phalang.core.models import PeriodicSlot

    slots, _ = PeriodicSlot.objects.filter(created_at__lt=cutoff).delete()
    return {"sessions": sessions, "login_attempts": attempts + logs, "periodic_slots": slots}


periodic.register(periodic.PeriodicJob("purge_personal_data", 3600, purge_personal_data.enqueue))
periodic.register(periodic.PeriodicJob("clear_expired", 6 * 3600, clear_expired.enqueue))


@task(queue_name="default")
def selftest(marker: str) -> str:
    """Prove a worker can reach the database: appends one audit entry (used by the tests)."""
    from phalang.audit.log import record

    record("worker.selftest", data={"marker": marker})
    return marker
