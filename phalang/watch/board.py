"""The public status board: published reports as a list, a map, JSON, GeoJSON, CSV and Open311.

Only published reports appear, with the moderator-approved public text, never the original.
Locations are the subdistrict centre unless a moderator chose to show the point.
"""

from __future__ import annotations

import csv
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from phalang.lib.clients import client_key
from phalang.lib.crypto import keyed_hash
from phalang.lib.numbers import small_int
from phalang.orgs.models import Organisation
from phalang.places.models import Province
from phalang.watch import actions, clocks, vault
from phalang.watch.models import (
    CLOSED_STATUSES,
    Category,
    Channel,
    Evidence,
    Report,
    ReportUpdate,
    Status,
)

PERIODS = {"30": 30, "90": 90, "365": 365}


def published() -> QuerySet[Report]:
    # A merged duplicate is unpublished by the merge, so this one condition matches the indexes.
    return Report.objects.filter(published=True).select_related(
        "category", "province", "district", "subdistrict")


def filtered(params: Any) -> QuerySet[Report]:
    qs = published()
    province = small_int(params.get("province", ""))
    if province is not None:
        qs = qs.filter(province_id=province)
    if params.get("category"):
        qs = qs.filter(category__slug=params["category"])
    if params.get("status") in Status.values:
        qs = qs.filter(status=params["status"])
    if params.get("period") in PERIODS:
        qs = qs.filter(published_at__gte=timezone.now() - timedelta(days=PERIODS[params["period"]]))
    return qs.order_by("-published_at", "-id")  # matches the report_board indexes


def _lang() -> str:
    return (get_language() or "th")[:2]


def with_story(qs: QuerySet[Report]) -> QuerySet[Report]:
    """Fetch the public timeline and the handling organisations for a feed in two queries."""
    return qs.prefetch_related(Prefetch("updates", queryset=ReportUpdate.objects.filter(public=True),
                                        to_attr="public_updates"), "forwarded_to")


def story(r: Report) -> dict[str, Any]:
    """The case's story for the feeds: its public timeline and who handles it (prefetched by
    ``with_story``)."""
    labels = dict(Status.choices)
    updates = getattr(r, "public_updates", None)
    if updates is None:
        updates = list(r.updates.filter(public=True))
    return {
        "handled_by": [{"name_th": o.name_th, "name_en": o.name_en} for o in r.forwarded_to.all()],
        "timeline": [{"at": u.created_at.isoformat(), "status": u.status_to,
                      "status_label": str(labels.get(u.status_to, u.status_to)), "text": u.text}
                     for u in updates],
    }


def public_json(r: Report, language: str = "th", *, with_timeline: bool = False) -> dict[str, Any]:
    point = r.public_point()
    extra = story(r) if with_timeline else {}
    return {**extra,
        "id": r.public_id, "category": r.category.slug, "category_label": r.category.label(language),
        "status": r.status, "status_label": str(dict(Status.choices)[r.status]),
        "text": r.public_text, "province": r.province.name_th if r.province else None,
        "district": r.district.name_th if r.district else None,
        "subdistrict": r.subdistrict.name_th if r.subdistrict else None,
        "lat": round(point[0], 5) if point else None, "lon": round(point[1], 5) if point else None,
        "published_at": r.published_at.isoformat() if r.published_at else None,
        "updated_at": r.updated_at.isoformat(), "me_too": r.me_too,
        "url": f"{settings.SITE_URL}/reports/{r.public_id}/",
    }


def page_of(qs: QuerySet[Report], start: int, size: int) -> list[Report]:
    """One page, newest first: ids from the index alone, then the rows with their places.

    With the joins in the same query SQLite's planner drops the index and sorts all 100,000
    rows (150 ms); the two-step form takes a few milliseconds (docs/benchmarks.md)."""
    ids = list(qs.select_related(None).values_list("id", flat=True)[start:start + size])
    rows = {r.pk: r for r in qs.filter(pk__in=ids)}
    return [rows[i] for i in ids if i in rows]


def status_counts(params: Any) -> dict[str, int]:
    """Reports per status for these filters, cached for 30 s: counting 100,000 rows on every
    page view is the board's single largest cost (docs/benchmarks.md)."""
    key = "board-counts:" + keyed_hash("ratelimit", repr(sorted((k, str(params.get(k, ""))) for k in
                                                               ("province", "category", "status", "period"))))[:32]
    counts = cache.get(key)
    if counts is None:
        counts = dict(filtered(params).order_by().values_list("status").annotate(n=Count("id")))
        cache.set(key, counts, 30)
    return counts


NEARBY_KM = 3.0  # about a walk around a subdistrict: the same pothole, not the next town's


