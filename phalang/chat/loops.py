"""The inbox and outbox loops that ``phalang worker`` runs beside the task queue."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from django.db import close_old_connections

from phalang.chat import inbox
from phalang.lib import sqlite_scrub
from phalang.messaging import outbox

log = logging.getLogger(__name__)


def run_loop(name: str, work: Callable[[], int], stop: threading.Event, idle: float = 0.2) -> None:
    while not stop.is_set():
        try:
            done = work()
            if done:
                sqlite_scrub.changed()  # payloads were blanked, bodies emptied
            sqlite_scrub.checkpoint_if_due(idle=not done)
        except Exception:
            log.exception("%s loop failed; retrying", name)
            done = 0
        finally:
            close_old_connections()
        if not done:
            stop.wait(idle)


def start(stop: threading.Event) -> list[threading.Thread]:
    threads = [
        threading.Thread(target=run_loop, args=("inbox", inbox.process_pending, stop), daemon=True, name="inbox"),
        threading.Thread(target=run_loop, args=("outbox", outbox.send_pending, stop), daemon=True, name="outbox"),
    ]
    for t in threads:
        t.start()
    return threads


def drain(max_rounds: int = 100) -> tuple[int, int]:
    """Process the inbox and send the outbox until both are empty (tests, `phalang channels drain`)."""
    processed = sent = 0
    for _ in range(max_rounds):
        p = inbox.process_pending()
        s = outbox.send_pending()
        processed, sent = processed + p, sent + s
        if not p and not s:
            break
    sqlite_scrub.checkpoint()  # no copy of what was blanked is left in the WAL
    return processed, sent
