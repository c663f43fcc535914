"""``phalang polis analyze DIR --json`` on Pol.is export folders, and its input errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from phalang.engines.polis.cli import main
from tests.conftest import ROOT

VOTES = "timestamp,datetime,comment-id,voter-id,vote\n"
COMMENTS = "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"


def _export(folder: Path, n: int = 20) -> Path:
    rows = [
        f"{i * 100 + s},x,{s},{i},{1 if (i < n // 2) == (s % 2 == 0) else -1}"
        for i in range(n)
        for s in range(8)
    ]
    (folder / "votes.csv").write_text(VOTES + "\n".join(rows) + "\n")
    comments = [f"0,x,{s},0,0,0,{-1 if s == 7 else 1},text {s}" for s in range(8)]
    (folder / "comments.csv").write_text(COMMENTS + "\n".join(comments) + "\n")
    return folder


def test_prints_one_json_object(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(_export(tmp_path)), "--groups", "2", "--json"]) == 0
    out = orjson.loads(capsys.readouterr().out)
    assert out["k"] == 2
    assert set(out["participant_groups"]) == {str(i) for i in range(20)}
    assert {g for g in out["participant_groups"].values()} == {0, 1}
    assert [g["id"] for g in out["groups"]] == [0, 1]
    assert sum(g["size"] for g in out["groups"]) == 20
    rep = out["groups"][0]["representative"][0]
    assert rep["direction"] in ("agree", "disagree") and isinstance(rep["comment"], int)
    assert set(out["consensus"]) == {"agree", "disagree"}
    assert set(out["group_informed_consensus"]) == {str(s) for s in range(7)}  # 7 is moderated out


@pytest.mark.parametrize(
    ("votes", "message"),
    [
        (None, "votes.csv: file not found"),
        ("voter-id,vote\n1,1\n", "missing column(s) comment-id"),
        (VOTES + "1,x,0,1,yes\n", "line 2: vote 'yes' is not an integer"),
        (VOTES + "1,x,0,1,2\n", "line 2: vote 2 is not -1, 0 or 1"),
        (VOTES + '1,x,0,"1\n', "not an integer"),
    ],
)
def test_bad_input_exits_2_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], votes: str | None, message: str
) -> None:
    _export(tmp_path)
    if votes is None:
        (tmp_path / "votes.csv").unlink()
    else:
        (tmp_path / "votes.csv").write_text(votes)
    assert main(["analyze", str(tmp_path), "--json"]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == ""


def test_missing_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(tmp_path / "nope"), "--json"]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_runs_as_a_module(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "phalang.engines.polis",
            "analyze",
            str(_export(tmp_path)),
            "--json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert orjson.loads(done.stdout)["k"] >= 1
