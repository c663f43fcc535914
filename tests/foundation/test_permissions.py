"""Roles grant permissions inside their own organisation only."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from phalang.orgs import actions
from phalang.orgs.backends import org_ids_with_perm


@pytest.fixture
def two_orgs(make_org):  # type: ignore[no-untyped-def]
    return make_org("org-a"), make_org("org-b")


def test_moderator_holds_permissions_in_own_org_only(two_orgs, make_user) -> None:  # type: ignore[no-untyped-def]
    a, b = two_orgs
    mod = make_user("mod", org=a, role="moderator")
    assert mod.has_perm("report.moderate", a)
    assert not mod.has_perm("report.moderate", b)
    assert not mod.has_perm("org.manage_members", a)
    assert org_ids_with_perm(mod, "report.publish") == {a.pk}


def test_volunteer_and_partner_staff_cannot_moderate(two_orgs, make_user) -> None:  # type: ignore[no-untyped-def]
    a, _ = two_orgs
    vol = make_user("vol", org=a, role="volunteer")
    staff = make_user("staff", org=a, role="partner_staff")
    assert vol.has_perm("aid.volunteer", a) and not vol.has_perm("report.view", a)
    assert staff.has_perm("report.update_status", a) and not staff.has_perm("report.publish", a)


def test_unknown_permission_is_never_granted(two_orgs, make_user) -> None:  # type: ignore[no-untyped-def]
    a, _ = two_orgs
    boss = make_user("boss", org=a, role="admin")
    assert not boss.has_perm("report.delete_everything", a)


def test_removed_member_loses_access(two_orgs, make_user) -> None:  # type: ignore[no-untyped-def]
    a, _ = two_orgs
    admin = make_user("boss", org=a, role="admin")
    mod = make_user("mod", org=a, role="moderator")
    actions.remove_member(mod.memberships.get(), by=admin, reason="left the organisation")
    mod.refresh_from_db()
    fresh = type(mod).objects.get(pk=mod.pk)
    assert not fresh.has_perm("report.moderate", a)


def test_only_org_admins_manage_members(two_orgs, make_user) -> None:  # type: ignore[no-untyped-def]
    a, b = two_orgs
    admin_a = make_user("boss", org=a, role="admin")
    outsider = make_user("eve")
    with pytest.raises(PermissionDenied):
        actions.add_member(b, outsider, "moderator", by=admin_a)
    actions.add_member(a, outsider, "volunteer", by=admin_a)
    assert outsider.memberships.filter(organisation=a, role="volunteer").exists()


def test_only_superusers_create_and_verify_organisations(two_orgs, make_user) -> None:  # type: ignore[no-untyped-def]
    a, _ = two_orgs
    admin_a = make_user("boss", org=a, role="admin")
    with pytest.raises(PermissionDenied):
        actions.create_organisation(slug="x", name_th="x", kind="media", by=admin_a)
    with pytest.raises(PermissionDenied):
        actions.verify_organisation(a, by=admin_a)
    root = make_user("root", is_superuser=True)
    actions.verify_organisation(a, by=root, reason="checked registration")
    a.refresh_from_db()
    assert a.verified and a.verified_at is not None
