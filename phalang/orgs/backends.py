"""Object-level permissions from memberships: ``user.has_perm("report.moderate", report)``.

An object names the organisations that govern it through ``governing_organisation_ids()``
(a report: its handling organisations; an organisation: itself). It may also cap what some of
them hold with ``organisation_permission_limits()`` (a report caps the organisations it was only
forwarded to: need to know). Without an object, the permission holds if any active membership
grants it.
"""

from __future__ import annotations

from typing import Any

from phalang.orgs.roles import ALL_PERMISSIONS, ROLE_PERMISSIONS


def roles_by_org(user: Any) -> dict[int, set[str]]:
    cache = getattr(user, "_phalang_roles", None)
    if cache is None:
        cache = {}
        for org_id, role in user.memberships.filter(active=True).values_list("organisation_id", "role"):
            cache.setdefault(org_id, set()).add(role)
        user._phalang_roles = cache
    return cache


def org_ids_with_perm(user: Any, perm: str) -> set[int]:
    """The organisations in which ``user`` holds ``perm``; use it to filter querysets."""
    if not user.is_authenticated or not user.is_active:
        return set()
    return {
        org_id for org_id, roles in roles_by_org(user).items()
        if any(perm in ROLE_PERMISSIONS[r] for r in roles)
    }


class OrganisationPermissionBackend:
    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def has_perm(self, user: Any, perm: str, obj: Any = None) -> bool:
        if perm not in ALL_PERMISSIONS or not user.is_active:
            return False
        if user.is_superuser:
            return True
        orgs = org_ids_with_perm(user, perm)
        if obj is None:
            return bool(orgs)
        holding = orgs & set(obj.governing_organisation_ids())
        if not holding:
            return False
        limits = getattr(obj, "organisation_permission_limits", None)
        capped = limits() if limits is not None else {}
        return any(org not in capped or perm in capped[org] for org in holding)

    def has_module_perms(self, user: Any, app_label: str) -> bool:
        return False
