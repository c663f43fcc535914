"""Open data over JSON: search, contracting process, organisation, budget project.

Invalid input gets 422 with a Thai and an English message per field.
"""

from __future__ import annotations

from functools import partial
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from ninja import Router

from phalang.lib.numbers import Id
from phalang.opendata import packages, search
from phalang.opendata.models import BudgetProject, ContractingProcess, Entity, ProcessParty
from phalang.opendata.views import _flag_info

router = Router(tags=["opendata"])
LIMIT_MAX = 100


def _json(body: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _error(status: int, code: str, th: str, en: str, fields: list[dict[str, str]] | None = None) -> JsonResponse:
    body: dict[str, Any] = {"error": code, "message_th": th, "message_en": en}
    if fields is not None:
        body["fields"] = fields
    return _json(body, status)


def _process(p: ContractingProcess) -> dict[str, Any]:
    return {"ocid": p.ocid, "title": p.title, "buyer": p.buyer.name if p.buyer else None,
            "buyer_id": p.buyer_id, "method": p.method, "tender_value": p.tender_value,
            "award_value": p.award_value, "currency": p.currency, "year": p.year,
            "province": p.province.name_th if p.province_id and p.province else None}


def _budget(b: BudgetProject) -> dict[str, Any]:
    return {"id": b.pk, "bb_code": b.bb_code, "bb_year": b.bb_year, "amount": b.amount,
            "disbursed": b.disbursed, "nationwide": b.nationwide, "name": b.name,
            "ministry": b.ministry, "agency": b.agency,
            "province": b.province.name_th if b.province else None,
            "district": b.district.name_th if b.district else None,
            "subdistrict": b.subdistrict.name_th if b.subdistrict else None}


def _entity(e: Entity) -> dict[str, Any]:
    return {"id": e.pk, "scheme": e.scheme, "identifier": e.identifier, "name": e.name}


# --- Query parameters in the OpenAPI document ------------------------------------------------
# The endpoints read their query parameters themselves, so that a bad value gets a message in
# Thai and English naming the field; ``openapi_extra`` declares them for the document.

def _param(name: str, schema: dict[str, Any], en: str, th: str) -> dict[str, Any]:
    return {"in": "query", "name": name, "required": False, "schema": schema, "description": f"{en} / {th}"}


def _parameters(*params: dict[str, Any]) -> dict[str, Any]:
    return {"parameters": list(params)}


SEARCH_PARAMETERS = _parameters(
    _param("q", {"type": "string", "maxLength": search.MAX_QUERY},
           f"Search words, Thai or English (up to {search.MAX_QUERY} characters); a 13-digit juristic person "
           "number finds that organisation. Give q or at least one filter.",
           "คำค้น ภาษาไทยหรืออังกฤษ หรือเลขทะเบียนนิติบุคคล 13 หลัก"),
    _param("year", {"type": "string", "examples": ["2561", "2018"]},
           "Year of the process or budget: Buddhist era (2561) or Gregorian (2018).",
           "ปี พ.ศ. หรือ ค.ศ."),
    _param("province", {"type": "string", "examples": ["เชียงใหม่", "Chiang Mai", "50"]},
           "Province: its Thai or English name, or its id (/api/v1/places/provinces).",
           "จังหวัด: ชื่อไทย ชื่ออังกฤษ หรือรหัส"),
    _param("method", {"type": "string", "maxLength": 40, "examples": ["open", "selective", "limited", "direct"]},
           "Procurement method as the OCDS data has it (tender.procurementMethod).",
           "วิธีจัดซื้อจัดจ้าง"),
    _param("min_value", {"type": "number", "minimum": 0},
           "Smallest value in baht (award value, else tender value); thousands separators allowed.",
           "มูลค่าต่ำสุด (บาท)"),
    _param("max_value", {"type": "number", "minimum": 0},
           "Largest value in baht (award value, else tender value); not below min_value.",
           "มูลค่าสูงสุด (บาท)"),
    _param("flag", {"type": "string", "maxLength": 10, "examples": ["R018", "TH01"]},
           "Only processes with this red-flag code (see docs/engines/redflags.md).",
           "เฉพาะที่มีธงแดงรหัสนี้"),
    _param("sort", {"type": "string", "enum": list(search.SORTS), "default": "relevance"},
           "Order of the results: relevance, newest first, or largest amount first.",
           "เรียงตามความเกี่ยวข้อง ล่าสุด หรือมูลค่า"),
    _param("limit", {"type": "integer", "minimum": 1, "maximum": LIMIT_MAX, "default": 20},
           f"Results per section (1 to {LIMIT_MAX}).", "จำนวนผลต่อหมวด"),
    _param("offset", {"type": "integer", "minimum": 0, "maximum": search.COUNT_CAP, "default": 0},
           f"Results to skip in each section (0 to {search.COUNT_CAP}).", "ข้ามผลลัพธ์กี่รายการ"),
)
_AFTER = _param("after", {"type": "integer", "minimum": 0, "default": 0},
                "Keyset cursor: the row id the page before ended at. Take the next page's address from "
                "links.next rather than building it; 0 (the default) is the first page.",
                "ตำแหน่งต่อจากหน้าก่อน ใช้ลิงก์ links.next")
_LIMIT = _param("limit", {"type": "integer", "minimum": 1, "maximum": packages.PAGE_MAX, "default": packages.PAGE_MAX},
                f"Items per page (1 to {packages.PAGE_MAX}).", "จำนวนรายการต่อหน้า")
_OCID = _param("ocid", {"type": "string", "maxLength": 200, "examples": ["ocds-213czf-000-00001"]},
               "Only the releases of this contracting process (its OCID).", "เฉพาะกระบวนการจัดซื้อที่มี ocid นี้")
_RECORD_OCID = _param("ocid", {"type": "string", "maxLength": 200, "examples": ["ocds-213czf-000-00001"]},
                      "Only the record of this contracting process (its OCID).",
                      "เฉพาะระเบียน (record) ของกระบวนการจัดซื้อที่มี ocid นี้")


@router.get("/search", summary="Search processes, organisations and budget projects",
            openapi_extra=SEARCH_PARAMETERS)
def search_endpoint(request: HttpRequest) -> JsonResponse:
    params = request.GET
    try:
        query = search.parse(params)
    except search.QueryInvalid as exc:
        return _error(422, "invalid", "ข้อมูลค้นหาไม่ถูกต้อง", "Invalid search parameters.", exc.as_json())
    raw_limit = params.get("limit", "20")
    if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= LIMIT_MAX:
        return _error(422, "invalid", "ข้อมูลค้นหาไม่ถูกต้อง", "Invalid search parameters.", [
            {"field": "limit", "message_th": f"ต้องเป็นจำนวนเต็ม 1 ถึง {LIMIT_MAX}",
             "message_en": f"Must be a whole number from 1 to {LIMIT_MAX}."}])
    limit = int(raw_limit)
    if query.empty:
        return _error(422, "empty", "กรุณาใส่คำค้นหรือตัวกรองอย่างน้อยหนึ่งอย่าง",
                      "Give a query or at least one filter.")
    raw_offset = params.get("offset", "0")
    if not raw_offset.isdigit() or int(raw_offset) > search.COUNT_CAP:
        return _error(422, "invalid", "ข้อมูลค้นหาไม่ถูกต้อง", "Invalid search parameters.", [
            {"field": "offset", "message_th": f"ต้องเป็นจำนวนเต็ม 0 ถึง {search.COUNT_CAP}",
             "message_en": f"Must be a whole number from 0 to {search.COUNT_CAP}."}])
    offset = int(raw_offset)

    def section(kind: str, render: Any) -> dict[str, Any]:
        rows, count, more = search.section(kind, query, offset, limit)
        return {"count": count, "count_is_capped": more, "offset": offset, "results": [render(row) for row in rows]}

    return _json({
        "terms": query.terms,
        "processes": section("processes", _process),
        "entities": section("entities", _entity),
        "budget_projects": section("budget", _budget),
    })


@router.get("/processes/{path:ocid}", summary="A contracting process: compiled release and red flags")
def process_endpoint(request: HttpRequest, ocid: str) -> JsonResponse:
    p = ContractingProcess.objects.select_related("buyer", "province").filter(ocid=ocid).first()
    if p is None:
        return _error(404, "not_found", "ไม่พบกระบวนการจัดซื้อนี้", "No such contracting process.")
    return _json(dict(_process(p), flags=[dict(_flag_info(f.code), value=f.value) for f in p.flags.all()],
                      compiled_release=p.compiled_release))


@router.get("/entities/{int:pk}", summary="A buyer or supplier: its processes and flags")
def entity_endpoint(request: HttpRequest, pk: Id) -> JsonResponse:
    e = Entity.objects.filter(pk=pk).first()
    if e is None:
        return _error(404, "not_found", "ไม่พบหน่วยงานหรือบริษัทนี้", "No such organisation.")
    roles = ProcessParty.objects.filter(entity=e).select_related("process").order_by("-process__date")[:200]
    return _json(dict(_entity(e), flags=[dict(_flag_info(f.code), value=f.value, group=f.group)
                                         for f in e.flags.all()],
                      processes=[{"ocid": r.process.ocid, "role": r.role, "amount": r.amount} for r in roles]))


@router.get("/budget/{int:pk}", summary="A budget project")
def budget_endpoint(request: HttpRequest, pk: Id) -> JsonResponse:
    b = BudgetProject.objects.select_related("province", "district", "subdistrict").filter(pk=pk).first()
    if b is None:
        return _error(404, "not_found", "ไม่พบโครงการงบประมาณนี้", "No such budget project.")
    return _json(dict(_budget(b), plan=b.plan, budget_type=b.budget_type, data=b.data))


# --- OCDS packages (release and record packages, keyset pages; the bulk download) -------------

def _page_params(request: HttpRequest) -> tuple[int, int] | JsonResponse:
    raw_after, raw_limit = request.GET.get("after", "0"), request.GET.get("limit", str(packages.PAGE_MAX))
    fields = []
    if not raw_after.isdigit() or len(raw_after) > 18:
        fields.append({"field": "after", "message_th": "ต้องเป็นจำนวนเต็มไม่ติดลบ (ค่าจาก links.next)",
                       "message_en": "Must be a whole number, 0 or more (take it from links.next)."})
    if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= packages.PAGE_MAX:
        fields.append({"field": "limit", "message_th": f"ต้องเป็นจำนวนเต็ม 1 ถึง {packages.PAGE_MAX}",
                       "message_en": f"Must be a whole number from 1 to {packages.PAGE_MAX}."})
    if fields:
        return _error(422, "invalid", "ข้อมูลการแบ่งหน้าไม่ถูกต้อง", "Invalid paging parameters.", fields)
    return int(raw_after), int(raw_limit)


def _paged(request: HttpRequest, build: Any, **filters: Any) -> JsonResponse:
    params = _page_params(request)
    if isinstance(params, JsonResponse):
        return params
    after, limit = params
    package, cursor = build(request.build_absolute_uri(), after, limit, **filters)
    if cursor is not None:
        kept = {k: v for k, v in filters.items() if isinstance(v, str) and v}
        package["links"] = {"next": request.build_absolute_uri(
            f"{request.path}?{urlencode({**kept, 'after': cursor, 'limit': limit})}")}
    return _json(package)


def _release_package_uri(request: HttpRequest, ocid: str) -> str:
    """Where the release package of one contracting process is (a record package's ``packages``)."""
    return request.build_absolute_uri(f"{reverse('api-v1:opendata_release_package')}?{urlencode({'ocid': ocid})}")


def _ocid(request: HttpRequest) -> str:
    return request.GET.get("ocid", "").strip()[:200]


@router.get("/ocds/releases", url_name="opendata_release_package", openapi_extra=_parameters(_AFTER, _LIMIT, _OCID),
            summary="OCDS release package: a page of releases as prepared, once per ocid and id "
                    "(one process's with ocid=); links.next")
def release_package_endpoint(request: HttpRequest) -> JsonResponse:
    return _paged(request, packages.release_package, ocid=_ocid(request))


@router.get("/ocds/records", openapi_extra=_parameters(_AFTER, _LIMIT, _RECORD_OCID),
            summary="OCDS record package: a page of records (releases, compiled release); "
                    "one process's with ocid=")
def record_package_endpoint(request: HttpRequest) -> JsonResponse:
    return _paged(request, packages.record_package, release_uri=partial(_release_package_uri, request),
                  ocid=_ocid(request))


@router.get("/ocds/published", openapi_extra=_parameters(_AFTER, _LIMIT, _OCID),
            summary="Every stored copy of each release as the publisher's files had it (not an OCDS package), "
                    "with what prepare changes and which copy the packages serve; links.next")
def published_endpoint(request: HttpRequest) -> JsonResponse:
    return _paged(request, packages.as_published, ocid=_ocid(request))


@router.get("/ocds/bulk.jsonl.gz", summary="Every compiled release, as gzip-compressed JSON Lines (streamed)")
def bulk_endpoint(request: HttpRequest) -> StreamingHttpResponse:
    response = StreamingHttpResponse(packages.gzipped(packages.bulk_lines()), content_type="application/gzip")
    response["Content-Disposition"] = 'attachment; filename="phalang-ocds-compiled-releases.jsonl.gz"'
    return response
