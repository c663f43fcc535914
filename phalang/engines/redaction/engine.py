"""Finding personal data and proposing a public text.

The web app shows a moderator the original beside the proposal from :func:`redact`; the
moderator confirms or edits it. The rules lean towards redacting: a moderator can restore an
over-redacted word, but cannot un-publish a leaked phone number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from phalang.engines.redaction.findings import KINDS, Finding, Kind
from phalang.engines.redaction.rules import (
    bank_account,
    email,
    licence_plate,
    person_name,
    phone,
    thai_id,
)

PlaceholderStyle = Literal["label", "kind", "mask"]

# When two findings overlap, the earlier rule here wins: an email or checksummed ID is the
# surest reading of a span, a name after a title the least sure.
RULES: dict[Kind, Callable[[str], Iterator[Finding]]] = {
    "email": email.find,
    "thai_id": thai_id.find,
    "bank_account": bank_account.find,
    "phone": phone.find,
    "licence_plate": licence_plate.find,
    "person_name": person_name.find,
}

LABELS: dict[Kind, str] = {
    "thai_id": "[เลขบัตรประชาชน]",
    "phone": "[เบอร์โทร]",
    "email": "[อีเมล]",
    "bank_account": "[เลขบัญชี]",
    "licence_plate": "[ทะเบียนรถ]",
    "person_name": "[ชื่อ-สกุล]",
}
MASK = "•"


@dataclass(frozen=True, slots=True)
class RedactionProposal:
    """The text proposed for publication and the findings it hides."""

    original: str
    public_text: str
    findings: tuple[Finding, ...]


def find(text: str, kinds: Iterable[Kind] | None = None) -> list[Finding]:
    """Non-overlapping personal data in ``text``, in reading order."""
    wanted = set(KINDS if kinds is None else kinds)
    unknown = wanted - set(KINDS)
    if unknown:
        raise ValueError(f"unknown kinds: {sorted(unknown)}; known: {list(KINDS)}")
    chosen: list[Finding] = []
    for kind, rule in RULES.items():
        if kind not in wanted:
            continue
        for finding in sorted(rule(text), key=lambda f: (f.start, -(f.end - f.start))):
            if all(finding.end <= c.start or finding.start >= c.end for c in chosen):
                chosen.append(finding)
    return sorted(chosen, key=lambda f: f.start)


def placeholder(finding: Finding, style: PlaceholderStyle = "label") -> str:
    if style == "label":
        return LABELS[finding.kind]
    if style == "kind":
        return f"[{finding.kind.upper()}]"
    # Mask letters and digits but keep separators, so the shape stays readable: •••-•-•••••-•
    return "".join(c if c in " -.@()+" else MASK for c in finding.text)


def apply(text: str, findings: Iterable[Finding], style: PlaceholderStyle = "label") -> str:
    """``text`` with each finding replaced; use it when a moderator keeps only some findings."""
    parts: list[str] = []
    at = 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < at:
            continue  # overlapping input: the first one already covers it
        parts += [text[at : finding.start], placeholder(finding, style)]
        at = finding.end
    parts.append(text[at:])
    return "".join(parts)


def redact(
    text: str, kinds: Iterable[Kind] | None = None, style: PlaceholderStyle = "label"
) -> RedactionProposal:
    """Propose a public version of ``text`` with the personal data of ``kinds`` (default all) hidden."""
    findings = find(text, kinds)
    return RedactionProposal(text, apply(text, findings, style), tuple(findings))
