"""tokenize(): Thai word segmentation that keeps place names whole."""

from __future__ import annotations

from phalang.engines.thaitext import tokenize


def test_place_names_stay_whole() -> None:
    tokens = tokenize("ต.บางพลีใหญ่ อ.บางพลี จ.สมุทรปราการ")
    assert "บางพลี" in tokens
    assert "บางพลีใหญ่" in tokens
    assert "บาง" not in tokens and "พลี" not in tokens


def test_glued_address_splits_at_place_names() -> None:
    tokens = tokenize("ตำบลริมกกอำเภอเมืองเชียงรายจังหวัดเชียงราย")
    assert tokens == ["ตำบล", "ริมกก", "อำเภอ", "เมืองเชียงราย", "จังหวัด", "เชียงราย"]


def test_extra_words_join_unknown_terms() -> None:
    assert "ฮั้วประมูล" not in tokenize("แจ้งเบาะแสฮั้วประมูล")
    assert "ฮั้วประมูล" in tokenize("แจ้งเบาะแสฮั้วประมูล", extra_words=["ฮั้วประมูล"])


def test_whitespace_and_punctuation_dropped_digits_normalised() -> None:
    assert tokenize("อาคารเรียน ๔ ชั้น, (ใหม่)") == ["อาคารเรียน", "4", "ชั้น", "ใหม่"]
