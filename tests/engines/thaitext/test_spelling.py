"""Spelling suggestions from an index's vocabulary (issue 18 trial, "did you mean")."""

from __future__ import annotations

from phalang.engines.thaitext.spelling import correct_word, english_province, suggest

# Term -> documents holding it, as the search index counts them.
VOCABULARY = {"อาคารเรียน": 900, "อาคาร": 1500, "เรียน": 1200, "อา": 300, "คาน": 200, "การเรียน": 400,
              "โรงพยาบาล": 500, "ถนน": 5000, "คอนกรีต": 3000, "เชียงใหม่": 800, "เชียง": 1200, "ไม่": 2000,
              "ภูเก็ต": 150, "หนองแวง": 5, "หนองแดง": 60}


def test_one_edit_from_the_whole_word_to_a_far_more_common_term() -> None:
    assert correct_word("อาคานเรียน", VOCABULARY) == "อาคารเรียน"
    assert correct_word("โรงพยาบาน", VOCABULARY) == "โรงพยาบาล"
    # The whole word's correction wins over gluing two common parts (เชียง + ไม่).
    assert correct_word("เชียงไหม่", VOCABULARY) == "เชียงใหม่"


def test_a_known_term_then_a_misspelt_one() -> None:
    assert correct_word("ถนนคอนกีต", VOCABULARY, hits=1) == "ถนนคอนกรีต"


def test_common_or_merely_rare_words_are_left_alone() -> None:
    assert correct_word("อาคารเรียน", VOCABULARY) is None
    assert correct_word("หนองแวง", VOCABULARY) is None  # หนองแดง: 12 times as common, not 20
    assert correct_word("ถนนคอนกรีต", VOCABULARY) is None  # a run of known terms
    assert suggest("อาคารเรียน ภูเก็ต", VOCABULARY, hits=2) is None
    assert correct_word("ก" * 200, VOCABULARY) is None  # too long to try


def test_english_province_names_run_together() -> None:
    names = {"chiang mai": "chiang mai", "khon kaen": "khon kaen"}
    assert english_province("Chiangmai", names) == "chiang mai"
    assert english_province("khonkaen", names) == "khon kaen"
    assert english_province("school", names) is None
    assert suggest("Chiangmai", VOCABULARY, 0, names) == "chiang mai"
