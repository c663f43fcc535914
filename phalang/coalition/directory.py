"""The partner directory: filtering organisations, and what a partner handles in public.

Shared by the pages (views.py) and the JSON API (api.py), so both filter the same way.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from phalang.lib.numbers import small_int
from phalang.orgs.models import AreaOfWork, Organisation, OrganisationArea, OrganisationKind
from phalang.places.models import Province


def filters(params: Any) -> dict[str, str]:
    """The recognised filters from a query string; anything unknown is dropped."""
    out = {"kind": "", "area": "", "province": "", "verified": ""}
    if params.get("kind") in OrganisationKind.values:
        out["kind"] = params["kind"]
    if params.get("area") in AreaOfWork.values:
        out["area"] = params["area"]
    if small_int(params.get("province", "")) is not None:
        out["province"] = str(small_int(params.get("province", "")))
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
    """The Watch responsiveness figures (``watch.clocks.responsiveness``) for one partner."""
    from phalang.watch.clocks import responsiveness as watch_responsiveness

    return watch_responsiveness(org)


def published_cases(org: Organisation, limit: int = 20) -> list[Any]:
    """Forwarded cases the public may see: published ones only, with their moderated text."""
    return list(org.forwarded_reports.filter(published=True).select_related("category", "province")
                .order_by("-published_at", "-id")[:limit])
