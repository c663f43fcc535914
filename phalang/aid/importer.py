"""Importing a coordinator's spreadsheet of help requests.

Two steps: read the header and let the coordinator map their columns to ours, then import every
good row and report every bad one by line and column. Numbers and coordinates are checked by
the matching engine's own row parser, so a row the app accepts is a row the matcher accepts.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from phalang.aid import actions, triage
from phalang.aid.models import Channel, Need
from phalang.engines.matching import FieldError, RowError, parse_request_row
from phalang.orgs.models import Organisation
from phalang.places.lookup import resolve_address

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000

# Our fields, in the order the mapping form shows them, and guesses from common headers.
FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("name", "ชื่อ", "ชื่อผู้ขอ", "ชื่อ-สกุล"),
    "phone": ("phone", "tel", "เบอร์", "เบอร์โทร", "โทรศัพท์"),
    "address": ("address", "ที่อยู่"),
    "need": ("need", "ความต้องการ", "ต้องการ"),
    "urgency": ("urgency", "ความเร่งด่วน", "ระดับ"),
    "people": ("people", "จำนวนคน", "จำนวน"),
    "province": ("province", "จังหวัด"),
    "district": ("district", "อำเภอ", "เขต"),
    "subdistrict": ("subdistrict", "ตำบล", "แขวง"),
    "lat": ("lat", "latitude", "ละติจูด"),
    "lon": ("lon", "lng", "longitude", "ลองจิจูด"),
    "details": ("details", "note", "รายละเอียด", "หมายเหตุ"),
    "consent": ("consent", "ยินยอม"),
}
REQUIRED = ("need",)


@dataclass
class ImportResult:
    created: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    duplicates: int = 0


def decode(data: bytes) -> str:
    # Excel saves UTF-8 with a BOM; older Thai Windows exports are TIS-620 (cp874).
    for encoding in ("utf-8-sig", "cp874"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("not text")


def header(text: str) -> list[str]:
    return [h.strip() for h in next(csv.reader(io.StringIO(text)), [])]


def guess_mapping(columns: list[str]) -> dict[str, str]:
    lowered = {c.lower(): c for c in columns}
    out = {}
    for ours, names in FIELDS.items():
        for name in names:
            if name.lower() in lowered:
                out[ours] = lowered[name.lower()]
                break
    return out


def _need(value: str) -> str | None:
    v = value.strip().lower()
    for choice in Need:
        if v in (choice.value, str(choice.label).lower()):
            return choice.value
    thai = {"อาหาร": Need.FOOD, "ยา": Need.MEDICINE, "รถ": Need.MEDICAL_TRANSPORT, "เตียง": Need.BED,
            "ออกซิเจน": Need.OXYGEN, "ของใช้": Need.SUPPLIES, "เงิน": Need.CASH, "อื่นๆ": Need.OTHER}
    return thai.get(value.strip())


def import_requests(org: Organisation, text: str, mapping: dict[str, str], *, by: Any,
                    name: str = "upload.csv") -> ImportResult:
    """Import every good row as a help request of ``org``; collect every bad row's error."""
    actions._require(by, "aid.coordinate", org)
    result = ImportResult()
    columns = header(text)
    for ours in REQUIRED:
        if mapping.get(ours) not in columns:
            result.errors.append(RowError(name, 1, ours, f"map a column to '{ours}'"))
            return result
    reader = csv.DictReader(io.StringIO(text), fieldnames=columns)
    next(reader, None)  # the header row, read above with stripped names
    for line, row in enumerate(reader, start=2):
        if line - 1 > MAX_ROWS:
            result.errors.append(RowError(name, line, "", f"more than {MAX_ROWS} rows; split the file"))
            break

        def get(ours: str, row: dict[str, Any] = row) -> str:
            col = mapping.get(ours)
            return str(row.get(col) or "").strip() if col else ""

        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue  # blank lines at the end of a sheet
        need = _need(get("need"))
        if need is None:
            result.errors.append(RowError(name, line, mapping["need"], f"unknown need {get('need')!r}"))
            continue
        place_text = " ".join(x for x in (get("subdistrict") and "ต." + get("subdistrict"),
                                          get("district") and "อ." + get("district"),
                                          get("province") and "จ." + get("province")) if x) or get("address")
        place = resolve_address(place_text) if place_text else None
        has_pin = bool(get("lat") or get("lon"))
        if not has_pin and (place is None or place.subdistrict is None):
            result.errors.append(RowError(name, line, mapping.get("subdistrict") or mapping.get("address") or "",
                                          "no location: give a subdistrict the gazetteer knows, or lat and lon"))
            continue
        sub = place.subdistrict if place else None
        vulnerable = False
        tier, _reasons = triage.urgency({}, need, vulnerable)
        # The engine's own parser checks numbers, ranges and coordinates.
        engine_row = {"id": str(line), "lat": get("lat") if has_pin else str(sub.lat if sub else ""),
                      "lon": get("lon") if has_pin else str(sub.lon if sub else ""),
                      "urgency": get("urgency") or str(tier), "people": get("people") or "1", "need": need}
        try:
            parsed = parse_request_row(engine_row)
        except FieldError as exc:
            column = mapping.get(exc.column, exc.column)
            result.errors.append(RowError(name, line, column, exc.message))
            continue
        try:
            req, _receipt = actions.file_help_request(actions.NewHelpRequest(
                need=need, details=get("details"), people=parsed.people, urgency=parsed.urgency,
                subdistrict=sub.pk if sub and not has_pin else None,
                lat=parsed.lat if has_pin else None, lon=parsed.lon if has_pin else None,
                name=get("name"), phone=get("phone"), address=get("address"),
                consent_share=get("consent").lower() in {"1", "true", "yes", "y", "ใช่", "ยินยอม"},
                channel=Channel.CSV, organisation=org.slug), by=by)
        except actions.AidInvalid as exc:
            for key, (_th, en) in exc.errors.items():
                result.errors.append(RowError(name, line, mapping.get(key, key), en))
            continue
        result.created.append(req.pk)
        result.duplicates += req.duplicate_of_id is not None
    return result
