"""Explorer pages, exports, API validation, linked reports, upload permission, demo seeding."""

from __future__ import annotations

import json

import pytest

from phalang.opendata.models import BudgetProject, ContractingProcess, Flag

pytestmark = pytest.mark.django_db


def test_search_finds_thai_words_inside_compounds_and_filters(client, demo_data) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/data/", {"q": "อาคารเรียน"}).content.decode()
    assert "ก่อสร้างอาคารเรียน 4 ชั้น" in page and "ซ่อมแซมถนน" not in page
    # Buddhist-era year 2567 is 2024; Chiang Rai's budget line is not in Samut Prakan.
    api = client.get("/api/v1/data/search", {"q": "อาคารเรียน", "year": "2567", "province": "สมุทรปราการ"}).json()
    assert [b["province"] for b in api["budget_projects"]["results"]] == ["สมุทรปราการ"]
    assert {p["ocid"] for p in api["processes"]["results"]} == {"ocds-demo00-0001"}
    flagged = client.get("/api/v1/data/search", {"flag": "TH05"}).json()
    assert {p["ocid"] for p in flagged["processes"]["results"]} == {"ocds-demo00-0002", "ocds-demo00-0003"}


def test_bad_input_gets_422_in_thai_and_english(client, db) -> None:  # type: ignore[no-untyped-def]
    resp = client.get("/api/v1/data/search", {"year": "abc", "flag": "ZZ9", "min_value": "-1"})
    assert resp.status_code == 422
    fields = {f["field"]: f for f in resp.json()["fields"]}
    assert set(fields) == {"year", "flag", "min_value"}
    assert fields["year"]["message_th"] and fields["year"]["message_en"]
    assert client.get("/data/", {"year": "abc"}).status_code == 422


def test_process_page_shows_flags_with_why_they_matter_and_only_published_reports(client, demo_data) -> None:  # type: ignore[no-untyped-def]
    from phalang.engines.redflags import RULES
    from phalang.watch.models import Category, Report

    process = ContractingProcess.objects.get(ocid="ocds-demo00-0002")
    assert Flag.objects.filter(process=process, code="TH05").exists()
    category = Category.objects.create(slug="od-test", name_th="ทดสอบ", name_en="Test")
    common = {"category": category, "related_project": process.ocid, "anonymity": "anonymous", "channel": "web"}
    Report.objects.create(receipt_hash="a" * 64, description="SECRET private words", public_text="ถนนพังเร็ว",
                          status="verified", published=True, **common)
    Report.objects.create(receipt_hash="b" * 64, description="x", public_text="ยังไม่เผยแพร่",
                          status="screening", published=False, **common)
    html = client.get(f"/data/process/{process.ocid}/").content.decode()
    assert RULES["TH05"].why_th in html
    assert "ถนนพังเร็ว" in html and "ยังไม่เผยแพร่" not in html and "SECRET" not in html
    compiled = client.get(f"/data/process/{process.ocid}/", {"format": "json"}).json()
    assert compiled["ocid"] == process.ocid and compiled["tag"] == ["compiled"]


def test_entity_and_budget_pages_and_exports(client, demo_data) -> None:  # type: ignore[no-untyped-def]
    supplier = ContractingProcess.objects.get(ocid="ocds-demo00-0001").roles.get(role="supplier").entity
    assert supplier.scheme == "TH-DBD" and len(supplier.identifier) == 13
    html = client.get(f"/data/entity/{supplier.pk}/").content.decode()
    assert "co-bidders" in html.lower() or "ผู้เสนอราคาร่วม" in html
    assert "[ตัวอย่าง] ห้างหุ้นส่วนจำกัด รุ่งเรืองวัสดุ" in html  # bid against it in two processes
    budget = BudgetProject.objects.get(bb_code="DEMO0000000000001")
    assert budget.subdistrict is not None and budget.subdistrict.name_th == "บางพลีใหญ่"
    assert client.get(f"/data/budget/{budget.pk}/").status_code == 200
    csv_text = client.get("/data/", {"q": "อาคารเรียน", "format": "csv"}).content.decode("utf-8-sig")
    assert "ocds-demo00-0001" in csv_text and "DEMO0000000000001" in csv_text
    package = json.loads(b"".join(client.get("/data/", {"q": "อาคารเรียน", "format": "json"}).streaming_content))
    assert {r["ocid"] for r in package["releases"]} == {"ocds-demo00-0001", "ocds-demo00-0005"}


def test_upload_needs_the_opendata_manage_permission(client, verified_client, make_user, make_org, tmp_path) -> None:  # type: ignore[no-untyped-def]
    volunteer = make_user("vol", org=make_org("od-org"), role="volunteer")
    client.force_login(volunteer)
    assert client.get("/data/upload/").status_code == 403
    client.logout()
    admin = make_user("odadmin", org=make_org("od-org2"), role="admin")
    staff = verified_client(admin)
    line = json.dumps({"ocid": "ocds-up-1", "id": "1", "date": "2024-01-01T00:00:00Z", "tag": ["tender"],
                       "parties": [], "tender": {"id": "t", "title": "uploaded"}})
    path = tmp_path / "u.jsonl"
    path.write_text(line + "\n{broken\n")
    with open(path, "rb") as fh:
        html = staff.post("/data/upload/", {"kind": "ocds", "files": fh}).content.decode()
    assert ContractingProcess.objects.filter(ocid="ocds-up-1", title="uploaded").exists()
    assert "u.jsonl:2" in html


def test_demo_seed_is_idempotent(db) -> None:  # type: ignore[no-untyped-def]
    from phalang.opendata.demo import seed

    seed()
    counts = (ContractingProcess.objects.count(), BudgetProject.objects.count(), Flag.objects.count())
    seed()
    assert (ContractingProcess.objects.count(), BudgetProject.objects.count(), Flag.objects.count()) == counts
    assert all("[ตัวอย่าง]" in name for name in BudgetProject.objects.values_list("name", flat=True))
