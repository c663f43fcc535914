"""Trial-od2 findings 1, 5 and 13, with a small Thai package made like the tester's own: a winner
known in one process only by its registration number (no party id, no name; the tender names it
by name only) and in another by id, name and identifier; the import summary names the releases a
fix touched; /ocds/records honours ocid; the budget import says nothing about processes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from phalang.opendata import actions
from phalang.opendata.models import Entity, ProcessParty

pytestmark = pytest.mark.django_db

BUYER = {"id": "TH-DOPA-4000201", "name": "เทศบาลนครขอนแก่น"}
FIRM = "บริษัท อีสานเมดิคอล ซัพพลาย จำกัด"
NUMBER = {"scheme": "TH-DBD", "id": "0405561000987"}
FIRST = "ocds-th0002-68049000777"
SECOND = "ocds-th0002-68049000888"


def _package(*, tender_names_firm: bool = True) -> dict:
    tender = {"ocid": FIRST, "id": "777-tender", "date": "2025-03-03T09:00:00+07:00", "tag": ["tender"],
              "initiationType": "tender", "buyer": BUYER, "parties": [dict(BUYER, roles=["buyer", "procuringEntity"])],
              "tender": {"id": "68049000777", "title": "จัดซื้อเครื่องช่วยหายใจ จำนวน 3 เครื่อง", "status": "active",
                         "procurementMethod": "open", "value": {"amount": "ประมาณสองล้านบาท", "currency": "THB"},
                         "numberOfTenderers": 1}}
    if tender_names_firm:
        tender["tender"]["tenderers"] = [{"name": FIRM}]
    # The winner: no party id, no name, only its registration number, in parties and in the award.
    award = {"ocid": FIRST, "id": "777-award", "date": "2025-03-05T15:00:00+07:00", "tag": ["award"], "buyer": BUYER,
             "parties": [dict(BUYER, roles=["buyer", "procuringEntity"]),
                         {"identifier": dict(NUMBER), "roles": ["supplier", "tenderer"]}],
             "awards": [{"id": "777-A1", "status": "active", "date": "2025-03-05T15:00:00+07:00",
                         "value": {"amount": "2,295,000", "currency": "THB"},
                         "suppliers": [{"identifier": dict(NUMBER)}]}]}
    other = {"ocid": SECOND, "id": "888-award", "date": "2025-04-01T09:00:00+07:00", "tag": ["tender", "award"],
             "buyer": BUYER,
             "parties": [dict(BUYER, roles=["buyer", "procuringEntity"]),
                         {"id": "TH-DBD-0405561000987", "name": FIRM, "roles": ["supplier", "tenderer"],
                          "identifier": dict(NUMBER, legalName=FIRM)}],
             "tender": {"id": "68049000888", "title": "ปรับปรุงภูมิทัศน์บึงแก่นนคร", "procurementMethod": "selective",
                        "value": {"amount": "1.5 ล้านบาท", "currency": "THB"}, "numberOfTenderers": 1},
             "awards": [{"id": "888-A1", "status": "active", "date": "2025-03-22T10:00:00+07:00",
                         "value": {"amount": "1,499,000.00", "currency": "THB"},
                         "suppliers": [{"id": "TH-DBD-0405561000987", "name": FIRM}]}]}
    return {"uri": "https://example.go.th/ocds/kk.json", "version": "1.1", "publishedDate": "2025-04-20T10:00:00+07:00",
            "releases": [tender, award, other]}


def _write(tmp_path: Path, package: dict) -> Path:
    path = tmp_path / "th-khonkaen.json"
    path.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    return path


def _awards(html: str) -> str:
    return html[html.index('id="awards"'):html.index('id="contracts"')]


def test_a_winner_known_only_by_its_registration_number_is_one_organisation(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    actions.import_ocds([_write(tmp_path, _package())], flags=False)
    firm = Entity.objects.get(scheme="TH-DBD", identifier="0405561000987")
    won = set(ProcessParty.objects.filter(entity=firm, role="supplier").values_list("process__ocid", flat=True))
    assert won == {FIRST, SECOND}
    bid = set(ProcessParty.objects.filter(entity=firm, role="tenderer").values_list("process__ocid", flat=True))
    assert bid == {FIRST, SECOND}
    # The tenderer named only by name is the same firm (the one party of the release it can be),
    # not an organisation of its own that claims to have no registration number.
    assert not Entity.objects.filter(scheme="X-LOCAL", identifier__contains="อีสานเมดิคอล").exists()
    assert set(ProcessParty.objects.filter(process__ocid=FIRST, role__in=["supplier", "tenderer"])
               .values_list("entity_id", flat=True)) == {firm.pk}
    # The buyer's top partner: the firm, with both processes (once each).
    from phalang.opendata import figures

    buyer = Entity.objects.get(identifier__endswith="TH-DOPA-4000201")
    suppliers, _buyers = figures.counterparts(buyer, [p.pk for p in buyer.bought.all()])
    assert [(s["entity_id"], s["n"]) for s in suppliers] == [(firm.pk, 2)]
    # The award line names the winner, from the name the release gives it (the tender's tenderer).
    client.cookies["phalang_lang"] = "th"
    awards = _awards(client.get(f"/data/process/{FIRST}/").content.decode())
    assert FIRM in awards


def test_a_winner_the_release_never_names_reads_unnamed_with_its_registration_number(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    actions.import_ocds([_write(tmp_path, _package(tender_names_firm=False))], flags=False)
    firm = Entity.objects.get(scheme="TH-DBD", identifier="0405561000987")
    assert ProcessParty.objects.filter(entity=firm, process__ocid=FIRST, role="supplier").exists()
    client.cookies["phalang_lang"] = "th"
    awards = _awards(client.get(f"/data/process/{FIRST}/").content.decode())
    assert "ไม่มีชื่อหน่วยงานในข้อมูล" in awards and "TH-DBD 0405561000987" in awards
    assert FIRM not in awards  # the release does not name it: the page does not guess from elsewhere


def test_prepare_reports_a_party_with_neither_id_nor_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("ocds", "prepare", str(_write(tmp_path, _package())))
    err = capsys.readouterr().err
    assert f"{FIRST} parties[1]: neither id nor name: known only by its identifier (TH-DBD 0405561000987)" in err
    assert "prepared 1 × parties: neither id nor name: known only by its identifier" in err


def test_import_summary_names_the_releases_each_fix_touched(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("ocds", "import", "--no-flags", str(_write(tmp_path, _package())))
    err = capsys.readouterr().err
    line = next(x for x in err.splitlines() if "tender.value.amount: not a number" in x)
    assert line.startswith("prepared 2 × tender.value.amount: not a number: left out")
    assert FIRST in line and SECOND in line
    assert "phalang ocds prepare" in err


def test_import_summary_lists_a_few_releases_and_says_how_many_more(tmp_path: Path) -> None:
    from phalang.opendata.prepare import Fix

    result = actions.ImportResult("ocds")
    for n in range(7):
        result.add_fixes([Fix("tender.value.amount", "not a number ('x'): left out", used=False)], f"ocds-x-{n}")
    (line,) = result.fix_lines()
    assert line.startswith("prepared 7 × tender.value.amount: not a number: left out (ocds-x-0, ocds-x-1, ocds-x-2")
    assert "ocds-x-6" not in line and "4 more" in line


def test_records_honour_ocid(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    actions.import_ocds([_write(tmp_path, _package())], flags=False)
    body = client.get("/api/v1/data/ocds/records", {"ocid": SECOND}).json()
    assert [r["ocid"] for r in body["records"]] == [SECOND]
    assert client.get("/api/v1/data/ocds/records", {"ocid": "ocds-none"}).json()["records"] == []
    both = client.get("/api/v1/data/ocds/records").json()
    assert {r["ocid"] for r in both["records"]} == {FIRST, SECOND}


def test_paged_records_keep_ocid_in_next_link(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    actions.import_ocds([_write(tmp_path, _package())], flags=False)
    body = client.get("/api/v1/data/ocds/records", {"ocid": FIRST, "limit": 1}).json()
    assert [r["ocid"] for r in body["records"]] == [FIRST] and "links" not in body


def test_budget_import_summary_says_nothing_about_processes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "b.jsonl"
    path.write_text(json.dumps({"bb_year": 2561, "bb_code": "1", "name": "ก่อสร้างถนน", "amount": 100},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    call_command("budget", "import", str(path))
    out = capsys.readouterr().out
    assert "read 1, added 1" in out and "process" not in out
