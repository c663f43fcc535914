"""Headless Chromium at 360 px (a user trial): after pinning and then changing the province, the map
zoomed to the new province and the pin went out of view; the reporter read "the pin is outside the
province" without seeing where the pin was. Now a pin outside the chosen province keeps the map
showing both the province and the pin; a pin inside it changes nothing (the map zooms as before)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The pin is drawn as a red circle (pin-map.js); its centre must be inside the map's box on screen.
PIN_IN_VIEW = """() => {
  const pin = document.querySelector("#pin-map path[stroke='#b3261e']");
  if (!pin) return false;
  const map = document.getElementById("pin-map").getBoundingClientRect(), r = pin.getBoundingClientRect();
  const x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2;
  return r.width > 0 && x >= map.left && x <= map.right && y >= map.top && y <= map.bottom;
}"""


def _centre(pin_map) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    lat, lon = (float(v) for v in pin_map.get_attribute("data-center").split(","))
    return lat, lon


def _pin_in_view(page) -> bool:  # type: ignore[no-untyped-def]
    try:
        page.wait_for_function(PIN_IN_VIEW, timeout=3000)
    except Exception:  # playwright's TimeoutError
        return False
    return True


def test_changing_the_province_after_pinning_keeps_the_pin_in_view(page, gazetteer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/report/")
    pin_map = page.locator("#pin-map")
    expect(pin_map).to_have_attribute("data-provinces", "77")
    page.select_option("#id_province", label="น่าน")
    expect(pin_map).to_have_attribute("data-place", "น่าน")
    pin_map.scroll_into_view_if_needed()
    box = pin_map.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # a pin in Nan
    pin_lat = float(page.locator("#id_lat").input_value())
    assert 18.0 < pin_lat < 19.7
    warning = page.locator("#pin-warning")
    expect(warning).to_be_hidden()

    # The trial: the province is changed to one far away (Phuket, in the south).
    page.select_option("#id_province", label="ภูเก็ต")
    expect(pin_map).to_have_attribute("data-place", "ภูเก็ต")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("ภูเก็ต")
    assert _pin_in_view(page), "the pin the warning is about is out of the map's view"
    # ... and the province too: the map shows the stretch between Phuket (about 7.9° N) and the pin.
    lat, _lon = _centre(pin_map)
    assert 7.9 < lat < pin_lat
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    pin_map.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "watch-pin-and-province-in-view.png"), full_page=False)

    # Back to the pin's own province: no warning, and the map zooms to the province as before.
    page.select_option("#id_province", label="น่าน")
    expect(pin_map).to_have_attribute("data-place", "น่าน")
    expect(warning).to_be_hidden()
    lat, lon = _centre(pin_map)
    assert 18.0 <= lat <= 19.7 and 100.3 <= lon <= 101.4
    assert page.console_errors == []


def test_a_typed_district_far_from_the_pin_keeps_the_pin_in_view_too(page, gazetteer) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/report/")
    pin_map = page.locator("#pin-map")
    expect(pin_map).to_have_attribute("data-provinces", "77")
    page.select_option("#id_province", label="ภูเก็ต")
    expect(pin_map).to_have_attribute("data-place", "ภูเก็ต")
    pin_map.scroll_into_view_if_needed()
    box = pin_map.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # a pin in Phuket
    page.select_option("#id_province", label="น่าน")
    page.fill("#id_place_text", "อ.ปัว")
    page.locator("#id_place_text").dispatch_event("change")
    expect(pin_map).to_have_attribute("data-place", "น่าน ปัว")
    expect(page.locator("#pin-warning")).to_be_visible()
    assert _pin_in_view(page)
    assert page.console_errors == []
