"""Open data over JSON: search, contracting process, organisation, budget project.

Invalid input gets 422 with a Thai and an English message per field.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Router

from phalang.lib.numbers import Id
from phalang.opendata import search
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


@router.get("/search", summary="Search processes, organisations and budget projects")
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
