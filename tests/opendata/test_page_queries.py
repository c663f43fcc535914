"""How many SQL queries the process page and the organisation page make, on a small Thai data set
with everything these pages list: several red flags, parties, bids, awards, contracts, partners and
co-bidders. The limits are what the pages need; a query per listed row (an N+1) breaks them.
The pages must also show what they list (the counts alone would pass on an empty page)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phalang.opendata import actions
from phalang.opendata.models import ContractingProcess, Entity, Flag, ProcessParty

pytestmark = pytest.mark.django_db

PROCESS_QUERIES = 5  # the process, its flags, its releases, its parties, the reports that name it
ENTITY_QUERIES = 12  # entity_page in phalang/opendata/views.py lists them

BUYER = {"id": "TH-DOPA-4000201", "name": "เทศบาลนครขอนแก่น", "identifier": {"scheme": "TH-DOPA", "id": "4000201"}}
FIRMS = [{"id": f"TH-DBD-04055610009{n}", "name": name, "identifier": {"scheme": "TH-DBD", "id": f"04055610009{n}"}}
         for n, name in (("81", "บริษัท อีสานเมดิคอล ซัพพลาย จำกัด"), ("82", "ห้างหุ้นส่วนจำกัด ขอนแก่นก่อสร้าง"),
                         ("83", "บริษัท แก่นนคร เทรดดิ้ง จำกัด"), ("84", "บริษัท ภูเวียง วิศวกรรม จำกัด"))]
PROCESSES = 5


def _ref(party: dict) -> dict:
    return {"id": party["id"], "name": party["name"]}


def _releases(i: int) -> list[dict]:
    """A tender and an award release of process ``i``: four tenderers, the first two firms win an
    award and a contract each; in the last process the reference price cannot be read."""
    ocid = f"ocds-th0009-6805{i:04d}"
    amount = "ประมาณสองล้านบาท" if i == PROCESSES - 1 else f"{2_000_000 + 1000 * i:,}"
    parties = [dict(BUYER, roles=["buyer", "procuringEntity"])] + [dict(f, roles=["tenderer", "supplier"]) for f in FIRMS]
    tender = {"id": f"6805{i:04d}", "title": f"จัดซื้อครุภัณฑ์การแพทย์ ชุดที่ {i + 1}", "status": "complete",
              "procurementMethod": "selective" if i % 2 else "open", "value": {"amount": amount, "currency": "THB"},
              "tenderPeriod": {"startDate": f"2025-03-{i + 1:02d}T09:00:00+07:00",
                               "endDate": f"2025-03-{i + 4:02d}T16:00:00+07:00"},
              "numberOfTenderers": len(FIRMS), "tenderers": [_ref(f) for f in FIRMS]}
    first = {"ocid": ocid, "id": f"{ocid}-tender", "date": f"2025-03-{i + 1:02d}T09:00:00+07:00", "tag": ["tender"],
             "initiationType": "tender", "buyer": _ref(BUYER), "parties": parties, "tender": tender}
    awards = [{"id": f"{ocid}-A{k}", "status": "active", "date": f"2025-03-{i + 10:02d}T10:00:00+07:00",
               "value": {"amount": 990_000 + 500 * i + k, "currency": "THB"}, "suppliers": [_ref(FIRMS[k])]}
              for k in range(2)]
    contracts = [{"id": f"{ocid}-C{k}", "awardID": f"{ocid}-A{k}", "status": "active", "title": f"สัญญาเลขที่ {i}/{k}",
                  "dateSigned": f"2025-03-{i + 12:02d}T10:00:00+07:00",
                  "value": {"amount": 990_000 + 500 * i + k, "currency": "THB"}} for k in range(2)]
    bids = {"details": [{"id": f"{ocid}-B{k}", "status": "valid", "tenderers": [_ref(f)],
                         "value": {"amount": 995_000 + 100 * k, "currency": "THB"}} for k, f in enumerate(FIRMS)]}
    second = {"ocid": ocid, "id": f"{ocid}-award", "date": f"2025-03-{i + 12:02d}T10:00:00+07:00",
              "tag": ["award", "contract"], "buyer": _ref(BUYER), "parties": parties, "bids": bids,
              "awards": awards, "contracts": contracts}
    return [first, second]


@pytest.fixture
def data(tmp_path: Path) -> None:
    package = {"uri": "https://example.go.th/ocds/kk.json", "version": "1.1",
               "publishedDate": "2025-04-20T10:00:00+07:00",
               "releases": [r for i in range(PROCESSES) for r in _releases(i)]}
    path = tmp_path / "th-khonkaen.json"
    path.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    actions.import_ocds([path])
    # Red flags as the engine stores them, several on each process and on the organisations,
    # whatever the engine raised on this small set.
    for process in ContractingProcess.objects.all():
        Flag.objects.bulk_create([Flag(process=process, group="OCID", code=code, value=value)
                                  for code, value in (("R003", 3.0), ("R018", 1.0), ("R024", 0.99), ("DQ02", 1.0))])
    for entity in Entity.objects.all():
        Flag.objects.bulk_create([Flag(entity=entity, group="Buyer" if entity.scheme == "TH-DOPA" else "Tenderer",
                                       code=code, value=value) for code, value in (("R028", 0.8), ("R035", 4.0))])


def test_the_process_page_makes_a_fixed_number_of_queries(client, data, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    process = ContractingProcess.objects.get(ocid=f"ocds-th0009-6805{PROCESSES - 1:04d}")
    assert process.tender_value is None  # the unreadable estimate: the page also says what was written
    assert process.flags.count() >= 3 and process.roles.count() >= 5
    client.cookies["phalang_lang"] = "th"
    with django_assert_max_num_queries(PROCESS_QUERIES):
        response = client.get(f"/data/process/{process.ocid}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="unread-estimate"' in page and "ประมาณสองล้านบาท" in page
    assert page.count('class="flag"') >= 3
    for firm in FIRMS:
        assert firm["name"] in page
    for k in range(2):
        assert f"{process.ocid}-A{k}" in page and f"{process.ocid}-C{k}" in page


@pytest.mark.parametrize("who", ["buyer", "supplier"])
def test_the_organisation_page_makes_a_fixed_number_of_queries(client, data, django_assert_max_num_queries,  # type: ignore[no-untyped-def]
                                                               who: str) -> None:
    entity = Entity.objects.get(identifier=BUYER["identifier"]["id"] if who == "buyer" else FIRMS[0]["identifier"]["id"])
    assert ProcessParty.objects.filter(entity=entity).values("process").distinct().count() == PROCESSES
    client.cookies["phalang_lang"] = "en"
    with django_assert_max_num_queries(ENTITY_QUERIES):
        response = client.get(f"/data/entity/{entity.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert f"{PROCESSES} contracting processes" in page
    assert page.count('class="flag"') >= 2
    # Every list the page draws from the data has its rows: partners, co-bidders, recent processes.
    counterparts = page[page.index('id="counterparts"'):page.index('id="cobidders"')]
    recent = page[page.index('id="recent"'):]
    assert counterparts.count("<li>") >= (3 if who == "buyer" else 1)
    assert recent.count("<li>") == PROCESSES
    if who == "supplier":
        cobidders = page[page.index('id="cobidders"'):page.index('id="recent"')]
        assert cobidders.count("<li>") == len(FIRMS) - 1
