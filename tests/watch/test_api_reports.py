"""The JSON API files reports, answers status by receipt (POST only), and refuses bad input."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from phalang.watch.models import Evidence, Report
from tests.watch.helpers import jpeg_with_gps

GOOD = {"category": "public_service", "description": "ไฟถนนดับทั้งซอยมาสองสัปดาห์แล้ว",
        "province": "เชียงราย", "anonymity": "confidential", "contact": "line: somchai99"}


def post(client, path, body, **kw):  # type: ignore[no-untyped-def]
    return client.post(path, json.dumps(body), content_type="application/json", **kw)


def test_file_and_follow_a_report(client, gazetteer) -> None:  # type: ignore[no-untyped-def]
    resp = post(client, "/api/v1/reports", GOOD)
    assert resp.status_code == 201, resp.content
    body = resp.json()
    assert body["status"] == "received" and len(body["receipt"]) == 24
    report = Report.objects.get()
    assert report.province.name_th == "เชียงราย" and report.channel == "api"
    assert "somchai99" not in report.contact_enc  # encrypted at rest
    status = post(client, "/api/v1/reports/status", {"receipt": body["receipt"].replace("-", " ")})
    assert status.status_code == 200
    view = status.json()
    assert view["status"] == "received" and view["timeline"][0]["status"] == "received"


def test_status_is_post_only_so_receipts_stay_out_of_urls(client, db) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/v1/reports/status", {"receipt": "1234"}).status_code == 405


def test_malformed_json_is_400_and_saves_nothing(client, db) -> None:  # type: ignore[no-untyped-def]
    resp = client.post("/api/v1/reports", b"{not json", content_type="application/json")
    assert resp.status_code == 400 and resp.json()["message_th"]
    assert Report.objects.count() == 0


def test_invalid_fields_are_422_in_thai_and_english(client, gazetteer) -> None:  # type: ignore[no-untyped-def]
    resp = post(client, "/api/v1/reports", {**GOOD, "category": "nope", "lat": 48.85, "lon": 2.35})
    assert resp.status_code == 422
    fields = {f["field"]: f for f in resp.json()["fields"]}
    assert set(fields) == {"category", "lat"}
    assert fields["lat"]["message_th"] == "พิกัดอยู่นอกประเทศไทย"
    assert fields["category"]["message_en"] == "Choose a category."
    unknown = post(client, "/api/v1/reports", {**GOOD, "ip_address": "1.2.3.4"})
    assert unknown.status_code == 422
    wrong_type = post(client, "/api/v1/reports", {**GOOD, "lat": "north"})
    assert wrong_type.status_code == 422 and wrong_type.json()["fields"][0]["field"] == "lat"
    assert Report.objects.count() == 0


def test_multipart_with_evidence(client, gazetteer) -> None:  # type: ignore[no-untyped-def]
    data = {**GOOD, "files": [SimpleUploadedFile("a.jpg", jpeg_with_gps(), "image/jpeg")]}
    resp = client.post("/api/v1/reports", data)
    assert resp.status_code == 201 and resp.json()["evidence"] == 1
    bad = client.post("/api/v1/reports", {**GOOD, "files": [SimpleUploadedFile("x.pdf", b"MZ\x90\x00", "application/pdf")]})
    assert bad.status_code == 422 and bad.json()["fields"][0]["field"] == "files"
    assert Report.objects.count() == 1 and Evidence.objects.count() == 1


def test_add_information_by_receipt(client, gazetteer) -> None:  # type: ignore[no-untyped-def]
    receipt = post(client, "/api/v1/reports", GOOD).json()["receipt"]
    added = post(client, "/api/v1/reports/messages", {"receipt": receipt, "message": "เพิ่มเติม: เกิดซ้ำทุกคืน"})
    assert added.status_code == 201
    view = post(client, "/api/v1/reports/status", {"receipt": receipt}).json()
    assert view["messages"][-1] == {**view["messages"][-1], "from": "reporter", "text": "เพิ่มเติม: เกิดซ้ำทุกคืน"}


def test_receipt_guessing_is_throttled(client, gazetteer) -> None:  # type: ignore[no-untyped-def]
    receipt = post(client, "/api/v1/reports", GOOD).json()["receipt"]
    for i in range(10):
        assert post(client, "/api/v1/reports/status", {"receipt": f"{i:020d}"}).status_code == 404
    # Even the right receipt is refused from this client for a while.
    assert post(client, "/api/v1/reports/status", {"receipt": receipt}).status_code == 429
    # Another client is unaffected.
    assert post(client, "/api/v1/reports/status", {"receipt": receipt}, REMOTE_ADDR="198.51.100.7").status_code == 200


def test_openapi_documents_the_report_endpoints(client, db) -> None:  # type: ignore[no-untyped-def]
    from openapi_spec_validator import validate

    spec = client.get("/api/v1/openapi.json").json()
    validate(spec)
    body = spec["paths"]["/api/v1/reports"]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data"} <= set(body)
