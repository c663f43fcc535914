"""Receipts: 66 bits, readable aloud, typed any which way, stored only as a keyed hash."""

from __future__ import annotations

import math

from phalang.watch import receipts


def test_format_and_entropy() -> None:
    r = receipts.generate()
    assert len(r) == 24 and r.count("-") == 4
    assert math.log2(10 ** receipts.DIGITS) >= 64
    assert len({receipts.generate() for _ in range(1000)}) == 1000


def test_typed_with_spaces_thai_digits_or_inside_a_message() -> None:
    r = "4821-0937-5562-1840-3371"
    assert receipts.normalize("4821 0937 5562 1840 3371") == r.replace("-", "")
    assert receipts.normalize("๔๘๒๑๐๙๓๗๕๕๖๒๑๘๔๐๓๓๗๑") == r.replace("-", "")
    assert receipts.find_in_text("สถานะ 4821 0937 5562 1840 3371 ครับ") == r.replace("-", "")
    assert receipts.normalize("1234") is None and receipts.find_in_text("โทร 0812345678") is None


def test_hash_is_keyed_and_stable() -> None:
    import hashlib

    r = "4821-0937-5562-1840-3371"
    assert receipts.receipt_hash(r) == receipts.receipt_hash(r.replace("-", " "))
    assert receipts.receipt_hash(r) != hashlib.sha256(r.replace("-", "").encode()).hexdigest()
