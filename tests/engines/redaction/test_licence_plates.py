"""Thai licence plates, and the province list the rule carries."""

from __future__ import annotations

from phalang.engines.redaction.rules.licence_plate import PROVINCES
from phalang.engines.thaitext import load_gazetteer

from .helpers import found


def test_plate_with_leading_digit() -> None:
    assert found("รถเก๋งสีดำ 1กข 1234 จอดหน้าที่ทำการ", "licence_plate") == ["1กข 1234"]
    assert found("ทะเบียน 3ฒ 5678", "licence_plate") == ["3ฒ 5678"]


def test_plate_with_province() -> None:
    text = "รถกระบะ กข-1234 กรุงเทพมหานคร ขนดินออกจากไซต์ทุกคืน"
    assert found(text, "licence_plate") == ["กข-1234 กรุงเทพมหานคร"]
    assert found("รถบรรทุก ผง 4521 ขอนแก่น", "licence_plate") == ["ผง 4521 ขอนแก่น"]


def test_two_letters_after_the_word_registration() -> None:
    assert found("ป้ายทะเบียนรถ ฌช 99 วิ่งเข้าออก", "licence_plate") == ["ฌช 99"]


def test_ordinary_words_before_numbers_are_not_plates() -> None:
    assert found("มีคน 5 คน รถ 2 คัน", "licence_plate") == []
    assert found("ก่อสร้างอาคารเรียน 4ชั้น 12 ห้องเรียน", "licence_plate") == []
    assert found("รหัสทางหลวงท้องถิ่น สข.ถ19-014 ทล.323", "licence_plate") == []


def test_province_list_matches_the_gazetteer() -> None:
    assert set(PROVINCES) == set(load_gazetteer().provinces)
