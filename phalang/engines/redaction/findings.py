"""The record every redaction rule returns, and text helpers the rules share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["thai_id", "phone", "email", "bank_account", "licence_plate", "person_name"]
KINDS: tuple[Kind, ...] = (
    "thai_id",
    "phone",
    "email",
    "bank_account",
    "licence_plate",
    "person_name",
)

# Thai digits map one-to-one onto Arabic ones, so offsets in the folded text are offsets in
# the original: rules match on folded text and report spans of the original.
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def fold_digits(text: str) -> str:
    return text.translate(_THAI_DIGITS)


def digits_only(text: str) -> str:
    return "".join(c for c in fold_digits(text) if c.isascii() and c.isdigit())


@dataclass(frozen=True, slots=True)
class Finding:
    """Personal data found at ``text[start:end]`` of the original text."""

    kind: Kind
    start: int
    end: int
    text: str
