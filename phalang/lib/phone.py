"""Thai phone numbers: the one normaliser for the web, the API, chat and SMS."""

from __future__ import annotations

import re

# "+66 (0)81…", "0066 (0) 2…": the international form with the national 0 written in brackets.
_TRUNK_ZERO = re.compile(r"^\s*(?:\+|00)?\s*66[\s.-]*\(0\)")

# Thai digits (๐-๙) are typed on Thai keyboards; they mean the same numbers.
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def normalise(text: str) -> str:
    """Digits only, in the national form: "+66 81 234 5678", "66812345678", "081-234-5678" and
    "๐๘๑๒๓๔๕๖๗๘" are all "0812345678"; a Bangkok line "+66 2 123 4567" is "021234567"."""
    text = (text or "").translate(_THAI_DIGITS)
    if _TRUNK_ZERO.match(text):  # "+66 (0)81 999 1111": the written-out 0 is dropped with the code
        text = text.replace("(0)", "", 1)
    digits = "".join(c for c in text if c.isdigit())
    if digits.startswith("66") and len(digits) in (10, 11):
        digits = "0" + digits[2:]  # the country code replaces the leading 0
    return digits


def valid(normalised: str) -> bool:
    """A Thai number: 9 digits (fixed lines) or 10 (mobiles), starting with 0."""
    return normalised.startswith("0") and 9 <= len(normalised) <= 10
