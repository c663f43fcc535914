"""Dates as Thai readers expect them: Buddhist era (พ.ศ. = ค.ศ. + 543), Thai month names."""

from __future__ import annotations

from datetime import date, datetime

BE_OFFSET = 543

MONTHS_SHORT_TH = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
                   "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
MONTHS_LONG_TH = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
                  "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
MONTHS_SHORT_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def buddhist_year(value: date) -> int:
    return value.year + BE_OFFSET


def format_date(value: date, language: str = "th", long: bool = False) -> str:
    """``20 พ.ย. 2569`` in Thai (``20 พฤศจิกายน 2569`` when long), ``20 Nov 2026`` in English."""
    if language == "th":
        months = MONTHS_LONG_TH if long else MONTHS_SHORT_TH
        return f"{value.day} {months[value.month - 1]} {buddhist_year(value)}"
    return f"{value.day} {MONTHS_SHORT_EN[value.month - 1]} {value.year}"


def format_datetime(value: datetime, language: str = "th") -> str:
    clock = f"{value.hour:02d}:{value.minute:02d}"
    suffix = " น." if language == "th" else ""
    return f"{format_date(value, language)} {clock}{suffix}"


def parse_year(text: str) -> int:
    """A year typed by a Thai user: 2569 (B.E.) or 2026 (C.E.) -> C.E. 2026.

    Years above 2400 are read as Buddhist era: C.E. 2400 is centuries away, B.E. 2400 was 1857.
    """
    year = int(text)
    return year - BE_OFFSET if year > 2400 else year
