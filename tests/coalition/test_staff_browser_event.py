"""Headless Chromium: a coordinator creates an event with a hidden venue from the staff pages; a
visitor on a phone sees the event, and the venue stays hidden."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from phalang.coalition.models import Event
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VENUE = "ลานหน้าศาลากลาง ประตูฝั่งตะวันออก"


def test_coordinator_creates_event_with_hidden_venue(page, make_org, make_user) -> None:  # type: ignore[no-untyped-def]
    org = make_org("watchdog")
    coordinator = make_user("coord", org=org, role="coordinator")
    browser_login(page, coordinator, "/coalition/staff/")
    page.wait_for_url("**/coalition/staff/watchdog/")
    page.get_by_role("link", name="สร้างกิจกรรม").click()
    page.wait_for_url("**/events/new/")
    local = timezone.localtime()
    page.fill("#id_title", "ชุมนุมเรียกร้องความโปร่งใส")
    page.select_option("#id_mode", "offline")
    page.fill("#id_starts_at", (local + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_capacity", "40")
    page.fill("#id_venue", VENUE)
    page.fill("#id_venue_reveal_at", (local + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"))
    page.locator("#staff-form button[type=submit]").click()
    page.wait_for_url("**/coalition/staff/watchdog/events/*/")
    assert "ซ่อนไว้จนถึง" in page.locator("#venue-state").inner_text()
    event = Event.objects.get()
    assert event.venue == VENUE and event.venue_hidden

    visitor = page.context.browser.new_context(viewport={"width": 360, "height": 740})
    public = visitor.new_page()
    public.goto(page.base_url + f"/coalition/events/{event.public_id}/")
    assert public.locator("h1").inner_text() == "ชุมนุมเรียกร้องความโปร่งใส"
    assert public.locator("#venue-hidden").is_visible()
    assert VENUE not in public.content()
    assert public.locator("#venue").count() == 0
    visitor.close()
    assert page.console_errors == []
