"""PDPA retention: each module registers a purge of the personal data it no longer needs.

A purge deletes or blanks personal fields past their retention period and returns a count;
aggregates and the audit log (which holds no personal data) stay.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

log = logging.getLogger(__name__)

_purges: dict[str, Callable[[], int]] = {}


def register(name: str, purge: Callable[[], int]) -> None:
    _purges[name] = purge


def registered() -> list[str]:
    return sorted(_purges)


def run_all() -> dict[str, int]:
    counts = {}
    for name, purge in sorted(_purges.items()):
        counts[name] = purge()
        if counts[name]:
            log.info("purged %s personal records from %s", counts[name], name)
    return counts
