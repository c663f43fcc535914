"""A ``phalang`` command ends like a stopped server: its database connections closed, so SQLite's
write-ahead log is checkpointed and gone, although the command skips the interpreter's last
garbage collections (phalang/cli.py, ``_stop_quickly``). Those collections used to close a
connection left open; with them skipped, an open connection's log, with the rows just written in
it, stays beside the database (seen with a script that froze the heap without closing)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PHALANG = str(Path(sys.executable).parent / "phalang")
WRITE = ("from django.db import connection\n"
         "with connection.cursor() as c:\n"
         "    c.execute('CREATE TABLE note (body text)')\n"
         "    c.execute(\"INSERT INTO note VALUES ('ข้อความลับของผู้แจ้ง')\")\n")


@pytest.mark.parametrize("outcome", ["ok", "error"])
def test_a_command_leaves_no_write_ahead_log(tmp_path: Path, outcome: str) -> None:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PHALANG_") and k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env |= {"PHALANG_DATA_DIR": str(tmp_path), "PHALANG_STATIC_STORAGE": "plain"}
    code = WRITE + ("raise SystemExit(3)\n" if outcome == "error" else "")
    done = subprocess.run([PHALANG, "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == (3 if outcome == "error" else 0), done.stderr[-2000:]
    db = tmp_path / "phalang.sqlite3"
    assert sqlite3.connect(db).execute("SELECT body FROM note").fetchall() == [("ข้อความลับของผู้แจ้ง",)]
    wal = tmp_path / "phalang.sqlite3-wal"
    assert not wal.exists() or wal.stat().st_size == 0, "the write-ahead log outlived the command"
