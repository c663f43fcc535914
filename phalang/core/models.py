from __future__ import annotations

from django.db import models


class PeriodicSlot(models.Model):
    """One row per periodic job run: the unique key makes the claim atomic across machines."""

    name = models.CharField(max_length=80)
    slot = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "slot"], name="unique_periodic_slot")]

    def __str__(self) -> str:
        return f"{self.name}@{self.slot}"


class WorkerHeartbeat(models.Model):
    """The last time each worker finished a tick: the health page shows stale workers."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=200)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.worker_id
