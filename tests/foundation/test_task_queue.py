"""Several workers share the database queue: every task runs exactly once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from phalang.audit.log import verify
from phalang.audit.models import AuditEntry
from phalang.core import periodic
from phalang.core.models import PeriodicSlot
from phalang.core.tasks import selftest
from tests.conftest import ROOT

PHALANG = str(Path(sys.executable).parent / "phalang")


def worker_env() -> dict[str, str]:
    """Point a subprocess at the database this test is using."""
    env = dict(os.environ)
    name = connection.settings_dict["NAME"]
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        env["DATABASE_URL"] = (f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:"
                               f"{s['PORT'] or 5432}/{name}")
    else:
        env.pop("DATABASE_URL", None)
        env["PHALANG_SQLITE_PATH"] = str(name)
    return env


@pytest.mark.django_db(transaction=True)
def test_two_workers_run_every_task_exactly_once() -> None:
    markers = [f"m{i}" for i in range(30)]
    for m in markers:
        selftest.enqueue(m)
    env = worker_env()
    workers = [subprocess.Popen([PHALANG, "worker", "--batch", "--no-periodic", "-v", "0"],
                                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
               for _ in range(2)]
    for w in workers:
        _, err = w.communicate(timeout=120)
        assert w.returncode == 0, err.decode()[-2000:]
    done = AuditEntry.objects.filter(action="worker.selftest").values_list("data", flat=True)
    assert sorted(d["marker"] for d in done) == sorted(markers)
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == len(markers)
    assert verify().ok  # concurrent appends from two processes still form one chain


def test_periodic_job_is_enqueued_once_per_slot(db) -> None:  # type: ignore[no-untyped-def]
    first = periodic.tick(now=1_000_000.0)
    again = periodic.tick(now=1_000_001.0)  # a second scheduler in the same slot
    assert "purge_personal_data" in first and again == []
    assert PeriodicSlot.objects.filter(name="purge_personal_data").count() == 1
    later = periodic.tick(now=1_000_000.0 + 3600)
    assert "purge_personal_data" in later
