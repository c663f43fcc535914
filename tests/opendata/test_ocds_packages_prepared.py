"""Trial finding (issue 18, open data, no. 16): the OCDS release and record packages served
releases exactly as published, so a publisher's mistakes (an amount as text "1,250,000", awards
as one object, tag as a text, no initiationType) came out unchanged and the packages failed the
OCDS 1.1 schema; and a release imported twice with different content (a publisher's records/ and
releases/ folders) came out twice under the same ocid and id.

The packages now serve each release as the import's prepare step reads it, once per (ocid, id):
the copy with the latest ``date`` wins, and of copies with the same date the one stored last.
What the publisher's files said stays available at ``ocds/published``, every stored copy with
what prepare changed in it and whether it is the copy the packages serve."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from phalang.opendata import actions
from phalang.opendata.models import Release
from tests.opendata.ocds_schema import validator as schema_validator

pytestmark = pytest.mark.django_db

OCID = "ocds-th9999-6701"
BUYER = {"id": "TH-DOPA-6599901", "name": "องค์การบริหารส่วนตำบลทดสอบ"}


def _thai_package_with_mistakes() -> dict[str, Any]:
    """Our own package with the mistakes the trial found in a hand-made Thai package."""
    tender = {"ocid": OCID, "id": "6701-tender-1", "date": "2024-01-10T09:00:00+07:00", "tag": ["tender"],
              "initiationType": "tender", "buyer": BUYER, "parties": [dict(BUYER, roles=["buyer"])],
              "tender": {"id": "6701", "title": "ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 3",
                         "value": {"amount": "1,250,000", "currency": "THB"},
                         "tenderPeriod": {"startDate": "2024-01-10T09:00:00+07:00",
                                          "endDate": "2024-01-12T16:30:00+07:00"}}}
    award = {"ocid": OCID, "id": "6701-award-1", "date": "2024-02-01T09:00:00+07:00", "tag": "award",
             "buyer": BUYER,
             "parties": [dict(BUYER, roles=["buyer"]),
                         {"id": "TH-DBD-0505559009999",
                          "identifier": {"scheme": "TH-DBD", "id": "0505559009999",
                                         "legalName": "ห้างหุ้นส่วนจำกัด ทดสอบก่อสร้าง"},
                          "roles": ["supplier"]}],
             "awards": {"id": "6701-A1", "status": "active", "date": "2024-02-01T09:00:00+07:00",
                        "value": {"amount": "1,249,500.00", "currency": "THB"},
                        "suppliers": {"id": "TH-DBD-0505559009999", "name": "หจก. ทดสอบก่อสร้าง"}},
             "contracts": [{"id": "6701-C1", "awardID": "6701-A1", "status": "active",
                            "value": {"amount": "1,249,500", "currency": "THB"}}]}
    return {"uri": "https://example.go.th/ocds/6701.json", "version": "1.1",
            "publishedDate": "2024-03-15T10:00:00+07:00", "publisher": {"name": "อบต.ทดสอบ"},
            "releases": [tender, award]}


def _write(path: Path, body: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(body, ensure_ascii=False, indent=1).encode())
    return path


def _errors(name: str, package: dict[str, Any]) -> list[str]:
    return sorted(f"{list(e.absolute_path)}: {e.message[:120]}"
                  for e in schema_validator(name).iter_errors(package))


def test_release_and_record_packages_serve_releases_as_prepared_and_validate(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = actions.import_ocds([_write(tmp_path / "th.json", _thai_package_with_mistakes())], flags=False)
    assert not result.problems

    releases = client.get("/api/v1/data/ocds/releases").json()
    assert _errors("release-package-schema.json", releases) == []
    tender, award = releases["releases"]
    assert tender["tender"]["value"]["amount"] == 1_250_000
    assert award["tag"] == ["award"] and award["initiationType"] == "tender"
    assert isinstance(award["awards"], list) and award["awards"][0]["value"]["amount"] == 1_249_500
    assert award["awards"][0]["suppliers"] == [{"id": "TH-DBD-0505559009999", "name": "หจก. ทดสอบก่อสร้าง"}]
    assert award["contracts"][0]["value"]["amount"] == 1_249_500
    assert award["parties"][1]["name"] == "ห้างหุ้นส่วนจำกัด ทดสอบก่อสร้าง"

    records = client.get("/api/v1/data/ocds/records").json()
    assert _errors("record-package-schema.json", records) == []
    assert records["records"][0]["releases"] == releases["releases"]
    assert client.get("/api/v1/data/ocds/releases", {"ocid": OCID}).json()["releases"] == releases["releases"]


def test_the_publishers_original_stays_available_with_what_prepare_changed(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    package = _thai_package_with_mistakes()
    actions.import_ocds([_write(tmp_path / "th.json", package)], flags=False)
    body = client.get("/api/v1/data/ocds/published", {"ocid": OCID}).json()
    assert body["message_th"] and body["message_en"]
    copies = body["releases"]
    assert [c["release"] for c in copies] == package["releases"]  # as the file had them, key for key
    assert all(c["served"] for c in copies)
    award = copies[1]
    assert "awards: an object where a list belongs: read as a list of one" in award["fixes"]
    assert any(f.startswith("initiationType:") for f in award["fixes"])
    assert copies[0]["fixes"] == ["tender.value.amount: text read as a number ('1,250,000')"]


def _record_package(releases: list[dict[str, Any]]) -> dict[str, Any]:
    return {"uri": "https://example.org/records.json", "version": "1.1", "publishedDate": "2024-03-01T00:00:00Z",
            "publisher": {"name": "ทดสอบ"}, "records": [{"ocid": OCID, "releases": releases}]}


def _release_package(releases: list[dict[str, Any]]) -> dict[str, Any]:
    return {"uri": "https://example.org/releases.json", "version": "1.1", "publishedDate": "2024-03-01T00:00:00Z",
            "publisher": {"name": "ทดสอบ"}, "releases": releases}


def _copy(release: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return json.loads(json.dumps(release, ensure_ascii=False)) | changes


def test_a_release_imported_twice_with_different_content_is_served_once(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tender, award = _thai_package_with_mistakes()["releases"]
    # The publisher's records/ folder and releases/ folder hold the same two releases, as the
    # real Moldovan and Ukrainian samples do, with different content: another party id, and
    # the award release republished a month later under the same id (as Paraguay does).
    in_records = [_copy(tender, buyer={"id": "UA-EDR-1", "name": BUYER["name"]}), award]
    in_releases = [tender, _copy(award, date="2024-03-01T09:00:00+07:00")]
    actions.import_ocds([_write(tmp_path / "records" / "6701.json", _record_package(in_records)),
                         _write(tmp_path / "releases" / "6701.json", _release_package(in_releases))],
                        flags=False)
    assert Release.objects.filter(ocid=OCID, compiled=False).count() == 4

    served = client.get("/api/v1/data/ocds/releases", {"limit": 1})
    pages = [served.json()]
    while "links" in pages[-1]:
        pages.append(client.get(pages[-1]["links"]["next"]).json())
    releases = [r for p in pages for r in p["releases"]]
    assert [r["id"] for r in releases] == ["6701-tender-1", "6701-award-1"]
    for page in pages:
        assert _errors("release-package-schema.json", page) == []
    # Same date: the copy stored last (the releases/ folder's) wins; a later date wins over an earlier one.
    assert releases[0]["buyer"] == BUYER
    assert releases[1]["date"] == "2024-03-01T09:00:00+07:00"

    record = client.get("/api/v1/data/ocds/records").json()
    assert _errors("record-package-schema.json", record) == []
    assert record["records"][0]["releases"] == releases

    published = client.get("/api/v1/data/ocds/published", {"ocid": OCID}).json()["releases"]
    assert len(published) == 4
    assert sorted((c["id"], c["release"]["date"], c["served"]) for c in published) == [
        ("6701-award-1", "2024-02-01T09:00:00+07:00", False), ("6701-award-1", "2024-03-01T09:00:00+07:00", True),
        ("6701-tender-1", "2024-01-10T09:00:00+07:00", False), ("6701-tender-1", "2024-01-10T09:00:00+07:00", True)]


def test_a_later_copy_stored_earlier_still_wins(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tender = _thai_package_with_mistakes()["releases"][0]
    later = _copy(tender, date="2024-01-11T09:00:00+07:00")
    actions.import_ocds([_write(tmp_path / "a.json", _release_package([later]))], flags=False)
    actions.import_ocds([_write(tmp_path / "b.json", _release_package([tender]))], flags=False)
    assert [r["date"] for r in client.get("/api/v1/data/ocds/releases").json()["releases"]] == [
        "2024-01-11T09:00:00+07:00"]


@pytest.mark.parametrize("params", [{"after": "x"}, {"limit": "0"}, {"limit": "101"}])
def test_bad_paging_of_the_published_copies_is_a_422_in_thai_and_english(client, db, params: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/data/ocds/published", params)
    assert response.status_code == 422
    field = response.json()["fields"][0]
    assert field["field"] in params and field["message_th"] and field["message_en"]
