"""OCDS conventions in the API: release packages and record packages in keyset pages with
``links.next`` (no offset cap), and the whole data set as gzip-compressed JSON Lines, streamed;
each validated against the OCDS 1.1 schemas (tests/opendata/schema, copied from PyPI packages)."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from phalang.opendata import actions, packages
from phalang.opendata.models import ContractingProcess, ImportRun, Release
from tests.opendata.ocds_schema import validator as schema_validator

pytestmark = pytest.mark.django_db


def _release(ocid: str, n: int, tag: str, day: str, **parts: Any) -> dict[str, Any]:
    return {"ocid": ocid, "id": f"{ocid}-{n}", "date": f"{day}T00:00:00Z", "tag": [tag],
            "initiationType": "tender", **parts}


def _data(tmp_path: Path, processes: int = 3) -> None:
    releases = []
    for i in range(processes):
        ocid = f"ocds-pkgtest-{i}"
        buyer = {"id": "TH-DBD-0994000000000", "name": "เทศบาลตำบลทดสอบ"}
        releases.append(_release(ocid, 1, "tender", "2024-01-0" + str(1 + i % 9), buyer=buyer,
                                 parties=[dict(buyer, roles=["buyer"])],
                                 tender={"id": "t1", "title": f"ซ่อมแซมถนน สายที่ {i}", "status": "active",
                                         "value": {"amount": 100000.0 + i, "currency": "THB"}}))
        releases.append(_release(ocid, 2, "award", "2024-02-0" + str(1 + i % 9),
                                 awards=[{"id": "a1", "status": "active",
                                          "value": {"amount": 99000.0, "currency": "THB"},
                                          "suppliers": [{"id": "TH-DBD-0105551234567", "name": "บริษัท ก จำกัด"}]}]))
    path = tmp_path / "releases.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in releases) + "\n", encoding="utf-8")
    actions.import_ocds([path], flags=False)


def _walk(client, url: str) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        pages.append(response.json())
        url = pages[-1].get("links", {}).get("next", "")
        assert len(pages) < 50
    return pages


def test_release_packages_page_with_links_next_and_validate(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _data(tmp_path)
    pages = _walk(client, "/api/v1/data/ocds/releases?limit=4")
    assert [len(p["releases"]) for p in pages] == [4, 2]
    assert pages[0]["links"]["next"].startswith("http://testserver/api/v1/data/ocds/releases?after=")
    assert "links" not in pages[-1]
    ids = [r["id"] for p in pages for r in p["releases"]]
    assert len(ids) == len(set(ids)) == 6
    validator = schema_validator("release-package-schema.json")
    for page in pages:
        assert page["uri"] and page["publishedDate"] and page["version"] == "1.1"
        assert not sorted(validator.iter_errors(page), key=str), page


def test_record_packages_hold_every_release_and_the_compiled_release(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _data(tmp_path)
    pages = _walk(client, "/api/v1/data/ocds/records?limit=2")
    assert [len(p["records"]) for p in pages] == [2, 1]
    validator = schema_validator("record-package-schema.json")
    for page in pages:
        assert not sorted(validator.iter_errors(page), key=str), page
    record = pages[0]["records"][0]
    assert [r["tag"] for r in record["releases"]] == [["tender"], ["award"]]
    assert record["compiledRelease"]["awards"][0]["id"] == "a1"


def test_record_packages_list_the_release_packages_they_were_built_from(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _data(tmp_path)
    page = client.get("/api/v1/data/ocds/records?limit=2").json()
    assert page["packages"] == [f"http://testserver/api/v1/data/ocds/releases?ocid=ocds-pkgtest-{i}" for i in (0, 1)]
    for uri, record in zip(page["packages"], page["records"], strict=True):
        package = client.get(uri).json()
        assert package["releases"] == record["releases"]
        assert not sorted(schema_validator("release-package-schema.json").iter_errors(package), key=str)
    # Paging a process's release package keeps the filter in links.next.
    first = client.get("/api/v1/data/ocds/releases", {"ocid": "ocds-pkgtest-2", "limit": 1}).json()
    assert "ocid=ocds-pkgtest-2" in first["links"]["next"]
    assert [r["ocid"] for r in client.get(first["links"]["next"]).json()["releases"]] == ["ocds-pkgtest-2"]


def test_published_date_is_when_the_data_last_changed_not_when_it_was_asked(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _data(tmp_path, processes=1)
    stored = Release.objects.update(imported_at=datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC))
    assert stored == 2
    ImportRun.objects.update(started_at=datetime(2025, 3, 4, 5, 6, 8, tzinfo=UTC))
    assert client.get("/api/v1/data/ocds/releases").json()["publishedDate"] == "2025-03-04T05:06:07Z"
    assert client.get("/api/v1/data/ocds/records").json()["publishedDate"] == "2025-03-04T05:06:07Z"
    response = client.get("/data/", {"q": "ถนน", "format": "json"})
    export = json.loads(b"".join(response.streaming_content))
    assert export["publishedDate"] == "2025-03-04T05:06:08Z"
    assert export["uri"] == "http://testserver/data/?q=%E0%B8%96%E0%B8%99%E0%B8%99&format=json"


def test_keyset_pages_have_no_offset_cap(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _data(tmp_path, processes=2)
    last = ContractingProcess.objects.order_by("-pk").first()
    assert last is not None
    # A cursor far past any offset cap answers (an empty page), not a refusal.
    body = client.get("/api/v1/data/ocds/records", {"after": 10**12}).json()
    assert body["records"] == [] and "links" not in body
    body = client.get("/api/v1/data/ocds/records", {"after": last.pk - 1}).json()
    assert [r["ocid"] for r in body["records"]] == [last.ocid]


@pytest.mark.parametrize("params", [{"after": "-1"}, {"after": "x"}, {"limit": "0"}, {"limit": "101"}])
def test_bad_paging_is_a_422_in_thai_and_english(client, db, params: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/data/ocds/releases", params)
    assert response.status_code == 422
    field = response.json()["fields"][0]
    assert field["field"] in params and field["message_th"] and field["message_en"]


def test_bulk_download_is_gzipped_json_lines_of_every_compiled_release(client, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    _data(tmp_path, processes=5)
    monkeypatch.setattr(packages, "BULK_CHUNK", 2)  # several chunks: streamed, not built whole
    response = client.get("/api/v1/data/ocds/bulk.jsonl.gz")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/gzip"
    parts = list(response.streaming_content)
    assert len(parts) > 2
    lines = gzip.decompress(b"".join(parts)).decode("utf-8").splitlines()
    releases = [json.loads(line) for line in lines]
    assert sorted(r["ocid"] for r in releases) == [f"ocds-pkgtest-{i}" for i in range(5)]
    validator = schema_validator("release-package-schema.json")
    package = {"uri": "http://testserver/api/v1/data/ocds/bulk.jsonl.gz", "version": "1.1",
               "publishedDate": "2026-01-01T00:00:00Z", "publisher": {"name": "Phalang"}, "releases": releases}
    assert not sorted(validator.iter_errors(package), key=str)
