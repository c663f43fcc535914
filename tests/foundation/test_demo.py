"""`phalang demo` sets up, seeds labelled demo data, and running it twice duplicates nothing."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PHALANG = str(Path(sys.executable).parent / "phalang")


def _row_counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
    return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


@pytest.mark.slow
def test_demo_twice_is_idempotent(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {**os.environ, "PHALANG_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env.pop("PHALANG_SQLITE_PATH", None)
    outputs, counts = [], []
    for _ in range(2):
        done = subprocess.run([PHALANG, "demo", "--no-serve"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        outputs.append(done.stdout)
        counts.append(_row_counts(tmp_path / "phalang.sqlite3"))
    # The second run adds nothing anywhere: every table has the same number of rows.
    assert counts[0] == counts[1], {t: (counts[0][t], counts[1].get(t)) for t in counts[0]
                                    if counts[0][t] != counts[1].get(t)}
    creds = json.loads((tmp_path / "demo-credentials.json").read_text())
    assert creds["moderator"] in outputs[0] and creds["moderator"] in outputs[1]
    db = sqlite3.connect(tmp_path / "phalang.sqlite3")
    count = lambda table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: E731
    assert count("orgs_organisation") >= 4
    assert count("accounts_user") >= 5 and count("orgs_membership") >= 4
    assert count("places_province") == 77
    assert count("watch_report") >= 3
    names = [r[0] for r in db.execute("SELECT name_th FROM orgs_organisation")]
    assert all(n.startswith("[ตัวอย่าง]") for n in names)
    assert db.execute("SELECT count(*) FROM orgs_organisation WHERE is_demo = 0").fetchone()[0] == 0
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    verify = subprocess.run([PHALANG, "audit", "verify"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert verify.returncode == 0, verify.stderr
