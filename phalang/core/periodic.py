"""Periodic jobs, enqueued by ``phalang worker`` and run by any worker.

Each job has an interval. Time is cut into slots of that length; the first scheduler (on any
machine) to insert the (job, slot) row enqueues the job, so N workers enqueue it once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every_seconds: int
    enqueue: Callable[[], object]


_jobs: dict[str, PeriodicJob] = {}


def register(job: PeriodicJob) -> None:
    _jobs[job.name] = job


def jobs() -> list[PeriodicJob]:
    return list(_jobs.values())


def tick(now: float | None = None) -> list[str]:
    """Enqueue every job whose current slot nobody has claimed yet; return their names."""
    from phalang.core.models import PeriodicSlot

    now = time.time() if now is None else now
    started = []
    for job in jobs():
        slot = int(now // job.every_seconds)
        try:
            with transaction.atomic():
                PeriodicSlot.objects.create(name=job.name, slot=slot)
                job.enqueue()
        except IntegrityError:
            continue
        started.append(job.name)
    return started
