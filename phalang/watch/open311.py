"""Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2), as the spec says.

Discovery names the address the request came to. Services, service definitions and published
requests read in JSON and XML, with ``start_date``/``end_date``, ``status`` and
``service_code``. An app files a request by POST with the ``api_key`` the site gave it (no CSRF
token: an app's server is not a browser), through the same action as every other channel.
Anything that is not a success, anywhere under ``/open311/``, is the spec's error list
(``[{"code": 404, "description": "..."}]`` or ``<errors><error>…``) with that status code.
"""

from __future__ import annotations

import hmac
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from phalang.lib import ratelimit
from phalang.lib.clients import client_key
from phalang.lib.crypto import keyed_hash
from phalang.watch import actions
from phalang.watch.board import published, with_story
from phalang.watch.models import CLOSED_STATUSES, Category, Channel, Report, Status

FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
MAX_ROWS = 1000
CHANGESET = "2026-12-07T00:00:00Z"
SPEC = "http://wiki.open311.org/GeoReport_v2"


def _status(status: str) -> str:
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
        node = top if item == "" else ET.SubElement(top, item)
        for k, v in row.items():
            fill(node, k, v)
    return b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(top, encoding="utf-8", xml_declaration=False)


def _response(fmt: str, root: str, item: str, rows: Any, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(_xml(root, item, rows if isinstance(rows, list) else [rows]),
                            content_type=FORMATS["xml"], status=status)
    return JsonResponse(rows, safe=False, status=status, json_dumps_params={"ensure_ascii": False})


def _errors(fmt: str, code: int, *descriptions: str) -> HttpResponse:
    fmt = fmt if fmt in FORMATS else "json"
    return _response(fmt, "errors", "error", [{"code": code, "description": d} for d in descriptions], status=code)


def _say(th: str, en: str) -> str:
    """An error's description: Thai first, then English, for a developer reading either."""
    return f"{th} / {en}"


def _no_format(fmt: str) -> HttpResponse:
    return _errors("json", 404, _say(f"ไม่มีรูปแบบ {fmt[:20]!r}: ใช้ json หรือ xml",
                                     f"format {fmt[:20]!r} not supported: use json or xml"))


def _only(request: HttpRequest, fmt: str, *methods: str) -> HttpResponse | None:
    """The spec's format check and method check, before anything else."""
    if fmt not in FORMATS:
        return _no_format(fmt)
    if request.method not in methods:
        response = _errors(fmt, 405, _say(f"ใช้ได้เฉพาะ {', '.join(methods)}", f"use {', '.join(methods)}"))
        response["Allow"] = ", ".join(methods)
        return response
    return None


@csrf_exempt
def unknown(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Every other address under /open311/: a 404 in the spec's words, in the format the path
    ends with (JSON when it names none)."""
    fmt = "xml" if rest.lower().endswith(".xml") else "json"
    return _errors(fmt, 404, _say("ไม่มีที่อยู่นี้ใน Open311 ของพลัง ดูรายการได้ที่ /open311/discovery.json",
                                  "no such Open311 resource; see /open311/discovery.json"))


@csrf_exempt
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    """The endpoint the client reached (built from its request), then the configured site URL
    when that is another address (a mirror, a local test host, a proxy's public name)."""
    refused = _only(request, fmt, "GET", "HEAD")
    if refused is not None:
        return refused
    here = request.build_absolute_uri("/open311/v2")
    urls = [here] + ([f"{settings.SITE_URL}/open311/v2"] if f"{settings.SITE_URL}/open311/v2" != here else [])
    doc = {"changeset": CHANGESET, "contact": f"{settings.SITE_URL}/", "key_service": f"{settings.SITE_URL}/",
           "endpoints": [{"specification": SPEC, "url": url, "changeset": CHANGESET, "type": "production",
                          "formats": ["application/json", "text/xml"]} for url in urls]}
    if fmt == "xml":
        return HttpResponse(_xml("discovery", "", [doc]), content_type=FORMATS["xml"])
    return JsonResponse(doc, json_dumps_params={"ensure_ascii": False})


def _services() -> QuerySet[Category]:
    return Category.objects.filter(active=True)


@csrf_exempt
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    refused = _only(request, fmt, "GET", "HEAD")
    if refused is not None:
        return refused
    data = [{"service_code": c.slug, "service_name": c.name_en, "description": c.name_th, "metadata": False,
             "type": "realtime", "keywords": c.name_th, "group": "phalang"} for c in _services()]
    return _response(fmt, "services", "service", data)


@csrf_exempt
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """No service asks extra questions (``metadata`` is false), so each definition has no
    attributes; an unknown code is the spec's 404."""
    refused = _only(request, fmt, "GET", "HEAD")
    if refused is not None:
        return refused
    category = _services().filter(slug=code).first()
    if category is None:
        return _errors(fmt, 404, _say(f"ไม่มีบริการ {code[:40]!r}", f"no service {code[:40]!r}; "
                                      "see services.json"))
    return _response(fmt, "service_definition", "", {"service_code": category.slug, "attributes": []})


def _status_notes(r: Report) -> str:
    """The status in words, and the last public note on the timeline."""
    label = str(dict(Status.choices).get(r.status, r.status))
    last = next((u.text for u in reversed(getattr(r, "public_updates", None) or
                                          list(r.updates.filter(public=True))) if u.text), "")
    return f"{label}: {last}" if last else label


def _row(r: Report) -> dict[str, Any]:
    point = r.public_point()
    media = next((e for e in r.evidence.all() if e.published and e.kind != "pdf"), None)
    return {
        "service_request_id": r.public_id, "status": _status(r.status), "status_notes": _status_notes(r),
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


def _published() -> QuerySet[Report]:
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


@csrf_exempt
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    refused = _only(request, fmt, "GET", "HEAD", "POST")
    if refused is not None:
        return refused
    if request.method == "POST":
        return _file(request, fmt)
    qs, g = _published(), request.GET
    if g.get("service_request_id"):
        qs = qs.filter(public_id__in=g["service_request_id"].split(","))
    else:
        try:
            end = _parse_when(g["end_date"]) if g.get("end_date") else timezone.now()
            # The spec's default window: the 90 days before end_date.
            start = _parse_when(g["start_date"]) if g.get("start_date") else end - timedelta(days=90)
        except ValueError as exc:
            return _errors(fmt, 400, _say(f"start_date และ end_date ต้องเป็นวันที่แบบ ISO 8601: {exc}",
                                          f"start_date and end_date must be ISO 8601 dates: {exc}"))
        if start > end:
            return _errors(fmt, 400, _say("start_date อยู่หลัง end_date", "start_date is after end_date"))
        qs = qs.filter(created_at__gte=start, created_at__lte=end)
        if g.get("service_code"):
            qs = qs.filter(category__slug__in=g["service_code"].split(","))
        statuses = [s for s in g.get("status", "").split(",") if s]
        if any(s not in ("open", "closed") for s in statuses):
            return _errors(fmt, 400, _say("status ต้องเป็น open, closed หรือทั้งสอง",
                                          "status must be open, closed or both"))
        if statuses == ["closed"]:
            qs = qs.filter(status__in=CLOSED_STATUSES)
        elif statuses == ["open"]:
            qs = qs.exclude(status__in=CLOSED_STATUSES)
    rows = [_row(r) for r in qs.order_by("-created_at", "-id")[:MAX_ROWS]]
    return _response(fmt, "service_requests", "request", rows)


@csrf_exempt
def single_request(request: HttpRequest, public_id: str, fmt: str) -> HttpResponse:
    refused = _only(request, fmt, "GET", "HEAD")
    if refused is not None:
        return refused
    r = _published().filter(public_id=public_id).first()
    if r is None:
        return _errors(fmt, 404, _say(f"ไม่มีเรื่องที่เผยแพร่แล้วรหัส {public_id[:20]}",
                                      f"no published service request {public_id[:20]}"))
    return _response(fmt, "service_requests", "request", [_row(r)])


# --- POST Service Request -----------------------------------------------------------------------

def api_client(key: str) -> str | None:
    """The name of the client app this ``api_key`` was given to, or None. Keys come from
    ``PHALANG_OPEN311_API_KEYS``; each is compared in constant time."""
    found = None
    for name, issued in settings.PHALANG.get("OPEN311_API_KEYS", {}).items():
        if key and issued and hmac.compare_digest(key.encode(), str(issued).encode()):
            found = name
    return found


# Open311's names for the action's fields, so a refusal names what the app sent.
_FIELD = {"category": "service_code", "description": "description", "lat": "lat/long",
          "province": "address_string", "district": "address_string", "subdistrict": "address_string"}


def _file(request: HttpRequest, fmt: str) -> HttpResponse:
    """File one request. Phalang files it anonymously: the spec's email, name and phone fields
    are not kept, because the reporter did not choose to share them with moderators here."""
    p = request.POST
    name = api_client(p.get("api_key", ""))
    if name is None:
        return _errors(fmt, 403, _say("ไม่มี api_key หรือ api_key ไม่ถูกต้อง", "api_key is missing or not valid"))
    problems: list[str] = []
    code = p.get("service_code", "").strip()
    if not code:
        problems.append(_say("ต้องระบุ service_code", "service_code is required"))
    elif not _services().filter(slug=code).exists():
        problems.append(_say(f"ไม่มีบริการ {code[:40]!r}", f"service_code {code[:40]!r} is not a service"))
    lat = lon = None
    if p.get("lat", "").strip() or p.get("long", "").strip():
        try:
            lat, lon = float(p.get("lat", "")), float(p.get("long", ""))
        except ValueError:
            problems.append(_say("lat และ long ต้องเป็นตัวเลขทั้งคู่", "lat and long must both be numbers"))
    province = district = subdistrict = None
    address = p.get("address_string", "").strip()[:300]
    if address and lat is None:
        from phalang.places.lookup import resolve_address

        place = resolve_address(address)
        if place is None:
            problems.append(_say("ไม่พบสถานที่ใน address_string", "address_string names no place we know"))
        else:
            province, district, subdistrict = place.province, place.district, place.subdistrict
    if lat is None and not address and not any("lat" in x for x in problems):
        problems.append(_say("ต้องระบุตำแหน่ง: lat/long หรือ address_string",
                             "a location is required: lat/long or address_string (address_id is not used here)"))
    if p.get("media_url", "").strip():
        # Refused, not dropped: an app that sent a photo must not believe it arrived. Phalang
        # fetches nothing from other servers (a fetch would reach wherever the app points it).
        problems.append(_say("ยังไม่รับ media_url: พลังไม่ดึงไฟล์จากเซิร์ฟเวอร์อื่น ส่งเรื่องอีกครั้งโดยไม่ใส่ media_url "
                             "แล้วให้ผู้แจ้งส่งรูปทางเว็บไซต์หรือ LINE ของพลัง",
                             "media_url is not supported: Phalang fetches no files from other servers; send the "
                             "request again without media_url, and the person can send photos through "
                             "Phalang's web form or LINE"))
    if problems:
        return _errors(fmt, 400, *problems)
    # Per device, which the app chooses (its server relays many people from one address), or per
    # connecting client when it names none; and per app, a ceiling over all its devices.
    device = p.get("device_id", "").strip()[:100]
    client = f"open311:{name}:" + keyed_hash("ratelimit", device)[:32] if device else client_key(request)
    try:
        report, _receipt = actions.file_report(actions.NewReport(
            category=code, description=p.get("description", ""), channel=Channel.API,
            channel_detail=f"open311:{name}"[:32], province=province.pk if province else None,
            district=district.pk if district else None, subdistrict=subdistrict.pk if subdistrict else None,
            lat=lat, lon=lon), client=client, app=f"open311:{name}")
    except ratelimit.RateLimited as exc:
        if exc.what == "report_app":
            minutes = max(1, exc.limit.seconds // 60)
            said = _say(f"แอป {name} ส่งเรื่องครบ {exc.limit.count} เรื่องใน {minutes} นาทีแล้ว กรุณารอแล้วลองใหม่",
                        f"app {name} has filed {exc.limit.count} requests in {minutes} minutes; wait and "
                        "try again")
        else:
            said = _say(exc.message_th, exc.message_en)
        response = _errors(fmt, 429, said)
        response["Retry-After"] = str(exc.limit.seconds)
        return response
    except actions.ReportInvalid as exc:
        return _errors(fmt, 400, *(f"{_FIELD.get(f, f)}: " + _say(th, en) for f, (th, en) in exc.errors.items()))
    # The citizen's receipt is not in the answer: it lets its holder read the case's conversation
    # and write as the reporter, and the app's server is not the citizen (docs/threat-model.md).
    return _response(fmt, "service_requests", "request", [{
        "service_request_id": report.public_id,
        "service_notice": NOTICE_FILED,
        "account_id": None}], status=201)


NOTICE_FILED = _say(
    "ได้รับเรื่องแล้ว ผู้ดูแลจะตรวจสอบก่อนเผยแพร่ การแจ้งผ่านแอปไม่มีรหัสติดตาม หากต้องการติดตามเรื่องและตอบคำถาม"
    "เจ้าหน้าที่ด้วยตนเอง กรุณาแจ้งทางเว็บไซต์ LINE หรือ SMS ของพลัง",
    "Received. A moderator checks it before it is published. A request filed through an app has no "
    "receipt; to follow a case and answer the moderators yourself, report through Phalang's web form, "
    "LINE or SMS.")
