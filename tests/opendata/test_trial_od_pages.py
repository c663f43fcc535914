"""Open-data pages after the issue 18 user trial (trial-od): OCDS codes in Thai, missing values
said as missing, Buddhist-era years in charts, each chart's data as CSV, search page 2, the
minimum-value error naming its field, and a risk ranking without zero scores."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from phalang.opendata import actions
from phalang.opendata.models import BudgetProject, ContractingProcess, Entity

pytestmark = pytest.mark.django_db

BUYER = {"id": "B", "name": "องค์การบริหารส่วนตำบลแม่ริม", "identifier": {"scheme": "XI-TEST", "id": "B"},
         "roles": ["buyer"]}


def _release(ocid: str, **extra: Any) -> dict[str, Any]:
    release: dict[str, Any] = {
        "ocid": ocid, "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["tender"],
        "parties": [BUYER], "buyer": {"id": "B", "name": BUYER["name"]},
        "tender": {"id": "t", "title": f"ก่อสร้างถนนคอนกรีต {ocid}", "procurementMethod": "open",
                   "procurementMethodDetails": "e-bidding"},
    }
    release.update(extra)
    return release


def _import_ocds(tmp_path: Path, releases: list[dict[str, Any]], name: str = "r.jsonl") -> None:
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in releases) + "\n", encoding="utf-8")
    actions.import_ocds([path])


def _import_budget(tmp_path: Path, lines: list[dict[str, Any]]) -> None:
    path = tmp_path / "b.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    actions.import_budget([path])


def _text(html: str) -> str:
    """The page's visible words: tags out, spaces joined."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_ocds_codes_read_in_thai_and_the_publishers_own_words_keep_their_language(client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    full = _release(
        "ocds-codes-1", tag=["tender", "award", "contract"],
        parties=[BUYER, {"id": "8d97cc040a6218bd4f90bf8d938b46ca", "roles": ["tenderer"]}],
        bids={"details": [{"id": "b1", "status": "valid", "tenderers": [{"id": "8d97cc040a6218bd4f90bf8d938b46ca"}],
                           "value": {"amount": 900, "currency": "THB"}}]},
        awards=[{"id": "a1", "status": "active", "value": {"amount": 900, "currency": "THB"}}],
        contracts=[{"id": "c1", "awardID": "a1", "status": "pending", "value": {"amount": 900, "currency": "THB"}}])
    ro = _release("ocds-codes-2")
    ro["tender"]["procurementMethod"] = "Licitaţie publică"
    _import_ocds(tmp_path, [full, ro])
    html = client.get("/data/process/ocds-codes-1/").content.decode()
    words = _text(html)
    assert "ประกาศเชิญชวนทั่วไป" in words  # open
    assert '<span lang="">e-bidding</span>' in html  # the publisher's own detail, as published
    assert "(tender, award, contract)" not in words
    assert "ประกาศเชิญชวน, ผลการพิจารณา, สัญญา" in words
    for code in (" active ", " pending ", " valid ", "compiled release", "X-LOCAL"):
        assert code not in words, code
    assert "มีผล" in words and "รอดำเนินการ" in words and "ใช้ได้" in words
    unnamed = Entity.objects.get(scheme="X-LOCAL")
    entity_words = _text(client.get(f"/data/entity/{unnamed.pk}/").content.decode())
    assert "X-LOCAL" not in entity_words and "ไม่มีเลขทะเบียน" in entity_words
    search = client.get("/data/", {"q": "ถนน"}).content.decode()
    assert '<option value="open">ประกาศเชิญชวนทั่วไป</option>' in search
    assert '<option value="Licitaţie publică" lang="">Licitaţie publică</option>' in search


