"""The upload field's label and the wrong-type error named different file types ("JPEG, PNG,
WebP, PDF" against "(JPEG, PNG, WebP, GIF)"): both now show the one list of the evidence engine."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from phalang.engines.evidence import ACCEPTED_NAMES


def test_label_and_error_name_the_same_types(client, gazetteer) -> None:  # type: ignore[no-untyped-def]
    form = client.get("/report/").content.decode()
    refused = client.post("/report/", {"category": "other", "anonymity": "anonymous",
                                       "description": "ถนนหน้าวัดเป็นหลุมลึก รถล้มบ่อย",
                                       "evidence": [SimpleUploadedFile("notes.txt", b"just text, not a photo")]},
                          REMOTE_ADDR="203.0.113.91").content.decode()
    assert "GIF" in ACCEPTED_NAMES and "PDF" in ACCEPTED_NAMES
    assert ACCEPTED_NAMES in form
    assert "รับเฉพาะไฟล์ " + ACCEPTED_NAMES in refused
