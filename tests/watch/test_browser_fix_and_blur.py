"""Headless Chromium at 360 px: a reporter disputes a fix with a photo on the web, and a
moderator blurs a licence plate by drawing on the picture (a CSP-clean script)."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from phalang.watch.models import Evidence, FixCheck
from tests.conftest import browser_login
from tests.watch.cases import cast, resolved_case  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    """A screenshot; with PHALANG_DOC_SCREENSHOTS=dir it is also kept for the guide."""
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=False)
    target = os.environ.get("PHALANG_DOC_SCREENSHOTS")
    if target:
        shutil.copy(path, Path(target) / name)


def _street_photo() -> bytes:
    img = Image.new("RGB", (480, 360), (120, 150, 170))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 220, 480, 360), fill=(70, 70, 70))  # the road
    draw.rectangle((150, 150, 330, 260), fill=(200, 40, 40))  # a car
    draw.rectangle((195, 230, 285, 255), fill=(250, 250, 250))  # its plate
    buf = io.BytesIO()
    img.save(buf, "JPEG")
    return buf.getvalue()


def test_reporter_disputes_a_fix_with_a_photo(page, gazetteer, cast, tmp_path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    report, receipt = resolved_case(cast)
    photo = tmp_path / "still-flooded.jpg"
    photo.write_bytes(_street_photo())
    page.goto(page.base_url + "/status/")
    page.fill("#id_receipt", receipt)
    page.locator("#receipt-form button").click()
    question = page.locator("#fix-form")
    assert "Was it really fixed?" in question.inner_text() or "แก้ไขแล้วจริงไหม?" in question.inner_text()
    page.set_input_files("#id_photo", str(photo))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
    _shot(page, tmp_path, "watch-fix-question.png")
    page.locator("#fix-form button[value=no]").click()
    page.locator("#status").wait_for()
    assert page.locator("#fix-form").count() == 0
    check = FixCheck.objects.get(report=report)
    report.refresh_from_db()
    assert check.answer == "disputed" and check.evidence is not None and report.status == "forwarded"
    _shot(page, tmp_path, "watch-fix-disputed.png")
    # Back is post/redirect/get: the case again, no "send the form again?" (a user trial's complaint).
    assert page.url.endswith("/status/")
    back = page.go_back()
    assert back is not None and back.status == 200 and back.request.method == "GET"
    assert page.locator("#status").count() == 1 and page.locator("#fix-form").count() == 0
    page.reload()
    assert page.locator("#status").count() == 1
    assert FixCheck.objects.filter(report=report).count() == 1  # nothing was sent twice


def test_moderator_blurs_by_drawing(page, gazetteer, cast, tmp_path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    report, _ = resolved_case(cast, files=[_street_photo()])
    browser_login(page, cast["mod"], f"/moderation/{report.public_id}/")
    page.wait_for_url(f"**/moderation/{report.public_id}/")
    frame = page.locator(".blur-frame").first
    frame.scroll_into_view_if_needed()
    box = frame.bounding_box()
    # Drag over the plate: from 40 % / 63 % to 60 % / 71 % of the picture.
    page.mouse.move(box["x"] + box["width"] * 0.40, box["y"] + box["height"] * 0.63)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.50, box["y"] + box["height"] * 0.67, steps=4)
    page.mouse.move(box["x"] + box["width"] * 0.60, box["y"] + box["height"] * 0.71, steps=4)
    page.mouse.up()
    rects = page.locator(".blur-form textarea.rects").first.input_value().strip().split("\n")
    assert len(rects) == 1
    x, y, w, h = (float(v) for v in rects[0].split(","))
    assert abs(x - 0.40) < 0.03 and abs(y - 0.63) < 0.03 and abs(w - 0.20) < 0.03 and abs(h - 0.08) < 0.03
    assert page.locator(".blur-box").count() == 1
    _shot(page, tmp_path, "watch-blur-drawn.png")
    page.locator(".blur-form button[type=submit]").first.click()
    page.wait_for_url(f"**/moderation/{report.public_id}/")
    ev = Evidence.objects.get(report=report)
    assert len(ev.blur) == 1 and abs(ev.blur[0][0] - 0.40) < 0.03
    assert page.locator(".blur-box").count() == 1  # the saved rectangle is drawn again
