"""Until they accept, volunteers see area, need and distance only; contacts appear on acceptance
and go when the task closes. Before: confirming a suggestion showed every proposed task's name,
phone and address on LINE, so a volunteer who declined had already seen them."""

from __future__ import annotations

from phalang.aid import actions, chat
from phalang.aid.models import State
from tests.fakes import line as fl

PHONE, ADDRESS, NAME = "0861234567", "บ้านเลขที่ 7 หมู่ 2 ซอยน้ำท่วม", "ป้าบัวผัน"


def test_proposed_then_accepted_then_closed(client, group, coordinator, make_volunteer, file_request) -> None:  # type: ignore[no-untyped-def]
    vol = make_volunteer("somsak")
    req = file_request(need="food", phone=PHONE, address=ADDRESS, name=NAME, consent_share=True)
    [s] = actions.suggest_matches(group, by=coordinator)
    actions.confirm_suggestion(s, by=coordinator)
    line_user = fl.user_id()
    chat.link_volunteer("line", line_user, actions.new_link_code(vol))
    client.force_login(vol.user)

    def seen() -> str:
        return (chat.volunteer_tasks_text("line", line_user) + client.get("/aid/tasks/").content.decode()
                + client.get("/api/v1/aid/tasks").content.decode())

    proposed = seen()
    assert f"#{req.pk}" in proposed and "รอบเวียง" in proposed and "กม." in proposed  # area, need, distance
    assert PHONE not in proposed and ADDRESS not in proposed and NAME not in proposed

    actions.update_task(req, State.ACCEPTED, by=vol.user)
    accepted = seen()
    assert PHONE in accepted and ADDRESS in accepted and NAME in accepted

    actions.update_task(req, State.FULFILLED, by=vol.user)
    closed = seen()
    assert PHONE not in closed and ADDRESS not in closed and NAME not in closed


def test_a_volunteer_who_declines_never_saw_the_contact(client, group, coordinator, make_volunteer, file_request) -> None:  # type: ignore[no-untyped-def]
    vol = make_volunteer("decliner")
    req = file_request(need="medicine", phone=PHONE, address=ADDRESS, name=NAME, consent_share=True)
    [s] = actions.suggest_matches(group, by=coordinator)
    actions.confirm_suggestion(s, by=coordinator)
    client.force_login(vol.user)
    before = client.get("/aid/tasks/").content.decode()
    actions.update_task(req, "decline", by=vol.user)
    after = client.get("/aid/tasks/").content.decode()
    for page in (before, after):
        assert PHONE not in page and ADDRESS not in page and NAME not in page
