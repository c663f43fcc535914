"""A 13-digit Thai registration number typed into search finds that company and its processes;
one whose check digit does not fit gets a clear Thai (and English) error, on the page and the API."""

from __future__ import annotations

from phalang.engines.thaitext import index_document
from phalang.opendata.models import ContractingProcess, Entity, ProcessParty

VALID = "0105551234567"   # check digit 7 fits
INVALID = "0105551234568"


def _data() -> None:
    company = Entity.objects.create(scheme="TH-DBD", identifier=VALID, name="บริษัท ก่อสร้างไทย จำกัด",
                                    search_doc=index_document("บริษัท ก่อสร้างไทย จำกัด"))
    other = Entity.objects.create(scheme="TH-DBD", identifier="0105560000019", name="บริษัท อื่น จำกัด")
    for i, who in enumerate([company, company, other]):
        p = ContractingProcess.objects.create(ocid=f"ocds-th-{i}", compiled_release={}, digest="x",
                                              title=f"ก่อสร้างถนน {i}", search_doc=index_document(f"ก่อสร้างถนน {i}"))
        ProcessParty.objects.create(process=p, entity=who, role="supplier")


def test_a_valid_number_finds_the_company_and_its_processes(client, db) -> None:  # type: ignore[no-untyped-def]
    _data()
    for typed in (VALID, "0-1055-51234-56-7", "๐๑๐๕๕๕๑๒๓๔๕๖๗"):
        body = client.get("/api/v1/data/search", {"q": typed}).json()
        assert [e["identifier"] for e in body["entities"]["results"]] == [VALID], typed
        assert sorted(p["ocid"] for p in body["processes"]["results"]) == ["ocds-th-0", "ocds-th-1"], typed
        assert body["budget_projects"]["count"] == 0
    page = client.get("/data/", {"q": VALID}, HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert "บริษัท ก่อสร้างไทย จำกัด" in page and "ocds-th-2" not in page


def test_a_wrong_check_digit_is_a_clear_error(client, db) -> None:  # type: ignore[no-untyped-def]
    _data()
    response = client.get("/data/", {"q": INVALID}, HTTP_ACCEPT_LANGUAGE="th")
    assert response.status_code == 422
    assert "หลักสุดท้ายไม่ตรงกับเลขตรวจสอบ" in response.content.decode()
    api = client.get("/api/v1/data/search", {"q": INVALID})
    assert api.status_code == 422
    (detail,) = api.json()["fields"]
    assert detail["field"] == "q" and "check digit" in detail["message_en"]
