"""Staff of organisation A cannot reach any case page or action of organisation B's cases."""

from __future__ import annotations

import pytest

from phalang.watch import workflow
from phalang.watch.actions import NewReport, file_report
from tests.watch.helpers import jpeg_with_gps


@pytest.fixture
def two_orgs(make_org, make_user, gazetteer):  # type: ignore[no-untyped-def]
    a, b = make_org("org-a"), make_org("org-b")
    root = make_user("root", is_superuser=True)
    workflow.save_routing_rule(by=root, organisations=[b])
    report, _ = file_report(NewReport(category="corruption", description="รายงานขององค์กรบีเท่านั้น ห้ามคนอื่นเห็น",
                                      files=[jpeg_with_gps()]))
    staff_a = {role: make_user(f"{role}-a", org=a, role=role) for role in
               ("admin", "moderator", "partner_staff", "coordinator", "volunteer")}
    mod_b = make_user("mod-b", org=b, role="moderator")
    return report, staff_a, mod_b


def case_urls(report):  # type: ignore[no-untyped-def]
    ev = report.evidence.get().pk
    return [f"/moderation/{report.public_id}/", f"/partner/{report.public_id}/",
            f"/moderation/{report.public_id}/evidence/{ev}/public/",
            f"/moderation/{report.public_id}/evidence/{ev}/original/"]


def test_other_organisations_staff_get_404_everywhere(client, two_orgs, verified_client) -> None:  # type: ignore[no-untyped-def]
    report, staff_a, _ = two_orgs
    for role, user in staff_a.items():
        c = verified_client(user)
        for url in case_urls(report):
            assert c.get(url).status_code in (403, 404), (role, url)
        for action in ({"action": "status", "status": "screening"}, {"action": "publish", "public_text": "x" * 20},
                       {"action": "message", "body": "hello"}, {"action": "forward"}, {"action": "merge"}):
            assert c.post(f"/moderation/{report.public_id}/act/", action).status_code in (403, 404), (role, action)
        queue = c.get("/moderation/")
        assert queue.status_code in (200, 403) and report.public_id not in queue.content.decode()
        c.logout()
    report.refresh_from_db()
    assert report.status == "received" and not report.published and not report.messages.exists()


def test_own_moderator_sees_it(client, two_orgs, verified_client) -> None:  # type: ignore[no-untyped-def]
    report, _, mod_b = two_orgs
    c = verified_client(mod_b)
    for url in case_urls(report):
        assert c.get(url).status_code == 200, url


def test_anonymous_visitors_are_sent_to_login(client, two_orgs) -> None:  # type: ignore[no-untyped-def]
    report, _, _ = two_orgs
    for url in [*case_urls(report), "/moderation/", "/moderation/routing/"]:
        resp = client.get(url)
        assert resp.status_code == 302 and "/accounts/login/" in resp["Location"], url
    assert client.get(f"/reports/{report.public_id}/").status_code == 404  # unpublished


def test_routing_rules_are_for_platform_admins(client, two_orgs, verified_client) -> None:  # type: ignore[no-untyped-def]
    _report, staff_a, _ = two_orgs
    c = verified_client(staff_a["admin"])
    assert c.get("/moderation/routing/").status_code == 403
