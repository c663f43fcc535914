"""extract_places() and resolve_place() on addresses and real budget project names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phalang.engines.thaitext import ResolvedPlace, extract_places, resolve_place


def _by_kind(text: str) -> dict[str, str]:
    return {p.kind: (p.gazetteer_name or p.name) for p in extract_places(text)}


def test_abbreviated_address() -> None:
    text = "ต.บางพลีใหญ่ อ.บางพลี จ.สมุทรปราการ"
    assert _by_kind(text) == {
        "subdistrict": "บางพลีใหญ่",
        "district": "บางพลี",
        "province": "สมุทรปราการ",
    }
    assert resolve_place(text) == ResolvedPlace("สมุทรปราการ", "บางพลี", "บางพลีใหญ่")


def test_mueang_district_takes_the_province_name() -> None:
    text = "ก่อสร้างถนน คสล. หมู่ที่ 3 ตำบลหนองบัว อำเภอเมือง จังหวัดอุดรธานี"
    district = next(p for p in extract_places(text) if p.kind == "district")
    assert (district.name, district.gazetteer_name) == ("เมือง", "เมืองอุดรธานี")
    assert resolve_place(text) == ResolvedPlace("อุดรธานี", "เมืองอุดรธานี", "หนองบัว")


def test_spans_point_into_the_original_text() -> None:
    text = "เขื่อนป้องกันตลิ่ง ต.คำไฮ อ.พนมไพร"
    first = extract_places(text)[0]
    assert text[first.start : first.end] == "ต.คำไฮ"


def test_names_glued_to_the_next_word() -> None:
    text = "ตำบลริมกกอำเภอเมืองเชียงรายจังหวัดเชียงราย"
    assert _by_kind(text) == {
        "subdistrict": "ริมกก",
        "district": "เมืองเชียงราย",
        "province": "เชียงราย",
    }
    glued = "ต.บางเตย อ.บ้านสร้างจ.ปราจีนบุรี ความยาว 255เมตร"
    assert resolve_place(glued) == ResolvedPlace("ปราจีนบุรี", "บ้านสร้าง", "บางเตย")


def test_local_bodies() -> None:
    text = "ประปาหมู่บ้าน อบต.หนองบัว อ.บ้านค่าย จ.ระยอง"
    body = extract_places(text)[0]
    assert (body.kind, body.name, body.body_type) == ("local_body", "หนองบัว", "องค์การบริหารส่วนตำบล")
    # the อบต. is named after its subdistrict, which the district then pins down
    assert resolve_place(text) == ResolvedPlace("ระยอง", "บ้านค่าย", "หนองบัว")
    town = _by_kind("โรงเรียนเทศบาล 2 เทศบาลนครสงขลา อำเภอเมืองสงขลา")
    assert town["local_body"] == "สงขลา"


def test_bangkok_abbreviations_and_khet_khwaeng() -> None:
    assert resolve_place("แขวงลุมพินี เขตปทุมวัน กทม.") == ResolvedPlace("กรุงเทพมหานคร", "ปทุมวัน", "ลุมพินี")
    assert resolve_place("เขตพระนคร กรุงเทพมหานคร") == ResolvedPlace("กรุงเทพมหานคร", "พระนคร", None)


def test_missing_levels_are_filled_from_the_gazetteer_when_unambiguous() -> None:
    assert resolve_place("ต.บางพลีใหญ่") == ResolvedPlace("สมุทรปราการ", "บางพลี", "บางพลีใหญ่")
    assert resolve_place("บางพลี") == ResolvedPlace("สมุทรปราการ", "บางพลี", None)
    assert resolve_place("จังหวัดเชียงใหม่") == ResolvedPlace("เชียงใหม่", None, None)


def test_ambiguity_is_resolved_by_the_levels_given() -> None:
    # หนองบัว is a subdistrict in many provinces: alone it names no single place
    assert resolve_place("ตำบลหนองบัว") is None
    assert resolve_place("ต.หนองบัว อ.บ้านค่าย") == ResolvedPlace("ระยอง", "บ้านค่าย", "หนองบัว")


def test_province_typo_and_english_name() -> None:
    assert resolve_place("ต.คำไฮ อ.พนมไพร จ.ร้อยอ็ด") == ResolvedPlace("ร้อยเอ็ด", "พนมไพร", "คำไฮ")
    assert resolve_place("Chiang Mai") == ResolvedPlace("เชียงใหม่", None, None)


def test_other_uses_of_the_same_letters_are_not_places() -> None:
    assert extract_places("ประชุมวันที่ 1 ต.ค. 2560 กับ อ.สมชาย") == []
    assert resolve_place("พ.ต.อ.สมชาย ใจดี") is None
    assert resolve_place("ค่าใช้จ่ายในการบูรณาการแผนในระดับจังหวัด") is None


REAL_NAMES = [
    (
        "ปรับปรุงซ่อมแซมสถานีสูบน้ำด้วยไฟฟ้า บ้านโนนสำโรง อบต.กระเบื้องนอก อ.เมืองยาง จ.นครราชสีมา",
        ResolvedPlace("นครราชสีมา", "เมืองยาง", "กระเบื้องนอก"),
    ),
    (
        "ก่อสร้างระบบประปาหมู่บ้านแบบผิวดินขนาดกลาง หมู่ที่9 บ้านโคกชาติ ตำบลโป่งนก ตามแบบมาตรฐาน"
        "กรมทรัพยากรน้ำ องค์การบริหารส่วนตำบลโป่งนกอำเภอเทพสถิต จังหวัดชัยภูมิ",
        ResolvedPlace("ชัยภูมิ", "เทพสถิต", "โป่งนก"),
    ),
    (
        "ปรับปรุงซ่อมแซมประปาหมู่บ้านแบบบาดาลขนาดใหญ่ความจุ 30 ลูกบาศก์เมตร หมู่ที่7 บ้านศาลาลอย "
        "ตำบลบึงบาองค์การบริหารส่วนตำบลบึงบาอำเภอหนองเสือ จังหวัดปทุมธานี",
        ResolvedPlace("ปทุมธานี", "หนองเสือ", "บึงบา"),
    ),
    (
        "เขื่อนป้องกันตลิ่งริมทะเลชายหาดมัตโพน ต.ปากน้ำ อ.เมือง จ.ชุมพร ความยาว 300 เมตร",
        ResolvedPlace("ชุมพร", "เมืองชุมพร", "ปากน้ำ"),
    ),
    (
        "ก่อสร้างระบบประปาหมู่บ้าน แบบผิวดินขนาดใหญ่ หมู่ที่ ๑ บ้านหนองยางขาคีม หมู่ที่ ๑ ตำบลหนองบัว "
        "ตามแบบมาตรฐานกรมทรัพยากรน้ำ อบต.หนองบัว อ.บ้านค่าย จ.ระยอง",
        ResolvedPlace("ระยอง", "บ้านค่าย", "หนองบัว"),
    ),
    (
        "ก่อสร้างสถานีขนส่งอำเภอเบตง เทศบาลเมืองเบตงอำเภอเบตง จังหวัดยะลา",
        ResolvedPlace("ยะลา", "เบตง", None),
    ),
]


@pytest.mark.parametrize(("name", "expected"), REAL_NAMES)
def test_real_budget_project_names(name: str, expected: ResolvedPlace) -> None:
    assert resolve_place(name) == expected


def test_resolved_province_agrees_with_the_budget_province(shared_data: Path) -> None:
    """On real names with one budget province, the province we read from the name agrees."""
    checked = agreed = 0
    for path in sorted((shared_data / "thai-budget").glob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines):
                if number % 25 or not line.startswith("{"):
                    continue  # every 25th line: a spread sample that runs in seconds
                row = json.loads(line)
                provinces = {c.get("bb_province") for c in row.get("compare") or []} - {None}
                if len(provinces) != 1 or ("จังหวัด" not in row["name"] and "จ." not in row["name"]):
                    continue
                resolved = resolve_place(row["name"])
                if resolved is None:
                    continue
                checked += 1
                agreed += resolved.province == provinces.pop()
    assert checked > 500, checked
    # Measured 100% on this sample; a few budget rows are booked to another province.
    assert agreed / checked > 0.97, (agreed, checked)
