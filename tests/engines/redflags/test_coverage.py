"""``phalang flags coverage`` says which fields each rule needs and how many processes have them,
so an empty result on data without bids is not read as a clean bill."""

from __future__ import annotations

from pathlib import Path

import pytest

from phalang.engines.redflags import load_settings
from phalang.engines.redflags.cli import main
from phalang.engines.redflags.coverage import coverage


def test_rules_count_only_processes_with_every_field_they_need() -> None:
    releases = [
        {"ocid": "a", "tender": {"id": "t"}, "awards": [{"id": "1"}], "bids": {"details": [{"id": "b"}]}},
        {"ocid": "b", "tender": {"id": "t"}, "awards": []},  # an empty list is no awards
        {"ocid": "c", "awards": [{"id": "1"}], "buyer": {"id": "B"}},
    ]
    result = coverage(releases, load_settings())
    assert result.processes == 3
    assert result.fields == {"awards": 2, "bids": 1, "buyer": 1, "contracts": 0, "tender": 2, "parties": 0}
    assert result.rules["TH09"] == (("tender", "awards"), 1)
    assert result.rules["R024"] == (("bids", "awards"), 1)
    assert result.rules["TH06"] == (("awards", "buyer"), 1)


def test_the_cli_prints_one_line_per_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "in.jsonl"
    data.write_text('{"ocid": "a", "tender": {"id": "t"}}\nnot json\n', encoding="utf-8")
    assert main(["coverage", str(data)]) == 0
    captured = capsys.readouterr()
    assert "processes\t1" in captured.out and "R003\ttender\t1" in captured.out and "TH04\tawards+contracts\t0" in captured.out
    assert "Line 2 is invalid JSON" in captured.err
