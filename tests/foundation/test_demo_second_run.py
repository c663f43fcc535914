"""A second `phalang demo` on the same data does no slow work it does not need: no Argon2 check
of passwords it set itself, no collectstatic when no static file changed (issue 19). A password
changed behind its back is still put back."""

from __future__ import annotations

from django.contrib.auth.hashers import check_password as real_check

from phalang.accounts.models import User
from phalang.core import demo
from phalang.core.management.commands.demo import _static_fingerprint


def test_second_seed_checks_no_password_and_repairs_a_changed_one(
        monkeypatch, tmp_path, gazetteer, django_capture_on_commit_callbacks):
    calls: list[str] = []

    def counting(self: User, raw: str) -> bool:
        calls.append(self.username)
        return real_check(raw, self.password)

    monkeypatch.setattr(User, "check_password", counting)
    # A data folder of its own: test workers share var/test, and another worker's seed would
    # rewrite the stored hashes between this test's two seeds.
    monkeypatch.setattr(demo, "data_dir", lambda: tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed()
    calls.clear()  # a first seed on a data folder used before may check and repair
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed()
    assert calls == []  # every hash is the one this seed saw last time

    moderator = User.objects.get(username="moderator")
    moderator.set_password("changed-by-someone")
    moderator.save(update_fields=["password"])
    with django_capture_on_commit_callbacks(execute=True):
        logins = {x["username"]: x["password"] for x in demo.seed()}
    assert calls == ["moderator"]
    assert real_check(logins["moderator"], User.objects.get(username="moderator").password)


def test_static_fingerprint_follows_the_files(tmp_path, settings):
    settings.STATICFILES_DIRS = [tmp_path]
    (tmp_path / "a.css").write_text("body{}")
    before = _static_fingerprint()
    assert _static_fingerprint() == before
    (tmp_path / "a.css").write_text("body{color:red}")
    assert _static_fingerprint() != before
