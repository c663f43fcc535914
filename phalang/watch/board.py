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
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from phalang.lib.clients import client_key
from phalang.lib.crypto import keyed_hash
from phalang.lib.numbers import small_int
from phalang.orgs.models import Organisation
from phalang.places.models import Province
from phalang.watch import clocks, vault, workflow
from phalang.watch.models import CLOSED_STATUSES, Category, Evidence, Report, ReportUpdate, Status

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

    qs = published().filter(category__slug=category).exclude(status__in=CLOSED_STATUSES)
    if district:
        qs = qs.filter(district_id=district)
    elif province:
        qs = qs.filter(province_id=province)
    elif lat is None or lon is None:
        return []
    candidates = list(qs.order_by("-published_at", "-id")[:300])
    if lat is None or lon is None:
        return candidates[:limit]

    def km(r: Report) -> float:
        p = r.public_point()
        if p is None:
            return math.inf
        dlat, dlon = math.radians(p[0] - lat), math.radians(p[1] - lon)
        a = math.sin(dlat / 2) ** 2 + math.cos(math.radians(lat)) * math.cos(math.radians(p[0])) * math.sin(dlon / 2) ** 2
        return 6371.0 * 2 * math.asin(math.sqrt(a))

    near = sorted((d, r.pk, r) for r in candidates if (d := km(r)) <= NEARBY_KM)
    return [r for _d, _pk, r in near[:limit]]


def board(request: HttpRequest) -> HttpResponse:
    qs = filtered(request.GET)
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
    # One "me too" per client and report per day; the address lives only in a short-lived hash.
    key = "metoo:" + keyed_hash("ratelimit", f"{client_key(request)}:{report.pk}")[:32]
    if cache.add(key, 1, 24 * 3600):
        workflow.me_too(report)
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


# --- Open311 GeoReport v2 (read-only) -------------------------------------------------------------
# As the spec says (wiki.open311.org/GeoReport_v2): discovery, JSON and XML, start_date/end_date,
# status, errors as a list of {code, description} with the matching HTTP status.

OPEN311_FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
OPEN311_MAX = 1000


def _open311_status(status: str) -> str:
    return "closed" if status in CLOSED_STATUSES else "open"


def _xml(root: str, item: str, rows: list[dict[str, Any]]) -> bytes:
    import xml.etree.ElementTree as ET  # building only; nothing untrusted is parsed

    top = ET.Element(root)

    def fill(parent: Any, key: str, value: Any) -> None:
        el = ET.SubElement(parent, key)
        if isinstance(value, list):
            for v in value:
                fill(el, key[:-1] if key.endswith("s") else key, v)
        elif isinstance(value, dict):
            for k, v in value.items():
                fill(el, k, v)
        elif value is not None:
            el.text = str(value).lower() if isinstance(value, bool) else str(value)

    for row in rows:
        node = ET.SubElement(top, item)
        for k, v in row.items():
            fill(node, k, v)
    return b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(top, encoding="utf-8", xml_declaration=False)


