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

    execute_from_command_line(["phalang", *args])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
