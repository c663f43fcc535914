"""Flags show their value with its unit (TH06: an amount in baht, TH09: days), and data-quality
notes show apart from red flags, in Thai."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phalang.opendata import actions

pytestmark = pytest.mark.django_db


def _purchase(ocid: str, day: str, amount: int, end: str = "2024-01-01T00:00:00Z") -> dict:
    return {
        "ocid": ocid, "id": "1", "date": day, "tag": ["award"],
        "parties": [{"id": "B", "name": "เทศบาลตำบลหนองบัว", "identifier": {"scheme": "XI-TEST", "id": "B"},
                     "roles": ["buyer"]},
                    {"id": "S", "name": "ห้างหุ้นส่วนจำกัด ก่อสร้างดี", "identifier": {"scheme": "XI-TEST", "id": "S"},
                     "roles": ["supplier"]}],
        "buyer": {"id": "B", "name": "เทศบาลตำบลหนองบัว"},
        "tender": {"id": "t", "title": f"ซื้อวัสดุก่อสร้าง {ocid}", "tenderPeriod": {"endDate": end},
                   "items": [{"id": "i", "classification": {"scheme": "UNSPSC", "id": "30111601"}}]},
        "awards": [{"id": "a", "status": "active", "date": day, "value": {"amount": amount, "currency": "THB"},
                    "suppliers": [{"id": "S", "name": "ห้างหุ้นส่วนจำกัด ก่อสร้างดี"}]}],
    }


def test_split_purchase_total_shows_in_baht_and_an_early_award_is_a_note(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    releases = [_purchase("ocds-unit-1", "2024-02-01T00:00:00Z", 480_000),
                _purchase("ocds-unit-2", "2024-02-20T00:00:00Z", 469_000),
                # Awarded 300 days before its own bid deadline: a dating error.
                _purchase("ocds-unit-3", "2023-03-08T00:00:00Z", 1_000_000, end="2024-01-02T00:00:00Z")]
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in releases) + "\n", encoding="utf-8")
    actions.import_ocds([path])
    page = client.get("/data/process/ocds-unit-1/").content.decode()
    flags = page[page.index('id="flags"'):page.index('id="timeline"')]
    assert "TH06" in flags and "(949,000 บาท)" in flags and "(949000)" not in flags  # THB in Thai on a Thai page (trial-od2)
    early = client.get("/data/process/ocds-unit-3/").content.decode()
    flags = early[early.index('id="flags"'):early.index('id="notes"')]
    assert "TH09" not in flags and "DQ01" not in flags
    notes = early[early.index('id="notes"'):]
    assert "DQ01" in notes and "หมายเหตุคุณภาพข้อมูล" in early and "300 วัน" in notes
