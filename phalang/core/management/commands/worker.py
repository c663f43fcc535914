"""``phalang worker``: run queued tasks and enqueue periodic jobs.

Run as many as you like, on as many machines as share the database: tasks are claimed with
row locks (SKIP LOCKED on PostgreSQL) and periodic slots with a unique key.
"""

from __future__ import annotations

import logging
import socket
import threading
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django.utils import timezone
from django.utils.crypto import get_random_string

from phalang.core import periodic
from phalang.core.models import WorkerHeartbeat

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the background worker (tasks and periodic jobs)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queues", default="*", help="comma-separated queues, or * for all")
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")
        parser.add_argument("--no-periodic", action="store_true", help="don't enqueue periodic jobs")
        parser.add_argument("--interval", type=float, default=0.5, help="poll interval when idle (s)")
        parser.add_argument("--no-channels", action="store_true", help="don't run the inbox/outbox loops")

    def handle(self, *args: Any, **opts: Any) -> None:
        worker_id = f"{socket.gethostname()[:20]}-{get_random_string(8)}"
        stop = threading.Event()
        if not opts["no_periodic"] and not opts["batch"]:
            threading.Thread(target=self._scheduler, args=(stop, worker_id), daemon=True).start()
        if not opts["no_channels"] and not opts["batch"]:
            from phalang.chat import loops

            loops.start(stop)
        try:
            call_command("db_worker", queue_name=opts["queues"], batch=opts["batch"],
                         interval=opts["interval"], reload=False, startup_delay=False,
                         worker_id=worker_id, verbosity=opts["verbosity"])
        finally:
            stop.set()

    def _scheduler(self, stop: threading.Event, worker_id: str) -> None:
        while not stop.is_set():
            try:
                started = periodic.tick()
                if started:
                    log.info("enqueued periodic jobs: %s", ", ".join(started))
                WorkerHeartbeat.objects.update_or_create(
                    worker_id=worker_id,
                    defaults={"hostname": socket.gethostname()[:200], "seen_at": timezone.now()})
            except Exception:  # keep scheduling through a transient database error
                log.exception("periodic tick failed")
            finally:
                close_old_connections()
            stop.wait(30)
