"""Spelling suggestions ("did you mean") from a search index's own vocabulary.

The vocabulary maps each indexed term to the number of documents holding it. A query word is
corrected towards a term one edit away (a letter wrong, missing, extra, or two swapped: อาคานเรียน
-> อาคารเรียน, โรงพยาบาน -> โรงพยาบาล) that is far more common than what was typed. Thai query
words are often several terms written together (ถนนคอนกีต is ถนน + คอนกีต), so the word is also
read as a known term followed or preceded by a misspelt one (ถนน + คอนกรีต).

When the search found nothing at all, a word is also corrected where every piece is a known word
(ขุดลอกครอง: ขุด, ลอก, ครอง -> ขุดลอกคลอง) or towards a rare right spelling (เครื่องช่วยหายใจ, on
two lines): such corrections are many, so each is checked against the index (``suggest``'s
``finds``: the corrected words written in a title), a few at most.

Only dictionary look-ups: a word of n letters costs about 160·n candidate spellings (and n times
that when it is read in two parts), each one look-up, a few milliseconds; the vocabulary is
counted once, at import.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping

from phalang.engines.thaitext.normalize import normalize

# Thai letters, vowels and marks (no Thai digits), and lower-case Latin letters.
THAI_LETTERS = "".join(chr(c) for c in (*range(0x0E01, 0x0E3B), *range(0x0E40, 0x0E4F)))
LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# A suggestion must be this many times as common as what was typed (at least 1 document)...
RATIO = 20
# ... and held by at least this many documents.
MIN_SUGGESTED = 10
# Words shorter than this are left alone: one edit turns a short word into many others.
MIN_LENGTH = 4
# Bounds on the work per query: longer words (runs of several words) and the misspelt part of a
# word read in two parts stay below these lengths, and only the first MAX_WORDS words are read.
MAX_LENGTH = 30
MAX_PART = 15
MAX_WORDS = 8
# A query that found nothing at all may have its word corrected anywhere (``corrections``): in a
# piece of at most this many letters, a word of at most MAX_RELAXED letters, each correction
# checked against the index, at most MAX_CHECKS checks a query.
MAX_RELAXED_PART = 8
MAX_RELAXED = 24
MAX_CHECKS = 6


def _alphabet(word: str) -> str | None:
    if all("\u0e01" <= c <= "\u0e4e" and not "\u0e50" <= c <= "\u0e59" for c in word):
        return THAI_LETTERS
    if word.isascii() and word.isalpha():
        return LATIN_LETTERS
    return None  # digits, dots, mixed scripts: an abbreviation, a code, a number


def edits1(word: str, alphabet: str) -> set[str]:
    """Every spelling one edit from ``word``: a letter deleted, two neighbours swapped, a letter
    replaced or inserted (Norvig's spelling corrector)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in alphabet]
    inserts = [a + c + b for a, b in splits for c in alphabet]
    return set(deletes + swaps + replaces + inserts) - {word, ""}


def _whole(word: str, vocabulary: Mapping[str, int], alphabet: str) -> list[tuple[str, int]]:
    """(spelling, documents) of the terms one edit from the whole word."""
    return [(c, vocabulary[c]) for c in edits1(word, alphabet) if c in vocabulary]


def _segments(word: str, vocabulary: Mapping[str, int]) -> bool:
    """Whether ``word`` is a run of known terms (then it is read as written, not corrected in parts)."""
    reach = [True] + [False] * len(word)
    for end in range(2, len(word) + 1):
        reach[end] = any(reach[start] and word[start:end] in vocabulary for start in range(end - 1))
    return reach[-1]


def _in_parts(word: str, vocabulary: Mapping[str, int], alphabet: str) -> list[tuple[str, int]]:
    """(spelling, documents) of the word read as a known term and a misspelt one, either way round;
    the documents are those of the rarer part (the pair itself may be rarer still)."""
    options = []
    for i in range(2, len(word) - 1):
        head, tail = word[:i], word[i:]
        if head in vocabulary and tail not in vocabulary and len(tail) <= MAX_PART:
            options += [(head + c, min(vocabulary[head], vocabulary[c]))
                        for c in edits1(tail, alphabet) if c in vocabulary]
        if tail in vocabulary and head not in vocabulary and len(head) <= MAX_PART:
            options += [(c + tail, min(vocabulary[c], vocabulary[tail]))
                        for c in edits1(head, alphabet) if c in vocabulary]
    return options


def correct_word(word: str, vocabulary: Mapping[str, int], hits: int = 0) -> str | None:
    """The most common spelling one edit from ``word`` that is at least ``RATIO`` times as common
    as what was typed, or None. A term one edit from the whole word is preferred; only when there
    is none, and the word is not a run of known terms, is it read in two parts. ``hits``: how many
    documents the search found, a floor for how common the typed word is."""
    word = normalize(word).lower()
    alphabet = _alphabet(word)
    if alphabet is None or not MIN_LENGTH <= len(word) <= MAX_LENGTH:
        return None
    floor = max(MIN_SUGGESTED, RATIO * max(vocabulary.get(word, 0), hits, 1))
    for reading in (_whole, _in_parts):
        if reading is _in_parts and _segments(word, vocabulary):
            break
        options = [(documents, c) for c, documents in reading(word, vocabulary, alphabet) if documents >= floor]
        if options:
            return max(options)[1]
    return None


def corrections(word: str, vocabulary: Mapping[str, int]) -> list[str]:
    """Spellings of ``word`` with one of its words (as the tokeniser splits it), or two together,
    one edit from a known term, best first: the fewest words (ศูนย์พัฒนาเด็กเลก -> …เด็กเล็ก before
    …เด็กเลย), then the term far more common than what was typed. Each known term has many
    neighbours (ขุด: ชุด, กุด …), so the caller checks which spelling the documents hold
    (ขุดลอกครอง -> ขุดลอกคลอง, not ชุดลอกครอง)."""
    from phalang.engines.thaitext.tokenize import tokenize

    word = normalize(word).lower()
    alphabet = _alphabet(word)
    if alphabet is None or not MIN_LENGTH <= len(word) <= MAX_RELAXED:
        return []
    tokens = tokenize(word)
    if "".join(tokens) != word:
        return []
    best: dict[str, tuple[int, float]] = {}
    for i in range(len(tokens)):
        for k in (1, 2):
            piece = "".join(tokens[i:i + k])
            if i + k > len(tokens) or len(piece) > MAX_RELAXED_PART:
                continue
            before, after = "".join(tokens[:i]), "".join(tokens[i + k:])
            typed = vocabulary.get(piece, 0)
            for c in edits1(piece, alphabet):
                documents = vocabulary.get(c, 0)
                if documents >= max(2 * typed, 1) and len(c) >= 2:
                    key = (len(tokens) - k + 1, -documents / max(typed, 1))
                    spelt = before + c + after
                    if spelt not in best or key < best[spelt]:
                        best[spelt] = key
    return sorted(best, key=lambda spelt: best[spelt])


def english_province(word: str, names: Mapping[str, str]) -> str | None:
    """The English province name ``word`` spells with a letter off ("Chiangmia" -> "chiang mai"),
    or without its space when ``names`` lacks the one-word spelling; ``names``: English names,
    lower case (the gazetteer's hold "chiangmai" too, which a search reads as เชียงใหม่)."""
    word = word.lower()
    if not word.isascii() or not word.isalpha() or len(word) < 5 or word in names:
        return None
    compact: dict[str, str] = {}
    for name in sorted(names, key=lambda n: " " not in n):  # "chiang mai" before its one-word "chiangmai"
        compact.setdefault(name.replace(" ", ""), name)
    if word in compact and compact[word] != word:
        return compact[word]
    close = difflib.get_close_matches(word, list(compact), n=1, cutoff=0.85)
    return compact[close[0]] if close and compact[close[0]] != word else None


def suggest(query: str, vocabulary: Mapping[str, int], hits: int = 0,
            english_names: Mapping[str, str] | None = None,
            finds: Callable[..., bool] | None = None) -> str | None:
    """The query with each word that a far more common spelling corrects replaced (``correct_word``,
    and English province names run together), or None when no word needed it.

    ``finds(text, written=...)``: whether a document holds every term of ``text`` (``written``
    False), or has it written as typed in its title (True). Given it, when the query found nothing
    (``hits`` 0), a word that finds nothing alone, even one made of known terms (ขุดลอกครอง: ขุด,
    ลอก, ครอง), is corrected to the first of its ``corrections`` that a title holds as written;
    at most ``MAX_CHECKS`` checks."""
    words = normalize(query).split()
    changed = False
    checks = MAX_CHECKS
    for i, word in enumerate(words[:MAX_WORDS]):
        fixed = correct_word(word, vocabulary, hits)
        if fixed is None and english_names:
            fixed = english_province(word, english_names)
        if fixed is None and finds is not None and hits == 0 and checks > 0:
            if len(words) > 1:
                checks -= 1
                if finds(word, written=False):
                    continue  # this word is found; another one is wrong
            for spelt in corrections(word, vocabulary):
                if checks <= 0:
                    break
                checks -= 1
                if finds(spelt, written=True):
                    fixed = spelt
                    break
        if fixed is not None:
            words[i] = fixed
            changed = True
    return " ".join(words) if changed else None
