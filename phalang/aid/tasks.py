"""Periodic aid work: expired suggestions and claim locks go back to the pool."""

from __future__ import annotations

from django_tasks import task

from phalang.core import periodic


@task(queue_name="default")
def expire_holds() -> int:
    from phalang.aid.actions import expire_suggestions

    return expire_suggestions()


def register() -> None:
    # Every minute: a 20-minute suggestion overstays by at most a minute.
    periodic.register(periodic.PeriodicJob("aid_expire_suggestions", 60, expire_holds.enqueue))
