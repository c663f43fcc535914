"""The admin upload page: real files import; broken or disguised files get a Thai error and leave
nothing half-saved."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import orjson
import pytest

from phalang.opendata.models import (
    BudgetProject,
    ContractingProcess,
    Entity,
    ImportRun,
    ProcessParty,
    Release,
)

pytestmark = pytest.mark.django_db

NOTHING_IMPORTED_TH = "ไม่ได้นำเข้าข้อมูลใดเลย"
FINISHED_TH = "นำเข้าเสร็จแล้ว"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


@pytest.fixture
def staff(make_user, make_org, verified_client):  # type: ignore[no-untyped-def]
    return verified_client(make_user("od-uploader", org=make_org("od-upload-org"), role="admin"))


def upload(staff, kind: str, *files: tuple[str, bytes]):  # type: ignore[no-untyped-def]
    handles = []
    for name, data in files:
        handle = io.BytesIO(data)
        handle.name = name
        handles.append(handle)
    return staff.post("/data/upload/", {"kind": kind, "files": handles})


def nothing_stored() -> bool:
    return not (Release.objects.exists() or ContractingProcess.objects.exists() or Entity.objects.exists()
                or ProcessParty.objects.exists() or BudgetProject.objects.exists())


def real_record_package(shared_data: Path) -> tuple[bytes, set[str]]:
    for path in sorted((shared_data / "ocds" / "real-examples" / "paraguay" / "sample" / "records").glob("*.json")):
        try:
            package = orjson.loads(path.read_bytes())
        except orjson.JSONDecodeError:
            continue
        if package.get("records") and path.stat().st_size > 10_000:
            return path.read_bytes(), {r["ocid"] for r in package["records"]}
    pytest.skip("no Paraguay record package in the real examples")


def test_a_real_package_imports_with_a_thai_confirmation(staff, shared_data: Path) -> None:  # type: ignore[no-untyped-def]
    data, ocids = real_record_package(shared_data)
    resp = upload(staff, "ocds", ("paraguay.json", data))
    html = resp.content.decode()
    assert resp.status_code == 200 and FINISHED_TH in html and NOTHING_IMPORTED_TH not in html
    assert set(ContractingProcess.objects.values_list("ocid", flat=True)) == ocids
    run = ImportRun.objects.get()
    assert run.sources == ["paraguay.json"] and run.added > 0 and run.errors == []


def test_disguised_and_broken_files_get_a_thai_error_and_nothing_is_saved(staff, shared_data: Path) -> None:  # type: ignore[no-untyped-def]
    data, _ocids = real_record_package(shared_data)
    resp = upload(
        staff, "ocds",
        ("contracts.json", PNG),  # an image renamed
        ("feed.jsonl.gz", b"PK\x03\x04" + bytes(200)),  # a zip archive named as gzip
        ("cut.json.gz", gzip.compress(data)[:-200]),  # a real package, its gzip stream cut short
        ("half.json", data[: len(data) // 2]),  # a real package cut in the middle
    )
    html = resp.content.decode()
    assert resp.status_code == 422
    assert NOTHING_IMPORTED_TH in html and FINISHED_TH not in html
    for name in ("contracts.json", "feed.jsonl.gz", "cut.json.gz", "half.json"):
        assert name in html  # each broken file is named in the list of what was skipped
    assert nothing_stored()
    run = ImportRun.objects.get()
    assert run.added == 0 and len(run.errors) == 4


def test_broken_lines_are_skipped_and_the_rest_imports(staff) -> None:  # type: ignore[no-untyped-def]
    def line(ocid: str, title: str) -> str:
        return json.dumps({"ocid": ocid, "id": "1", "date": "2024-01-01T00:00:00Z", "tag": ["tender"],
                           "parties": [], "tender": {"id": "t", "title": title}})

    text = "\n".join([line("ocds-up-1", "ok"), "{broken", line("ocds-up-2", "nul \u0000 inside"),
                      line("ocds-" + "y" * 300, "an ocid too long to store")]) + "\n"
    resp = upload(staff, "ocds", ("mixed.jsonl", text.encode()))
    html = resp.content.decode()
    assert resp.status_code == 200 and FINISHED_TH in html
    assert "mixed.jsonl:2" in html and "mixed.jsonl:3" in html and "mixed.jsonl:4" in html
    # Each reason in Thai (the technical detail may follow in English).
    assert "mixed.jsonl:2: ไม่ใช่ JSON ที่ถูกต้อง" in html
    assert "mixed.jsonl:3: บันทึกลงฐานข้อมูลไม่ได้" in html
    assert "mixed.jsonl:4: ocid ยาวเกิน 200 ตัวอักษร" in html
    assert list(ContractingProcess.objects.values_list("ocid", flat=True)) == ["ocds-up-1"]
    assert Release.objects.count() == 1


def test_budget_upload_real_lines_and_a_disguised_file(staff, shared_data: Path) -> None:  # type: ignore[no-untyped-def]
    resp = upload(staff, "budget", ("budget.jsonl", b"bb_year,amount,name\n2560,100,x\n"), ("scan.jsonl", PNG))
    assert resp.status_code == 422 and NOTHING_IMPORTED_TH in resp.content.decode()
    assert nothing_stored()

    with open(shared_data / "thai-budget" / "2560.jsonl", "rb") as fh:
        lines = [fh.readline() for _ in range(20)]
    resp = upload(staff, "budget", ("2560-part.jsonl", b"".join(lines)))
    assert resp.status_code == 200 and FINISHED_TH in resp.content.decode()
    assert BudgetProject.objects.count() == sum(1 for line in lines if line.strip())
