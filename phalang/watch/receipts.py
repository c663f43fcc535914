"""Receipts (รหัสติดตาม): one code that works on every channel.

Twenty random digits in five groups of four, e.g. ``4821-0937-5562-1840-3371``: 66 bits of
entropy (log2(10^20)), readable aloud in Thai, typeable on any phone keypad, and sent by SMS
as-is. Only ``keyed_hash("receipt", digits)`` is stored; the key lives outside the database.
"""

from __future__ import annotations

import re
import secrets

from phalang.lib.crypto import keyed_hash

DIGITS = 20
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_CANDIDATE = re.compile(r"(?:\d[\s\-–.]*){20}")


def generate() -> str:
    digits = "".join(secrets.choice("0123456789") for _ in range(DIGITS))
    return format_receipt(digits)


def format_receipt(digits: str) -> str:
    return "-".join(digits[i:i + 4] for i in range(0, DIGITS, 4))


def normalize(text: str) -> str | None:
    """The 20 digits of a receipt typed any which way (spaces, dashes, Thai digits), or None."""
    digits = re.sub(r"\D", "", (text or "").translate(_THAI_DIGITS))
    return digits if len(digits) == DIGITS else None


def find_in_text(text: str) -> str | None:
    """A receipt embedded in a chat message such as "สถานะ 4821 0937 5562 1840 3371"."""
    match = _CANDIDATE.search((text or "").translate(_THAI_DIGITS))
    return normalize(match.group(0)) if match else None


def receipt_hash(receipt: str) -> str:
    digits = normalize(receipt)
    if digits is None:
        raise ValueError("not a receipt")
    return keyed_hash("receipt", digits)
