"""``phalang aid match`` and ``python -m phalang.engines.matching`` reach the engine."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson

from phalang.cli import main as phalang_main
from phalang.engines.matching import check_matching
from tests.conftest import ROOT
from tests.engines.matching.helpers import random_instance, write_instance


def test_phalang_aid_match(tmp_path: Path) -> None:
    requests, volunteers = random_instance(11, 30, 12)
    rpath, vpath = write_instance(tmp_path, requests, volunteers)
    out = tmp_path / "out.json"
    code = phalang_main(
        [
            "aid",
            "match",
            "--requests",
            str(rpath),
            "--volunteers",
            str(vpath),
            "--objective",
            "distance",
            "--json",
            "--output",
            str(out),
        ]
    )
    assert code == 0
    result = orjson.loads(out.read_bytes())
    assert check_matching(requests, volunteers, result) == []
    assert result["stats"]["objective"] == "distance"


def test_python_dash_m(tmp_path: Path) -> None:
    requests, volunteers = random_instance(12, 20, 10)
    rpath, vpath = write_instance(tmp_path, requests, volunteers)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "phalang.engines.matching",
            "match",
            "--requests",
            str(rpath),
            "--volunteers",
            str(vpath),
            "--json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = orjson.loads(done.stdout)
    assert check_matching(requests, volunteers, result) == []
    assert len(result["assignments"]) + len(result["unassigned"]) == len(requests)
