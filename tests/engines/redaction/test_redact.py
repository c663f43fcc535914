"""redact(): the proposal a moderator sees, its placeholder styles and kinds."""

from __future__ import annotations

import itertools

import pytest

from phalang.engines.redaction import KINDS, apply, find, redact

from .helpers import dashed, make_thai_id

TEXT = f"นายสมชาย ใจดี โทร 081-234-5678 บัตร {dashed(make_thai_id(7))} อีเมล a.b@example.com"


def test_every_kind_replaced_with_a_thai_label() -> None:
    proposal = redact(TEXT)
    assert proposal.public_text == "นาย[ชื่อ-สกุล] โทร [เบอร์โทร] บัตร [เลขบัตรประชาชน] อีเมล [อีเมล]"
    assert [f.kind for f in proposal.findings] == ["person_name", "phone", "thai_id", "email"]
    assert all(TEXT[f.start : f.end] == f.text for f in proposal.findings)
    assert proposal.original == TEXT


def test_only_the_requested_kinds() -> None:
    assert redact(TEXT, kinds=["phone"]).public_text == TEXT.replace("081-234-5678", "[เบอร์โทร]")
    with pytest.raises(ValueError, match="unknown kinds"):
        redact(TEXT, kinds=["passport"])  # type: ignore[list-item]


def test_placeholder_styles() -> None:
    assert "[PHONE]" in redact(TEXT, style="kind").public_text
    masked = redact("โทร 081-234-5678", style="mask").public_text
    assert masked == "โทร •••-•••-••••"


def test_moderator_keeps_some_findings() -> None:
    kept = [f for f in find(TEXT) if f.kind != "person_name"]
    assert apply(TEXT, kept).startswith("นายสมชาย ใจดี โทร [เบอร์โทร]")


def test_findings_never_overlap() -> None:
    text = "เลขที่บัญชี 081-234-5678 และ 123-4-56789-0"
    findings = find(text)
    # the number after "เลขที่บัญชี" is found once, as an account, not also as a phone
    assert [(f.kind, f.text) for f in findings] == [
        ("bank_account", "081-234-5678"),
        ("bank_account", "123-4-56789-0"),
    ]
    assert all(a.end <= b.start for a, b in itertools.pairwise(findings))
    assert set(KINDS) >= {f.kind for f in findings}