def test_missing_values_say_no_data_not_a_dash_or_zero(client, gazetteer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _import_ocds(tmp_path, [_release("ocds-missing-1")])
    words = _text(client.get("/data/process/ocds-missing-1/").content.decode())
    assert "- THB" not in words and "ไม่มีข้อมูล" in words
    assert "ไม่มีสัญญาในข้อมูล" in words and "ไม่มีผลการพิจารณาในข้อมูล" in words
    results = _text(client.get("/data/", {"q": "ocds-missing-1"}).content.decode())
    assert "มูลค่า: ไม่มีข้อมูล" in results and " THB" not in results
    line = {"bb_code": "NODISB1", "bb_year": "2559", "amount": 6_133_000, "min": "กระทรวงมหาดไทย",
            "agc": "กรมส่งเสริมการปกครองท้องถิ่น", "name": "ก่อสร้างอาคารเรียนอนุบาล",
            "compare": [{"bb_amount": 6_133_000, "bb_province": "เชียงใหม่"}], "gf_amount_sum": 0}
    _import_budget(tmp_path, [line])
    budget = BudgetProject.objects.get(bb_code="NODISB1")
    assert budget.disbursed is None  # the export's 0 with no disbursement record is not a fact
    BudgetProject.objects.filter(pk=budget.pk).update(disbursed=0)  # as lines imported before were stored
    words = _text(client.get(f"/data/budget/{budget.pk}/").content.decode())
    assert "เบิกจ่ายแล้ว 0 บาท" not in words and "ไม่มีข้อมูล" in words
    assert "เบิกจ่ายแล้ว 0" not in _text(client.get("/data/", {"q": "อาคารเรียนอนุบาล"}).content.decode())


def test_an_organisations_chart_years_are_buddhist_era_and_each_chart_downloads_as_csv(client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    releases = [_release(f"ocds-years-{i}", date=f"{year}-05-01T00:00:00Z", tender={
        "id": "t", "title": "ถนน", "procurementMethod": "open", "value": {"amount": 1000 * i, "currency": "THB"}})
        for i, year in enumerate((2023, 2024), start=1)]
    _import_ocds(tmp_path, releases)
    buyer = Entity.objects.get(scheme="XI-TEST", identifier="B")
    html = client.get(f"/data/entity/{buyer.pk}/").content.decode()
    over_time = html[html.index('id="over-time"'):html.index('id="spread"')]
    assert "2567" in over_time and "2566" in over_time and "2024" not in over_time
    assert "(พ.ศ.)" in html and "(ค.ศ.)" not in html
    link = re.search(r'href="\?([^"]*csv=over-time[^"]*)"', over_time)
    assert link, "no CSV link for the chart"
    resp = client.get(f"/data/entity/{buyer.pk}/?{link.group(1).replace('&amp;', '&')}")
    assert resp["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig"))))
    assert rows[1:] == [["2566", "1000"], ["2567", "2000"]]
    assert 'class="chart-data"' in html and "ดูเป็นตาราง" in html


def test_the_charts_page_offers_each_charts_data_as_csv(client, gazetteer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _import_budget(tmp_path, [
        {"bb_code": "P1", "bb_year": "2561", "amount": 2_400_000, "min": "กระทรวงมหาดไทย", "agc": "กรม", "name": "ถนน",
         "compare": [{"bb_province": "ชัยภูมิ", "bb_amount": 2_400_000, "gf_province": "ชัยภูมิ",
                      "gf_amount": 1_900_000}]}])
    resp = client.get("/data/charts/", {"year": "2561", "csv": "budget-by-province"})
    assert resp["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig"))))
    assert rows[1] == ["ชัยภูมิ", "2400000", "1900000"]
    html = client.get("/data/charts/", {"year": "2561"}).content.decode()
    assert "year=2561&amp;csv=budget-by-ministry" in html


def test_page_two_does_not_say_nothing_matched_a_section_whose_results_were_on_page_one(client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _import_ocds(tmp_path, [_release(f"ocds-page-{i}") for i in range(3)])
    _import_budget(tmp_path, [
        {"bb_code": f"PG{i}", "bb_year": "2561", "amount": 1000 + i, "min": "กระทรวงมหาดไทย", "agc": "กรม",
         "name": f"ก่อสร้างถนนคอนกรีต สายที่ {i}", "compare": []} for i in range(30)])
    html = client.get("/data/", {"q": "ถนนคอนกรีต", "page": "2"}).content.decode()
    section = _text(html[html.index('id="processes"'):html.index('id="entities"')])
    assert "(3)" in section
    assert "ไม่พบโครงการจัดซื้อจัดจ้างที่ตรงกัน" not in section
    assert "อยู่ในหน้าก่อน" in section


def test_a_value_that_is_not_a_number_is_named_beside_its_field(client, db) -> None:  # type: ignore[no-untyped-def]
    resp = client.get("/data/", {"q": "ถนน", "min_value": "abc"})
    assert resp.status_code == 422
    html = resp.content.decode()
    assert "มูลค่าต่ำสุด: ต้องเป็นตัวเลข" in html
    field = re.search(r'<input name="min_value"[^>]*>', html)
    assert field and 'aria-invalid="true"' in field.group(0) and 'aria-describedby="min_value-error"' in field.group(0)
    assert re.search(r'id="min_value-error">ต้องเป็นตัวเลข<', html)


def test_the_risk_ranking_lists_no_zero_score_and_says_why(client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    releases = []
    for i in range(5):
        r = _release(f"ocds-clean-{i}")
        r["tender"].update(numberOfTenderers=4, tenderPeriod={"startDate": "2024-01-01T00:00:00Z",
                                                              "endDate": "2024-02-15T00:00:00Z"})
        releases.append(r)
    _import_ocds(tmp_path, releases)
    assert not ContractingProcess.objects.filter(flags__isnull=False, flags__code__startswith="R").exists()
    html = client.get("/data/risk/").content.decode()
    buyers = html[html.index('id="risk-buyers"'):html.index('id="risk-suppliers"')]
    assert "0.0" not in buyers and "risk-table" not in buyers
    assert "คะแนน 0" in _text(buyers)
