"""Audit item 9: the public volunteer sign-up told whether a username exists ("This username is
taken"), which names staff accounts to attack. Every sign-up now gets a random suffix, so the
answer is the same whether the wanted name exists or not."""

from __future__ import annotations

import re

import pytest

from phalang.accounts.models import User


@pytest.fixture
def group(make_org):  # type: ignore[no-untyped-def]
    org = make_org("chiangrai-volunteers", kind="volunteer_group")
    org.verified = True
    org.save()
    return org


def sign_up(client, group, username: str):  # type: ignore[no-untyped-def]
    client.logout()
    resp = client.post("/aid/volunteer/", {
        "username": username, "display_name": "อาสาใหม่", "password": "long-enough-pass-1",
        "organisation": group.slug, "place_text": "ต.รอบเวียง อ.เมืองเชียงราย จ.เชียงราย", "radius_km": 10, "skills": ["driver"], "vehicle": "car",
        "vehicle_capacity": 4, "available_days": ["0"], "available_from": "08:00", "available_until": "18:00",
        "max_tasks_per_day": 2}, follow=True)
    return resp


def test_signing_up_as_an_existing_staff_name_looks_like_any_sign_up(client, gazetteer, group, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("admin.somchai", is_superuser=True)
    taken = sign_up(client, group, "admin.somchai")
    fresh = sign_up(client, group, "nobody.here")
    assert taken.status_code == fresh.status_code == 200
    assert taken.redirect_chain == fresh.redirect_chain
    for resp, wanted in ((taken, "admin.somchai"), (fresh, "nobody.here")):
        html = resp.content.decode()
        assert "taken" not in html and "มีผู้ใช้แล้ว" not in html
        given = re.search(re.escape(wanted) + r"\.\d{6}", html)
        assert given, html[:2000]
        assert User.objects.filter(username=given.group(0)).exists()
    assert User.objects.filter(username="admin.somchai", is_superuser=True).count() == 1
