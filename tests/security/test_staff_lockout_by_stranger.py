"""Audit item 9: five failed logins locked any staff account for 15 minutes from anywhere, even
with the right password. Failures now count per username and client, the cool-off grows with
each further failure, and neither addresses nor attempts are stored in the database."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.test import RequestFactory

from phalang.accounts import lockout

STRANGER = {"REMOTE_ADDR": "203.0.113.9"}
OWNER = {"REMOTE_ADDR": "198.51.100.2"}


def test_a_stranger_cannot_lock_the_owner_out(client, make_user, verified_client) -> None:  # type: ignore[no-untyped-def]
    make_user("somchai.mod")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "somchai.mod", "password": "guess-guess-guess"}, **STRANGER)
    locked = client.post("/accounts/login/", {"username": "somchai.mod", "password": "correct-horse-battery"},
                         **STRANGER)
    assert locked.status_code in (403, 429)  # the stranger is stopped, even with the right password
    owner = client.post("/accounts/login/", {"username": "somchai.mod", "password": "correct-horse-battery"},
                        **OWNER)
    assert owner.status_code == 302


def test_the_cool_off_grows_with_each_further_failure(client, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("somchai.mod")
    post = RequestFactory().post("/accounts/login/", {"username": "somchai.mod", "password": "x"}, **STRANGER)
    waits = []
    for _ in range(settings.AXES_FAILURE_LIMIT + 3):
        client.post("/accounts/login/", {"username": "somchai.mod", "password": "guess-guess-guess"}, **STRANGER)
        waits.append(lockout.cool_off(post))
    base = timedelta(minutes=settings.PHALANG_LOGIN_COOLOFF_MINUTES)
    assert waits[: settings.AXES_FAILURE_LIMIT - 1] == [base] * (settings.AXES_FAILURE_LIMIT - 1)
    assert waits[-3] < waits[-2] < waits[-1] <= lockout.MAX_COOL_OFF


def test_no_attempt_or_address_reaches_the_database(client, make_user) -> None:  # type: ignore[no-untyped-def]
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    make_user("somchai.mod")
    client.post("/accounts/login/", {"username": "somchai.mod", "password": "guess-guess-guess"}, **STRANGER)
    client.post("/accounts/login/", {"username": "somchai.mod", "password": "correct-horse-battery"}, **OWNER)
    assert not AccessAttempt.objects.exists() and not AccessLog.objects.exists()
    assert not AccessFailureLog.objects.exists()