def _open311_response(fmt: str, root: str, item: str, rows: Any, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(_xml(root, item, rows if isinstance(rows, list) else [rows]),
                            content_type=OPEN311_FORMATS["xml"], status=status)
    return JsonResponse(rows, safe=False, status=status, json_dumps_params={"ensure_ascii": False})


def _open311_error(fmt: str, code: int, description: str) -> HttpResponse:
    fmt = fmt if fmt in OPEN311_FORMATS else "json"
    return _open311_response(fmt, "errors", "error", [{"code": code, "description": description}], status=code)


def open311_discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in OPEN311_FORMATS:
        return _open311_error("json", 404, "format not supported: use json or xml")
    doc = {"changeset": "2026-12-06T00:00:00Z", "contact": settings.SITE_URL, "key_service": "",
           "endpoints": [{"specification": "http://wiki.open311.org/GeoReport_v2",
                          "url": f"{settings.SITE_URL}/open311/v2", "changeset": "2026-12-06T00:00:00Z",
                          "type": "production", "formats": ["application/json", "text/xml"]}]}
    if fmt == "xml":
        return HttpResponse(_xml("discovery_wrapper", "discovery", [doc]).replace(
            b"<discovery_wrapper>", b"").replace(b"</discovery_wrapper>", b""), content_type=OPEN311_FORMATS["xml"])
    return JsonResponse(doc, json_dumps_params={"ensure_ascii": False})


def open311_services(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in OPEN311_FORMATS:
        return _open311_error("json", 404, "format not supported: use json or xml")
    data = [{"service_code": c.slug, "service_name": c.name_en, "description": c.name_th, "metadata": False,
             "type": "realtime", "keywords": c.name_th, "group": "phalang"} for c in Category.objects.filter(active=True)]
    return _open311_response(fmt, "services", "service", data)


def _status_notes(r: Report) -> str:
    """The status in words, and the last public note on the timeline."""
    label = str(dict(Status.choices).get(r.status, r.status))
    last = next((u.text for u in reversed(getattr(r, "public_updates", None) or
                                          list(r.updates.filter(public=True))) if u.text), "")
    return f"{label}: {last}" if last else label


def _open311_request(r: Report) -> dict[str, Any]:
    point = r.public_point()
    media = next((e for e in r.evidence.all() if e.published and e.kind != "pdf"), None)
    return {
        "service_request_id": r.public_id, "status": _open311_status(r.status), "status_notes": _status_notes(r),
        "service_name": r.category.name_en, "service_code": r.category.slug, "description": r.public_text,
        "agency_responsible": ", ".join(o.name_th for o in r.forwarded_to.all()),
        "service_notice": "",
        # The filing time, as the spec defines requested_datetime (not the publication time).
        "requested_datetime": r.created_at.isoformat(), "updated_datetime": r.updated_at.isoformat(),
        "expected_datetime": None,
        "address": " ".join(x for x in [r.subdistrict.name_th if r.subdistrict else "",
                                        r.district.name_th if r.district else "",
                                        r.province.name_th if r.province else ""] if x),
        "address_id": "", "zipcode": r.subdistrict.postcode if r.subdistrict else "",
        "lat": point[0] if point else None, "long": point[1] if point else None,
        "media_url": f"{settings.SITE_URL}/reports/{r.public_id}/evidence/{media.pk}/" if media else None,
    }


def _open311_qs() -> QuerySet[Report]:
    return with_story(published()).prefetch_related("evidence")


def _parse_when(value: str) -> Any:
    from django.utils.dateparse import parse_date, parse_datetime

    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise ValueError(value)
        from datetime import datetime, time

        moment = datetime.combine(day, time.min)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def open311_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in OPEN311_FORMATS:
        return _open311_error("json", 404, "format not supported: use json or xml")
    qs, g = _open311_qs(), request.GET
    if g.get("service_request_id"):
        qs = qs.filter(public_id__in=g["service_request_id"].split(","))
    else:
        try:
            end = _parse_when(g["end_date"]) if g.get("end_date") else timezone.now()
            # The spec's default window: the 90 days before end_date.
            start = _parse_when(g["start_date"]) if g.get("start_date") else end - timedelta(days=90)
        except ValueError as exc:
            return _open311_error(fmt, 400, f"start_date and end_date must be ISO 8601 dates: {exc}")
        if start > end:
            return _open311_error(fmt, 400, "start_date is after end_date")
        qs = qs.filter(created_at__gte=start, created_at__lte=end)
        if g.get("service_code"):
            qs = qs.filter(category__slug__in=g["service_code"].split(","))
        statuses = [s for s in g.get("status", "").split(",") if s]
        if any(s not in ("open", "closed") for s in statuses):
            return _open311_error(fmt, 400, "status must be open, closed or both")
        if statuses == ["closed"]:
            qs = qs.filter(status__in=CLOSED_STATUSES)
        elif statuses == ["open"]:
            qs = qs.exclude(status__in=CLOSED_STATUSES)
    rows = [_open311_request(r) for r in qs.order_by("-created_at", "-id")[:OPEN311_MAX]]
    return _open311_response(fmt, "service_requests", "request", rows)


def open311_request(request: HttpRequest, public_id: str, fmt: str) -> HttpResponse:
    if fmt not in OPEN311_FORMATS:
        return _open311_error("json", 404, "format not supported: use json or xml")
    r = _open311_qs().filter(public_id=public_id).first()
    if r is None:
        return _open311_error(fmt, 404, f"no published service request {public_id}")
    return _open311_response(fmt, "service_requests", "request", [_open311_request(r)])
