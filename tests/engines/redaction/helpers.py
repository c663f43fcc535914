"""Test helpers: generate valid Thai IDs with the checksum, and read findings compactly."""

from __future__ import annotations

import random

from phalang.engines.redaction import find


def make_thai_id(seed: int) -> str:
    """A 13-digit ID whose last digit is the mod-11 check digit of the first twelve."""
    rng = random.Random(seed)
    first = str(rng.randint(1, 8)) + "".join(str(rng.randint(0, 9)) for _ in range(11))
    total = sum(int(d) * (13 - i) for i, d in enumerate(first))
    return first + str((11 - total % 11) % 10)


def with_wrong_check_digit(thai_id: str) -> str:
    return thai_id[:12] + str((int(thai_id[12]) + 1) % 10)


def dashed(thai_id: str) -> str:
    return f"{thai_id[0]}-{thai_id[1:5]}-{thai_id[5:10]}-{thai_id[10:12]}-{thai_id[12]}"


def found(text: str, kind: str | None = None) -> list[str]:
    return [f.text for f in find(text) if kind is None or f.kind == kind]
