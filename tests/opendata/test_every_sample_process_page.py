"""Every process page renders for every publisher in the public OCDS sample data
(``../shared/data/ocds/real-examples``: Armenia, Canada, Mexico, Moldova, Paraguay, Ukraine), and
so does every organisation page they link to. Skips when the sample data is absent."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from phalang.opendata import actions
from phalang.opendata.models import ContractingProcess, Entity

pytestmark = pytest.mark.django_db


def test_every_process_and_organisation_page_of_every_publisher_answers(shared_data: Path, client) -> None:  # type: ignore[no-untyped-def]
    root = shared_data / "ocds" / "real-examples"
    if not root.is_dir():
        pytest.skip(f"public OCDS sample data not found at {root}")
    actions.import_ocds([root])  # with red flags, as a real import does
    publishers = {path.relative_to(root).parts[0] for path in root.rglob("*.json")}
    assert publishers == {"armenia", "canada", "mexico", "moldova", "paraguay", "ukraine"}
    failed: list[tuple[str, int]] = []
    pages = Counter[str]()
    for ocid in ContractingProcess.objects.values_list("ocid", flat=True):
        response = client.get(f"/data/process/{ocid}/")
        pages[ocid.split("-")[0]] += 1
        if response.status_code != 200 or b"</html>" not in response.content:
            failed.append((ocid, response.status_code))
    for pk in Entity.objects.values_list("pk", flat=True):
        response = client.get(f"/data/entity/{pk}/")
        if response.status_code != 200:
            failed.append((f"entity {pk}", response.status_code))
    assert not failed, failed[:20]
    assert sum(pages.values()) == ContractingProcess.objects.count() == 535


def test_a_supplier_or_tenderer_without_an_id_does_not_break_the_page(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # As Ukraine's sample publishes some awards: the supplier has a name and identifier, no id.
    release = {"ocid": "ocds-noid-1", "id": "1", "date": "2024-01-01T00:00:00Z", "tag": ["award"],
               "tender": {"id": "t", "title": "ซ่อมแซมอาคาร"},
               "bids": {"details": [{"id": "b1", "status": "valid",
                                     "tenderers": [{"identifier": {"legalName": "ห้างหุ้นส่วน ข"}}]}]},
               "awards": [{"id": "a1", "status": "active",
                           "suppliers": [{"name": "บริษัท ก จำกัด", "identifier": {"scheme": "UA-EDR", "id": "1"}}]}]}
    path = tmp_path / "r.json"
    path.write_text(json.dumps(release, ensure_ascii=False), encoding="utf-8")
    actions.import_ocds([path], flags=False)
    response = client.get("/data/process/ocds-noid-1/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "บริษัท ก จำกัด" in page and "ห้างหุ้นส่วน ข" in page
