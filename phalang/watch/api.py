"""Report intake and follow-up over JSON (and multipart, for evidence files).

Receipts travel only in POST bodies, never in URLs, so they stay out of access logs.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Router
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from phalang.lib.clients import client_key
from phalang.lib.numbers import PlaceRef
from phalang.watch import actions, throttle, vault
from phalang.watch.models import Anonymity, Channel

router = Router(tags=["reports"])


class ReportIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    category: str = Field(max_length=40)
    description: str = Field(max_length=actions.MAX_DESCRIPTION)
    province: PlaceRef = None
    district: PlaceRef = None
    subdistrict: PlaceRef = None
    lat: float | None = None
    lon: float | None = None
    occurred_on: date | None = None
    related_project: str = Field(default="", max_length=120)
    anonymity: Anonymity = Anonymity.ANONYMOUS
    contact: str = Field(default="", max_length=200)
    reporter_name: str = Field(default="", max_length=150)


class ReceiptIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    receipt: str = Field(max_length=40)


class MessageIn(ReceiptIn):
    message: str = Field(default="", max_length=actions.MAX_MESSAGE)


def _error(status: int, code: str, th: str, en: str, fields: list[dict[str, str]] | None = None) -> JsonResponse:
    body: dict[str, Any] = {"error": code, "message_th": th, "message_en": en}
    if fields is not None:
        body["fields"] = fields
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _parse(request: HttpRequest, model: type[BaseModel]) -> tuple[BaseModel | None, list[bytes], JsonResponse | None]:
    """Read JSON or multipart into ``model``; any error becomes a bilingual 400/422 response."""
    files: list[bytes] = []
    ctype = request.content_type or ""
    if ctype.startswith("multipart/form-data"):
        raw: dict[str, Any] = {k: v for k, v in request.POST.items() if v != ""}
        uploads = request.FILES.getlist("files")
        for i, f in enumerate(uploads):
            if (f.size or 0) > vault.max_bytes():
                return None, [], _error(413, "too_large", f"ไฟล์ที่ {i + 1} ใหญ่เกินกำหนด",
                                        f"File {i + 1} is too large.")
        if len(uploads) > vault.max_files():
            return None, [], _error(422, "too_many_files", f"แนบไฟล์ได้ไม่เกิน {vault.max_files()} ไฟล์",
                                    f"At most {vault.max_files()} files.")
        files = [f.read() for f in uploads]
    else:
        try:
            raw = json.loads(request.body or b"")
        except (ValueError, UnicodeDecodeError):
            return None, [], _error(400, "malformed_json", "ข้อมูล JSON ไม่ถูกต้อง", "The body is not valid JSON.")
        if not isinstance(raw, dict):
            return None, [], _error(400, "malformed_json", "ต้องส่งเป็นออบเจกต์ JSON", "The body must be a JSON object.")
    try:
        return model.model_validate(raw), files, None
    except ValidationError as exc:
        fields = [{"field": ".".join(str(p) for p in e["loc"]), "message_en": e["msg"],
                   "message_th": "ข้อมูลไม่ถูกต้อง: " + ".".join(str(p) for p in e["loc"])} for e in exc.errors()]
        return None, [], _error(422, "invalid_input", "ข้อมูลที่ส่งมาไม่ถูกต้อง", "The request has invalid fields.",
                                fields)


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """Replace each ``$ref`` to a ``$defs`` entry by the entry itself: this schema goes into
    ``openapi_extra``, which cannot add components, so a reference would dangle (the schema
    once named an ``Anonymity`` component it never defined)."""
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/"):
            return _inline(defs[ref.rsplit("/", 1)[1]], defs)
        return {k: _inline(v, defs) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


def _body_schema(model: type[BaseModel], with_files: bool) -> dict[str, Any]:
    schema = model.model_json_schema()
    schema = _inline(schema, schema.pop("$defs", {}))
    content: dict[str, Any] = {"application/json": {"schema": schema}}
    if with_files:
        multipart = json.loads(json.dumps(schema))
        multipart["properties"]["files"] = {"type": "array", "items": {"type": "string", "format": "binary"}}
        content["multipart/form-data"] = {"schema": multipart}
    return {"requestBody": {"required": True, "content": content}}


def _lookup(request: HttpRequest, receipt: str) -> tuple[Any, JsonResponse | None]:
    client = throttle.client_key_for_request(request)
    if throttle.is_blocked(client, receipt):
        return None, _error(429, "too_many_attempts", "ลองรหัสผิดหลายครั้งเกินไป กรุณารอ 15 นาที",
                            "Too many wrong receipts; wait 15 minutes.")
    report = actions.find_by_receipt(receipt)
    if report is None:
        throttle.record_failure(client, receipt)
        return None, _error(404, "unknown_receipt", "ไม่พบเรื่องที่ใช้รหัสติดตามนี้", "No report has this receipt.")
    return report, None


@router.post("/reports", openapi_extra=_body_schema(ReportIn, True), summary="File a report",
             response={201: dict, 400: dict, 413: dict, 422: dict})
def file_report(request: HttpRequest) -> HttpResponse:
    data, files, err = _parse(request, ReportIn)
    if err is not None:
        return err
    assert isinstance(data, ReportIn)
    try:
        report, receipt = actions.file_report(actions.NewReport(
            **data.model_dump(), channel=Channel.API, files=files), client=client_key(request))
    except actions.ReportInvalid as exc:
        return _error(422, "invalid_input", "ข้อมูลที่ส่งมาไม่ถูกต้อง", "The request has invalid fields.",
                      exc.as_json())
    return JsonResponse({"receipt": receipt, "status": report.status, "filed_at": report.created_at.isoformat(),
                         "evidence": report.evidence.count()}, status=201)


@router.post("/reports/status", openapi_extra=_body_schema(ReceiptIn, False),
             summary="Status, public timeline and messages, by receipt",
             response={200: dict, 400: dict, 404: dict, 422: dict, 429: dict})
def report_status(request: HttpRequest) -> HttpResponse:
    data, _files, err = _parse(request, ReceiptIn)
    if err is not None:
        return err
    assert isinstance(data, ReceiptIn)
    report, err = _lookup(request, data.receipt)
    if err is not None:
        return err
    return JsonResponse(actions.status_view(report, "th"), json_dumps_params={"ensure_ascii": False})


@router.post("/reports/proof", openapi_extra=_body_schema(ReceiptIn, False),
             summary="A signed proof that the report was received (no identity in it)",
             response={200: dict, 400: dict, 404: dict, 422: dict, 429: dict})
def report_proof(request: HttpRequest) -> HttpResponse:
    from phalang.watch.publiclog import proof_of_receipt

    data, _files, err = _parse(request, ReceiptIn)
    if err is not None:
        return err
    assert isinstance(data, ReceiptIn)
    report, err = _lookup(request, data.receipt)
    if err is not None:
        return err
    response = JsonResponse(proof_of_receipt(report))
    response["Content-Disposition"] = 'attachment; filename="phalang-proof-of-receipt.json"'
    return response


@router.post("/reports/messages", openapi_extra=_body_schema(MessageIn, True),
             summary="Add information or answer a moderator, by receipt",
             response={201: dict, 400: dict, 404: dict, 413: dict, 422: dict, 429: dict})
def report_message(request: HttpRequest) -> HttpResponse:
    data, files, err = _parse(request, MessageIn)
    if err is not None:
        return err
    assert isinstance(data, MessageIn)
    report, err = _lookup(request, data.receipt)
    if err is not None:
        return err
    try:
        actions.add_reporter_message(report, data.message, channel=Channel.API, files=files)
    except actions.ReportInvalid as exc:
        return _error(422, "invalid_input", "ข้อมูลที่ส่งมาไม่ถูกต้อง", "The request has invalid fields.",
                      exc.as_json())
    return JsonResponse({"ok": True, "evidence": report.evidence.count()}, status=201)


class SharingIn(ReceiptIn):
    organisation: str = Field(max_length=80, description="the slug of an organisation the report was forwarded to")
    contact: bool = False
    original: bool = False


@router.post("/reports/sharing", openapi_extra=_body_schema(SharingIn, False),
             summary="Choose what one forwarded organisation may see (contact; original text and files)",
             response={200: dict, 400: dict, 404: dict, 422: dict, 429: dict})
def report_sharing(request: HttpRequest) -> HttpResponse:
    from phalang.orgs.models import Organisation

    data, _files, err = _parse(request, SharingIn)
    if err is not None:
        return err
    assert isinstance(data, SharingIn)
    report, err = _lookup(request, data.receipt)
    if err is not None:
        return err
    org = Organisation.objects.filter(slug=data.organisation).first()
    try:
        actions.set_sharing(report, org.pk if org else 0, contact=data.contact, original=data.original,
                            channel=Channel.API)
    except actions.ReportInvalid as exc:
        return _error(422, "invalid_input", "ข้อมูลที่ส่งมาไม่ถูกต้อง", "The request has invalid fields.",
                      exc.as_json())
    return JsonResponse(actions.status_view(report, "th"), json_dumps_params={"ensure_ascii": False})
