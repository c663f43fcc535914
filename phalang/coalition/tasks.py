"""Periodic work: reveal venues, remind participants, queue scheduled broadcasts."""

from __future__ import annotations

from django_tasks import task

from phalang.coalition import actions
from phalang.core import periodic


@task(queue_name="default")
def reveal_venues() -> int:
    return actions.reveal_due_venues()


@task(queue_name="default")
def event_reminders() -> int:
    return actions.send_event_reminders()


@task(queue_name="default")
def due_broadcasts() -> int:
    return actions.queue_due_broadcasts()


# A venue is due within a minute of its reveal time ("a last-minute change reaches everyone
# confirmed within a minute" is met by change_venue queuing at once, not by this job).
periodic.register(periodic.PeriodicJob("coalition_reveal_venues", 30, reveal_venues.enqueue))
periodic.register(periodic.PeriodicJob("coalition_event_reminders", 900, event_reminders.enqueue))
periodic.register(periodic.PeriodicJob("coalition_broadcasts", 30, due_broadcasts.enqueue))
