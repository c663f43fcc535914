"""RSVP on the web, a QR ticket, check-in at the door; no public attendee list."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from phalang.chat.loops import drain
from phalang.coalition import actions
from phalang.coalition.models import Rsvp


@pytest.fixture
def event(watchdog):  # type: ignore[no-untyped-def]
    return actions.create_event(organisation=watchdog, title="ประชุมภาคี", mode="hybrid",
                                starts_at=timezone.now() + timedelta(days=2), venue="ห้องประชุมชั้น 2",
                                online_url="https://meet.example.org/x")


def _sign_up(client, event, name: str, show: bool) -> str:  # type: ignore[no-untyped-def]
    data = {"name": name, "channel": "email", "address": f"{name}@example.org"}
    if show:
        data["show_name"] = "1"
    page = client.post(f"/coalition/events/{event.public_id}/", data).content.decode()
    assert 'id="rsvp-done"' in page
    drain()  # the ticket link goes to the address given, not to the page
    body = [m for m in mail.outbox if m.to == [data["address"]]][-1].body
    link = re.search(r"https?://[^/\s]+(/coalition/events/\S+/ticket/\S+/)", body).group(1)
    client.post(link, {"action": "prove"})  # the owner of the address takes the place
    return link


def _message(page: str) -> str:
    return re.search(r'id="desk-message">([^<]+)<', page).group(1)


def test_rsvp_ticket_and_checkin(client, event, admin_of, verified_client) -> None:  # type: ignore[no-untyped-def]
    ticket_url = _sign_up(client, event, "somchai", show=False)
    _sign_up(client, event, "malee", show=True)
    ticket = client.get(ticket_url).content.decode()
    assert "<svg" in ticket and "ห้องประชุมชั้น 2" in ticket

    # The public page shows counts and only the names given for display.
    page = client.get(f"/coalition/events/{event.public_id}/").content.decode()
    assert "malee" in page and "somchai" not in page

    r = Rsvp.objects.get(name="somchai")
    code = actions.checkin_code(r)
    desk = verified_client(admin_of(event.organisation))
    url = f"/coalition/events/{event.public_id}/desk/"
    first = _message(desk.post(url, {"action": "checkin", "code": code}).content.decode())
    r.refresh_from_db()
    assert r.checked_in_at is not None
    again = _message(desk.post(url, {"action": "checkin", "code": code}).content.decode())
    forged = _message(desk.post(url, {"action": "checkin", "code": code[:-2] + "xx"}).content.decode())
    assert len({first, again, forged}) == 3
    assert Rsvp.objects.filter(checked_in_at__isnull=False).count() == 1
    counts = desk.get(url).content.decode()
    assert "somchai" not in counts


def test_forged_or_foreign_codes_are_refused(event, watchdog) -> None:  # type: ignore[no-untyped-def]
    other = actions.create_event(organisation=watchdog, title="อีกงาน", starts_at=timezone.now() + timedelta(days=3))
    r, _t = actions.rsvp(other, actions.NewRsvp("", [("email", "a@example.org")]))
    with pytest.raises(actions.CheckinError, match="other_event"):
        actions.check_in(event, actions.checkin_code(r))
    with pytest.raises(actions.CheckinError, match="invalid"):
        actions.check_in(event, "not-a-code")
    actions.cancel_rsvp(r)
    with pytest.raises(actions.CheckinError, match="not_confirmed"):
        actions.check_in(other, actions.checkin_code(r))


def test_desk_needs_event_permission(client, event, make_org, admin_of, verified_client) -> None:  # type: ignore[no-untyped-def]
    outsider = verified_client(admin_of(make_org("elsewhere"), "outsider"))
    assert outsider.get(f"/coalition/events/{event.public_id}/desk/").status_code == 403


def test_hidden_venue_not_on_ticket_before_reveal(client, watchdog) -> None:  # type: ignore[no-untyped-def]
    e = actions.create_event(organisation=watchdog, title="แฟลชม็อบ", starts_at=timezone.now() + timedelta(days=1),
                             venue="สถานที่ลับ", venue_reveal_at=timezone.now() + timedelta(hours=20))
    ticket_url = _sign_up(client, e, "x", show=False)
    assert "สถานที่ลับ" not in client.get(ticket_url).content.decode()
    actions.reveal_due_venues(now=e.venue_reveal_at)
    assert "สถานที่ลับ" in client.get(ticket_url).content.decode()
    assert "สถานที่ลับ" not in client.get(f"/coalition/events/{e.public_id}/").content.decode()


@pytest.mark.parametrize("bad", ["abc", "", "12abc"])
def test_the_desk_confirming_a_sign_up_that_is_not_a_number_is_a_404(event, admin_of, verified_client, bad) -> None:  # type: ignore[no-untyped-def]
    """Before: ``get_object_or_404(Rsvp, pk="abc")`` raised ValueError (a server error)."""
    desk = verified_client(admin_of(event.organisation))
    resp = desk.post(f"/coalition/events/{event.public_id}/desk/", {"action": "confirm", "rsvp": bad})
    assert resp.status_code == 404
