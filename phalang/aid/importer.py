"""Importing a coordinator's spreadsheet of help requests (CSV or XLSX), as people really write them.

Headers are matched on their own (Thai and English, with the usual variants, after a title row or
two); needs and urgency are read from free text through the group's crisis kit; phone numbers in
every usual format. A row is refused only when no one could serve it: no place we can find, or no
way to find or reach the person. Each refusal names its line with a Thai and an English reason;
so does each warning: a value taken with a doubt (a negative count, a phone no one can call, an
urgency word we do not know), listed so the coordinator checks it. Blank rows are skipped and
counted. Every run is kept (ImportedFile) so its result page can be reloaded.

The whole file is one transaction: rows land together or not at all, never half a sheet.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import pgettext_lazy

from phalang.aid import actions, kits
from phalang.aid.models import Channel, Need
from phalang.orgs.models import Organisation
from phalang.places.lookup import resolve_address

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
HEADER_SEARCH_ROWS = 10  # title rows above the header in real sheets

# Our fields and the headers people use for them, compared after ``_norm`` (lower case, no
# spaces or punctuation). Longer variants are tried first, so "ชื่อผู้ติดต่อ" is a name.
FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("ชื่อ", "ชื่อสกุล", "ชื่อนามสกุล", "ชื่อผู้ขอ", "ชื่อผู้ประสบภัย", "ชื่อผู้ติดต่อ", "ผู้ติดต่อ",
             "ผู้ขอความช่วยเหลือ", "ชื่อผู้แจ้ง", "ผู้แจ้ง", "name", "fullname", "contactname", "requester"),
    "phone": ("เบอร์", "เบอร์โทร", "เบอร์โทรศัพท์", "เบอร์ติดต่อ", "โทร", "โทรศัพท์", "มือถือ", "เบอร์มือถือ",
              "หมายเลขโทรศัพท์", "phone", "tel", "telephone", "mobile", "phonenumber", "contact"),
    "address": ("ที่อยู่", "บ้านเลขที่", "ที่อยู่ปัจจุบัน", "ที่อยู่ที่ติดต่อได้", "จุดสังเกต", "address", "houseno"),
    "village": ("หมู่", "หมู่ที่", "หมู่บ้าน", "ชุมชน", "ม", "moo", "village"),
    "subdistrict": ("ตำบล", "ต", "แขวง", "ตำบลแขวง", "subdistrict", "tambon", "tambol"),
    "district": ("อำเภอ", "อ", "เขต", "อำเภอเขต", "district", "amphoe", "amphur"),
    "province": ("จังหวัด", "จ", "province", "changwat"),
    "need": ("ความต้องการ", "สิ่งที่ต้องการ", "ต้องการ", "ความช่วยเหลือที่ต้องการ", "ต้องการความช่วยเหลือ",
             "ประเภทความช่วยเหลือ", "need", "needs", "request", "help"),
    "urgency": ("ความเร่งด่วน", "เร่งด่วน", "ระดับความเร่งด่วน", "ระดับ", "ความด่วน", "urgency", "priority"),
    "people": ("จำนวนคน", "จำนวน", "จำนวนสมาชิก", "สมาชิก", "จำนวนผู้ประสบภัย", "จำนวนคนในบ้าน", "people",
               "persons", "household", "householdsize", "pax"),
    "details": ("หมายเหตุ", "รายละเอียด", "เพิ่มเติม", "ข้อมูลเพิ่มเติม", "note", "notes", "details", "remark",
                "remarks", "comment"),
    "lat": ("lat", "latitude", "ละติจูด"),
    "lon": ("lon", "lng", "long", "longitude", "ลองจิจูด"),
    "location": ("พิกัด", "ตำแหน่ง", "location", "gps", "latlon", "latlng", "coordinates"),
    "consent": ("ยินยอม", "ยินยอมเปิดเผย", "consent"),
}
# What the web import's second step calls each field, in the page's language (not our keys).
FIELD_LABELS: dict[str, Any] = {
    "name": pgettext_lazy("aid import field", "Name"),
    "phone": pgettext_lazy("aid import field", "Phone number"),
    "address": pgettext_lazy("aid import field", "Address"),
    "village": pgettext_lazy("aid import field", "Village number (moo)"),
    "subdistrict": pgettext_lazy("aid import field", "Subdistrict"),
    "district": pgettext_lazy("aid import field", "District"),
    "province": pgettext_lazy("aid import field", "Province"),
    "need": pgettext_lazy("aid import field", "Need"),
    "urgency": pgettext_lazy("aid import field", "Urgency"),
    "people": pgettext_lazy("aid import field", "Number of people"),
    "details": pgettext_lazy("aid import field", "Notes"),
    "lat": pgettext_lazy("aid import field", "Latitude"),
    "lon": pgettext_lazy("aid import field", "Longitude"),
    "location": pgettext_lazy("aid import field", "Coordinates (latitude, longitude)"),
    "consent": pgettext_lazy("aid import field", "Consent to share the contact"),
}
REQUIRED: tuple[str, ...] = ()  # a sheet with a place and a phone is enough; the need may be blank

VULNERABLE_WORDS = {
    "elderly": ("ผู้สูงอายุ", "คนแก่", "คนชรา", "สูงอายุ", "elderly"),
    "children": ("เด็ก", "ทารก", "เด็กเล็ก", "children", "baby", "infant"),
    "disability": ("พิการ", "ผู้พิการ", "ติดเตียง", "disabled", "wheelchair", "bedridden"),
}


@dataclass
class Refusal:
    line: int
    column: str
    reason_th: str
    reason_en: str

    def as_json(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "reason_th": self.reason_th, "reason_en": self.reason_en}


@dataclass
class ImportResult:
    created: list[int] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    warnings: list[Refusal] = field(default_factory=list)  # same shape: line, column, what we did
    blank: int = 0  # blank rows between the header and the last row, skipped
    duplicates: int = 0
    mapping: dict[str, str] = field(default_factory=dict)
    header_line: int = 1
    run_id: int | None = None  # the ImportedFile that keeps this result

    @property
    def errors(self) -> list[Refusal]:  # the old name, for templates
        return self.refused

    def as_json(self) -> dict[str, Any]:
        return {"imported": len(self.created), "refused": [r.as_json() for r in self.refused],
                "warnings": [w.as_json() for w in self.warnings], "blank": self.blank,
                "duplicates": self.duplicates}


class SheetUnreadable(ValueError):
    def __init__(self, th: str, en: str) -> None:
        super().__init__(en)
        self.th, self.en = th, en


class AlreadyImported(SheetUnreadable):
    """The same sheet was imported into this group before; import again only when asked to."""


def sheet_digest(rows: list[list[str]]) -> str:
    """The SHA-256 of a sheet's cells: the same for the XLSX, its CSV, the web and the command line."""
    text = "\n".join("\x1f".join(c.strip() for c in row).rstrip("\x1f") for row in rows).strip("\n")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _refuse_reimport(org: Organisation, digest: str) -> None:
    from phalang.aid.models import ImportedFile
    from phalang.lib.thaidate import format_datetime

    # Only a run that imported rows counts: a sheet refused row by row may be sent again.
    before = ImportedFile.objects.filter(organisation=org, sha256=digest, rows__gt=0)\
        .select_related("imported_by").order_by("-imported_at").first()
    if before is None:
        return
    from django.utils import timezone

    at = timezone.localtime(before.imported_at)
    when_th, when_en = format_datetime(at, "th"), format_datetime(at, "en")
    who = str(before.imported_by) if before.imported_by else ""
    raise AlreadyImported(
        f"ไฟล์นี้นำเข้าไปแล้วเมื่อ {when_th} โดย {who or 'คำสั่ง phalang aid import'} "
        f"({before.rows} แถว) หากต้องการนำเข้าอีกครั้งจริง ๆ ให้ติ๊ก \"นำเข้าซ้ำ\"",
        f"This file was already imported on {when_en} by {who or 'the phalang aid import command'} "
        f"({before.rows} rows). To import it again, tick \"import again\".")


