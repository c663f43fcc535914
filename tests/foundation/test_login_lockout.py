"""Wrong passwords lock the account for a while; the right one then fails too."""

from __future__ import annotations

from django.conf import settings


def test_account_locks_after_repeated_failures(client, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("carol")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        resp = client.post("/accounts/login/", {"username": "carol", "password": "wrong-password-1"})
    assert resp.status_code in (403, 429)
    locked = client.post("/accounts/login/", {"username": "carol", "password": "correct-horse-battery"})
    assert locked.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


def test_a_few_mistakes_do_not_lock(client, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("dave")
    client.post("/accounts/login/", {"username": "dave", "password": "nope-nope-nope"})
    resp = client.post("/accounts/login/", {"username": "dave", "password": "correct-horse-battery"})
    assert resp.status_code == 302


def test_passwords_are_hashed_with_argon2(make_user) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import ARGON2, PRODUCTION_HASHERS

    # settings.py itself, not the cheaper Argon2 the tests run with (tests/fast_hashers.py).
    assert PRODUCTION_HASHERS[0] == ARGON2
    assert make_user("erin").password.startswith("argon2")
