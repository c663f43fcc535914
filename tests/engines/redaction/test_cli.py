"""``phalang redact``: text or JSON out, from a file or standard input."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from phalang.cli import main as phalang_main
from phalang.engines.redaction.cli import main


def test_redacts_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "report.txt"
    report.write_text("โทรหา 081-234-5678 ได้", encoding="utf-8")
    assert phalang_main(["redact", str(report)]) == 0
    assert capsys.readouterr().out == "โทรหา [เบอร์โทร] ได้"


def test_json_from_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("ผมชื่อสมชาย อีเมล s@example.com"))
    assert main(["--json", "-"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["public_text"] == "ผมชื่อสมชาย อีเมล [อีเมล]"
    assert out["findings"] == [{"kind": "email", "start": 18, "end": 31, "text": "s@example.com"}]
    assert len(out["warnings"]) == 2


def test_bad_arguments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--kinds", "passport", str(tmp_path / "x.txt")]) == 2
    assert main([str(tmp_path / "missing.txt")]) == 1
