"""User trial at 360 px (a coordinator with a 34-row Thai flood sheet): importing the same file a
second time was refused, but the page reloaded at the top of a ~2,100 px mapping form with nothing
focused and the red refusal at the very bottom: it looked as if nothing happened. The refusal is
now an error summary at the top of the form, linked to the field it is about, and focused."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from phalang.aid.models import HelpRequest
from tests.aid import flood_sheet
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHEET = {"name": "flood-34.csv", "mimeType": "text/csv", "buffer": flood_sheet.csv_bytes(34)}


def _upload_and_import(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    page.set_input_files("input[type=file]", files=[SHEET])
    with page.expect_navigation():
        page.locator("main form button.primary").click()
    with page.expect_navigation():
        page.locator("main form button.primary").click()


def test_a_refused_second_import_is_seen_at_360px(page, flood_group, flood_coordinator) -> None:  # type: ignore[no-untyped-def]
    browser_login(page, flood_coordinator, f"/aid/coordinate/{flood_group.slug}/import/")
    page.wait_for_url(f"**/aid/coordinate/{flood_group.slug}/import/")
    url = page.base_url + f"/aid/coordinate/{flood_group.slug}/import/"
    _upload_and_import(page, url)
    imported = HelpRequest.objects.count()
    assert imported > 25
    _upload_and_import(page, url)  # the same file again: refused
    assert HelpRequest.objects.count() == imported
    summary = page.locator("#already-imported")
    expect(summary).to_be_visible()
    assert "นำเข้าไปแล้ว" in summary.inner_text()
    # Within the first screen (no scrolling), and focus is on it or in it.
    box = summary.bounding_box()
    assert box is not None and 0 <= box["y"] and box["y"] + 20 <= 740, box
    assert page.evaluate("document.activeElement.closest('#already-imported, #import-error-summary') !== null"
                         " || document.activeElement.id === 'id_reimport'"), page.evaluate(
        "document.activeElement.outerHTML")
    # The summary names the field and links to it; the field points back at the error.
    link = page.locator("#import-error-summary a[href='#id_reimport']")
    expect(link).to_have_count(1)
    assert page.get_attribute("#id_reimport", "aria-describedby") == "already-imported"
    # Ticking it and importing again works from there.
    page.check("#id_reimport")
    with page.expect_navigation():
        page.locator("main form button.primary").click()
    assert HelpRequest.objects.count() == 2 * imported
