"""Periodic aid work: expired suggestions and claim locks go back to the pool."""

from __future__ import annotations

from django_tasks import task

from phalang.core import periodic


@task(queue_name="default")
def expire_holds() -> int:
    from phalang.aid.actions import expire_suggestions

    return expire_suggestions()


@task(queue_name="default")
def still_need_help() -> int:
    from phalang.aid.actions import send_checkins

    asked, called = send_checkins()
    return asked + called


def register() -> None:
    # Every minute: a 20-minute suggestion overstays by at most a minute.
    periodic.register(periodic.PeriodicJob("aid_expire_suggestions", 60, expire_holds.enqueue))
    # Hourly: each request is asked at most once per CHECKIN_HOURS anyway.
    periodic.register(periodic.PeriodicJob("aid_still_need_help", 3600, still_need_help.enqueue))
