"""The versioned JSON API: ``/api/v1/``, schema at ``/api/v1/openapi.json``, docs at ``/api/v1/docs``.

Django Ninja, not DRF: endpoints are typed functions whose pydantic schemas validate input at
the edge and generate the OpenAPI document, with far less code per endpoint, and it serves
its own Swagger UI files (no CDN).
"""

from __future__ import annotations

from django.db import DataError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError

from phalang.aid.api import router as aid_router
from phalang.coalition.api import router as coalition_router
from phalang.deliberation.api import router as deliberation_router
from phalang.lib.ratelimit import RateLimited
from phalang.opendata.api import router as opendata_router
from phalang.orgs.api import router as orgs_router
from phalang.places.api import router as places_router
from phalang.watch.api import router as watch_router
from phalang.watch.public_api import router as public_router

api = NinjaAPI(
    title="Phalang API",
    version="1",
    description="Phalang (พลัง): reports, open data, mutual aid and coalitions. "
                "Errors carry Thai and English messages.",
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = []
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "query", "path", "payload")]
        fields.append({"field": ".".join(loc), "message_en": err.get("msg", "invalid"),
                       "message_th": "ข้อมูลไม่ถูกต้อง: " + ".".join(loc)})
    return api.create_response(
        request,
        {"error": "invalid_input", "message_th": "ข้อมูลที่ส่งมาไม่ถูกต้อง",
         "message_en": "The request has invalid fields.", "fields": fields},
        status=422,
    )


@api.exception_handler(RateLimited)
def rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = api.create_response(
        request, {"error": "rate_limited", "message_th": exc.message_th, "message_en": exc.message_en}, status=429)
    response["Retry-After"] = str(exc.limit.seconds)
    return response


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def out_of_range(request: HttpRequest, exc: Exception) -> HttpResponse:
    """The last guard behind the bounded types of lib/numbers.py: a number too large for the
    database is the client's error, never a server error."""
    return api.create_response(
        request,
        {"error": "out_of_range", "message_th": "ตัวเลขที่ส่งมามีค่ามากเกินไป",
         "message_en": "A number in the request is out of range."},
        status=400,
    )


@api.get("/health", tags=["meta"])
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok", "version": "1"}


api.add_router("/places", places_router)
api.add_router("/", orgs_router)
api.add_router("/", watch_router)
api.add_router("/public", public_router)
api.add_router("/data", opendata_router)
api.add_router("/talk", deliberation_router)
api.add_router("/aid", aid_router)
api.add_router("/coalition", coalition_router)
