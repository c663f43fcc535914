"""Trial-od findings on the explorer, with a Thai package made like the tester's own (a package of
three releases with the usual publisher mistakes): R003 shows the real tender period and the limit
it applied; TH01 never rounds 99.96% to 100%; a firm known by its identifier alone is one
organisation; a single bidder is one flag; the prepare step reports what it did in the right words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from phalang.opendata import actions, ocds
from phalang.opendata.models import ContractingProcess, Entity, Flag, ProcessParty
from phalang.opendata.prepare import parse_amount, prepare

pytestmark = pytest.mark.django_db

BUYER = {"id": "TH-DOPA-6500101", "name": "องค์การบริหารส่วนจังหวัดเชียงใหม่"}
FIRM = "ห้างหุ้นส่วนจำกัด แม่ริมก่อสร้าง"


def _package() -> dict:
    tender = {"ocid": "ocds-th0001-67019000123", "id": "123-tender", "date": "2024-01-10T09:00:00+07:00",
              "tag": ["tender"], "initiationType": "tender", "buyer": BUYER,
              "parties": [dict(BUYER, roles=["buyer", "procuringEntity"])],
              "tender": {"id": "67019000123", "title": "ก่อสร้างถนนคอนกรีตเสริมเหล็ก สายบ้านแม่ริม",
                         "status": "active", "procurementMethod": "open", "procurementMethodDetails": "e-bidding",
                         "value": {"amount": "1,250,000", "currency": "THB"},
                         "tenderPeriod": {"startDate": "2024-01-10T09:00:00+07:00",
                                          "endDate": "2024-01-12T16:30:00+07:00"},
                         "numberOfTenderers": 1}}
    # The winner has an identifier but no party id, and the award names it by name only.
    award = {"ocid": "ocds-th0001-67019000123", "id": "123-award", "date": "2024-02-01T09:00:00+07:00",
             "tag": ["award", "contract"], "buyer": BUYER,
             "parties": [dict(BUYER, roles=["buyer", "procuringEntity"]),
                         {"identifier": {"scheme": "TH-DBD", "id": "0505559001234", "legalName": FIRM},
                          "roles": ["supplier", "tenderer"]}],
             "awards": {"id": "123-A1", "status": "active", "date": "2024-02-01T09:00:00+07:00",
                        "value": {"amount": "1,249,500.00", "currency": "THB"}, "suppliers": [{"name": FIRM}]}}
    # The same firm in another process, by a party id built from its registration number.
    other = {"ocid": "ocds-th0001-67019000456", "id": "456-award", "date": "2024-03-01T09:00:00+07:00",
             "tag": "award", "buyer": BUYER,
             "parties": [dict(BUYER, roles=["buyer"]),
                         {"id": "TH-DBD-0505559001234", "name": "หจก. แม่ริมก่อสร้าง", "roles": ["supplier"]}],
             "tender": {"id": "67019000456", "title": "ก่อสร้างอาคารเรียน ขนาด 4 ห้องเรียน",
                        "procurementMethod": "limited", "value": {"amount": "฿ 4,980,000.-", "currency": "THB"}},
             "awards": [{"id": "456-A1", "status": "active", "date": "2024-03-01",
                         "value": {"amount": "4,975,000", "currency": "THB"},
                         "suppliers": [{"id": "TH-DBD-0505559001234", "name": "หจก. แม่ริมก่อสร้าง"}]}]}
    return {"uri": "https://example.go.th/ocds/2567-cm-001.json", "version": "1.1",
            "publishedDate": "2024-03-15T10:00:00+07:00", "releases": [tender, award, other]}


def _write(tmp_path: Path, package: dict, bom: bool = True) -> Path:
    path = tmp_path / "th-package.json"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + json.dumps(package, ensure_ascii=False).encode())
    return path


def _get(client, path: str, lang: str = "th") -> str:  # type: ignore[no-untyped-def]
    client.cookies["phalang_lang"] = lang
    return client.get(path).content.decode()


def _flags_section(html: str) -> str:
    return html[html.index('id="flags"'):html.index('id="timeline"')]


def test_r003_shows_the_real_tender_period_and_the_limit_it_applied(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    actions.import_ocds([_write(tmp_path, _package())])
    flag = Flag.objects.get(process__ocid="ocds-th0001-67019000123", code="R003")
    assert flag.value == pytest.approx(2 + 7.5 / 24) and flag.threshold == 15
    th = _flags_section(_get(client, "/data/process/ocds-th0001-67019000123/"))
    assert "(2.3 วัน)" in th and "(1 วัน)" not in th
    assert "เกณฑ์ที่ใช้กับโครงการนี้: ช่วงเวลาเปิดรับข้อเสนอที่สั้นกว่า 15 วันถือว่าสั้นเกินไป" in th
    en = _flags_section(_get(client, "/data/process/ocds-th0001-67019000123/", "en"))
    assert "(2.3 days)" in en and "a tender period shorter than 15 days is flagged" in en


def test_th01_never_rounds_99_96_percent_up_to_the_100_it_says_it_stays_below(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from phalang.opendata.templatetags.opendata import flag_value

    actions.import_ocds([_write(tmp_path, _package())])
    th = _flags_section(_get(client, "/data/process/ocds-th0001-67019000123/"))
    assert "TH01" in th and "(99.96%)" in th and "(100%)" not in th
    assert flag_value(0.995, "ratio") == "99.5%" and flag_value(0.99, "ratio") == "99%"
    assert flag_value(0.99999, "ratio") == "99.999%" and flag_value(0.990001, "ratio") == "99.0001%"
    # Days: a period just under its limit never shows as the limit.
    from django.utils import translation

    with translation.override("en"):
        assert flag_value(14.99, "days", threshold=15) == "14.99 days" and flag_value(12, "days") == "12 days"
        assert flag_value(1, "days") == "1 day"


def test_a_firm_known_by_its_identifier_alone_is_one_organisation(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    actions.import_ocds([_write(tmp_path, _package())])
    firm = Entity.objects.get(scheme="TH-DBD", identifier="0505559001234")
    won = set(ProcessParty.objects.filter(entity=firm, role="supplier").values_list("process__ocid", flat=True))
    assert won == {"ocds-th0001-67019000123", "ocds-th0001-67019000456"}
    assert not Entity.objects.filter(scheme="X-LOCAL", identifier__contains="แม่ริม").exists()
    assert not Entity.objects.filter(identifier__contains="TH-DBD").exists()
    page = client.get(f"/data/entity/{firm.pk}/").content.decode()
    assert "2 โครงการ" in page or "ocds-th0001-67019000456" in page


def test_a_single_bidder_is_one_flag_on_the_process(tmp_path: Path) -> None:
    actions.import_ocds([_write(tmp_path, _package())])
    codes = set(Flag.objects.filter(process__ocid="ocds-th0001-67019000123").values_list("code", flat=True))
    assert "R018" in codes and "TH03" not in codes


def test_prepare_reads_thai_amounts_and_words_each_fix_right(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert parse_amount("฿ 4,980,000.-") == 4_980_000 and parse_amount("4,980,000 บาท") == 4_980_000
    assert parse_amount("THB 1,000.50") == 1000.5 and parse_amount("ประมาณ 5 ล้าน") is None
    release = {"ocid": "x", "tag": "award", "tender": {"value": {"amount": "฿ 4,980,000.-", "currency": "THB"}}}
    fixes = [str(f) for f in prepare(release)]
    assert release["tag"] == ["award"] and release["tender"]["value"]["amount"] == 4_980_000
    assert "tag: a text where a list belongs: read as a list of one" in fixes
    assert "tender.value.amount: text read as a number ('฿ 4,980,000.-')" in fixes
    # A baht sign on an amount in another currency is not read as that currency's amount.
    dollars = {"ocid": "y", "initiationType": "tender", "tender": {"value": {"amount": "฿ 100", "currency": "USD"}}}
    assert [(f.path, f.used) for f in prepare(dollars)] == [("tender.value.amount", False)]
    assert "amount" not in dollars["tender"]["value"]

    path = _write(tmp_path, _package())
    call_command("ocds", "prepare", str(path))
    err = capsys.readouterr().err
    assert f"{path}: a UTF-8 byte order mark (BOM) at the start of the file: removed" in err
    assert "tag: a text where a list belongs" in err and "an object where a list belongs: read as a list of one" in err
    assert "not a number" not in err
    result = actions.import_ocds([path], flags=False)
    assert result.fixes["file: a UTF-8 byte order mark (BOM) at the start of the file: removed"] == 1
    assert ContractingProcess.objects.get(ocid="ocds-th0001-67019000456").tender_value == 4_980_000


def test_an_empty_file_is_reported_as_an_empty_file_in_thai_and_english(tmp_path: Path) -> None:
    for name in ("empty.json", "empty.jsonl", "blank.json"):
        (tmp_path / name).write_bytes(b"" if name != "blank.json" else b"\xef\xbb\xbf \n")
    result = actions.import_ocds([tmp_path], flags=False)
    assert sorted((Path(p.place).name, p.message, p.message_th) for p in result.problems) == [
        ("blank.json", "empty file", "ไฟล์ว่าง"), ("empty.json", "empty file", "ไฟล์ว่าง"),
        ("empty.jsonl", "empty file", "ไฟล์ว่าง")]
    problems: list[ocds.Problem] = []
    assert list(ocds.read(tmp_path / "empty.json", problems)) == [] and str(problems[0]).endswith(": empty file")


def test_the_process_page_says_when_the_publishers_estimate_could_not_be_read(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    package = _package()
    package["releases"][2]["tender"]["value"]["amount"] = "ประมาณห้าล้านบาท"
    actions.import_ocds([_write(tmp_path, package, bom=False)], flags=False)
    th = _get(client, "/data/process/ocds-th0001-67019000456/")
    assert "ผู้เผยแพร่ระบุราคากลาง/วงเงินไว้ แต่อ่านเป็นตัวเลขไม่ได้" in th and "ประมาณห้าล้านบาท" in th
    en = _get(client, "/data/process/ocds-th0001-67019000456/", "en")
    assert "The publisher gave a reference price, but it could not be read as a number" in en
    readable = _get(client, "/data/process/ocds-th0001-67019000123/", "en")
    assert "could not be read as a number" not in readable
