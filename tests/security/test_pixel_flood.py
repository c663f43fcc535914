"""Audit item 11: ten 39-megapixel PNGs in one 378 KB request cost 6 s of CPU. Image decoding
now has a pixel budget per request: headers are checked against what is left of it before
anything is decoded, and the request is refused with a clear message."""

from __future__ import annotations

import io

from django.conf import settings
from PIL import Image

from phalang.watch.models import Evidence, Report


def flat_png(side: int = 6245) -> bytes:
    """A 39-megapixel one-colour PNG: a few tens of KB on the wire."""
    buf = io.BytesIO()
    Image.new("1", (side, side)).save(buf, "PNG", optimize=True)
    return buf.getvalue()


def test_ten_huge_pngs_in_one_request_are_refused(client, gazetteer) -> None:  # type: ignore[no-untyped-def]
    png = flat_png()
    budget = settings.PHALANG["EVIDENCE_PIXEL_BUDGET_MP"] * 1_000_000
    fits = budget // (6245 * 6245)
    files = [io.BytesIO(png) for _ in range(10)]
    for i, f in enumerate(files):
        f.name = f"scan-{i}.png"
    resp = client.post("/api/v1/reports", {"category": "other", "description": "เอกสารสแกนหลายหน้า",
                                           "files": files})
    assert resp.status_code == 422, resp.content[:300]
    body = resp.json()
    message = " ".join(f.get("message_en", "") for f in body.get("fields", [])) + body["message_en"]
    assert "too large together" in message and f"File {fits + 1}" in message
    assert not Report.objects.exists() and not Evidence.objects.exists()


def test_a_few_large_photos_still_fit(client, gazetteer) -> None:  # type: ignore[no-untyped-def]
    png = flat_png(3000)  # 9 MP, a phone photo
    files = [io.BytesIO(png) for _ in range(3)]
    for i, f in enumerate(files):
        f.name = f"photo-{i}.png"
    resp = client.post("/api/v1/reports", {"category": "other", "description": "รูปถ่ายถนนที่พังสามรูป",
                                           "files": files})
    assert resp.status_code == 201, resp.content[:300]
