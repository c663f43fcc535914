"""Engines stay pure: importing every engine module must not import Django."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_engines_import_without_django() -> None:
    code = (
        "import pkgutil, importlib, sys, phalang.engines as e\n"
        "mods = [m.name for m in pkgutil.walk_packages(e.__path__, 'phalang.engines.')]\n"
        "[importlib.import_module(m) for m in mods if not m.endswith('__main__')]\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(len(mods)); sys.exit(1 if bad else 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr or "an engine imported Django"
