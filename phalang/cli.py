"""The ``phalang`` console command.

Engine commands (pure Python, no Django) are dispatched straight to the engine's own CLI so
that they start fast and can run on machines without a configured database. Everything else
is a Django management command: ``phalang migrate``, ``phalang audit verify``,
``phalang demo`` and the module commands the apps add.
"""

from __future__ import annotations

import importlib
import os
import sys

# (first word, second word or None) -> "module:function". The function receives the argv
# that follows the first word, so ``phalang polis analyze DIR`` calls main(["analyze", "DIR"]).
ENGINE_COMMANDS: dict[tuple[str, str | None], str] = {
    ("flags", None): "phalang.engines.redflags.cli:main",
    ("polis", "analyze"): "phalang.engines.polis.cli:main",
    ("aid", "match"): "phalang.engines.matching.cli:main",
    ("aid", "route"): "phalang.engines.matching.cli:main",
    ("redact", None): "phalang.engines.redaction.cli:main",
    ("thaitext", None): "phalang.engines.thaitext.cli:main",
}


def _engine_target(argv: list[str]) -> str | None:
    if not argv:
        return None
    second = argv[1] if len(argv) > 1 else None
    return ENGINE_COMMANDS.get((argv[0], second)) or ENGINE_COMMANDS.get((argv[0], None))


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    target = _engine_target(args)
    if target is not None:
        module_name, func_name = target.split(":")
        func = getattr(importlib.import_module(module_name), func_name)
        return int(func(args[1:]) or 0)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phalang.settings")
    from django.core.management import execute_from_command_line

    if argv is not None:  # called from a program that goes on: its collector is its own
        execute_from_command_line(["phalang", *args])
        return 0
    # The command itself. Django's start-up alone allocates a few hundred thousand objects, and
    # at CPython's default (a young collection every 700 new objects) the cyclic collector walks
    # the growing heap thousands of times: a fresh `phalang migrate` spent 0.7 s of its 3.9 s
    # there. A young generation of 20,000 objects costs a few megabytes and no collection that
    # matters.
    import gc

    gc.set_threshold(20_000, 10, 10)
    try:
        execute_from_command_line(["phalang", *args])
    finally:
        _stop_quickly()
    return 0


def _stop_quickly() -> None:
    """End without the interpreter's last garbage collections.

    At exit CPython walks every object the process still holds, Django's and the LINE SDK's
    hundreds of classes included: 0.3 s for ``phalang check``, over 1 s for a command that sent
    messages. What that walk would still have done for us is close the database connections
    (their last close checkpoints SQLite's write-ahead log, lib/sqlite_scrub.py); Django's
    ``run_from_argv`` has closed them by now (tests/foundation/test_cli_exit.py holds that).
    Logging is flushed by its own ``atexit`` hook, files by the ``with`` blocks that opened them;
    ``gc.freeze()`` leaves the rest to the operating system. Not while other threads still run
    (the demo's channel loops, the worker's scheduler): their connections are theirs to close,
    and the process ends as it always did.
    """
    import gc
    import threading

    if threading.active_count() == 1:
        gc.freeze()


if __name__ == "__main__":
    raise SystemExit(main())
