"""A citizen files a report through the web form and gets a receipt; bad input saves nothing."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile

from phalang.audit.models import AuditEntry
from phalang.watch import vault
from phalang.watch.models import Evidence, Report
from tests.watch.helpers import has_gps, jpeg_with_gps

RECEIPT = re.compile(r"\d{4}-\d{4}-\d{4}-\d{4}-\d{4}")


def _form(**extra):  # type: ignore[no-untyped-def]
    data = {"category": "corruption", "description": "ผู้รับเหมาเทปูนบางกว่าแบบที่กำหนดไว้มาก",
            "province": "", "place_text": "ต.บางพลีใหญ่ อ.บางพลี จ.สมุทรปราการ", "anonymity": "anonymous"}
    data.update(extra)
    return data


def test_form_page_in_thai_works_without_javascript(client, gazetteer) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/report/").content.decode()
    assert "การทุจริต" in html and 'name="description"' in html
    assert 'enctype="multipart/form-data"' in html


def test_anonymous_report_gives_a_receipt_and_keeps_no_identity(client, gazetteer) -> None:  # type: ignore[no-untyped-def]
    resp = client.post("/report/", _form(contact="0812345678"), REMOTE_ADDR="203.0.113.9", follow=True,
                       HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 10; SM-A105F)")
    assert resp.status_code == 200
    assert "no-store" in resp["Cache-Control"]
    receipt = RECEIPT.search(resp.content.decode()).group(0)
    report = Report.objects.get()
    assert report.subdistrict.name_th == "บางพลีใหญ่" and report.province.name_th == "สมุทรปราการ"
    assert report.contact_enc == ""  # anonymous: a typed contact is dropped
    # Only a keyed hash of the receipt is stored, and nothing anywhere holds the IP or the device.
    assert receipt.replace("-", "") not in report.receipt_hash
    dump = repr(list(Report.objects.values())) + repr(list(AuditEntry.objects.values()))
    assert "203.0.113.9" not in dump and "Android" not in dump and receipt.replace("-", "") not in dump


def test_missing_fields_get_thai_errors_and_nothing_is_saved(client, gazetteer) -> None:  # type: ignore[no-untyped-def]
    resp = client.post("/report/", _form(description="สั้น", anonymity="confidential"))
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "อย่างน้อย 10 ตัวอักษร" in html and "ช่องทางติดต่อ" in html
    assert Report.objects.count() == 0 and AuditEntry.objects.filter(action="report.file").count() == 0


def test_photo_with_gps_is_stored_encrypted_and_its_public_copy_is_clean(client, gazetteer) -> None:  # type: ignore[no-untyped-def]
    photo = jpeg_with_gps()
    assert has_gps(photo)
    upload = SimpleUploadedFile("IMG_20261120_GPS.jpg", photo, content_type="image/jpeg")
    resp = client.post("/report/", {**_form(), "evidence": [upload]}, follow=True)
    assert RECEIPT.search(resp.content.decode())
    ev = Evidence.objects.get()
    with ev.original.open("rb") as fh:
        stored = fh.read()
    assert not stored.startswith(b"\xff\xd8")  # encrypted at rest
    assert "IMG_20261120" not in ev.original.name  # the uploader's file name is not kept
    assert vault.read_original(ev) == photo
    import hashlib

    assert ev.sha256 == hashlib.sha256(photo).hexdigest()
    public = vault.read_public(ev)
    assert public.startswith(b"\xff\xd8") and not has_gps(public)


def test_disguised_file_is_refused_and_nothing_is_saved(client, gazetteer) -> None:  # type: ignore[no-untyped-def]
    fake = SimpleUploadedFile("photo.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg")
    resp = client.post("/report/", {**_form(), "evidence": [fake]})
    html = resp.content.decode()
    assert "ไฟล์ที่ 1" in html
    assert Report.objects.count() == 0 and Evidence.objects.count() == 0


def test_too_many_files_are_refused(client, gazetteer, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PHALANG = {**settings.PHALANG, "EVIDENCE_MAX_FILES": 2}
    files = [SimpleUploadedFile(f"p{i}.jpg", jpeg_with_gps(), content_type="image/jpeg") for i in range(3)]
    resp = client.post("/report/", {**_form(), "evidence": files})
    assert "ไม่เกิน 2 ไฟล์" in resp.content.decode()
    assert Report.objects.count() == 0
