"""Every fixture of Cardinal's own test suite gives Cardinal's output, through the CLI."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from phalang.engines.redflags.cli import main
from tests.conftest import shared_data_dir

COMPARED = ("OCID", "Buyer", "ProcuringEntity", "Tenderer")
# Where our value says more than Cardinal's 1.0 on purpose (docs/engines/redflags.md, "Differences
# from Cardinal"): R003's value is the tender period in days. The same processes must be flagged.
MEASURED = ("R003",)


def _as_cardinal(output: dict) -> dict:
    for code in MEASURED:
        for flags in output.get("OCID", {}).values():
            if code in flags:
                assert isinstance(flags[code], float)
                flags[code] = 1.0
    return output


def _fixture_names() -> list[str]:
    folder = shared_data_dir() / "ocds" / "cardinal-fixtures"
    # Listed at collection time; without the data, one placeholder case skips cleanly.
    return sorted(p.stem for p in folder.glob("*.jsonl")) or ["(no fixtures)"]


def _run_cli(argv: list[str]) -> dict:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(argv) == 0
    return json.loads(out.getvalue())


@pytest.mark.parametrize("name", _fixture_names())
def test_reproduces_cardinal_fixture(shared_data: Path, name: str) -> None:
    folder = shared_data / "ocds" / "cardinal-fixtures"
    if not (folder / f"{name}.jsonl").exists():
        pytest.skip(f"no Cardinal fixtures in {folder}")
    ini = folder / f"{name}.ini"
    settings = ini.read_text(encoding="utf-8")
    # Cardinal's test harness runs every fixture with these two settings.
    assert "no_price_comparison_procurement_methods = NPC" in settings
    assert "procurement_method_details = EXC" in settings

    got = _as_cardinal(_run_cli(["indicators", "--settings", str(ini), str(folder / f"{name}.jsonl")]))
    expected = json.loads((folder / f"{name}.expected").read_text(encoding="utf-8"))

    assert {g: got.get(g) for g in COMPARED} == {g: expected.get(g) for g in COMPARED}
    assert "Meta" in got


def test_no_meta_leaves_out_meta(shared_data: Path) -> None:
    folder = shared_data / "ocds" / "cardinal-fixtures"
    got = _run_cli(
        [
            "indicators",
            "--settings",
            str(folder / "R024.ini"),
            "--no-meta",
            str(folder / "R024.jsonl"),
        ]
    )
    assert "Meta" not in got
    assert got["OCID"]["F"] == {"R024": 0.0}
