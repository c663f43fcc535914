""""ช่วยไม่สำเร็จ" (could not help) sat next to "เสร็จแล้ว" (done) and closed the task at once; a
user trial tapped it by mistake. It now asks first, on a page of its own (no JavaScript needed),
with an optional reason; only the confirmed POST closes the task."""

from __future__ import annotations

import re

from phalang.aid import actions
from phalang.aid.models import HelpRequest, State


def _accepted_task(client, coordinator, make_volunteer, file_request):  # type: ignore[no-untyped-def]
    vol = make_volunteer()
    req = file_request()
    actions.suggest_matches(req.organisation, by=coordinator)
    actions.confirm_suggestion(req.suggestions.get(), by=coordinator)
    actions.update_task(req, State.ACCEPTED, by=vol.user)
    client.force_login(vol.user)
    return req


def test_could_not_help_asks_before_closing(client, group, coordinator, make_volunteer, file_request) -> None:  # type: ignore[no-untyped-def]
    req = _accepted_task(client, coordinator, make_volunteer, file_request)
    tasks = client.get("/aid/tasks/").content.decode()
    buttons = re.findall(r'<button name="state" value="(\w+)"', tasks)
    assert buttons[-1] == "failed" and buttons.index("fulfilled") < buttons.index("failed") - 1  # not side by side
    ask = client.post(f"/aid/tasks/{req.pk}/", {"state": "failed"})
    html = ask.content.decode()
    assert ask.status_code == 200 and "ยืนยันว่าช่วยไม่สำเร็จ" in html
    assert HelpRequest.objects.get(pk=req.pk).state == State.ACCEPTED  # nothing changed yet
    assert 'name="confirm" value="1"' in html and 'href="/aid/tasks/"' in html  # confirm, or go back
    done = client.post(f"/aid/tasks/{req.pk}/", {"state": "failed", "confirm": "1", "note": "น้ำสูงเกินไป เรือเข้าไม่ได้"})
    assert done.status_code == 302
    req.refresh_from_db()
    assert req.state == State.FAILED


def test_done_needs_no_confirmation(client, group, coordinator, make_volunteer, file_request) -> None:  # type: ignore[no-untyped-def]
    req = _accepted_task(client, coordinator, make_volunteer, file_request)
    assert client.post(f"/aid/tasks/{req.pk}/", {"state": "fulfilled"}).status_code == 302
    assert HelpRequest.objects.get(pk=req.pk).state == State.FULFILLED