# --- reading the file -------------------------------------------------------------------------

def decode(data: bytes) -> str:
    # Excel saves UTF-8 with a BOM; older Thai Windows exports are TIS-620 (cp874).
    for encoding in ("utf-8-sig", "cp874"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("not text")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores 0812345678 as 812345678.0
    return str(value).strip()


def read_rows(data: bytes, filename: str = "") -> list[list[str]]:
    """Every row of the first sheet (XLSX) or of the CSV (comma, semicolon or tab), as text."""
    if len(data) > MAX_BYTES:
        raise SheetUnreadable(f"ไฟล์ใหญ่เกิน {MAX_BYTES // 1024 // 1024} MB", f"The file is larger than "
                              f"{MAX_BYTES // 1024 // 1024} MB.")
    if data[:2] == b"PK" or filename.lower().endswith((".xlsx", ".xlsm")):
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise SheetUnreadable("เปิดไฟล์ Excel นี้ไม่ได้ กรุณาบันทึกเป็น .xlsx หรือ .csv ใหม่",
                                  "This Excel file cannot be opened; save it again as .xlsx or .csv.") from exc
        sheet = book.worksheets[0]
        rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
        return rows
    try:
        text = decode(data)
    except ValueError as exc:
        raise SheetUnreadable("ไฟล์นี้ไม่ใช่ CSV หรือ Excel", "This is neither a CSV nor an Excel file.") from exc
    return rows_from_text(text)


def rows_from_text(text: str) -> list[list[str]]:
    sample = text[:4096]
    delimiter = max(",;\t", key=sample.count) if any(d in sample for d in ",;\t") else ","
    return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


# --- headers ----------------------------------------------------------------------------------

def _norm(text: str) -> str:
    return re.sub(r"[\s()\[\].,:;*/\\\-_#'\"]+", "", (text or "").lower())


_VARIANTS = sorted(((_norm(v), ours) for ours, names in FIELDS.items() for v in names),
                   key=lambda x: len(x[0]), reverse=True)


def field_for(header: str) -> str | None:
    h = _norm(header)
    if not h:
        return None
    for variant, ours in _VARIANTS:
        if h == variant:
            return ours
    for variant, ours in _VARIANTS:  # "เบอร์โทรศัพท์ผู้ติดต่อ", "ที่อยู่ (บ้านเลขที่/ซอย)"
        if len(variant) >= 3 and h.startswith(variant):
            return ours
    return None


def guess_mapping(columns: list[str]) -> dict[str, str]:
    """Our field -> their header, the first column that matches each field."""
    out: dict[str, str] = {}
    for col in columns:
        ours = field_for(col)
        if ours and ours not in out:
            out[ours] = col
    return out


def find_header(rows: list[list[str]]) -> int:
    """The index of the header row: the first of the top rows naming at least two of our fields."""
    best, best_score = 0, 0
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = len(guess_mapping(row))
        if score >= 2 and score > best_score:
            best, best_score = i, score
            if score >= 4:
                break
    return best


def header(text: str) -> list[str]:
    rows = rows_from_text(text)
    return rows[find_header(rows)] if rows else []


# --- one row ----------------------------------------------------------------------------------

_PHONE_SPLIT = re.compile(r"[/,;|]|หรือ|\bor\b|และ|\n")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def parse_phone(text: str) -> str | None:
    """The first usable number in a cell: 081-234-5678, +66 81 234 5678, 66812345678, ๐๘๑..., 812345678.

    None when the cell has digits but no usable number; "" when it is empty.
    """
    if not (text or "").strip():
        return ""
    for part in _PHONE_SPLIT.split(text.translate(_THAI_DIGITS)):
        part = re.split(r"ต่อ|ext|x", part, maxsplit=1)[0]  # an extension
        digits = re.sub(r"\D", "", part)
        if digits.startswith("66") and len(digits) in (10, 11):
            digits = "0" + digits[2:]
        elif digits.startswith("0066"):
            digits = "0" + digits[4:]
        if len(digits) in (8, 9) and not digits.startswith("0"):
            digits = "0" + digits  # a sheet that stored the number as a number lost its 0
        if digits.startswith("0") and len(digits) in (9, 10):
            return digits
    return None


# Thai number words ("สิบ", "สามคน", "ผู้ใหญ่ สอง เด็ก หนึ่ง"): a run of numeral words, read by
# pythainlp; a run it cannot read stays as it was.
_THAI_NUMBER_WORDS = re.compile("(?:หนึ่ง|สอง|สาม|สี่|ห้า|หก|เจ็ด|แปด|เก้า|สิบ|ยี่|เอ็ด|ร้อย)+")
_MINUS = re.compile(r"^\s*[-−–]\s*\d")


def thai_words_to_digits(text: str) -> str:
    from pythainlp.util import thaiword_to_num

    def one(m: re.Match[str]) -> str:
        try:
            return f" {thaiword_to_num(m.group(0))} "
        except ValueError:
            return m.group(0)

    return _THAI_NUMBER_WORDS.sub(one, text)


_THOUSANDS = re.compile(r"(\d),(\d{3})(?!\d)")
_FRACTION = re.compile(r"\d\.\d")


def parse_people(text: str) -> int | None:
    """The number of people a cell says: digits (Thai or not) or Thai number words; None when
    it names a number we cannot use. A cell with no number at all counts as 1 (see read_people)."""
    text = thai_words_to_digits((text or "").translate(_THAI_DIGITS)).lstrip().lstrip("-−–")
    text = _THOUSANDS.sub(r"\1\2", text)  # "1,200" is one number, not 1 + 200
    # "2.5" is one number, not 2 + 5: a fraction of a person is planned for as a whole one.
    numbers = [math.ceil(float(n)) for n in re.findall(r"\d+(?:\.\d+)?", text)]
    if not numbers:
        return 1 if not text.strip() or not re.search(r"\d", text) else None
    if re.search(r"\d\s*(-|ถึง)\s*\d", text):
        return max(numbers)  # "3-4 คน": plan for the larger
    return sum(numbers)  # "4 คน", "2+3", "ผู้ใหญ่ 2 เด็ก 1"


def read_people(text: str) -> tuple[int | None, tuple[str, str] | None]:
    """The people count and, when it was taken with a doubt, a warning (Thai, English)."""
    raw = (text or "").strip()
    people = parse_people(raw)
    if not raw or people is None:
        return people, None
    readable = thai_words_to_digits(raw.translate(_THAI_DIGITS))
    if _MINUS.match(readable):
        return people, (f"จำนวนคน \"{raw}\" ติดลบ นำเข้าเป็น {people} คน กรุณาตรวจสอบ",
                        f"People \"{raw}\" is negative: imported as {people}; please check.")
    if _FRACTION.search(readable):
        return people, (f"จำนวนคน \"{raw}\" ไม่ใช่จำนวนเต็ม นำเข้าเป็น {people} คน กรุณาตรวจสอบ",
                        f"People \"{raw}\" is not a whole number: imported as {people}; please check.")
    if not re.search(r"\d", readable):
        return people, (f"จำนวนคน \"{raw}\" ไม่ใช่ตัวเลข นำเข้าเป็น {people} คน กรุณาตรวจสอบ",
                        f"People \"{raw}\" is not a number: imported as {people}; please check.")
    return people, None


def parse_point(lat: str, lon: str, location: str) -> tuple[float, float] | None:
    if location and not (lat or lon):
        numbers = re.findall(r"-?\d+(?:\.\d+)?", location)
        if len(numbers) >= 2:
            lat, lon = numbers[0], numbers[1]
    try:
        point = float(lat), float(lon)
    except ValueError:
        return None
    return point


@dataclass
class _Row:
    line: int
    get: Any


def _vulnerable(text: str) -> dict[str, bool]:
    lowered = text.lower()
    return {k: any(w in lowered for w in words) for k, words in VULNERABLE_WORDS.items()}


class _Places:
    """The gazetteer lookup, cached: a sheet names the same few subdistricts hundreds of times."""

    def __init__(self) -> None:
        self.cache: dict[str, Any] = {}

    def resolve(self, text: str) -> Any:
        if text not in self.cache:
            self.cache[text] = resolve_address(text[:200]) if text.strip() else None
        return self.cache[text]


def _strip_prefix(value: str, prefixes: tuple[str, ...]) -> str:
    v = value.strip()
    for p in prefixes:
        if v.startswith(p):
            return v[len(p):].strip()
    return v


def _place_text(get: Any) -> str:
    sub = _strip_prefix(get("subdistrict"), ("ตำบล", "ต.", "แขวง"))
    dist = _strip_prefix(get("district"), ("อำเภอ", "อ.", "เขต"))
    prov = _strip_prefix(get("province"), ("จังหวัด", "จ."))
    return " ".join(x for x in (sub and "ต." + sub, dist and "อ." + dist, prov and "จ." + prov) if x)


def _one_row(row: _Row, kit: kits.Kit, places: _Places, org: Organisation, mapping: dict[str, str],
             warnings: list[Refusal] | None = None) -> actions.NewHelpRequest | Refusal:
    get = row.get
    warnings = warnings if warnings is not None else []

    def col(ours: str) -> str:
        return mapping.get(ours, ours)

    def warn(ours: str, th: str, en: str) -> None:
        warnings.append(Refusal(row.line, col(ours), th, en))

    # Where: the subdistrict from the columns, else from the address text; or a pin.
    place = places.resolve(_place_text(get))
    if (place is None or place.subdistrict is None) and get("address"):
        place = places.resolve(f"{get('address')} {_place_text(get)}".strip())
    point = parse_point(get("lat"), get("lon"), get("location"))
    outside = point is not None and not (5.5 <= point[0] <= 20.5 and 97.3 <= point[1] <= 105.7)
    if outside:
        point = None  # a swapped or mistyped pin; the area may still serve
    if (place is None or place.subdistrict is None) and point is None:
        if outside:
            return Refusal(row.line, col("lat"), "พิกัดอยู่นอกประเทศไทย และไม่มีตำบลที่รู้จัก",
                           "The coordinates are outside Thailand and no subdistrict we know is given.")
        where = " ".join(x for x in (get("subdistrict"), get("district"), get("province")) if x)
        if not where:
            return Refusal(row.line, col("subdistrict"), "ไม่ได้ระบุตำบล/อำเภอ และไม่มีพิกัด จึงส่งอาสาสมัครไปไม่ได้",
                           "No subdistrict, district or coordinates are given: no one can be sent.")
        return Refusal(row.line, col("subdistrict"),
                       f"ไม่พบตำบล/อำเภอ \"{where}\" ในฐานข้อมูลพื้นที่ และไม่มีพิกัด จึงส่งอาสาสมัครไปไม่ได้",
                       f"No subdistrict we know (\"{where}\") and no coordinates: no one can be sent.")
    phone = parse_phone(get("phone"))
    address = " ".join(x for x in (get("address"), get("village") and f"หมู่ {get('village')}"
                                   if get("village") and "หมู่" not in get("address") else "") if x)
    if not phone and not address.strip() and point is None:
        if phone is None:
            return Refusal(row.line, col("phone"),
                           f"เบอร์โทร \"{get('phone')}\" ไม่ถูกต้อง และไม่มีที่อยู่ จึงติดต่อหรือไปหาไม่ได้",
                           f"The phone \"{get('phone')}\" is not a number and there is no address: no way to reach.")
        return Refusal(row.line, col("phone"), "ไม่มีเบอร์โทร ที่อยู่ หรือพิกัด จึงติดต่อหรือไปหาไม่ได้",
                       "No phone, address or coordinates: no way to reach or find the person.")
    people, doubt = read_people(get("people"))
    if people is None or not 1 <= people <= 500:
        return Refusal(row.line, col("people"), f"จำนวนคน \"{get('people')}\" ต้องเป็นตัวเลข 1 ถึง 500",
                       f"People \"{get('people')}\" must be a number from 1 to 500.")
    if doubt is not None:
        warn("people", *doubt)
    if outside:
        warn("lat", "พิกัดอยู่นอกประเทศไทย ไม่ได้ใช้พิกัดนี้ ใช้ตำบลแทน",
             "The coordinates are outside Thailand: not used; the subdistrict is used instead.")
    # What: every need the cell names; the first (by the kit's order) is the request's.
    need_text = get("need")
    needs = kit.needs_in_text(need_text)
    notes = [get("details")]
    if not needs:
        needs = [Need.OTHER]
        if need_text.strip():
            warn("need", f"ความต้องการ \"{need_text}\" ไม่อยู่ในรายการของชุด{kit.name_th} นำเข้าเป็น "
                 "\"อื่นๆ\" (จดไว้ในรายละเอียด) เพิ่มคำนี้ได้ที่หน้าชุดคำถาม",
                 f"Need \"{need_text}\" is not one the {kit.name_en} kit knows: imported as \"Other\" (noted in the "
                 "details); the kit's page can add the word.")
    if len(needs) > 1 or needs == [Need.OTHER]:
        notes.append(f"ความต้องการตามแผ่นงาน: {need_text}" if need_text else "")
    urgency = kits.urgency_from_text(get("urgency"))
    if get("urgency") and urgency is None:
        notes.append(f"ความเร่งด่วนตามแผ่นงาน: {get('urgency')}")
        warn("urgency", f"ความเร่งด่วน \"{get('urgency')}\" อ่านไม่ออก ใช้ระดับตามความต้องการ (จดไว้ในรายละเอียด)",
             f"Urgency \"{get('urgency')}\" is not a word we know: the need sets the tier (noted in the details).")
    flags = _vulnerable(" ".join((need_text, get("details"))))
    if phone is None:
        notes.append(f"เบอร์โทรตามแผ่นงาน (อ่านไม่ได้): {get('phone')}")
        warn("phone", f"เบอร์โทร \"{get('phone')}\" ไม่ใช่เบอร์ที่โทรได้ นำเข้าโดยไม่มีเบอร์ (จดไว้ในรายละเอียด)",
             f"The phone \"{get('phone')}\" cannot be called: imported without a phone (noted in the details).")
    consent = get("consent").strip().lower() in {"1", "true", "yes", "y", "ใช่", "ยินยอม", "✓", "x"}
    sub = place.subdistrict if place is not None else None
    # A sheet holds no triage answers: without an urgency word the tier comes from the need and members.
    return actions.NewHelpRequest(
        need=needs[0], details="\n".join(n for n in notes if n)[:actions.MAX_DETAILS], people=people,
        subdistrict=sub.pk if sub is not None else None, district=sub.district_id if sub is not None else None,
        lat=point[0] if point else None, lon=point[1] if point else None,
        name=get("name"), phone=phone or "", address=address, consent_share=consent, channel=Channel.CSV,
        organisation=org.slug, urgency=urgency, elderly=flags["elderly"], children=flags["children"],
        disability=flags["disability"])


def import_rows(org: Organisation, rows: list[list[str]], *, by: Any, mapping: dict[str, str] | None = None,
                header_index: int | None = None, reimport: bool = False) -> ImportResult:
    """Import every servable row as a help request of ``org``; name every refused row.

    A sheet this group imported before is refused (AlreadyImported, naming when and by whom)
    unless ``reimport``: importing it twice would put every row in the queue twice.
    """
    actions._require(by, "aid.coordinate", org)
    result = ImportResult()
    if not rows:
        result.refused.append(Refusal(1, "", "ไฟล์ว่าง", "The file is empty."))
        return _keep_run(org, sheet_digest(rows), result, by=by, reimport=reimport)
    digest = sheet_digest(rows)
    if not reimport:
        _refuse_reimport(org, digest)
    hi = find_header(rows) if header_index is None else header_index
    columns = rows[hi]
    mapping = dict(mapping) if mapping else guess_mapping(columns)
    result.mapping, result.header_line = mapping, hi + 1
    index = {ours: columns.index(theirs) for ours, theirs in mapping.items() if theirs in columns}
    if not ({"subdistrict", "district", "address", "lat", "location"} & set(index)):
        result.refused.append(Refusal(hi + 1, "", "ไม่พบคอลัมน์ที่บอกพื้นที่ (ตำบล อำเภอ ที่อยู่ หรือพิกัด)",
                                      "No column tells the place (subdistrict, district, address or coordinates)."))
        return _keep_run(org, digest, result, by=by, reimport=reimport)
    kit = actions.kit_for(org)
    places = _Places()
    data_rows = rows[hi + 1:]
    if len(data_rows) > MAX_ROWS:
        result.refused.append(Refusal(hi + 2 + MAX_ROWS, "", f"เกิน {MAX_ROWS} แถว กรุณาแบ่งไฟล์",
                                      f"More than {MAX_ROWS} rows; split the file."))
        return _keep_run(org, digest, result, by=by, reimport=reimport)
    warnings: list[Refusal] = []
    pending_blank = 0
    with transaction.atomic():
        for offset, cells in enumerate(data_rows):
            line = hi + 2 + offset

            def get(ours: str, cells: list[str] = cells) -> str:
                i = index.get(ours)
                return cells[i].strip() if i is not None and i < len(cells) else ""

            if not any(get(ours) for ours in index):
                # Blank (perhaps but a running number): skipped, and counted unless at the end.
                pending_blank += 1
                continue
            result.blank += pending_blank
            pending_blank = 0
            parsed = _one_row(_Row(line, get), kit, places, org, mapping, warnings)
            if isinstance(parsed, Refusal):
                result.refused.append(parsed)
                continue
            try:
                with transaction.atomic():
                    req, _receipt = actions.file_help_request(parsed, by=by)
            except actions.AidInvalid as exc:
                for key, (th, en) in exc.errors.items():
                    result.refused.append(Refusal(line, mapping.get(key, key), th, en))
                continue
            result.created.append(req.pk)
            result.duplicates += req.duplicate_of_id is not None
        refused_lines = {r.line for r in result.refused}
        result.warnings = [w for w in warnings if w.line not in refused_lines]
        return _keep_run(org, digest, result, by=by, reimport=reimport)


def _keep_run(org: Organisation, digest: str, result: ImportResult, *, by: Any, reimport: bool) -> ImportResult:
    """Every run is kept, so its result page can be reloaded (a run that imported nothing does not
    count as "imported before")."""
    from django.utils import timezone

    from phalang.aid.models import ImportedFile
    from phalang.audit.log import record

    done = ImportedFile.objects.create(organisation=org, sha256=digest, imported_at=timezone.now(),
                                       imported_by=by if getattr(by, "pk", None) else None,
                                       rows=len(result.created), result=result.as_json())
    result.run_id = done.pk
    record("aid.import", actor=by, target=org, data={
        "sha256": digest, "rows": done.rows, "refused": len(result.refused), "warnings": len(result.warnings),
        "blank": result.blank, "reimport": reimport, "run": done.pk})
    return result


def import_file(org: Organisation, data: bytes, *, by: Any, filename: str = "",
                mapping: dict[str, str] | None = None, reimport: bool = False) -> ImportResult:
    return import_rows(org, read_rows(data, filename), by=by, mapping=mapping, reimport=reimport)


def import_requests(org: Organisation, text: str, mapping: dict[str, str], *, by: Any,
                    name: str = "upload.csv", reimport: bool = False) -> ImportResult:
    """CSV text with a coordinator's column mapping (the web import's second step)."""
    rows = rows_from_text(text)
    return import_rows(org, rows, by=by, mapping=mapping or None, header_index=find_header(rows) if rows else 0,
                       reimport=reimport)
