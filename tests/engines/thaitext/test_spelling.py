"""Spelling suggestions from an index's vocabulary (issue 18 trial, "did you mean")."""

from __future__ import annotations

from phalang.engines.thaitext.search import did_you_mean, query_terms, sound_key
from phalang.engines.thaitext.spelling import correct_word, corrections, english_province, suggest

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


# Re-trial (trial-od2), finding 3: typos whose pieces are all known words, or a missing mark.
PIECES = {"ขุด": 170, "ชุด": 2400, "ลอก": 95, "ครอง": 120, "คลอง": 1560, "ศูนย์": 1400, "พัฒนา": 5700,
          "เด็ก": 1060, "เด็กเล็ก": 1040, "เล็ก": 1250, "เลย": 400, "เครื่องช่วย": 4, "หาย": 15, "หายใจ": 3,
          "ไฟ": 880}


def test_corrections_prefer_fewer_words_then_the_far_more_common_term() -> None:
    assert corrections("ศูนย์พัฒนาเด็กเลก", PIECES)[0] == "ศูนย์พัฒนาเด็กเล็ก"
    assert corrections("เครื่องช่วยหายไจ", PIECES)[0] == "เครื่องช่วยหายใจ"  # before …หายไฟ
    assert corrections("ขุดลอกครอง", PIECES)[:2] == ["ชุดลอกครอง", "ขุดลอกคลอง"]


def test_a_query_that_found_nothing_is_corrected_to_what_a_title_holds() -> None:
    held = {"ขุดลอกคลอง"}
    checked: list[str] = []

    def finds(text: str, *, written: bool) -> bool:
        checked.append(text)
        return text in held

    assert suggest("ขุดลอกครอง", PIECES, 0, None, finds) == "ขุดลอกคลอง"
    assert checked == ["ชุดลอกครอง", "ขุดลอกคลอง"]
    assert suggest("ขุดลอกครอง", PIECES, 1, None, finds) is None  # it found something: left alone
    assert suggest("ขุดลอกครอง", PIECES, 0) is None  # nothing to check against


def test_place_names_as_they_sound() -> None:
    assert sound_key("บุรีรำ") == sound_key("บุรีรัมย์")
    assert did_you_mean("บุรีรำ", ["บุรีรัมย์", "บุรี"]) == "บุรีรัมย์"


def test_english_province_names_as_one_word_and_short_names_are_the_province() -> None:
    assert query_terms("Buriram") == query_terms("Buri Ram") == ["บุรีรัมย์"]
    assert query_terms("Chonburi") == ["ชลบุรี"]
    assert query_terms("Sisaket") == ["ศรีสะเกษ"]
    assert query_terms("Korat") == query_terms("โคราช") == ["นครราชสีมา"]
    assert query_terms("Ubon") == query_terms("Ubon Ratchathani") == ["อุบลราชธานี"]
    assert query_terms("อาคารเรียน Khonkaen") == ["อาคารเรียน", "ขอนแก่น"]
