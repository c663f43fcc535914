"""Words of the Thai word list that hold a space ("ศิลป์ พีระศรี") are two terms: a query of them
never reaches the full-text index as a phrase (a 500 on SQLite), and finds its project on both
databases, typed from the start of its name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phalang.engines.thaitext import index_terms, query_terms
from phalang.engines.thaitext.tokenize import base_words
from phalang.opendata import actions

pytestmark = pytest.mark.django_db


def test_no_term_ever_holds_a_space() -> None:
    spaced = sorted(w for w in base_words() if " " in w)[:200]
    assert spaced, "the word list has no multi-word entries any more: this test no longer guards anything"
    for word in spaced:
        assert all(" " not in t for t in query_terms(word) + index_terms(f"โครงการ{word}"))


def test_a_project_named_with_a_multi_word_dictionary_entry_is_found(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    name = "ปรับปรุงอนุสรณ์สถานศิลป์ พีระศรี มหาวิทยาลัยศิลปากร"
    line = {"bb_code": "SP1", "bb_year": "2561", "amount": 5_000_000, "name": name, "min": "กระทรวงวัฒนธรรม",
            "agc": "กรมศิลปากร", "compare": [{"bb_province": "นครปฐม", "bb_amount": 5_000_000}]}
    path = tmp_path / "b.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    actions.import_budget([path])
    for query in ("ศิลป์ พีระศรี", "ปรับปรุงอนุสรณ์สถานศิลป์ พีระศรี", "โมเดอร์น ฟอร์ม"):
        response = client.get("/data/", {"q": query})
        assert response.status_code == 200, query
        api = client.get("/api/v1/data/search", {"q": query})
        assert api.status_code == 200, query
    assert name in client.get("/data/", {"q": "ปรับปรุงอนุสรณ์สถานศิลป์ พีระศรี"}).content.decode()
