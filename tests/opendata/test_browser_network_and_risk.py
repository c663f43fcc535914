"""At 360 px in Chromium under the site's CSP: the network drawing on an organisation's page has
size (its circles and lines are drawn), and neither that page nor the risk ranking overflows."""

from __future__ import annotations

import os

import pytest

from phalang.opendata.models import Entity
from tests.opendata.test_who_wins_from_whom import data  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_overflow(page, name: str) -> None:  # type: ignore[no-untyped-def]
    width = page.evaluate("document.documentElement.scrollWidth")
    if os.environ.get("PHALANG_SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['PHALANG_SCREENSHOTS']}/{name}-360.png", full_page=True)
    assert width <= 360, f"{name}: the page is {width} px wide at 360 px"
    assert page.console_errors == [], f"{name}: {page.console_errors}"  # e.g. a CSP refusal


def test_network_has_size_and_pages_fit_at_360_px(page, data) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    buyer = Entity.objects.get(scheme="XI-TEST", identifier="B")
    page.goto(f"{page.base_url}/data/entity/{buyer.pk}/")
    page.wait_for_selector("svg.network-svg")
    _no_overflow(page, "entity")
    svg = page.locator("svg.network-svg").bounding_box()
    assert svg and svg["width"] > 250 and svg["height"] > 150
    nodes = page.locator("svg.network-svg circle.net-node").evaluate_all(
        "cs => cs.map(c => c.getBoundingClientRect().width)")
    assert len(nodes) >= 3 and min(nodes) > 4
    edges = page.locator("svg.network-svg line.net-edge").evaluate_all(
        "ls => ls.map(l => { const b = l.getBoundingClientRect(); return Math.max(b.width, b.height); })")
    assert edges and min(edges) > 20
    assert page.locator("table.network-table tbody tr").count() >= 2
    page.goto(f"{page.base_url}/data/risk/")
    page.wait_for_selector("#risk-buyers")
    _no_overflow(page, "risk")
