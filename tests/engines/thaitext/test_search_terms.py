"""index_terms()/query_terms(): a document matches when it holds every query term."""

from __future__ import annotations

from phalang.engines.thaitext import index_document, index_terms, matches, query_terms


def _finds(query: str, document: str) -> bool:
    return set(query_terms(query)) <= set(index_terms(document))


def test_word_query_finds_project_name() -> None:
    assert query_terms("อาคารเรียน") == ["อาคารเรียน"]
    assert _finds("อาคารเรียน", "ก่อสร้างอาคารเรียน 4 ชั้น")


def test_part_of_a_compound_place_name_is_found() -> None:
    document = "ก่อสร้างถนน คสล. หมู่ที่ 3 ตำบลบางพลีใหญ่ อำเภอบางพลี"
    assert _finds("บางพลี", "ปรับปรุงถนน ตำบลบางพลีใหญ่")
    assert _finds("บางพลีใหญ่", document)
    assert not _finds("บางพลีน้อย", document)


def test_unrelated_query_does_not_match() -> None:
    assert not _finds("อาคารเรียน", "ก่อสร้างถนนคอนกรีตเสริมเหล็ก")
    assert not _finds("สะพาน", "ก่อสร้างอาคารเรียน 4 ชั้น")


def test_accidental_short_words_inside_compounds_are_not_indexed() -> None:
    # คอนกรีต splits into คอ|นก|รีต too; a search for นก (bird) must not find concrete roads
    terms = index_terms("ถนนคอนกรีตเสริมเหล็ก")
    assert {"คอนกรีต", "เสริม", "เหล็ก"} <= set(terms)
    assert "นก" not in terms


def test_abbreviations_match_their_spelled_out_form() -> None:
    assert matches("ถนน คสล.", "ถนนคอนกรีตเสริมเหล็ก หมู่ 5")
    assert matches("อบต.หนองบัว", "องค์การบริหารส่วนตำบลหนองบัว อำเภอบ้านค่าย")
    assert matches("กรุงเทพมหานคร", "เขตปทุมวัน กทม.")


def test_every_query_term_is_required() -> None:
    assert matches("อาคารเรียน หนองบัว", "อาคารเรียน ตำบลหนองบัว")
    assert not matches("อาคารเรียน หนองบัว", "อาคารเรียน ตำบลบางพลีใหญ่")


def test_function_words_are_left_out_of_queries() -> None:
    assert "ที่" not in query_terms("อาคารเรียนที่บางพลี")


def test_index_document_is_space_padded_for_like_queries() -> None:
    stored = index_document("ก่อสร้างอาคารเรียน 4 ชั้น")
    assert stored.startswith(" ") and stored.endswith(" ")
    assert " อาคารเรียน " in stored and " อาคาร " in stored
