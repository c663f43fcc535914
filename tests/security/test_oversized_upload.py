"""Audit item 11: a 100 MB upload was read whole before it was refused. A request is now refused
on its declared length, before a byte of its body is read."""

from __future__ import annotations

import pytest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from phalang.watch.models import Report

HUNDRED_MB = str(100 * 1024 * 1024)


@pytest.mark.parametrize("url", ["/report/", "/api/v1/reports", "/status/", "/aid/"])
def test_declared_length_is_refused_unread(client, db, url) -> None:  # type: ignore[no-untyped-def]
    # The body holds a few bytes; it claims 100 MB. Reading it (as Django's multipart parser
    # would) fails the test client's FakePayload, so a 413 proves nothing was read.
    body = encode_multipart(BOUNDARY, {"category": "other", "description": "ถนนหน้าวัดเป็นหลุม"})
    resp = client.generic("POST", url, body, content_type=MULTIPART_CONTENT, CONTENT_LENGTH=HUNDRED_MB)
    assert resp.status_code == 413
    text = resp.content.decode()
    assert "MB" in text and any("\u0e00" <= ch <= "\u0e7f" for ch in text)  # Thai and English
    if not url.startswith("/api/"):
        assert "site.css" in text and "<title>413</title>" not in text  # the site's styled error page
    assert not Report.objects.exists()
