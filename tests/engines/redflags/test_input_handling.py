"""Broken lines are reported by line number and skipped; stdin and several workers agree."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from phalang.engines.redflags import load_settings, run_file, runner
from tests.conftest import ROOT

FIXTURES = Path(__file__).parent / "fixtures"


def test_broken_json_line_is_reported_and_skipped(tmp_path: Path) -> None:
    lines = (FIXTURES / "TH09.jsonl").read_text(encoding="utf-8").splitlines()
    lines.insert(2, '{"ocid": "broken", "tender": ')
    lines.insert(4, "   ")  # blank lines are skipped silently
    source = tmp_path / "broken.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    warnings: list[str] = []
    results = run_file(source, load_settings(FIXTURES / "TH09.ini"), warn=warnings.append)
    assert len(warnings) == 1
    assert warnings[0].startswith("Line 3 is invalid JSON, skipping.")
    assert results.groups["OCID"]["fast"] == {"TH09": 2.0}


def test_cli_reads_stdin_and_warns_on_stderr() -> None:
    data = (FIXTURES / "TH03.jsonl").read_bytes() + b"not json\n"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "phalang.engines.redflags",
            "indicators",
            "--settings",
            str(FIXTURES / "TH03.ini"),
            "--no-meta",
            "--count",
            "-",
        ],
        input=data,
        capture_output=True,
        cwd=ROOT,
        check=True,
    )
    expected = json.loads((FIXTURES / "TH03.expected").read_text(encoding="utf-8"))
    assert json.loads(done.stdout) == expected
    stderr = done.stderr.decode()
    assert "Line 11 is invalid JSON" in stderr
    assert "OCID: 5" in stderr


def test_parallel_chunks_match_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Every fixture in one file, repeated, cut into many small ranges for two workers.
    parts = [
        (FIXTURES / f"{p.stem}.jsonl").read_text(encoding="utf-8")
        for p in sorted(FIXTURES.glob("TH*.jsonl"))
    ]
    source = tmp_path / "all.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for copy in range(20):
            for text in parts:
                out.write(text.replace('"ocid": "', f'"ocid": "{copy}-'))
        out.write("{broken\n")
    monkeypatch.setattr(runner, "CHUNK_BYTES", 4096)
    monkeypatch.setattr(runner, "PARALLEL_MIN_BYTES", 0)
    settings = load_settings()
    one_warnings: list[str] = []
    two_warnings: list[str] = []
    one = run_file(source, settings, workers=1, warn=one_warnings.append)
    two = run_file(source, settings, workers=2, warn=two_warnings.append)
    # Byte-identical output (NaN quartiles in Meta print as null on both sides).
    assert orjson.dumps(one.to_cardinal()) == orjson.dumps(two.to_cardinal())
    assert (
        one_warnings
        == two_warnings
        == [f"Line {one.lines} is invalid JSON, skipping. [{one.errors[0][1]}]"]
    )
    assert len(runner.file_ranges(source, 4096)) > 10
    assert one.groups["OCID"]["7-fast"] == {"TH09": 2.0}
