"""An organisation's page draws who wins from whom (SVG, with a table beside it), names the
suppliers that keep winning from one buyer and the co-bidders that never beat each other; the
risk page ranks buyers and suppliers by the open composite score."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from phalang.opendata import actions
from phalang.opendata.models import Entity

pytestmark = pytest.mark.django_db

BUYER = {"id": "B", "name": "เทศบาลตำบลบ้านทดสอบ", "identifier": {"scheme": "XI-TEST", "id": "B"}}


def _party(key: str, name: str, roles: list[str]) -> dict[str, Any]:
    return {"id": key, "name": name, "identifier": {"scheme": "XI-TEST", "id": key}, "roles": roles}


def _process(n: int, winner: str, bidders: list[str], amount: float, reference: float) -> dict[str, Any]:
    names = {"W": "บริษัท ผู้ชนะประจำ จำกัด", "C1": "หจก. คู่เทียบหนึ่ง", "C2": "หจก. คู่เทียบสอง", "X": "บริษัท อื่น จำกัด"}
    parties = [dict(BUYER, roles=["buyer"])] + [_party(b, names[b], ["tenderer"] + (["supplier"] if b == winner else []))
                                                for b in bidders]
    return {"ocid": f"ocds-who-{n}", "id": "1", "date": f"2024-0{1 + n % 9}-01T00:00:00Z", "tag": ["award"],
            "parties": parties, "buyer": {"id": "B", "name": BUYER["name"]},
            "tender": {"id": "t", "title": f"ซ่อมแซมถนน สายที่ {n}", "procurementMethod": "open",
                       "numberOfTenderers": len(bidders), "value": {"amount": reference, "currency": "THB"}},
            "bids": {"details": [{"id": b, "status": "valid", "tenderers": [{"id": b}],
                                  "value": {"amount": amount + (0 if b == winner else 1000), "currency": "THB"}}
                                 for b in bidders]},
            "awards": [{"id": "a", "status": "active", "value": {"amount": amount, "currency": "THB"},
                        "suppliers": [{"id": winner}]}]}


@pytest.fixture
def data(tmp_path: Path) -> None:
    # W wins 4 of the buyer's 5 processes, always against C1 and C2, which never win.
    releases = [_process(n, "W", ["W", "C1", "C2"], 99_500.0, 100_000.0) for n in range(1, 5)]
    releases.append(_process(5, "X", ["X", "C1"], 50_000.0, 80_000.0))
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in releases) + "\n", encoding="utf-8")
    actions.import_ocds([path])


def test_the_buyer_page_draws_its_network_and_names_the_repeat_winner(client, data) -> None:  # type: ignore[no-untyped-def]
    buyer = Entity.objects.get(scheme="XI-TEST", identifier="B")
    page = client.get(f"/data/entity/{buyer.pk}/").content.decode()
    network = page[page.index('id="network"'):page.index('id="counterparts"')]
    assert network.count('class="net-node supplier"') >= 2 and 'class="net-edge supplier"' in network
    table = network[network.index("<table"):network.index("</table>")]
    assert "บริษัท ผู้ชนะประจำ จำกัด" in table  # the full name beside the drawing's short label
    repeat = network[network.index("Suppliers that keep winning") if "Suppliers that keep winning" in network
                     else network.index("ผู้ขายที่ชนะ"):]
    assert "บริษัท ผู้ชนะประจำ จำกัด" in repeat and ("4" in repeat and "5" in repeat)
    assert "style=" not in network  # the CSP blocks inline styles: sizes are SVG attributes


def test_a_cover_bidder_page_names_the_co_bidder_it_never_beat(client, data) -> None:  # type: ignore[no-untyped-def]
    c1 = Entity.objects.get(scheme="XI-TEST", identifier="C1")
    page = client.get(f"/data/entity/{c1.pk}/").content.decode()
    section = page[page.index('id="network"'):page.index('id="counterparts"')]
    never = section[section.rindex("<h3>"):]
    assert "หจก. คู่เทียบสอง" in never and "บริษัท ผู้ชนะประจำ จำกัด" not in never


def test_the_risk_page_ranks_buyers_and_suppliers_with_the_formula_shown(client, data) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/data/risk/").content.decode()  # Thai first
    assert "คะแนน = สัดส่วนโครงการของหน่วยงานที่มีธงแดงอย่างน้อยหนึ่งข้อ บวก 0.1" in page
    buyers = page[page.index('id="risk-buyers"'):page.index('id="risk-suppliers"')]
    assert "เทศบาลตำบลบ้านทดสอบ" in buyers and "/ 5" in buyers
