"""A real-looking Thai flood sheet imports: 197 of 200 rows, the 3 refused each with a line and a Thai reason.

Before: 0 of 200 (urgency words and flood needs refused, English-only errors, COVID-only needs).
"""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from phalang.aid import importer
from phalang.aid.models import HelpRequest, Need
from tests.aid import flood_sheet


def test_web_import_of_the_thai_flood_sheet(verified_client, flood_group, flood_coordinator) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = verified_client(flood_coordinator)
    url = f"/aid/coordinate/{flood_group.slug}/import/"
    resp = client.post(url, {"file": SimpleUploadedFile("น้ำท่วม.csv", flood_sheet.csv_bytes())}, HTTP_ACCEPT_LANGUAGE="th")
    html = resp.content.decode()
    assert resp.status_code == 200
    assert '<option value="ต้องการความช่วยเหลือ" selected>' in html  # headers mapped on their own
    resp = client.post(url, {"csv_text": flood_sheet.csv_bytes().decode("utf-8-sig"), "confirm": "1"}, follow=True)
    html = resp.content.decode()
    assert HelpRequest.objects.count() == 200 - len(flood_sheet.REFUSED_LINES)
    rows = html.split('id="row-errors"')[1]
    for line in flood_sheet.REFUSED_LINES:
        assert f"<td>{line}</td>" in rows
    assert "ไม่พบตำบล" in rows and "ติดต่อหรือไปหาไม่ได้" in rows  # Thai reasons


def test_needs_urgency_and_phones_read_through_the_flood_kit(flood_group, flood_coordinator) -> None:  # type: ignore[no-untyped-def]
    result = importer.import_file(flood_group, flood_sheet.csv_bytes(), by=flood_coordinator, filename="sheet.csv")
    assert len(result.created) == 197 and {r.line for r in result.refused} == flood_sheet.REFUSED_LINES
    assert result.header_line == 2  # a title row sat above the header
    needs = set(HelpRequest.objects.values_list("need", flat=True))
    assert {Need.WATER, Need.FOOD, Need.EVACUATION, Need.BOAT, Need.BEDRIDDEN, Need.MEDICINE} <= needs
    assert not {Need.OXYGEN, Need.BED} & needs
    assert set(HelpRequest.objects.values_list("urgency", flat=True)) <= {1, 2, 3, 4}
    assert HelpRequest.objects.filter(urgency=4).exists()
    assert HelpRequest.objects.filter(need=Need.BOAT, vehicle_required="boat").exists()
    # Every phone format read: none left unreadable in the notes.
    assert not any("อ่านไม่ได้" in d for d in HelpRequest.objects.values_list("details", flat=True))
    assert all(r.kit == "flood" for r in HelpRequest.objects.all())
    # The consent column ("ยินยอมให้อาสาเห็นเบอร์") is read; a blank cell is no consent.
    assert HelpRequest.objects.filter(consent_share=True).exists() and HelpRequest.objects.filter(
        consent_share=False).exists()


@pytest.mark.parametrize(("cell", "phone"), [
    ("081-234-5678", "0812345678"), ("+66 81 234 5678", "0812345678"), ("66812345678", "0812345678"),
    ("812345678", "0812345678"), ("๐๘๑๒๓๔๕๖๗๘", "0812345678"), ("081 234 5678 / 0899999999", "0812345678"),
    ("053-123456", "053123456"), ("02 123 4567 ต่อ 12", "021234567"), ("", ""), ("ไม่มี", None), ("12345", None),
])
def test_phone_formats(cell: str, phone: str | None) -> None:
    assert importer.parse_phone(cell) == phone


@pytest.mark.parametrize(("headers", "expected"), [
    (["ชื่อ", "เบอร์โทร", "ที่อยู่", "ตำบล", "อำเภอ", "จังหวัด", "ความต้องการ", "ความเร่งด่วน", "จำนวนคน", "หมายเหตุ"],
     ["name", "phone", "address", "subdistrict", "district", "province", "need", "urgency", "people", "details"]),
    (["ชื่อ - นามสกุล", "เบอร์โทรศัพท์ผู้ติดต่อ", "ต.", "อ.", "จ.", "สิ่งที่ต้องการ", "ระดับความเร่งด่วน", "จำนวน (คน)"],
     ["name", "phone", "subdistrict", "district", "province", "need", "urgency", "people"]),
    (["Full name", "Tel.", "Address", "Subdistrict", "District", "Province", "Needs", "Priority", "Household size",
      "Notes"],
     ["name", "phone", "address", "subdistrict", "district", "province", "need", "urgency", "people", "details"]),
])
def test_header_variants(headers: list[str], expected: list[str]) -> None:
    assert list(importer.guess_mapping(headers)) == expected


def test_command_imports_xlsx_and_prints_json(flood_group, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "flood.xlsx"
    path.write_bytes(flood_sheet.xlsx_bytes())
    with pytest.raises(SystemExit) as exit_:
        call_command("aid", "import", str(path), "--org", flood_group.slug, "--json")
    assert exit_.value.code == 1  # some rows refused
    out = json.loads(capsys.readouterr().out)
    assert out["imported"] == 197 and sorted(r["line"] for r in out["refused"]) == sorted(flood_sheet.REFUSED_LINES)
    assert all(r["reason_th"] and r["reason_en"] for r in out["refused"])


def test_command_exit_zero_when_every_row_imports(flood_group, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "clean.csv"
    path.write_text("ชื่อ,เบอร์,ตำบล,อำเภอ,จังหวัด,ความต้องการ,ความเร่งด่วน\n"
                    "ป้าศรี,081-111-2222,ป่าแดด,เมืองเชียงใหม่,เชียงใหม่,น้ำดื่ม,ด่วนมาก\n", encoding="utf-8")
    call_command("aid", "import", str(path), "--org", flood_group.slug, "--json")
    assert json.loads(capsys.readouterr().out) == {"imported": 1, "refused": [], "warnings": [], "blank": 0,
                                                       "duplicates": 0}
    req = HelpRequest.objects.get()
    assert req.need == Need.WATER and req.urgency == 4


def test_nothing_is_half_imported(flood_group, flood_coordinator, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from phalang.aid import actions

    real = actions.file_help_request
    calls = {"n": 0}

    def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 50:
            raise RuntimeError("the database went away")
        return real(*args, **kwargs)

    monkeypatch.setattr(actions, "file_help_request", failing)
    with pytest.raises(RuntimeError):
        importer.import_file(flood_group, flood_sheet.csv_bytes(), by=flood_coordinator)
    assert HelpRequest.objects.count() == 0
