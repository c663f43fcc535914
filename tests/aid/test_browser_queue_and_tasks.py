"""Headless Chromium at 360 px: a coordinator filters, triages and confirms in bulk from the queue;
a volunteer sees area, need and distance, accepts, then sees the contact."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from phalang.aid import actions, importer
from phalang.aid.models import HelpRequest, State
from tests.aid import flood_sheet
from tests.aid.conftest import CHIANG_MAI
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"


def _shot(page, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(tmp_path / name), full_page=False)
    if os.environ.get("PHALANG_DOCS_SCREENSHOTS") == "1":  # refresh the guide's pictures
        page.screenshot(path=str(DOCS_IMG / name), full_page=False)


def test_queue_and_volunteer_view_at_360px(page, tmp_path, flood_group, flood_coordinator, make_user) -> None:  # type: ignore[no-untyped-def]
    importer.import_file(flood_group, flood_sheet.csv_bytes(60), by=flood_coordinator)
    vol = actions.register_volunteer(make_user("boat-somsak", display_name="สมศักดิ์ เรือดี"), flood_group,
                                     actions.VolunteerData(place_text=CHIANG_MAI, vehicle="boat", radius_km=30,
                                                           max_tasks_per_day=3, available_from="00:00",
                                                           available_until="23:59:59"))
    actions.verify_volunteer(vol, by=None)

    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    browser_login(page, flood_coordinator, "/aid/coordinate/")
    page.wait_for_url(f"**/aid/coordinate/{flood_group.slug}/")
    rows = page.locator("#queue tbody tr")
    expect(rows).to_have_count(50)  # a page of 50 of the 60
    expect(page.locator("a[rel=next]")).to_be_visible()
    # Filter to boats, tick them all, triage in one click.
    page.select_option("#queue-filters select[name=need]", "boat")
    page.locator("#queue-filters button").click()
    boats = HelpRequest.objects.filter(need="boat").count()
    expect(rows).to_have_count(boats)
    for box in page.locator("#queue input[name=ids]").all():
        box.check()
    page.locator("#queue-form button[value=triage]").click()
    assert HelpRequest.objects.filter(need="boat", state=State.TRIAGED).count() == boats
    # Suggest and confirm all in one click.
    page.locator("form[action$='/suggest/'] button").click()
    expect(page.locator("#confirm-all")).to_be_visible()
    page.locator("#queue-count").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, document.querySelector('#queue-count').getBoundingClientRect().top - 8)")
    _shot(page, tmp_path, "aid-queue-360.png")
    page.locator("#confirm-all").click()
    matched = list(HelpRequest.objects.filter(state=State.MATCHED))
    assert matched and all(r.volunteer_id == vol.pk for r in matched)
    from phalang.aid import queue

    points = queue.map_points(flood_group, queue.Filters())["features"]  # what the map was sent
    queue_map = page.locator("#map")
    expect(queue_map).to_have_attribute("data-count", str(len(points)))
    assert {f["properties"]["kind"] for f in points} == {"request", "volunteer"}
    # The same shipped boundaries as the Watch board: provinces, and Chiang Mai's districts at
    # this zoom, with no tile server.
    expect(queue_map).to_have_attribute("data-provinces", "77")
    expect(queue_map.locator(".district-label").first).to_be_attached()
    assert page.locator(".leaflet-tile").count() == 0
    queue_map.scroll_into_view_if_needed()
    _shot(page, tmp_path, "aid-queue-map-360.png")
    here = urlsplit(page.base_url).netloc
    assert [u for u in urls if not u.startswith("data:") and urlsplit(u).netloc != here] == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1  # no sideways scrolling

    # The volunteer's view: area, need, distance; the contact only after accepting.
    page.context.clear_cookies()
    page.goto(page.base_url + "/accounts/login/?next=/aid/tasks/")
    page.fill("#id_username", "boat-somsak")
    page.fill("#id_password", "correct-horse-battery")
    page.press("#id_password", "Enter")
    page.wait_for_url("**/aid/tasks/")
    task = next(r for r in matched if r.consent_share)  # the sheet's consent column
    card = page.locator(f"#task-{task.pk}")
    expect(card.locator(".distance")).to_be_visible()
    expect(card.locator(".private")).to_have_count(0)
    _shot(page, tmp_path, "aid-volunteer-360.png")
    card.locator("button[value=accepted]").click()
    expect(page.locator(f"#task-{task.pk} .private")).to_be_visible()
    assert "tel:" in page.locator(f"#task-{task.pk} .private").inner_html()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    assert not page.console_errors
