"""Open-data pages after the re-trial (trial-od2): the province chart's table and CSV hold every
province and the chart says it shows only the first ones, no OCDS code or currency code in English
on a Thai page where we have a word for it, no repeated publication or supplier on a real
publisher's process page, and R018's value with its unit."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from phalang.opendata import actions, codes
from phalang.opendata.templatetags.opendata import flag_value

pytestmark = pytest.mark.django_db

BUYER = {"id": "B", "name": "เทศบาลนครขอนแก่น", "identifier": {"scheme": "XI-TEST", "id": "B"}, "roles": ["buyer"]}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _import_ocds(tmp_path: Path, releases: list[dict[str, Any]]) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in releases) + "\n", encoding="utf-8")
    actions.import_ocds([path])


def test_the_province_table_and_csv_hold_every_province_and_the_chart_says_it_shows_the_first(
        client, gazetteer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from phalang.places.models import Province

    names = list(Province.objects.order_by("name_th").values_list("name_th", flat=True)[:25])
    lines = [{"bb_code": f"P{i}", "bb_year": "2561", "amount": 1_000_000 * (i + 1), "min": "กระทรวงมหาดไทย",
              "agc": "กรม", "name": f"โครงการ {i}", "compare": [{"bb_province": name, "bb_amount": 1_000_000 * (i + 1)}]}
             for i, name in enumerate(names)]
    path = tmp_path / "b.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    actions.import_budget([path])
    smallest = names[0]  # 1,000,000 baht: the last of 25, not among the first 20
    page = client.get("/data/charts/?year=2561").content.decode()
    chart = page.split('id="budget-by-province"')[1].split("</figure>")[0]
    drawn = chart.split('<ol class="chart-rows"')[1].split("</ol>")[0]
    table = chart.split("<tbody>")[1].split("</tbody>")[0]
    assert drawn.count("<li>") == 20
    assert table.count("<tr>") == 25 and smallest in table
    assert "20 จังหวัดแรกจาก 25 ดูทั้งหมดในตาราง" in _text(chart)
    response = client.get("/data/charts/?year=2561&csv=budget-by-province")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 26 and [smallest, "1000000", ""] in rows


def test_a_chart_with_every_row_drawn_says_nothing_about_the_first_ones(client, gazetteer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "b.jsonl"
    path.write_text(json.dumps({"bb_code": "P", "bb_year": "2561", "amount": 5, "min": "กระทรวงมหาดไทย", "agc": "กรม",
                                "name": "โครงการ", "compare": [{"bb_province": "ขอนแก่น", "bb_amount": 5}]},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    actions.import_budget([path])
    page = _text(client.get("/data/charts/?year=2561").content.decode())
    assert "จังหวัดแรกจาก" not in page


def test_the_bid_release_tag_has_a_thai_word() -> None:
    with translation.override("th"):
        words = codes.tags(["tender", "bid"])
    assert "bid" not in words and words.startswith("ประกาศเชิญชวน, ")


def test_thai_pages_say_baht_for_thb_and_keep_other_currency_codes(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    supplier = {"id": "S", "name": "บริษัท อีสานเมดิคอล ซัพพลาย จำกัด", "identifier": {"scheme": "XI-TEST", "id": "S"},
                "roles": ["supplier", "tenderer"]}
    thb = {"ocid": "ocds-th2-1", "id": "1", "date": "2025-03-01T00:00:00Z", "tag": ["tender", "award"],
           "parties": [BUYER, supplier], "buyer": {"id": "B", "name": BUYER["name"]},
           "tender": {"id": "t", "title": "จัดซื้อเครื่องช่วยหายใจ", "procurementMethod": "open",
                      "value": {"amount": 2_300_000, "currency": "THB"}},
           "bids": {"details": [{"id": "b", "status": "valid", "tenderers": [{"id": "S", "name": supplier["name"]}],
                                 "value": {"amount": 2_295_000, "currency": "THB"}}]},
           "awards": [{"id": "a", "status": "active", "suppliers": [{"id": "S", "name": supplier["name"]}],
                       "value": {"amount": 2_295_000, "currency": "THB"}}],
           "contracts": [{"id": "c", "awardID": "a", "status": "active", "value": {"amount": 2_295_000, "currency": "THB"}}]}
    mdl = {**thb, "ocid": "ocds-th2-2", "tender": {**thb["tender"], "value": {"amount": 100, "currency": "MDL"}},
           "bids": {}, "awards": [], "contracts": []}
    _import_ocds(tmp_path, [thb, mdl])
    page = _text(client.get("/data/process/ocds-th2-1/").content.decode())
    assert "THB" not in page
    assert "2,300,000 บาท" in page and "2,295,000 บาท" in page
    assert "MDL" in _text(client.get("/data/process/ocds-th2-2/").content.decode())
    results = _text(client.get("/data/?q=เครื่องช่วยหายใจ").content.decode())
    assert "THB" not in results and "MDL" in results
    with translation.override("en"):
        english = _text(client.get("/data/process/ocds-th2-1/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "2,300,000" in english


def _timeline_lines(page: str) -> list[str]:
    timeline = page.split('<ol class="timeline">')[1].split("</ol>")[0]
    return [re.sub(r"\s+", " ", _text(li)).strip() for li in timeline.split("<li>")[1:]]


def test_real_publishers_process_pages_show_each_publication_and_each_supplier_once(
        client, shared_data: Path) -> None:  # type: ignore[no-untyped-def]
    root = shared_data / "ocds" / "real-examples"
    if not (root / "ukraine").is_dir() or not (root / "moldova").is_dir():
        pytest.skip("Ukraine and Moldova sample data not found")
    actions.import_ocds([root / "ukraine" / "sample", root / "moldova" / "sample"])
    from phalang.opendata.models import ContractingProcess

    repeated = []
    for ocid in ContractingProcess.objects.values_list("ocid", flat=True):
        lines = _timeline_lines(client.get(f"/data/process/{ocid}/").content.decode())
        if len(lines) != len(set(lines)):
            repeated.append((ocid, lines))
    assert not repeated, repeated[:3]
    page = client.get("/data/process/ocds-be6bcu-UA-2016-06-02-000468-c/").content.decode()
    bids = page.split('<section id="bids">')[1].split("</section>")[0]
    awards = page.split('<section id="awards">')[1].split("</section>")[0]
    assert _text(bids).count("ОКСИМЕД") == 1, _text(bids)
    assert _text(awards).count("ОКСИМЕД") == 1, _text(awards)


def test_r018_says_its_value_in_bidders_and_its_methods_in_thai(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with translation.override("th"):
        assert flag_value(1.0, "bidders") == "1 ราย"
    release = {"ocid": "ocds-th2-3", "id": "1", "date": "2025-03-01T00:00:00Z", "tag": ["tender"],
               "parties": [BUYER], "buyer": {"id": "B", "name": BUYER["name"]},
               "tender": {"id": "t", "title": "ขุดลอกคลอง", "procurementMethod": "open", "numberOfTenderers": 1}}
    _import_ocds(tmp_path, [release])
    page = _text(client.get("/data/process/ocds-th2-3/").content.decode())
    assert "R018" in page and "(1 ราย)" in page
    assert "open หรือ selective" not in page
    assert "ประกาศเชิญชวนทั่วไป หรือ คัดเลือกจากผู้ผ่านคุณสมบัติ" in page
