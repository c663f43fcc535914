"""The partner directory: filtering organisations, and what a partner handles in public.

Shared by the pages (views.py) and the JSON API (api.py), so both filter the same way.
"""

from __future__ import annotations

import statistics
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from phalang.orgs.models import AreaOfWork, Organisation, OrganisationArea, OrganisationKind
from phalang.places.models import Province


def filters(params: Any) -> dict[str, str]:
    """The recognised filters from a query string; anything unknown is dropped."""
    out = {"kind": "", "area": "", "province": "", "verified": ""}
    if params.get("kind") in OrganisationKind.values:
        out["kind"] = params["kind"]
    if params.get("area") in AreaOfWork.values:
        out["area"] = params["area"]
    if str(params.get("province", "")).isdigit():
        out["province"] = str(params["province"])
    if str(params.get("verified", "")).lower() in ("1", "true", "yes"):
        out["verified"] = "1"
    return out


def organisations(f: dict[str, str]) -> QuerySet[Organisation]:
    qs = Organisation.objects.select_related("province").prefetch_related(
        Prefetch("areas", queryset=OrganisationArea.objects.order_by("area")), "provinces_served")
    if f["kind"]:
        qs = qs.filter(kind=f["kind"])
    if f["area"]:
        qs = qs.filter(areas__area=f["area"])
    if f["province"]:
        # Serves the province, or is based there and names no provinces served.
        pk = int(f["province"])
        qs = qs.filter(pk__in=Organisation.objects.filter(
            Q(provinces_served=pk) | Q(province=pk, provinces_served__isnull=True)).values("pk"))
    if f["verified"]:
        qs = qs.filter(verified=True)
    return qs.order_by("-verified", "name_th")


def areas_of(org: Organisation) -> list[tuple[str, str]]:
    labels = dict(AreaOfWork.choices)
    return [(a.area, str(labels.get(a.area, a.area))) for a in org.areas.all()]


def provinces_of(org: Organisation) -> list[Province]:
    served = list(org.provinces_served.all())
    return served or ([org.province] if org.province is not None else [])


def as_json(org: Organisation) -> dict[str, Any]:
    return {
        "slug": org.slug, "name_th": org.name_th, "name_en": org.name_en, "kind": org.kind,
        "verified": org.verified, "is_demo": org.is_demo, "description": org.description,
        "areas": [a for a, _label in areas_of(org)], "tags": org.tag_list(),
        "provinces": [p.name_th for p in provinces_of(org)],
        "contacts": {"email": org.public_email or None, "phone": org.public_phone or None,
                     "line_oa": org.line_oa or None, "website": org.website or None},
    }


def responsiveness(org: Organisation) -> dict[str, Any]:
    """How fast the organisation answers the cases forwarded to it: the same figures as the Watch
    table of all partners (watch/board.py ``partners``), for one organisation."""
    from phalang.watch.models import Status

    cases = list(org.forwarded_reports.filter(forwarded_at__isnull=False).values_list(
        "forwarded_at", "first_response_at", "status"))
    now = timezone.now()
    waits = [(first - fwd).total_seconds() / 86400 for fwd, first, _s in cases if first and fwd]
    open_waits = [(now - fwd).total_seconds() / 86400 for fwd, first, _s in cases if fwd and not first]
    return {
        "forwarded": len(cases), "answered": len(waits),
        "median_days": round(statistics.median(waits), 1) if waits else None,
        "oldest_unanswered_days": round(max(open_waits)) if open_waits else None,
        "resolved_share": round(100 * sum(1 for *_x, s in cases if s == Status.RESOLVED) / len(cases))
        if cases else None,
    }


def published_cases(org: Organisation, limit: int = 20) -> list[Any]:
    """Forwarded cases the public may see: published ones only, with their moderated text."""
    return list(org.forwarded_reports.filter(published=True).select_related("category", "province")
                .order_by("-published_at", "-id")[:limit])
