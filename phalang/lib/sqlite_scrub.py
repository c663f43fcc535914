"""Keep deleted and blanked rows from lingering in an SQLite data folder.

Two things let old bytes survive a DELETE or an UPDATE that blanks a field:

* free space inside pages and on the freelist: ``PRAGMA secure_delete=ON`` (settings.py) has
  SQLite overwrite it with zeros;
* old page images in the write-ahead log: a row's first version stays in ``-wal`` until the log
  is checkpointed and reset. ``checkpoint()`` copies the log into the database and truncates it
  to zero bytes. The channel loops call ``checkpoint_if_due()`` when they have changed rows (a
  processed event's payload blanked, a sent message's body emptied) and go idle, and at least
  every ``MAX_DELAY`` seconds under sustained load.

PostgreSQL keeps old row versions until VACUUM; that is the database server's data folder, not
ours (docs/threat-model.md, "Database thief").
"""

from __future__ import annotations

import logging
import time

from django.db import OperationalError, connection

log = logging.getLogger(__name__)
MAX_DELAY = 60.0  # s: how long a blanked row's old copy may stay in the WAL under constant load
_BUSY_MS = 200  # don't hold the worker up behind a long writer; the next round tries again
_state = {"dirty_since": 0.0}


def checkpoint() -> bool:
    """Checkpoint the WAL and truncate it; False when readers or writers kept it from finishing."""
    if connection.vendor != "sqlite":
        return True
    if connection.in_atomic_block:
        return False  # a checkpoint cannot run inside a transaction; the caller's loop comes back
    with connection.cursor() as cur:
        cur.execute("PRAGMA busy_timeout")
        busy = cur.fetchone()[0]
        cur.execute(f"PRAGMA busy_timeout={_BUSY_MS}")
        try:
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            blocked = bool(cur.fetchone()[0])
        except OperationalError:  # locked by another connection's open transaction
            blocked = True
        finally:
            cur.execute(f"PRAGMA busy_timeout={int(busy)}")
    if blocked:
        log.debug("WAL checkpoint blocked by a reader or writer; retrying later")
    return not blocked


def changed() -> None:
    """Rows holding personal data were blanked or deleted: checkpoint soon."""
    if not _state["dirty_since"]:
        _state["dirty_since"] = time.monotonic()


def checkpoint_if_due(idle: bool) -> None:
    since = _state["dirty_since"]
    if not since or not (idle or time.monotonic() - since > MAX_DELAY):
        return
    if checkpoint():
        _state["dirty_since"] = 0.0
