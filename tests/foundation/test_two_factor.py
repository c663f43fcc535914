"""Staff roles must pass TOTP; the Django admin is for superusers only."""

from __future__ import annotations

import time

from tests.conftest import totp_now


def test_staff_login_requires_totp_enrolment(client, make_org, make_user) -> None:  # type: ignore[no-untyped-def]
    mod = make_user("mod", org=make_org(), role="moderator")
    resp = client.post("/accounts/login/", {"username": "mod", "password": "correct-horse-battery"})
    assert resp.status_code == 302
    # Any page other than the 2FA page sends the moderator to enrol first.
    resp = client.get("/")
    assert resp.status_code == 302 and resp["Location"].startswith("/accounts/two-factor/")
    page = client.get("/accounts/two-factor/")
    assert b"data:image/svg+xml;base64," in page.content  # the QR code, inline, no third party
    wrong = client.post("/accounts/two-factor/", {"code": "000000"})
    assert wrong.status_code == 200 and "รหัสไม่ถูกต้อง" in wrong.content.decode()
    # django-otp throttles after a wrong code (1 s, doubling); a quick retry is refused.
    early = client.post("/accounts/two-factor/", {"code": totp_now(mod)})
    assert early.status_code == 200
    time.sleep(1.1)
    ok = client.post("/accounts/two-factor/", {"code": totp_now(mod)})
    assert ok.status_code == 302
    assert client.get("/").status_code == 200
    assert mod.totpdevice_set.filter(confirmed=True).count() == 1


def test_citizen_facing_pages_need_no_account(client, db) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/").status_code == 200


def test_volunteer_needs_no_second_factor(client, make_org, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("vol", org=make_org(), role="volunteer")
    client.post("/accounts/login/", {"username": "vol", "password": "correct-horse-battery"})
    assert client.get("/").status_code == 200


def test_admin_is_closed_to_non_superusers(verified_client, make_org, make_user) -> None:  # type: ignore[no-untyped-def]
    org = make_org()
    boss = make_user("boss", org=org, role="admin")
    c = verified_client(boss)
    resp = c.get("/django-admin/")
    assert resp.status_code == 302 and "login" in resp["Location"]


def test_admin_opens_for_a_verified_superuser(verified_client, make_user) -> None:  # type: ignore[no-untyped-def]
    root = make_user("root", is_superuser=True)
    c = verified_client(root)
    assert c.get("/django-admin/").status_code == 200
