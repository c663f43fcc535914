"""Headless Chromium at 360 px: the report form's pin map follows the place being chosen (a user
trial: the map stayed on the whole country after choosing a province, where a tap lands ~9 km
per pixel off). Choosing a province zooms to it, typing a district zooms to that district, and a
pin far outside the chosen province is warned about in Thai, without blocking the form (and kept
in view: test_browser_pin_stays_in_view.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAN = (18.0, 19.7, 100.3, 101.4)  # Nan's rough latitude and longitude span


def _shot(page, tmp_path, name: str) -> None:  # type: ignore[no-untyped-def]
    """A screenshot; with PHALANG_DOC_SCREENSHOTS=dir it is also kept for the guide."""
    import os
    import shutil
    from pathlib import Path

    path = tmp_path / name
    page.screenshot(path=str(path), full_page=False)
    if os.environ.get("PHALANG_DOC_SCREENSHOTS"):
        shutil.copy(path, Path(os.environ["PHALANG_DOC_SCREENSHOTS"]) / name)


def _centre(pin_map) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    lat, lon = (float(v) for v in pin_map.get_attribute("data-center").split(","))
    return lat, lon


def _inside(point: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    return box[0] <= point[0] <= box[1] and box[2] <= point[1] <= box[3]


def test_the_pin_map_zooms_to_the_province_and_district(page, gazetteer) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/report/")
    pin_map = page.locator("#pin-map")
    expect(pin_map).to_have_attribute("data-provinces", "77")
    country_zoom = float(pin_map.get_attribute("data-zoom"))

    page.select_option("#id_province", label="น่าน")
    expect(pin_map).to_have_attribute("data-place", "น่าน")
    assert float(pin_map.get_attribute("data-zoom")) >= country_zoom + 2
    assert _inside(_centre(pin_map), NAN)

    # Typing the district zooms closer, to it.
    page.fill("#id_place_text", "อ.ปัว")
    page.locator("#id_place_text").dispatch_event("change")
    expect(pin_map).to_have_attribute("data-place", "น่าน ปัว")
    assert float(pin_map.get_attribute("data-zoom")) >= 10
    lat, lon = _centre(pin_map)
    assert 18.9 < lat < 19.5 and 100.7 < lon < 101.2  # around Pua, north-east of Nan town

    # A pin inside the province: no warning. The form was never blocked.
    pin_map.scroll_into_view_if_needed()
    box = pin_map.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert page.locator("#id_lat").input_value() != ""
    expect(page.locator("#pin-warning")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.console_errors == []


def test_a_pin_far_outside_the_province_is_warned_about_in_thai(page, gazetteer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/report/")
    pin_map = page.locator("#pin-map")
    expect(pin_map).to_have_attribute("data-provinces", "77")
    country_zoom = float(pin_map.get_attribute("data-zoom"))
    # A pin placed on the whole-country map, near its middle (central Thailand).
    pin_map.scroll_into_view_if_needed()
    box = pin_map.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert page.locator("#id_lat").input_value() != ""

    page.select_option("#id_province", label="น่าน")
    expect(pin_map).to_have_attribute("data-place", "น่าน")
    # Zoomed in, but only as far as keeps the pin in view (test_browser_pin_stays_in_view.py).
    assert float(pin_map.get_attribute("data-zoom")) > country_zoom
    warning = page.locator("#pin-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("น่าน")  # Thai, naming the province
    assert "กม." in warning.inner_text()
    warning.scroll_into_view_if_needed()
    _shot(page, tmp_path, "watch-pin-outside-province.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.console_errors == []


def test_choosing_no_province_goes_back_to_the_country(page, gazetteer) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/report/")
    pin_map = page.locator("#pin-map")
    expect(pin_map).to_have_attribute("data-provinces", "77")
    country_zoom = pin_map.get_attribute("data-zoom")
    page.select_option("#id_province", label="ภูเก็ต")
    expect(pin_map).to_have_attribute("data-place", "ภูเก็ต")
    page.select_option("#id_province", index=0)
    expect(pin_map).to_have_attribute("data-place", "")
    expect(pin_map).to_have_attribute("data-zoom", country_zoom)


def test_on_an_english_page_too(page, gazetteer) -> None:  # type: ignore[no-untyped-def]
    page.context.add_cookies([{"name": "phalang_lang", "value": "en", "url": page.base_url}])
    page.goto(page.base_url + "/report/")
    assert page.locator("html").get_attribute("lang") == "en"
    pin_map = page.locator("#pin-map")
    expect(pin_map).to_have_attribute("data-provinces", "77")
    assert page.locator("#id_province option[data-name-th='น่าน']").count() == 1
    page.select_option("#id_province", value=page.locator("#id_province option[data-name-th='น่าน']").get_attribute("value"))
    expect(pin_map).to_have_attribute("data-place", "น่าน")
