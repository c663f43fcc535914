"""Bank account numbers.

Thai banks print 10-digit accounts as xxx-x-xxxxx-x; that shape is redacted wherever it appears.
Other 10–12 digit numbers (savings banks use 12) are redacted only shortly after a word that
says "account" (บัญชี, เลขที่บัญชี, บช., account, a/c), since a bare 10-digit number may be
a phone number, a code or an amount.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from phalang.engines.redaction.findings import Finding, digits_only, fold_digits

_DASHED_RE = re.compile(r"(?<![\d\-])\d{3}-\d-\d{5}-\d(?![\d]|-\d)")
_KEYWORD_RE = re.compile(
    r"เลขที่บัญชี|เลขบัญชี|บัญชีเลขที่|บัญชีธนาคาร|บัญชี|บช\.|account(?:\s*(?:no\.?|number|#))?|a/c|acct\.?",
    re.IGNORECASE,
)
_NUMBER_RE = re.compile(r"(?<![\d\-])\d(?:[ \-]?\d){9,11}(?![\d]|[.,\-]\d)")
# How far after the keyword the number may start: "บัญชีธนาคารกรุงไทย สาขาบางพลี เลขที่ ..." fits.
_KEYWORD_REACH = 60


def find(text: str) -> Iterator[Finding]:
    folded = fold_digits(text)
    for m in _DASHED_RE.finditer(folded):
        yield Finding("bank_account", m.start(), m.end(), text[m.start() : m.end()])
    for keyword in _KEYWORD_RE.finditer(folded):
        window_end = min(len(folded), keyword.end() + _KEYWORD_REACH)
        line_end = folded.find("\n", keyword.end())
        if line_end != -1:
            window_end = min(window_end, line_end)
        # Search past the window so a number that starts inside it is taken whole.
        number = _NUMBER_RE.search(folded, keyword.end())
        if number and number.start() < window_end and 10 <= len(digits_only(number.group())) <= 12:
            yield Finding(
                "bank_account", number.start(), number.end(), text[number.start() : number.end()]
            )
