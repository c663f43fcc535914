"""The `phalang` command wraps Django and dispatches engine commands without Django."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

PHALANG = str(Path(sys.executable).parent / "phalang")


def test_django_management_commands_run_through_phalang(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {**os.environ, "PHALANG_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run([PHALANG, "help"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0
    for command in ("audit", "places", "demo", "serve", "worker", "migrate"):
        assert command in done.stdout


def test_engine_routing_table_points_at_engine_modules() -> None:
    from phalang.cli import ENGINE_COMMANDS, _engine_target

    assert _engine_target(["flags", "indicators", "x.jsonl"]) == ENGINE_COMMANDS[("flags", None)]
    assert _engine_target(["polis", "analyze", "dir"]) == ENGINE_COMMANDS[("polis", "analyze")]
    assert _engine_target(["polis", "import", "dir"]) is None  # needs Django: a management command
    assert _engine_target(["migrate"]) is None
    assert all(target.startswith("phalang.engines.") for target in ENGINE_COMMANDS.values())


def test_python_dash_m_runs_the_command(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``python -m phalang.cli`` is the same command as ``phalang`` (session 10 review: the
    ``__main__`` block had been lost, and the module then did nothing and exited 0)."""
    env = {**os.environ, "PHALANG_DATA_DIR": str(tmp_path), "PHALANG_STATIC_STORAGE": "plain"}
    env.pop("DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-m", "phalang.cli", "check"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "System check identified no issues" in done.stdout


def test_main_called_in_process_leaves_the_callers_collector_alone(capsys) -> None:  # type: ignore[no-untyped-def]
    """Only the console command tunes and freezes the garbage collector at its end: a program that
    calls ``main([...])`` and goes on keeps its own heap collectable and its own thresholds."""
    import gc

    from phalang.cli import main

    thresholds, frozen = gc.get_threshold(), gc.get_freeze_count()
    assert main(["check"]) == 0
    assert "System check identified no issues" in capsys.readouterr().out
    assert gc.get_threshold() == thresholds
    assert gc.get_freeze_count() == frozen
