"""The judged relevance set (bench/search_relevance.py): at least 30 Thai queries, each with its
intent and hand-made judgments keyed by stable ids, and a clear skip when the real data is absent."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT

JUDGMENTS = ROOT / "bench" / "search_relevance_judgments.json"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("search_relevance_bench", ROOT / "bench" / "search_relevance.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_at_least_30_thai_queries_each_with_an_intent_and_judgments() -> None:
    queries = json.loads(JUDGMENTS.read_text(encoding="utf-8"))["queries"]
    thai = [q for q in queries if q["lang"] == "th"]
    assert len(thai) >= 30
    for q in queries:
        assert q["intent"].strip() and q["kind"] in ("budget", "processes")
        assert q["judgments"] or q["q"] == "ระบบระบายน้ำ ป้องกันน้ำท่วม"  # the one that finds nothing
        for key, grade in q["judgments"].items():
            assert grade in (0, 1, 2)
            if q["kind"] == "budget":
                assert re.fullmatch(r"budget:25\d\d:[0-9A-Z]+", key), key


def test_without_the_data_the_benchmark_says_it_skipped(monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bench = _bench()
    monkeypatch.setattr(bench, "BUDGET", [tmp_path / "2559.jsonl"])
    monkeypatch.setattr(sys, "argv", ["search_relevance.py"])
    bench.main()
    out = capsys.readouterr().out
    assert out.startswith("skipped: the real data is not here") and "2559.jsonl" in out
