"""A failed volunteer sign-up leaves no account behind, and no audit entry for one that vanished."""

from __future__ import annotations

from phalang.accounts.models import User
from phalang.audit.models import AuditEntry


def test_failed_signup_leaves_nothing_half_saved(client, gazetteer, make_org) -> None:  # type: ignore[no-untyped-def]
    group = make_org("helpers", kind="volunteer_group")
    group.verified = True
    group.save()
    before = AuditEntry.objects.count()
    resp = client.post("/aid/volunteer/", {
        "username": "somsri", "password": "a-long-enough-passphrase-42", "display_name": "สมศรี",
        "organisation": "helpers", "place_text": "ไม่มีที่นี่แน่นอน", "skills": ["driver"], "vehicle": "motorcycle",
        "vehicle_capacity": 1, "radius_km": 10, "available_days": ["0", "1"], "max_tasks_per_day": 3, "available_from": "08:00", "available_until": "18:00",
        "phone": "0812345678"})
    html = resp.content.decode()
    assert resp.status_code == 200 and "ไม่พบตำบลนี้" in html, html[html.find("<main"):][:3000]
    assert not User.objects.filter(username="somsri").exists()
    created = AuditEntry.objects.filter(action="account.create", seq__gt=before)
    assert not created.exists(), "an account.create entry for an account that no longer exists"
