"""Thai national ID numbers (เลขประจำตัวประชาชน), 13 digits with a mod-11 check digit.

The check digit rule is the Department of Provincial Administration's: with d1..d12 the first
twelve digits, d13 = (11 − Σ d_i × (14 − i) mod 11) mod 10. A 13-digit number whose check digit
does not fit is some other number (a budget code, a reference) and is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from phalang.engines.redaction.findings import Finding, digits_only, fold_digits

# Plain "1234567890123" or grouped 1-2345-67890-12-3 with dashes or spaces.
_ID_RE = re.compile(r"(?<![\d.,/\-])\d[ \-]?\d{4}[ \-]?\d{5}[ \-]?\d{2}[ \-]?\d(?![\d/]|[.,\-]\d)")

MESSAGE_LENGTH = "เลขประจำตัวประชาชนต้องมี 13 หลัก / A Thai national ID number has 13 digits."
MESSAGE_FIRST_DIGIT = (
    "เลขประจำตัวประชาชนไม่ขึ้นต้นด้วย 0 / A Thai national ID number does not start with 0."
)
MESSAGE_CHECKSUM = (
    "เลขประจำตัวประชาชนไม่ถูกต้อง กรุณาตรวจสอบอีกครั้ง (หลักสุดท้ายไม่ตรงกับเลขตรวจสอบ) / "
    "This Thai national ID number is not valid; please check it (the last digit does not match "
    "the check digit)."
)


def check_digit(first_twelve: str) -> int:
    total = sum(int(d) * (13 - i) for i, d in enumerate(first_twelve))
    return (11 - total % 11) % 10


def thai_id_error(value: str) -> str | None:
    """Why ``value`` is not a valid Thai ID (Thai / English), or None when it is valid.

    Dashes and spaces are ignored and Thai digits accepted, so "1-2345-67890-12-1" and
    "๑๒๓๔๕๖๗๘๙๐๑๒๑" are read as the same number.
    """
    stripped = fold_digits(value).replace("-", "").replace(" ", "").strip()
    if len(stripped) != 13 or not (stripped.isascii() and stripped.isdigit()):
        return MESSAGE_LENGTH
    if stripped[0] == "0":  # no ID is issued with type 0
        return MESSAGE_FIRST_DIGIT
    if check_digit(stripped[:12]) != int(stripped[12]):
        return MESSAGE_CHECKSUM
    return None


def is_valid_thai_id(value: str) -> bool:
    return thai_id_error(value) is None


def validate_thai_id(value: str) -> str:
    """The 13 digits of a valid ID; raises ValueError with the Thai/English message otherwise."""
    error = thai_id_error(value)
    if error:
        raise ValueError(error)
    return digits_only(value)


def find(text: str) -> Iterator[Finding]:
    for m in _ID_RE.finditer(fold_digits(text)):
        if is_valid_thai_id(m.group()):
            yield Finding("thai_id", m.start(), m.end(), text[m.start() : m.end()])