def nearby(category: str, *, province: int | None = None, district: int | None = None,
           lat: float | None = None, lon: float | None = None, limit: int = 3) -> list[Report]:
    """Up to ``limit`` open, published cases of this category near the place being reported, so
    the citizen can say "me too" instead of filing again. Web and chat both ask here."""
    import math

    from django.db.models import Q

    qs = published().filter(category__slug=category).exclude(status__in=CLOSED_STATUSES)
    # The rule: the same district (or, without one, the same province), or within NEARBY_KM of the
    # pin. Both may be given; either one is enough to be listed.
    area = Q(district_id=district) if district else Q(province_id=province) if province else None
    point = lat is not None and lon is not None
    if area is None and not point:
        return []
    where = area if area is not None else Q(pk__in=[])
    if point:
        assert lat is not None and lon is not None
        dlat = NEARBY_KM / 111.0 + 0.01
        dlon = NEARBY_KM / (111.0 * max(math.cos(math.radians(lat)), 0.1)) + 0.01
        for prefix in ("subdistrict__", "district__", "province__", ""):
            where |= Q(**{f"{prefix}lat__range": (lat - dlat, lat + dlat),
                          f"{prefix}lon__range": (lon - dlon, lon + dlon)})
    candidates = list(qs.filter(where).order_by("-published_at", "-id")[:300])
    if not point:
        return candidates[:limit]
    assert lat is not None and lon is not None

    def km(r: Report) -> float:
        p = r.public_point()
        if p is None:
            return math.inf
        dlat, dlon = math.radians(p[0] - lat), math.radians(p[1] - lon)
        a = math.sin(dlat / 2) ** 2 + math.cos(math.radians(lat)) * math.cos(math.radians(p[0])) * math.sin(dlon / 2) ** 2
        return 6371.0 * 2 * math.asin(math.sqrt(a))

    def in_area(r: Report) -> bool:
        return bool(r.district_id == district if district else province and r.province_id == province)

    # Nearest first; cases of the same area farther than NEARBY_KM follow, latest first.
    near = sorted((d if d <= NEARBY_KM else math.inf, i, r) for i, r in enumerate(candidates)
                  if (d := km(r)) <= NEARBY_KM or in_area(r))
    return [r for _d, _i, r in near[:limit]]


def board(request: HttpRequest) -> HttpResponse:
    qs, chosen = filtered(request.GET), small_int(request.GET.get("province", ""))
    counts = status_counts(request.GET)
    total = sum(counts.values())
    number = small_int(request.GET.get("page", "")) or 1
    number = max(1, min(number, (total - 1) // 20 + 1 if total else 1))
    items = page_of(qs, (number - 1) * 20, 20)
    page = {"items": items, "number": number, "has_next": number * 20 < total, "next_page_number": number + 1}
    return render(request, "watch/board.html", {
        "page": page, "counts": [(s, label, counts.get(s, 0)) for s, label in Status.choices if counts.get(s)],
        "total": total, "provinces": Province.objects.all(), "categories": Category.objects.all(),
        "statuses": Status.choices, "f": request.GET, "tile_url": settings.MAP_TILE_URL,
        # The map opens on all of Thailand, or on the province the filter asks for (board-map.js).
        "province": Province.objects.filter(pk=chosen).first() if chosen is not None else None,
        # Only the filters set: the API refuses empty values (a blank filter form sends them all).
        "query": urlencode([(k, v) for k, v in request.GET.items() if v and k != "page"]),
    })


def detail(request: HttpRequest, public_id: str) -> HttpResponse:
    report = published().filter(public_id=public_id).first()
    if report is None:
        merged = Report.objects.filter(public_id=public_id, merged_into__isnull=False).first()
        if merged is not None and merged.merged_into and merged.merged_into.published:
            return redirect("watch:public_report", public_id=merged.merged_into.public_id)
        raise Http404
    projects: list[Any] = []
    try:
        from phalang.opendata import links  # the open-data module, when present

        projects = links.projects_for(report)
    except (ImportError, AttributeError):
        projects = []
    return render(request, "watch/public_report.html", {
        "report": report, "point": report.public_point(), "tile_url": settings.MAP_TILE_URL,
        "updates": report.updates.filter(public=True),
        "evidence": report.evidence.filter(published=True),
        "organisations": report.forwarded_to.all(), "projects": projects,
    })


@require_POST
def me_too(request: HttpRequest, public_id: str) -> HttpResponse:
    report = get_object_or_404(published(), public_id=public_id)
    # The rule (one per client and case a day) and the audit entry are the action's.
    actions.me_too(report, client_key(request), channel=Channel.WEB)
    return redirect("watch:public_report", public_id=public_id)


def public_evidence(request: HttpRequest, public_id: str, evidence_id: int) -> HttpResponse:
    ev = get_object_or_404(Evidence, pk=evidence_id, published=True, report__public_id=public_id,
                           report__published=True)
    response = HttpResponse(vault.read_public(ev), content_type="application/pdf" if ev.kind == "pdf" else "image/jpeg")
    response["Cache-Control"] = "public, max-age=3600"
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    rows = with_story(filtered(request.GET)).iterator(chunk_size=2000)
    fields = ["id", "category", "status", "text", "province", "district", "subdistrict", "lat", "lon",
              "published_at", "updated_at", "me_too", "url", "handled_by", "timeline"]
    writer = csv.writer(_Echo())

    def cell(d: dict[str, Any], f: str) -> Any:
        if f == "handled_by":
            return "; ".join(o["name_th"] for o in d[f])
        if f == "timeline":  # one line per step, readable in a spreadsheet cell
            return "\n".join(f"{t['at']} {t['status_label']}" + (f": {t['text']}" if t["text"] else "")
                             for t in d[f])
        return d[f]

    def stream():  # type: ignore[no-untyped-def]
        yield "\ufeff" + writer.writerow(fields)  # BOM: Excel opens Thai text correctly
        for r in rows:
            d = public_json(r, with_timeline=True)
            yield writer.writerow([cell(d, f) for f in fields])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="phalang-reports.csv"'
    return response


def partners(request: HttpRequest) -> HttpResponse:
    """Public responsiveness: how fast each organisation answers forwarded cases."""
    rows = []
    for org in Organisation.objects.filter(forwarded_reports__isnull=False).distinct():
        rows.append({"org": org, **clocks.responsiveness(org)})
    rows.sort(key=lambda r: (r["median_days"] is None, r["median_days"] or 0))
    return render(request, "watch/partners.html", {"rows": rows})
