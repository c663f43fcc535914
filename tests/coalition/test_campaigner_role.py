"""The role matrix for partners: a campaigner runs the organisation's campaigns, events,
broadcasts and tracked commitments; partner staff (who handle forwarded reports) are refused with
a proper 403, and nobody acts for another organisation.

Before: only organisation admins could create these, so partner staff got a bare 403 on every form.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from phalang.coalition import actions
from phalang.coalition.models import Broadcast, Campaign, Commitment, Event
from phalang.orgs.roles import ROLE_PERMISSIONS, STAFF_ROLES, Role

BASE = "/coalition/staff/watchdog"


def _local(delta: timedelta) -> str:
    return timezone.localtime(timezone.now() + delta).strftime("%Y-%m-%dT%H:%M")


def test_campaigner_runs_campaigns_events_broadcasts_and_commitments(  # type: ignore[no-untyped-def]
        watchdog, make_org, make_user, verified_client) -> None:
    staff = verified_client(make_user("wd-campaigner", org=watchdog, role=Role.CAMPAIGNER))
    assert staff.post(f"{BASE}/campaigns/new/", {"slug": "clean-air", "title": "อากาศสะอาด", "issue": "ฝุ่น PM2.5"}
                      ).status_code == 302
    assert staff.post(f"{BASE}/events/new/", {"title": "เวทีรับฟังเรื่องฝุ่น", "mode": "offline", "venue": "ศาลาวัด",
                                              "starts_at": _local(timedelta(days=3))}).status_code == 302
    party = make_org("party", "political_party")
    assert staff.post(f"{BASE}/commitments/new/", {"title": "ลดการเผาในที่โล่ง 50%", "made_by": party.pk,
                                                   "source_title": "แถลงนโยบาย"}).status_code == 302
    actions.follow_campaign(Campaign.objects.get(), "telegram", "90001")
    assert staff.post(f"{BASE}/broadcasts/new/", {"text": "นัดเวทีวันเสาร์", "segment": "", "action": "send"}
                      ).status_code == 302
    assert (Campaign.objects.count(), Event.objects.count(), Commitment.objects.count(), Broadcast.objects.count()) \
        == (1, 1, 1, 1)
    # Not another organisation's.
    make_org("other", "civil_society")
    assert staff.get("/coalition/staff/other/campaigns/new/").status_code == 403


@pytest.mark.parametrize("path", ["campaigns/new/", "events/new/", "broadcasts/new/", "commitments/new/"])
def test_partner_staff_get_a_proper_403(watchdog, make_user, verified_client, path) -> None:  # type: ignore[no-untyped-def]
    staff = verified_client(make_user("wd-partner", org=watchdog, role=Role.PARTNER_STAFF))
    resp = staff.get(f"{BASE}/{path}", HTTP_ACCEPT_LANGUAGE="th")
    assert resp.status_code == 403  # PermissionDenied: the site's Thai 403 page, not a bare English one
    page = resp.content.decode()
    assert "<h1>ไม่มีสิทธิ์เข้าถึง</h1>" in page and "Forbidden" not in page
    missing = staff.get(f"{BASE}/campaigns/no-such-campaign/", HTTP_ACCEPT_LANGUAGE="th")
    assert missing.status_code in (403, 404) and "<html lang=\"th\">" in missing.content.decode()


def test_campaigner_is_a_staff_role_with_two_factor_and_sees_no_reports() -> None:
    assert Role.CAMPAIGNER in STAFF_ROLES
    perms = ROLE_PERMISSIONS[Role.CAMPAIGNER]
    assert {"coalition.manage", "event.manage", "broadcast.send", "commitment.manage"} <= perms
    assert not {p for p in perms if p.startswith(("report.", "aid."))}
