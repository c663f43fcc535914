"""Phone numbers, emails and bank account numbers in realistic report sentences."""

from __future__ import annotations

import pytest

from .helpers import found


@pytest.mark.parametrize(
    "number",
    ["081-234-5678", "0812345678", "09 1234 5678", "062-123-4567", "๐๘๑-๒๓๔-๕๖๗๘",
     "+66 81 234 5678", "+66812345678", "02-123-4567", "053-123-456", "+66 2 123 4567"],
)  # fmt: skip
def test_phone_numbers(number: str) -> None:
    assert found(f"ติดต่อผู้รับเหมาได้ที่เบอร์ {number} ตลอดเวลา", "phone") == [number]


def test_phone_glued_to_thai_text() -> None:
    assert found("โทร0812345678ได้เลย", "phone") == ["0812345678"]


def test_not_phone_numbers() -> None:
    assert found("โทรแจ้งสายด่วน 1669 หรือ 1111", "phone") == []
    assert found("ระยะทาง 0.05 เมตร วันที่ 01-05-2560", "phone") == []
    assert found("หมายเลข 01234567890123", "phone") == []  # too long
    assert found("เลข 0112345678", "phone") == []  # 01 is no Thai prefix


def test_email() -> None:
    text = "ส่งหลักฐานไปที่ somchai.j+tips@example.co.th หรือ ANNA_99@gmail.com แล้ว"
    assert found(text, "email") == ["somchai.j+tips@example.co.th", "ANNA_99@gmail.com"]
    assert found("อีเมลของฉันคือ ploy@mail.go.th", "email") == ["ploy@mail.go.th"]


def test_bank_account_in_the_standard_shape() -> None:
    assert found("โอนเงินมาที่ 123-4-56789-0 ด่วน", "bank_account") == ["123-4-56789-0"]


def test_bank_account_after_the_word_account() -> None:
    text = "ให้โอนค่าหัวคิวเข้าบัญชีธนาคารกรุงไทย สาขาบางพลี เลขที่ 9876543210 ทุกเดือน"
    assert found(text, "bank_account") == ["9876543210"]
    assert found("a/c no. 0123 4567 8901", "bank_account") == ["0123 4567 8901"]
    # a mobile number after "บัญชี" is read as the account it is used for, not left visible
    assert found("เลขที่บัญชี 0812345678", "bank_account") == ["0812345678"]


def test_ten_digits_without_account_context_are_not_accounts() -> None:
    assert found("รหัสโครงการ 1234567890", "bank_account") == []
    assert found("ปรับปรุงบัญชีรายชื่อ ปี 2560 จำนวน 1,500,000 บาท", "bank_account") == []
