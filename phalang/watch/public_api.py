"""Open endpoints: published reports as JSON and GeoJSON, and the signed public log.

Every refusal has the API's one error shape (phalang/api.py, watch/api.py):
``{"error": "invalid_input", "message_th", "message_en", "fields": [{"field", "message_th",
"message_en"}]}`` with status 422, whether the type check or a range check here refused it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Router

from phalang.lib.numbers import Id
from phalang.watch import publiclog
from phalang.watch.board import filtered, page_of, public_json, status_counts, with_story
from phalang.watch.models import PublicLogEntry

router = Router(tags=["public"])
MAX_PAGE = 100


def _invalid(*fields: tuple[str, str, str]) -> JsonResponse:
    """422 in the API's one error shape: each field with its Thai and English message."""
    return JsonResponse({"error": "invalid_input", "message_th": "ข้อมูลที่ส่งมาไม่ถูกต้อง",
                         "message_en": "The request has invalid fields.",
                         "fields": [{"field": f, "message_th": th, "message_en": en} for f, th, en in fields]},
                        status=422, json_dumps_params={"ensure_ascii": False})


@router.get("/reports", summary="Published reports, paginated (filters: province id, category, status, period)")
def reports(request: HttpRequest, page: Id = 1, page_size: Id = 50, province: Id | None = None,
            category: str = "", status: str = "", period: str = "") -> JsonResponse:
    wrong = ([("page", "page ต้องไม่น้อยกว่า 1", "page must be 1 or more")] if page < 1 else []) + (
        [("page_size", f"page_size ต้องอยู่ระหว่าง 1 ถึง {MAX_PAGE}", f"page_size must be 1 to {MAX_PAGE}")]
        if not 1 <= page_size <= MAX_PAGE else [])
    if wrong:
        return _invalid(*wrong)
    params = {"province": str(province or ""), "category": category, "status": status, "period": period}
    qs = filtered(params)
    total = sum(status_counts(params).values())
    start = (page - 1) * page_size
    items = [public_json(r, with_timeline=True) for r in page_of(with_story(qs), start, page_size)]
    return JsonResponse({"count": total, "page": page, "page_size": page_size, "results": items},
                        json_dumps_params={"ensure_ascii": False})


@router.get("/reports.geojson", summary="Published reports as a GeoJSON FeatureCollection (max 5000)")
def reports_geojson(request: HttpRequest, province: Id | None = None, category: str = "", status: str = "",
                    period: str = "") -> JsonResponse:
    qs = filtered({"province": str(province or ""), "category": category, "status": status, "period": period})
    features: list[dict[str, Any]] = []
    for r in with_story(qs)[:5000]:
        d = public_json(r, with_timeline=True)
        if d["lat"] is None:
            continue
        props = {k: v for k, v in d.items() if k not in ("lat", "lon")}
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [d["lon"], d["lat"]]},
                         "properties": props})
    return JsonResponse({"type": "FeatureCollection", "features": features},
                        json_dumps_params={"ensure_ascii": False}, content_type="application/geo+json")


@router.get("/reports/nearby", summary="Up to 3 open published cases of a category near a place (before filing)")
def reports_nearby(request: HttpRequest, category: str, province: int | None = None, district: int | None = None,
                   lat: float | None = None, lon: float | None = None) -> JsonResponse:
    from phalang.watch.board import nearby

    if (lat is None) != (lon is None) or (lat is not None and not (-90 <= lat <= 90 and -180 <= (lon or 0) <= 180)):
        return _invalid(("lat", "ต้องระบุ lat และ lon คู่กัน lat อยู่ระหว่าง -90 ถึง 90 และ lon ระหว่าง -180 ถึง 180",
                         "give both lat and lon, lat within -90 to 90 and lon within -180 to 180"))
    items = [{**public_json(r), "me_too_url": f"/reports/{r.public_id}/me-too/"}
             for r in nearby(category, province=province, district=district, lat=lat, lon=lon)]
    return JsonResponse({"results": items}, json_dumps_params={"ensure_ascii": False})


@router.get("/log", summary="The signed, hash-chained log of published reports' status changes")
def log(request: HttpRequest, after: Id = 0, limit: Id = 1000) -> JsonResponse:
    if after < 0 or not 1 <= limit <= 5000:
        return _invalid(("limit", "limit ต้องอยู่ระหว่าง 1 ถึง 5000", "limit must be 1 to 5000"))
    entries = [publiclog.as_json(e) for e in PublicLogEntry.objects.filter(seq__gt=after).order_by("seq")[:limit]]
    return JsonResponse({"public_key": publiclog.public_key_b64(), "algorithm": "Ed25519 over SHA-256 chain",
                         "entries": entries})


@router.get("/log/head", summary="The signed head of the public log: keep it to catch a cut-off or rewritten log later")
def log_head(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(publiclog.signed_head())
    response["Cache-Control"] = "no-store"
    return response


@router.get("/log/key", summary="The deployment's Ed25519 public key (base64)")
def log_key(request: HttpRequest) -> dict[str, str]:
    return {"public_key": publiclog.public_key_b64()}
