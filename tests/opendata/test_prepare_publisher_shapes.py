"""Prepare: what publishers get wrong is fixed and reported, never a 500 or a blank value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from phalang.opendata import actions
from phalang.opendata.models import ContractingProcess, Entity
from phalang.opendata.prepare import parse_amount, prepare

pytestmark = pytest.mark.django_db


def _release(ocid: str, **fields: object) -> dict:
    return {"ocid": ocid, "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["award"], "initiationType": "tender",
            **fields}


def _write(tmp_path: Path, name: str, releases: list[dict], bom: bool = False) -> Path:
    package = {"uri": "https://example.org/p", "version": "1.1", "publishedDate": "2024-03-01T00:00:00Z",
               "releases": releases}
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + json.dumps(package, ensure_ascii=False).encode())
    return path


AWARD_OBJECT = _release(
    "ocds-shape-1",
    parties=[{"id": "B", "name": "กรมทางหลวงชนบท", "roles": ["buyer"]},
             {"id": "S", "identifier": {"scheme": "XI-TEST", "id": "7", "legalName": "บริษัท ถนนดี จำกัด"},
              "roles": ["supplier"]}],
    buyer={"id": "B", "name": "กรมทางหลวงชนบท"},
    tender={"id": "t", "title": "ซ่อมถนนสายหลัก", "value": {"amount": "1,000,000", "currency": "THB"}},
    awards={"id": "a1", "status": "active", "date": "2024-03-01T00:00:00Z",
            "value": {"amount": "950,000.50", "currency": "THB"}, "suppliers": {"id": "S"}},
)


def test_awards_given_as_an_object_import_and_every_page_answers(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = actions.import_ocds([_write(tmp_path, "p.json", [AWARD_OBJECT])], flags=False)
    assert not result.problems
    assert result.fixes["awards: an object where a list belongs: read as a list of one"] == 1
    page = client.get("/data/process/ocds-shape-1/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "950,000" in text and "บริษัท ถนนดี จำกัด" in text
    assert client.get("/api/v1/data/processes/ocds-shape-1").status_code == 200


def test_a_page_renders_even_for_a_release_stored_before_prepare(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    actions.import_ocds([_write(tmp_path, "p.json", [AWARD_OBJECT])], flags=False)
    raw = json.loads(json.dumps(AWARD_OBJECT))
    raw["contracts"] = {"id": "c1", "dateSigned": "2024-03-05T00:00:00Z", "value": {"amount": "12 000"}}
    raw["tender"]["lots"] = [{"id": "L1", "value": {"amount": "5,000"}}]
    ContractingProcess.objects.filter(ocid="ocds-shape-1").update(compiled_release=raw)
    page = client.get("/data/process/ocds-shape-1/")
    assert page.status_code == 200
    assert "12,000" in page.content.decode()


def test_amounts_written_as_text_are_numbers_and_unusable_ones_are_reported(tmp_path: Path) -> None:
    bad = _release("ocds-shape-2", tender={"id": "t", "title": "x", "value": {"amount": "ประมาณหนึ่งล้าน",
                                                                              "currency": "THB"}})
    result = actions.import_ocds([_write(tmp_path, "p.json", [AWARD_OBJECT, bad])], flags=False)
    good = ContractingProcess.objects.get(ocid="ocds-shape-1")
    assert good.tender_value == 1_000_000.0 and good.award_value == 950_000.5
    assert ContractingProcess.objects.get(ocid="ocds-shape-2").tender_value is None
    assert result.fixes["tender.value.amount: text read as a number"] == 1
    assert result.fixes["tender.value.amount: not a number: left out"] == 1
    assert parse_amount("1 000 000") == 1e6 and parse_amount("1,00") is None and parse_amount(True) is None


def test_parties_named_only_by_identifier_legal_name_get_that_name(tmp_path: Path) -> None:
    actions.import_ocds([_write(tmp_path, "p.json", [AWARD_OBJECT])], flags=False)
    assert Entity.objects.get(scheme="XI-TEST", identifier="7").name == "บริษัท ถนนดี จำกัด"


def test_files_that_start_with_a_utf8_byte_order_mark_are_read(tmp_path: Path) -> None:
    package = _write(tmp_path, "bom.json", [AWARD_OBJECT], bom=True)
    lines = tmp_path / "bom.jsonl"
    second = _release("ocds-shape-3", tender={"id": "t", "title": "บรรทัดแรก"})
    third = _release("ocds-shape-4", tender={"id": "t", "title": "บรรทัดสอง"})
    lines.write_bytes(b"\xef\xbb\xbf" + (json.dumps(second) + "\n" + json.dumps(third) + "\n").encode())
    result = actions.import_ocds([package, lines], flags=False)
    assert not result.problems
    assert set(ContractingProcess.objects.values_list("ocid", flat=True)) == {
        "ocds-shape-1", "ocds-shape-3", "ocds-shape-4"}


def test_ocds_import_command_fails_when_a_file_fails(tmp_path: Path) -> None:
    good = _write(tmp_path, "good.json", [AWARD_OBJECT])
    broken = tmp_path / "broken.json"
    broken.write_text('{"releases": [', encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("ocds", "import", "--no-flags", str(good), str(broken))
    assert ContractingProcess.objects.filter(ocid="ocds-shape-1").exists()  # the good file still imported
    call_command("ocds", "import", "--no-flags", str(good))  # nothing wrong: no error


def test_prepare_leaves_valid_data_alone() -> None:
    release = _release("ocds-ok", awards=[{"id": "a", "value": {"amount": 5, "currency": "THB"},
                                           "suppliers": [{"id": "S", "name": "ร้านดี"}]}],
                       parties=[{"id": "S", "name": "ร้านดี"}])
    before = json.dumps(release, sort_keys=True)
    assert prepare(release) == []
    assert json.dumps(release, sort_keys=True) == before


def test_html_in_descriptions_shows_as_text(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    html = _release("ocds-shape-html", tender={
        "id": "t", "title": "<b>Construcción</b> de puente",
        "description": "<p>Obra de&nbsp;<strong>puente</strong> vehicular</p><br/>Etapa 2 &amp; 3"})
    actions.import_ocds([_write(tmp_path, "p.json", [html])], flags=False)
    p = ContractingProcess.objects.get(ocid="ocds-shape-html")
    assert p.title == "Construcción de puente" and p.description == "Obra de puente vehicular\nEtapa 2 & 3"
    ContractingProcess.objects.filter(pk=p.pk).update(description=html["tender"]["description"])  # stored earlier
    page = client.get("/data/process/ocds-shape-html/").content.decode()
    assert "&lt;p&gt;" not in page and "&lt;strong&gt;" not in page and "Obra de puente vehicular" in page


def test_ocds_export_says_where_it_comes_from_and_when(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    actions.import_ocds([_write(tmp_path, "p.json", [AWARD_OBJECT])], flags=False)
    response = client.get("/data/", {"q": "ซ่อมถนน", "format": "json"})
    package = json.loads(b"".join(response.streaming_content))
    assert package["uri"].startswith("http://testserver/data/?") and "format=json" in package["uri"]
    assert package["publishedDate"][:4] >= "2026" and "T" in package["publishedDate"]
    assert [r["ocid"] for r in package["releases"]] == ["ocds-shape-1"]


def test_ocds_prepare_prints_prepared_releases_and_each_fix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("ocds", "prepare", str(_write(tmp_path, "p.json", [AWARD_OBJECT])))
    out, err = capsys.readouterr()
    prepared = json.loads(out.strip())
    assert isinstance(prepared["awards"], list) and prepared["tender"]["value"]["amount"] == 1_000_000
    assert "awards: an object where a list belongs" in err and "prepared 1 × tender.value.amount" in err
    assert not ContractingProcess.objects.exists()  # nothing stored
