"""The dictionary behind tokenize(): the same segmentation as pythainlp's own Trie, built without
adding ~67,000 words one character at a time in each process, and without adding them again for
each set of extra words (an organisation's names, a search's terms)."""

from __future__ import annotations

import pytest
from pythainlp.tokenize import word_tokenize
from pythainlp.util import Trie, dict_trie

from phalang.engines.thaitext.tokenize import dictionary

TEXTS = [
    "ตำบลริมกกอำเภอเมืองเชียงรายจังหวัดเชียงราย",
    "ปลัดอำเภอเรียกเงินสามพันบาทเพื่อออกบัตรให้เร็วขึ้น",
    "มีการแบ่งงานจ้างเหมาให้ต่ำกว่าวงเงินเพื่อเลี่ยงการประกวดราคา",
    "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 4 บ้านหนองบัว กว้าง 5 เมตร ยาว 1,200 เมตร",
    "แจ้งเบาะแสฮั้วประมูล บ่อบาดาลที่ขุดใหม่ไม่มีน้ำตั้งแต่วันแรก Bangkok 2026 ๆ",
]


@pytest.mark.parametrize("extra", [frozenset(), frozenset({"ฮั้วประมูล", "หนองบัว", "เสริมเหล็ก", "ก"})])
def test_same_segmentation_and_prefixes_as_pythainlp(extra) -> None:  # type: ignore[no-untyped-def]
    words, trie = dictionary(extra)
    reference = dict_trie(words)
    assert len(trie) == len(reference) and bool(trie)
    for text in TEXTS:
        assert word_tokenize(text, custom_dict=trie, engine="newmm") == \
            word_tokenize(text, custom_dict=reference, engine="newmm")
        for i in range(len(text)):
            assert trie.prefixes(text, i) == reference.prefixes(text, i)
    assert all(w in trie for w in list(extra)[:3]) and "ไม่ใช่คำๆๆ" not in trie


def test_extra_words_do_not_rebuild_the_base_dictionary(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    dictionary()  # the base, built (or not) once per process
    added: list[str] = []
    eager_add = Trie.add
    monkeypatch.setattr(Trie, "add", lambda self, word: (added.append(word), eager_add(self, word))[1])
    _, trie = dictionary(["คำใหม่ที่ไม่มีในพจนานุกรม"])
    assert trie.prefixes("คำใหม่ที่ไม่มีในพจนานุกรมเลย")[-1] == "คำใหม่ที่ไม่มีในพจนานุกรม"
    assert len(added) < 100, len(added)
