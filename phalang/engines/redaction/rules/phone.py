"""Thai phone numbers: mobiles 06/08/09 (10 digits), landlines 02–07 (9 digits), and +66 forms.

Numbering plan: NBTC (กสทช.) — mobile numbers are 0 + 9 digits beginning 6, 8 or 9; fixed
lines are 0 + 8 digits beginning 2–7. Short codes (1111, 1669) are public services and stay.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from phalang.engines.redaction.findings import Finding, digits_only, fold_digits

_PHONE_RE = re.compile(
    r"(?<![\d+])(?P<prefix>(?:\+66|\(\+66\)|0066|\+\s66)[ \-]?(?:\(0\))?|0)"
    r"(?P<rest>\d(?:[ \-.]?\d){7,8})(?![\d]|[.,]\d)"
)


def _is_phone(rest: str) -> bool:
    if rest[0] in "689":
        return len(rest) == 9
    if rest[0] in "234567":
        return len(rest) == 8
    return False


def find(text: str) -> Iterator[Finding]:
    for m in _PHONE_RE.finditer(fold_digits(text)):
        if _is_phone(digits_only(m.group("rest"))):
            yield Finding("phone", m.start(), m.end(), text[m.start() : m.end()])
