"""Mutual aid over JSON: file a help request, its status by receipt (in the body, never the
URL), the coordinator's queue and matching, and a volunteer's tasks.

Errors carry Thai and English messages; invalid input is 422.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.security import django_auth
from pydantic import Field

from phalang.aid import actions
from phalang.aid.models import Channel, HelpRequest, Need, State, Suggestion, VolunteerProfile
from phalang.lib.clients import client_key
from phalang.lib.numbers import Id, PlaceRef
from phalang.orgs.models import Organisation
from phalang.watch import throttle

router = Router(tags=["aid"])


def _error(status: int, code: str, th: str, en: str, fields: list[dict[str, str]] | None = None) -> JsonResponse:
    body: dict[str, Any] = {"error": code, "message_th": th, "message_en": en}
    if fields is not None:
        body["fields"] = fields
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _ok(status: int, body: Any) -> JsonResponse:
    return JsonResponse(body, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _invalid(exc: actions.AidInvalid) -> JsonResponse:
    return _error(422, "invalid_input", "ข้อมูลที่ส่งมาไม่ถูกต้อง", "The request has invalid fields.", exc.as_json())


def _forbidden() -> JsonResponse:
    return _error(403, "forbidden", "คุณไม่มีสิทธิ์ประสานงานของกลุ่มนี้", "You may not coordinate for this group.")


class HelpRequestIn(Schema):
    need: Need
    details: str = Field(default="", max_length=actions.MAX_DETAILS)
    people: int = Field(default=1, ge=1, le=500)
    elderly: bool = False
    children: bool = False
    disability: bool = False
    answers: dict[str, Any] = Field(default_factory=dict, description="triage question key -> answer")
    province: PlaceRef = None
    district: PlaceRef = None
    subdistrict: PlaceRef = None
    place_text: str = Field(default="", max_length=200)
    lat: float | None = None
    lon: float | None = None
    name: str = Field(default="", max_length=150)
    phone: str = Field(default="", max_length=20)
    address: str = Field(default="", max_length=500,
                         description="where a volunteer should go: an address or lat/lon is required")
    consent_share: bool = False
    organisation: str = Field(default="", max_length=80)


class ReceiptIn(Schema):
    receipt: str = Field(max_length=40)


def _area(req: HelpRequest) -> dict[str, Any]:
    """What lists show: the subdistrict, never the contact or the exact pin."""
    return {"id": req.pk, "need": req.need, "urgency": req.urgency, "people": req.people, "state": req.state,
            "province": req.province.name_th if req.province else None,
            "district": req.district.name_th if req.district else None,
            "subdistrict": req.subdistrict.name_th if req.subdistrict else None,
            "created_at": req.created_at.isoformat()}


@router.post("/requests", summary="Ask for help", response={201: dict, 422: dict})
def create_request(request: HttpRequest, payload: HelpRequestIn) -> Any:
    try:
        req, receipt = actions.file_help_request(actions.NewHelpRequest(
            **payload.model_dump(exclude={"need"}), need=payload.need.value, channel=Channel.API),
            client=client_key(request))
    except actions.AidInvalid as exc:
        return _invalid(exc)
    return _ok(201, {"receipt": receipt, "state": req.state, "urgency": req.urgency,
                 "duplicate": req.duplicate_of_id is not None, "filed_at": req.created_at.isoformat()})


@router.post("/requests/status", summary="Status by receipt", response={200: dict, 404: dict, 422: dict, 429: dict})
def request_status(request: HttpRequest, payload: ReceiptIn) -> Any:
    client = throttle.client_key_for_request(request)
    if throttle.is_blocked(client, payload.receipt):
        return _error(429, "too_many_attempts", "ลองรหัสผิดหลายครั้งเกินไป กรุณารอ 15 นาที",
                      "Too many wrong receipts; wait 15 minutes.")
    req = actions.find_by_receipt(payload.receipt)
    if req is None:
        throttle.record_failure(client, payload.receipt)
        return _error(404, "unknown_receipt", "ไม่พบคำขอที่ใช้รหัสติดตามนี้", "No help request has this receipt.")
    return _ok(200, actions.status_view(req))


def _coordinated(request: HttpRequest, slug: str) -> Organisation:
    org = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm("aid.coordinate", org):
        raise PermissionDenied
    return org


@router.get("/coordinate/{slug}/queue", auth=django_auth, summary="Triage queue (coordinators)",
            response={200: list[dict], 403: dict})
def coordinator_queue(request: HttpRequest, slug: str) -> Any:
    try:
        org = _coordinated(request, slug)
    except PermissionDenied:
        return _forbidden()
    return _ok(200, [_area(r) for r in actions.queue(org)])


@router.get("/coordinate/{slug}/requests/{pk}", auth=django_auth, summary="One request with its contact",
            response={200: dict, 403: dict})
def coordinator_request(request: HttpRequest, slug: str, pk: Id) -> Any:
    try:
        org = _coordinated(request, slug)
    except PermissionDenied:
        return _forbidden()
    req = get_object_or_404(HelpRequest, pk=pk, organisation=org)
    body = _area(req)
    if actions.can_see_contact(request.user, req):
        body["contact"] = actions.contact(req)
    return _ok(200, body)


@router.post("/coordinate/{slug}/suggest", auth=django_auth, summary="Propose volunteers for the triaged pool",
             response={200: list[dict], 403: dict})
def coordinator_suggest(request: HttpRequest, slug: str) -> Any:
    try:
        org = _coordinated(request, slug)
    except PermissionDenied:
        return _forbidden()
    return _ok(200, [{"id": s.pk, "request": s.request_id, "volunteer": s.volunteer_id, "distance_km": s.distance_km,
                  "expires_at": s.expires_at.isoformat()} for s in actions.suggest_matches(org, by=request.user)])


@router.post("/coordinate/{slug}/suggestions/{pk}/confirm", auth=django_auth, summary="Confirm a suggestion",
             response={200: dict, 403: dict, 422: dict})
def coordinator_confirm(request: HttpRequest, slug: str, pk: Id) -> Any:
    try:
        org = _coordinated(request, slug)
    except PermissionDenied:
        return _forbidden()
    s = get_object_or_404(Suggestion, pk=pk, request__organisation=org)
    try:
        req = actions.confirm_suggestion(s, by=request.user)
    except actions.AidInvalid as exc:
        return _invalid(exc)
    return _ok(200, _area(req))


@router.get("/tasks", auth=django_auth, summary="A volunteer's tasks, and nearby tasks to claim",
            response={200: dict, 403: dict})
def volunteer_tasks(request: HttpRequest) -> Any:
    vol = VolunteerProfile.objects.filter(user_id=int(request.user.pk or 0)).first()
    if vol is None:
        return _ok(403, {"error": "not_a_volunteer", "message_th": "คุณยังไม่ได้สมัครเป็นอาสาสมัคร",
                     "message_en": "You have not signed up as a volunteer."})
    mine = []
    for t in vol.tasks.filter(state__in=[State.MATCHED, State.ACCEPTED, State.EN_ROUTE]).select_related(
            "province", "district", "subdistrict"):
        # Proposed (matched): area, need and distance only, until the volunteer accepts.
        mine.append({**(_area(t) if t.state != State.MATCHED else {}), **actions.task_view(t, vol, request.user)})
    return _ok(200, {"tasks": mine, "claimable": [_area(r) for r in actions.claimable(vol)]})
