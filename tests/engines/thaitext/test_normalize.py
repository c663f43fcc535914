"""normalize(): one canonical form for text that looks the same on screen."""

from __future__ import annotations

from phalang.engines.thaitext import normalize


def test_thai_digits_become_arabic() -> None:
    assert normalize("หมู่ที่ ๑๑ ยาว ๒,๔๑๐ เมตร") == "หมู่ที่ 11 ยาว 2,410 เมตร"


def test_whitespace_collapses_and_latin_lowercases() -> None:
    assert normalize("  ระบบ\u00a0\u00a0DLIT \n\t ห้องเรียน ") == "ระบบ dlit ห้องเรียน"


def test_sara_am_typed_as_nikhahit_plus_sara_aa() -> None:
    assert normalize("น\u0e4d\u0e32") == "น\u0e33"
    # with the tone mark typed either before or after the nikhahit
    assert normalize("น\u0e49\u0e4d\u0e32") == "น้ำ"
    assert normalize("น\u0e4d\u0e49\u0e32") == "น้ำ"


def test_duplicated_and_misordered_marks() -> None:
    assert normalize("ก\u0e48\u0e48อสร้าง") == "ก่อสร้าง"
    assert normalize("ท\u0e48\u0e35") == "ที่"  # tone typed before the vowel
    assert normalize("\u0e40\u0e40ม่") == "แม่"  # two sara e for sara ae


def test_zero_width_characters_removed() -> None:
    assert normalize("บาง\u200bพลี") == "บางพลี"
