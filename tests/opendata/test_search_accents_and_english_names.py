"""Latin accents do not matter (Bogota finds Bogotá) and English province names find the Thai
ones (Chiang Mai finds เชียงใหม่), on the search page and after ``phalang ocds reindex``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from phalang.engines.thaitext import query_terms
from phalang.opendata import actions
from phalang.opendata.models import ContractingProcess

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(tmp_path: Path) -> None:
    release = {"ocid": "ocds-acc-1", "id": "1", "date": "2024-01-01T00:00:00Z", "tag": ["tender"],
               "tender": {"id": "t", "title": "Mantenimiento de vías en Bogotá D.C."}}
    ocds = tmp_path / "r.jsonl"
    ocds.write_text(json.dumps(release, ensure_ascii=False) + "\n", encoding="utf-8")
    actions.import_ocds([ocds], flags=False)
    line = {"bb_code": "CM1", "bb_year": "2561", "amount": 1_200_000, "min": "กระทรวงศึกษาธิการ",
            "agc": "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน",
            "name": "ก่อสร้างอาคารเรียน โรงเรียนบ้านแม่ริม ตำบลริมใต้ อำเภอแม่ริม จังหวัดเชียงใหม่",
            "compare": [{"bb_province": "เชียงใหม่", "bb_amount": 1_200_000}]}
    budget = tmp_path / "b.jsonl"
    budget.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    actions.import_budget([budget])


def test_accents_are_folded_in_queries_and_documents() -> None:
    assert query_terms("Bogotá") == query_terms("Bogota") == query_terms("BOGOTA") == ["bogota"]
    assert query_terms("ก่อสร้างอาคารเรียน") == ["ก่อสร้าง", "อาคารเรียน"]  # Thai marks are not accents


def test_bogota_finds_bogota_with_its_accent(client, data) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/data/", {"q": "vias bogota"}).content.decode()
    assert "Mantenimiento de vías en Bogotá D.C." in page


def test_an_english_province_name_finds_the_thai_lines(client, data) -> None:  # type: ignore[no-untyped-def]
    assert query_terms("school Chiang Mai") == ["school", "เชียงใหม่"]
    page = client.get("/data/", {"q": "อาคารเรียน Chiang Mai"}).content.decode()
    assert "โรงเรียนบ้านแม่ริม" in page


def test_reindex_rebuilds_documents_stored_by_an_older_engine(client, data) -> None:  # type: ignore[no-untyped-def]
    ContractingProcess.objects.filter(ocid="ocds-acc-1").update(search_doc=" mantenimiento bogot á ")
    assert "Mantenimiento" not in client.get("/data/", {"q": "bogota"}).content.decode()
    call_command("ocds", "reindex")
    assert "Mantenimiento" in client.get("/data/", {"q": "bogota"}).content.decode()
