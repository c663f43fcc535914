"""A volunteer never sees a contact before assignment, nor without the requester's consent."""

from __future__ import annotations

from phalang.aid import actions

PHONE = "0812345678"
ADDRESS = "บ้านเลขที่ 99 ซอยลับ"


def test_contact_only_after_assignment(client, group, coordinator, make_volunteer, file_request) -> None:  # type: ignore[no-untyped-def]
    vol = make_volunteer(trusted=True)
    other = make_volunteer("other", trusted=True)
    req = file_request(phone=PHONE, address=ADDRESS, name="คุณลับ", consent_share=True)
    client.force_login(vol.user)
    page = client.get("/aid/tasks/").content.decode()
    assert req.area in page and "รอบเวียง" in page  # listed to claim: subdistrict only
    assert PHONE not in page and ADDRESS not in page and "คุณลับ" not in page
    api = client.get("/api/v1/aid/tasks").json()
    assert api["claimable"][0]["id"] == req.pk and "contact" not in api["claimable"][0]
    assert PHONE not in str(api)

    [s] = actions.suggest_matches(group, by=coordinator)
    assert s.volunteer in (vol, other)
    actions.confirm_suggestion(s, by=coordinator)
    assigned, bystander = (vol, other) if s.volunteer == vol else (other, vol)
    client.force_login(assigned.user)
    assert PHONE not in client.get("/aid/tasks/").content.decode()  # proposed only: not yet
    actions.update_task(s.request, "accepted", by=assigned.user)
    assert PHONE in client.get("/aid/tasks/").content.decode()
    assert client.get("/api/v1/aid/tasks").json()["tasks"][0]["contact"]["phone"] == PHONE
    client.force_login(bystander.user)
    assert PHONE not in client.get("/aid/tasks/").content.decode()
    assert PHONE not in str(client.get("/api/v1/aid/tasks").json())
    # The receipt shows the requester the state, never the volunteer or the contact.
    client.logout()
    status = client.post("/api/v1/aid/requests/status", {"receipt": req.receipt}, content_type="application/json")
    assert status.status_code == 200 and PHONE not in status.content.decode()


def test_no_contact_without_consent(client, group, coordinator, make_volunteer, file_request) -> None:  # type: ignore[no-untyped-def]
    vol = make_volunteer()
    req = file_request(phone=PHONE, address=ADDRESS, consent_share=False)
    [s] = actions.suggest_matches(group, by=coordinator)
    actions.confirm_suggestion(s, by=coordinator)
    actions.update_task(s.request, "accepted", by=vol.user)
    client.force_login(vol.user)
    page = client.get("/aid/tasks/").content.decode()
    assert f"#{req.pk}" in page and PHONE not in page and ADDRESS not in page
    assert "contact" not in client.get("/api/v1/aid/tasks").json()["tasks"][0]
