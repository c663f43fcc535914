"""Each Thai rule (TH01...) gives its hand-written expected output on its own fixture."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phalang.engines.redflags.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
NAMES = sorted(p.stem for p in FIXTURES.glob("TH*.jsonl"))


def test_every_thai_rule_has_a_fixture() -> None:
    from phalang.engines.redflags.indicators import THAI_RULES

    assert NAMES == sorted(rule.code for rule in THAI_RULES)


@pytest.mark.parametrize("name", NAMES)
def test_thai_rule_fixture(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "indicators",
        "--settings",
        str(FIXTURES / f"{name}.ini"),
        "--no-meta",
        str(FIXTURES / f"{name}.jsonl"),
    ]
    assert main(argv) == 0
    got = json.loads(capsys.readouterr().out)
    expected = json.loads((FIXTURES / f"{name}.expected").read_text(encoding="utf-8"))
    assert got == expected
