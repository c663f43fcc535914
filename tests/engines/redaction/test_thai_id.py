"""Thai national ID numbers: redacted only when the mod-11 check digit fits."""

from __future__ import annotations

import pytest

from phalang.engines.redaction import is_valid_thai_id, redact, thai_id_error, validate_thai_id

from .helpers import dashed, found, make_thai_id, with_wrong_check_digit

IDS = [make_thai_id(seed) for seed in range(20)]


def test_known_valid_and_invalid_numbers() -> None:
    # worked example: 1-1017-00230-70-8 (Σ d_i × (14 − i) = 36 → (11 − 36 mod 11) mod 10 = 8)
    assert is_valid_thai_id("1101700230708")
    assert not is_valid_thai_id("1101700230707")


@pytest.mark.parametrize("thai_id", IDS)
def test_generated_ids_validate_in_every_written_form(thai_id: str) -> None:
    thai_digits = thai_id.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    for form in (thai_id, dashed(thai_id), dashed(thai_id).replace("-", " "), thai_digits):
        assert is_valid_thai_id(form), form
    assert not is_valid_thai_id(with_wrong_check_digit(thai_id))


def test_valid_id_in_a_sentence_is_redacted() -> None:
    thai_id = IDS[0]
    text = f"ผู้รับเหมาแจ้งเลขประจำตัวประชาชน {dashed(thai_id)} ในเอกสารประกวดราคา"
    assert found(text, "thai_id") == [dashed(thai_id)]
    assert (
        redact(text).public_text == "ผู้รับเหมาแจ้งเลขประจำตัวประชาชน [เลขบัตรประชาชน] ในเอกสารประกวดราคา"
    )
    assert found(f"บัตรเลขที่{thai_id}ครับ", "thai_id") == [thai_id]


def test_thirteen_digits_with_a_bad_checksum_are_not_redacted() -> None:
    bad = with_wrong_check_digit(IDS[1])
    text = f"เลขที่เอกสาร {bad} และ {dashed(bad)}"
    assert found(text) == []
    assert redact(text).public_text == text


def test_ids_inside_longer_numbers_are_not_redacted() -> None:
    # a 16-digit budget code that happens to contain a valid ID
    assert found(f"รหัสงบประมาณ 9{IDS[2]}12", "thai_id") == []


def test_validation_messages_are_thai_and_english() -> None:
    assert thai_id_error(IDS[3]) is None
    short = thai_id_error("12345")
    assert short and "13 หลัก" in short and "13 digits" in short
    wrong = thai_id_error(with_wrong_check_digit(IDS[3]))
    assert wrong and "ไม่ถูกต้อง" in wrong and "not valid" in wrong
    assert thai_id_error("0" + IDS[3][1:]) is not None
    assert validate_thai_id(dashed(IDS[3])) == IDS[3]
    with pytest.raises(ValueError, match="check digit"):
        validate_thai_id(with_wrong_check_digit(IDS[3]))
