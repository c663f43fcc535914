"""R044 (Cardinal's business similarities between suppliers): tenderers in one process that share
a whole address or any contact point field are flagged with the process. Not flagged: a different
street, an address without a street, a buyer that shares a contact, one tenderer listed twice,
empty values. Fixture written by the team (fixtures/R044.*)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phalang.engines.redflags.cli import main
from phalang.engines.redflags.indicators import CARDINAL_RULES

FIXTURES = Path(__file__).parent / "fixtures"


def test_r044_fixture(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["indicators", "--settings", str(FIXTURES / "R044.ini"), "--no-meta", str(FIXTURES / "R044.jsonl")]
    assert main(argv) == 0
    got = json.loads(capsys.readouterr().out)
    assert got == json.loads((FIXTURES / "R044.expected").read_text(encoding="utf-8"))


def test_every_cardinal_indicator_is_there() -> None:
    # Cardinal's indicators (docs/cli/indicators/R in open-contracting/cardinal-rs).
    assert [rule.code for rule in CARDINAL_RULES] == [
        "R003", "R018", "R024", "R025", "R028", "R030", "R035", "R036", "R038", "R044", "R048", "R058"]


def test_coverage_knows_r044_needs_parties(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coverage", str(FIXTURES / "R044.jsonl")]) == 0
    out = capsys.readouterr().out
    assert "field parties\t7" in out and "R044\tparties\t7" in out
