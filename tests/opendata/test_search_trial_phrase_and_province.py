"""Trial of issue 18, finding 5: relevance favours the query's words as written together, and a
query word naming a province favours results located in that province.

"ถนนคอนกรีต หนองใหญ่" put asphalt roads (แอสฟัลท์ติกคอนกรีต: ถนน and คอนกรีต apart) above the concrete
road; "อาคารเรียน เชียงใหม่" put a school in ตำบลเชียงใหม่ (Roi Et) and one in ศรีเชียงใหม่ (Nong Khai)
above schools in Chiang Mai province. Our own small lines, imported through the real import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phalang.opendata import actions, search

pytestmark = pytest.mark.django_db


def _line(code: str, name: str, province: str, agency: str = "กรมส่งเสริมการปกครองท้องถิ่น") -> dict:
    return {"bb_code": code, "bb_year": "2561", "amount": 1_000_000, "min": "กระทรวงมหาดไทย", "agc": agency,
            "name": name, "compare": [{"bb_province": province, "bb_amount": 1_000_000}]}


def _import(tmp_path: Path, lines: list[dict]) -> None:
    path = tmp_path / "b.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    actions.import_budget([path])


def _codes(text: str) -> list[str]:
    rows, _count, _capped = search.section("budget", search.parse({"q": text}), 0, 25)
    return [row.bb_code for row in rows]


def test_the_query_words_as_written_together_rank_before_their_parts_apart(tmp_path: Path) -> None:
    _import(tmp_path, [
        # Asphalt roads: ถนน, คอนกรีต and หนองใหญ่ all in the (short) title, but ถนน and คอนกรีต apart.
        _line("ASPHALT1", "ปรับปรุงถนนแอสฟัลท์ติกคอนกรีต สายบ้านหนองใหญ่", "ชลบุรี"),
        _line("ASPHALT2", "เสริมผิวทางแอสฟัลท์ติกคอนกรีต ถนนบ้านหนองใหญ่", "ชลบุรี"),
        # A concrete road: ถนนคอนกรีต as written; หนองใหญ่ only in the agency, and a longer name.
        _line("CONCRETE", "ก่อสร้างถนนคอนกรีตเสริมเหล็ก สายบ้านตึก หมู่ที่ 4 ตำบลห้างสูง กว้าง 5 เมตร ยาว 500 เมตร "
                          "หนา 0.15 เมตร พื้นที่ไม่น้อยกว่า 2,500 ตารางเมตร", "ชลบุรี",
              agency="องค์การบริหารส่วนตำบลห้างสูง อำเภอหนองใหญ่"),
    ])
    assert _codes("ถนนคอนกรีต หนองใหญ่") == ["CONCRETE", "ASPHALT1", "ASPHALT2"]


def test_a_province_in_the_query_prefers_results_located_there(tmp_path: Path) -> None:
    _import(tmp_path, [
        _line("ROIET", "ก่อสร้างอาคารเรียนอนุบาล โรงเรียนอนุบาลเทศบาลตำบลเชียงใหม่ อำเภอโพธิ์ชัย จังหวัดร้อยเอ็ด",
              "ร้อยเอ็ด"),
        _line("NONGKHAI", "ก่อสร้างอาคารเรียน โรงเรียนเทศบาลศรีเชียงใหม่ อำเภอศรีเชียงใหม่", "หนองคาย"),
        _line("CHIANGMAI", "ก่อสร้างอาคารเรียน 4 ชั้น 12 ห้องเรียน แบบตอกเสาเข็ม โรงเรียนบ้านสันป่าตอง "
                           "อำเภอสันป่าตอง จังหวัดเชียงใหม่", "เชียงใหม่"),
        # In Chiang Mai, but the text does not say so: it does not match the query (every word must).
        _line("UNSAID", "ก่อสร้างอาคารเรียน โรงเรียนบ้านแม่ริม", "เชียงใหม่"),
    ])
    assert _codes("อาคารเรียน เชียงใหม่")[0] == "CHIANGMAI"
    assert set(_codes("อาคารเรียน เชียงใหม่")) == {"CHIANGMAI", "ROIET", "NONGKHAI"}
    # The English name is the same province.
    assert _codes("อาคารเรียน Chiang Mai")[0] == "CHIANGMAI"
    # Without a province word the shorter names still come first (nothing else changed).
    assert _codes("อาคารเรียน")[-1] == "CHIANGMAI"


def test_the_province_preference_holds_on_the_processes_path_too(tmp_path: Path) -> None:
    releases = []
    for n, (title, region) in enumerate([
            ("ก่อสร้างอาคารเรียน เทศบาลตำบลเชียงใหม่", "จังหวัดร้อยเอ็ด"),
            ("ก่อสร้างอาคารเรียน 4 ชั้น โรงเรียนบ้านสันป่าตอง อำเภอสันป่าตอง เชียงใหม่", "จังหวัดเชียงใหม่")], 1):
        releases.append({"ocid": f"ocds-prov-{n}", "id": "1", "date": f"2024-01-0{n}T00:00:00Z", "tag": ["tender"],
                         "buyer": {"id": "b", "name": "หน่วยงาน"},
                         "parties": [{"id": "b", "name": "หน่วยงาน", "roles": ["buyer"],
                                      "address": {"region": region}}],
                         "tender": {"id": "t", "title": title}})
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in releases) + "\n", encoding="utf-8")
    actions.import_ocds([path], flags=False)
    from phalang.opendata.models import ContractingProcess
    assert ContractingProcess.objects.get(ocid="ocds-prov-2").province.name_th == "เชียงใหม่"
    rows, _count, _capped = search.section("processes", search.parse({"q": "อาคารเรียน เชียงใหม่"}), 0, 25)
    assert [row.ocid for row in rows] == ["ocds-prov-2", "ocds-prov-1"]
