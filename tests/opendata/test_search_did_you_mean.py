"""A search that finds nothing because a place name is misspelt offers the corrected query."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phalang.engines.thaitext.search import did_you_mean
from phalang.opendata import actions

pytestmark = pytest.mark.django_db


def test_misspelt_place_names_are_corrected_and_right_words_left_alone() -> None:
    names = {"เชียงใหม่", "นครราชสีมา", "อุบลราชธานี", "บางพลี"}
    assert did_you_mean("อาคารเรียน เชียงใหมม", names) == "อาคารเรียน เชียงใหม่"
    assert did_you_mean("ถนน อุบลราชธาน", names) == "ถนน อุบลราชธานี"
    assert did_you_mean("อาคารเรียน เชียงใหม่", names) is None
    assert did_you_mean("ถนน", names) is None


def test_the_page_offers_the_correction_when_nothing_matches(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    line = {"bb_code": "DY1", "bb_year": "2561", "amount": 1_500_000, "min": "กระทรวงศึกษาธิการ", "agc": "สพฐ.",
            "name": "ก่อสร้างอาคารเรียน โรงเรียนบ้านแม่ริม อำเภอแม่ริม จังหวัดเชียงใหม่",
            "compare": [{"bb_province": "เชียงใหม่", "bb_amount": 1_500_000}]}
    path = tmp_path / "b.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    actions.import_budget([path])
    page = client.get("/data/", {"q": "อาคารเรียน เชียงใหมม"}).content.decode()
    assert 'id="did-you-mean"' in page and "คุณหมายถึง" in page
    assert "โรงเรียนบ้านแม่ริม" in client.get("/data/", {"q": "อาคารเรียน เชียงใหม่"}).content.decode()
    assert 'id="did-you-mean"' not in client.get("/data/", {"q": "อาคารเรียน เชียงใหม่"}).content.decode()
