"""Headless Chromium at 360 px: the maps draw Thailand's provinces, and district borders when zoomed
in, from our own static files, with no tile server and no request to any other host."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from phalang.places.models import Province
from phalang.watch import workflow
from phalang.watch.actions import NewReport, file_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    """A screenshot; with PHALANG_DOC_SCREENSHOTS=dir it is also kept for the guide."""
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=False)
    target = os.environ.get("PHALANG_DOC_SCREENSHOTS")
    if target:
        shutil.copy(path, Path(target) / name)


def _record_requests(page) -> list[str]:  # type: ignore[no-untyped-def]
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    return urls


def _foreign(urls: list[str], base_url: str) -> list[str]:
    here = urlsplit(base_url).netloc
    return [u for u in urls if not u.startswith("data:") and urlsplit(u).netloc != here]


def test_board_map_draws_the_provinces_with_no_tiles(page, gazetteer, tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MAP_TILE_URL = ""
    urls = _record_requests(page)
    page.goto(page.base_url + "/reports/")
    board = page.locator("#map")
    expect(board).to_have_attribute("data-provinces", "77")
    # One outline per province, in the pane below the points.
    assert page.locator(".leaflet-boundaries-pane path").count() == 77
    assert page.locator(".leaflet-tile").count() == 0
    expect(board).to_contain_text("Natural Earth")  # the attribution names the source
    assert _foreign(urls, page.base_url) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    board.scroll_into_view_if_needed()
    _shot(page, tmp_path, "watch-map-country.png")
    assert page.console_errors == []


def test_board_zoomed_to_a_province_shows_its_districts(page, gazetteer, make_user, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root = make_user("root", is_superuser=True)
    for text, district in (("ถนนทรุดหน้าโรงเรียน", "เมืองน่าน"), ("ไฟถนนดับทั้งซอย", "ภูเพียง")):
        report, _ = file_report(NewReport(category="public_service", description=text, province="น่าน",
                                          district=district))
        workflow.publish(report, by=root, public_text=text)
    # With no filter the board opens on all of Thailand, not fitted to wherever the cases are
    # (a user trial: it opened zoomed onto the demo cases).
    page.goto(page.base_url + "/reports/")
    board = page.locator("#map")
    expect(board).to_have_attribute("data-count", "2")
    expect(board).to_have_attribute("data-provinces", "77")
    country_zoom = float(board.get_attribute("data-zoom"))
    assert country_zoom <= 5 and board.get_attribute("data-place") == ""
    # A province filter opens on that province.
    nan = Province.objects.get(name_th="น่าน").pk
    urls = _record_requests(page)
    page.goto(page.base_url + f"/reports/?province={nan}")
    expect(board).to_have_attribute("data-place", "น่าน")
    expect(board).to_have_attribute("data-count", "2")
    lat, lon = (float(v) for v in board.get_attribute("data-center").split(","))
    assert 18.0 < lat < 19.7 and 100.3 < lon < 101.4 and float(board.get_attribute("data-zoom")) >= country_zoom + 2
    while float(board.get_attribute("data-zoom")) < 10:  # in closer, to the district names
        zoom = board.get_attribute("data-zoom")
        page.locator(".leaflet-control-zoom-in").click()
        expect(board).not_to_have_attribute("data-zoom", zoom)
    # Only the provinces in view are fetched, each from our own static files.
    expect(board.locator(".district-label", has_text="เมืองน่าน")).to_have_count(1)
    district_files = [u for u in urls if "/boundaries/districts/" in u]
    assert district_files and all(u.endswith(".json") for u in district_files)
    assert len(district_files) < 10
    assert page.locator(".leaflet-boundaries-pane path").count() > 77  # the district borders too
    assert _foreign(urls, page.base_url) == []
    board.scroll_into_view_if_needed()
    _shot(page, tmp_path, "watch-map-districts.png")
    # Zoomed out again, the district borders and names go.
    while float(board.get_attribute("data-zoom")) >= 10:
        zoom = board.get_attribute("data-zoom")
        page.locator(".leaflet-control-zoom-out").click()
        expect(board).not_to_have_attribute("data-zoom", zoom)
    expect(board.locator(".district-label")).to_have_count(0)
    assert page.console_errors == []


def test_report_form_pin_map_shows_the_provinces(page, gazetteer) -> None:  # type: ignore[no-untyped-def]
    urls = _record_requests(page)
    page.goto(page.base_url + "/report/")
    pin_map = page.locator("#pin-map")
    expect(pin_map).to_have_attribute("data-provinces", "77")
    # The outlines take no clicks: tapping the map still places the pin.
    pin_map.scroll_into_view_if_needed()
    box = pin_map.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert page.locator("#id_lat").input_value() != ""
    assert _foreign(urls, page.base_url) == []
