"""Changes to organisations and memberships; each one is audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from phalang.audit.log import record
from phalang.orgs.models import AreaOfWork, Membership, Organisation, OrganisationArea
from phalang.orgs.roles import ROLE_VALUES


def _require(by: Any, perm: str, obj: Any = None) -> None:
    if by is not None and not by.has_perm(perm, obj):
        raise PermissionDenied(perm)


@transaction.atomic
def create_organisation(*, slug: str, name_th: str, kind: str, by: Any = None, name_en: str = "",
                        description: str = "", website: str = "", province: Any = None,
                        is_demo: bool = False) -> Organisation:
    if by is not None and not by.is_superuser:
        raise PermissionDenied("only platform administrators create organisations")
    org = Organisation(slug=slug, name_th=name_th, name_en=name_en, kind=kind,
                       description=description, website=website, province=province, is_demo=is_demo)
    org.full_clean()
    org.save()
    record("org.create", actor=by, target=org, data={"slug": slug, "kind": kind, "demo": is_demo})
    return org


@transaction.atomic
def verify_organisation(org: Organisation, *, by: Any, verified: bool = True, reason: str = "") -> None:
    if by is not None and not by.is_superuser:
        raise PermissionDenied("only platform administrators verify organisations")
    org.verified = verified
    org.verified_at = timezone.now() if verified else None
    org.save(update_fields=["verified", "verified_at"])
    record("org.verify" if verified else "org.unverify", actor=by, target=org, data={"reason": reason})


@transaction.atomic
def add_member(org: Organisation, user: Any, role: str, *, by: Any = None) -> Membership:
    if role not in ROLE_VALUES:
        raise ValidationError({"role": f"unknown role {role!r}"})
    _require(by, "org.manage_members", org)
    membership, created = Membership.objects.get_or_create(
        organisation=org, user=user, role=role, defaults={"active": True})
    if not created and not membership.active:
        membership.active = True
        membership.save(update_fields=["active"])
    record("org.add_member", actor=by, target=org, data={"user": user.pk, "role": role})
    if hasattr(user, "_phalang_roles"):
        del user._phalang_roles
    return membership


@transaction.atomic
def remove_member(membership: Membership, *, by: Any = None, reason: str = "") -> None:
    _require(by, "org.manage_members", membership.organisation)
    membership.active = False
    membership.save(update_fields=["active"])
    record("org.remove_member", actor=by, target=membership.organisation,
           data={"user": membership.user_id, "role": membership.role, "reason": reason})


@transaction.atomic
def update_directory_profile(org: Organisation, *, by: Any, description: str | None = None,
                             website: str | None = None, public_email: str | None = None,
                             public_phone: str | None = None, line_oa: str | None = None,
                             tags: list[str] | None = None, areas: list[str] | None = None,
                             provinces_served: list[Any] | None = None) -> Organisation:
    """What the public directory shows about an organisation; ``None`` leaves a field as it is.

    Verification stays with the platform administrators (``verify_organisation``)."""
    _require(by, "org.edit", org)
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    for field, value in (("description", description), ("website", website), ("public_email", public_email),
                         ("public_phone", public_phone)):
        if value is not None:
            setattr(org, field, value.strip())
    if line_oa is not None:
        org.line_oa = line_oa.strip().lower()
    if tags is not None:
        org.tags = ", ".join(dict.fromkeys(t.strip() for t in tags if t.strip()))
    unknown = sorted(set(areas or []) - set(AreaOfWork.values))
    if unknown:
        raise ValidationError({"areas": f"unknown areas of work: {', '.join(unknown)}"})
    org.full_clean()
    org.save()
    if areas is not None:
        OrganisationArea.objects.filter(organisation=org).exclude(area__in=areas).delete()
        for area in areas:
            OrganisationArea.objects.get_or_create(organisation=org, area=area)
    if provinces_served is not None:
        org.provinces_served.set(provinces_served)
    record("org.directory", actor=by, target=org,
           data={"areas": sorted(areas) if areas is not None else None,
                 "provinces": sorted(p.pk for p in provinces_served) if provinces_served is not None else None})
    return org
