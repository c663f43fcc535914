"""Search terms for a database-agnostic full-text index.

Thai has no spaces between words, so neither SQLite FTS nor PostgreSQL's ``to_tsvector`` can
split it. Instead the application stores the terms we compute here (one row per term, or the
space-padded string from :func:`index_document` searched with ``LIKE '% term %'``) and a
document matches a query when it holds *every* query term.

* Index terms are the document's words **plus the dictionary words inside each compound word**,
  so "บางพลีใหญ่" is indexed as บางพลีใหญ่, บางพลี, ใหญ่, บาง, พลี and the query "บางพลี" finds it.
* Query terms are the query's words only (minus a few function words), so the query stays
  as specific as the user wrote it: "อาคารเรียน" needs the word อาคารเรียน (or a compound
  containing it), not อาคาร and เรียน scattered through the text.
* Common abbreviations are expanded on both sides (ต. → ตำบล, คสล. → คอนกรีตเสริมเหล็ก, กทม. →
  กรุงเทพมหานคร), so either spelling finds the other.

docs/engines/thaitext.md discusses the trade-offs against character n-grams.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from phalang.engines.thaitext.normalize import normalize
from phalang.engines.thaitext.tokenize import base_words, dictionary, tokenize

if TYPE_CHECKING:
    from pythainlp.util import Trie

_NOT_AFTER = r"(?<![\u0e01-\u0e4e.])"
# Single-letter abbreviations must not be the start of a longer dotted one (จ.ส.ต. is a police rank).
_NOT_DOTTED_RUN = r"(?![\u0e01-\u0e2e]\.)"

# (pattern, expansion); longer abbreviations first so รพ.สต. wins over รพ.
_ABBREVIATIONS: list[tuple[str, str]] = [
    (r"รพ\.\s?สต\.?", "โรงพยาบาลส่งเสริมสุขภาพตำบล"),
    (r"อบต\.?", "องค์การบริหารส่วนตำบล"),
    (r"อบจ\.?", "องค์การบริหารส่วนจังหวัด"),
    (r"ทต\.", "เทศบาลตำบล"),
    (r"ทม\.", "เทศบาลเมือง"),
    (r"ทน\.", "เทศบาลนคร"),
    (r"กทม\.?", "กรุงเทพมหานคร"),
    (r"คสล\.?", "คอนกรีตเสริมเหล็ก"),
    (r"ร\.ร\.|รร\.", "โรงเรียน"),
    (r"ร\.พ\.|รพ\.", "โรงพยาบาล"),
    (r"สนง\.", "สำนักงาน"),
    (r"ต\." + _NOT_DOTTED_RUN, "ตำบล"),
    (r"อ\." + _NOT_DOTTED_RUN, "อำเภอ"),
    (r"จ\." + _NOT_DOTTED_RUN, "จังหวัด"),
]
_ABBREVIATION_RE = re.compile(
    "|".join(f"{_NOT_AFTER}(?P<a{i}>{pattern})" for i, (pattern, _) in enumerate(_ABBREVIATIONS))
)

# The abbreviations above that may be written without a dot; every other one has a dot.
_UNDOTTED = ("อบต", "อบจ", "กทม", "คสล")

# Words too common to narrow a search; dropped from queries (unless nothing else is left).
QUERY_STOPWORDS = frozenset(
    "ที่ และ ของ ใน การ ความ ให้ กับ แห่ง ได้ เป็น จาก โดย หรือ ซึ่ง มี ไป มา ว่า นี้ นั้น แล้ว "
    "จะ ก็ เพื่อ ไม่ ยัง อยู่ ด้วย the of and in a an to for".split()
)

# Compounds longer than this are not decomposed (cost grows with length; real words are short).
_MAX_COMPOUND_CHARS = 40


def expand_abbreviations(text: str) -> str:
    """Spell out common Thai abbreviations (on normalised text), each followed by a space."""

    def spell_out(match: re.Match[str]) -> str:
        index = int(next(k for k, v in match.groupdict().items() if v is not None)[1:])
        return f" {_ABBREVIATIONS[index][1]} "

    if "." not in text and not any(bare in text for bare in _UNDOTTED):
        return text  # the common case, ten times cheaper than the search below
    return _ABBREVIATION_RE.sub(spell_out, text)


def compound_parts(word: str, words: frozenset[str], trie: Trie) -> list[str]:
    """The words of the shortest split of ``word`` into two or more dictionary words.

    "บางพลีใหญ่" -> ["บางพลี", "ใหญ่"]; "คอนกรีตเสริมเหล็ก" -> ["คอนกรีต", "เสริม", "เหล็ก"]. Only
    the fewest-words split is used (all of them on a tie): longer splits are mostly accidents
    of spelling (คอ|นก|รีต...) that would let "นก" (bird) find concrete roads. Words with no
    complete split (names, typos) give no parts.
    """
    n = len(word)
    if n > _MAX_COMPOUND_CHARS or n < 3:
        return []
    edges = [
        (i, i + len(prefix))
        for i in range(n)
        for prefix in trie.prefixes(word, i)
        if (i, i + len(prefix)) != (0, n)
    ]
    unreachable = n + 1
    # Fewest words from the start to each position, and from each position to the end.
    from_start = [unreachable] * (n + 1)
    from_start[0] = 0
    for i, j in sorted(edges):
        from_start[j] = min(from_start[j], from_start[i] + 1)
    to_end = [unreachable] * (n + 1)
    to_end[n] = 0
    for i, j in sorted(edges, reverse=True):
        to_end[i] = min(to_end[i], to_end[j] + 1)
    best = from_start[n]
    if best >= unreachable:
        return []
    parts = {
        word[i:j] for i, j in edges if from_start[i] + 1 + to_end[j] == best and word[i:j] in words
    }
    return sorted(parts)


@lru_cache(maxsize=100_000)
def _base_compound_parts(word: str) -> tuple[str, ...]:
    """``compound_parts`` over the base dictionary, remembered: the same words recur on thousands
    of budget lines (ก่อสร้าง, ถนน, คอนกรีตเสริมเหล็ก), and splitting one was a quarter of indexing."""
    words, trie = dictionary()
    return tuple(compound_parts(word, words, trie))


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


_LATIN_MARKS = re.compile("[\u0300-\u036f]")  # combining accents of Latin script; Thai marks are elsewhere


def fold_accents(text: str) -> str:
    """Latin letters without their accents ("bogotá" -> "bogota"); Thai text is left as it is."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", _LATIN_MARKS.sub("", unicodedata.normalize("NFD", text)))


@lru_cache(maxsize=1)
def _english_places() -> tuple[re.Pattern[str], dict[str, str]]:
    """English province names (folded, lower case) -> the Thai official name, and a pattern that
    finds them as whole words, longest first ("nakhon si thammarat" before "nakhon")."""
    from phalang.engines.thaitext.gazetteer import load_gazetteer

    names = {fold_accents(alias): thai for alias, thai in load_gazetteer().province_aliases.items()
             if alias.isascii() and len(alias) > 2}
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])"), names


@lru_cache(maxsize=1)
def _thai_aliases() -> dict[str, str]:
    """Everyday Thai names of provinces (โคราช, กรุงเทพ) -> the official name."""
    from phalang.engines.thaitext.gazetteer import load_gazetteer

    return {alias: thai for alias, thai in load_gazetteer().province_aliases.items()
            if not alias.isascii() and alias != thai}


_LATIN_LETTER = re.compile("[a-z]")


def english_places(text: str) -> list[tuple[int, int, str]]:
    """(start, end, Thai name) of each English province name in normalised, folded ``text``."""
    if not _LATIN_LETTER.search(text):
        return []  # most Thai text: one quick scan instead of the long pattern at every position
    pattern, names = _english_places()
    return [(m.start(), m.end(), names[m.group()]) for m in pattern.finditer(text)]


def search_tokens(text: str, extra_words: Iterable[str] = ()) -> list[str]:
    """Normalised words with abbreviations spelled out: the common first step of index and query.

    Never a word with a space in it: the word list holds some ("ศิลป์ พีระศรี", "ไปๆ มาๆ"), and a
    term must be one token to every index (FTS5 would read it as a phrase, which its compact
    index refuses; PostgreSQL's term array splits the document at spaces).
    """
    text = fold_accents(expand_abbreviations(normalize(text)))
    return [part for word in tokenize(text, extra_words) for part in word.split()]


def index_terms(text: str, extra_words: Iterable[str] = ()) -> list[str]:
    """Terms to store for a document: its words and the parts of its compound words, deduplicated."""
    words, trie = dictionary(extra_words)
    base = words is base_words()
    terms: list[str] = []
    for token in search_tokens(text, extra_words):
        terms.append(token)
        terms.extend(_base_compound_parts(token) if base else compound_parts(token, words, trie))
    # An English province name is indexed under its Thai name too, so either language finds it.
    terms.extend(thai for _start, _end, thai in english_places(fold_accents(normalize(text))))
    # So is an everyday Thai name (โคราช: นครราชสีมา), which a query turns into the official one.
    aliases = _thai_aliases()
    terms.extend(aliases[t] for t in terms if t in aliases)
    return _unique(terms)


def _thai_place_names(query: str) -> str:
    """The normalised, folded query with each English province name (Chiang Mai, Chiangmai, Korat)
    and each everyday Thai one written as a word (โคราช) replaced by the official Thai name."""
    folded = fold_accents(normalize(query))
    for start, end, thai in reversed(english_places(folded)):
        folded = f"{folded[:start]} {thai} {folded[end:]}"
    aliases = _thai_aliases()
    return " ".join(aliases.get(word, word) for word in folded.split())


def query_words(query: str) -> list[str]:
    """The query's words as written (split at white space; English province names in Thai),
    minus function words, each compact (``_compact``): what relevance looks for as a whole in a
    title ("ถนนคอนกรีต หนองใหญ่" -> ถนนคอนกรีต, หนองใหญ่), where ``query_terms`` are its parts."""
    words = _unique(_compact(w) for w in _thai_place_names(query).split())
    content = [w for w in words if w and w not in QUERY_STOPWORDS]
    return content or [w for w in words if w]


def query_terms(query: str, extra_words: Iterable[str] = ()) -> list[str]:
    """Terms a document must all contain to match ``query``. An English province name in the
    query stands for the Thai one ("Chiang Mai" finds เชียงใหม่)."""
    tokens = _unique(search_tokens(_thai_place_names(query), extra_words))
    content = [t for t in tokens if t not in QUERY_STOPWORDS]
    return content or tokens


def index_document(text: str, extra_words: Iterable[str] = ()) -> str:
    """Index terms as one space-padded string, for ``LIKE '% term %'`` on any database."""
    return " " + " ".join(index_terms(text, extra_words)) + " "


def _compact(text: str) -> str:
    """Normalised text with abbreviations spelled out, accents folded and no white space: Thai
    writes the same words with or without spaces between them ("ซ่อมแซม ถนน", "ซ่อมแซมถนน")."""
    return "".join(fold_accents(expand_abbreviations(normalize(text))).split())


class TitleMatch:
    """How well a result's title (or name) answers a query, for relevance ranking: calling it
    with a title gives (1 when the title holds the query as typed, a phrase match, else 0; the
    share of the query's words, ``query_words``, that the title holds each as written, in one
    piece; the share of the query's terms that the title itself holds, not just the text around
    it: agency, plan, description). So for "ถนนคอนกรีต หนองใหญ่" a concrete road
    (ก่อสร้างถนนคอนกรีต…) comes before an asphalt one (ถนนแอสฟัลท์ติกคอนกรีต), which holds ถนน and
    คอนกรีต apart.

    Comparisons are on compact text (``_compact``), so spacing and abbreviations do not matter.
    The title is first read as it is (lower case, no spaces), which settles most titles; only
    when that misses is it normalised with abbreviations spelled out (about 0.5 ms a title).
    """

    FULL = (1, 1.0, 1.0)
    NONE = (0, 0.0, 0.0)

    def __init__(self, query: str, terms: Iterable[str], words: Iterable[str] | None = None) -> None:
        self.phrase = _compact(query)
        self.terms = [t for t in terms if t]
        self.words = [w for w in (query_words(query) if words is None else words) if w]

    def _score(self, compact_title: str) -> tuple[int, float, float]:
        words = sum(1 for w in self.words if w in compact_title) / len(self.words) if self.words else 0.0
        share = sum(1 for t in self.terms if t in compact_title) / len(self.terms) if self.terms else 0.0
        return int(bool(self.phrase) and self.phrase in compact_title), words, share

    def __call__(self, title: str) -> tuple[int, float, float]:
        quick = self._score("".join(title.lower().split()))
        if quick == self.FULL or not title:
            return quick
        return max(quick, self._score(_compact(title)))

    def _head_and_whole(self, text: str) -> tuple[tuple[int, float, float], tuple[int, float, float]]:
        """Scores of ``text``'s subject and of the whole of it (text with its spaces)."""
        whole = self._score("".join(text.split()))
        if whole == self.NONE:
            return whole, whole
        end = subject_end(text)
        return (whole if end is None else self._score("".join(text[:end].split()))), whole

    def with_subject(self, title: str) -> tuple[int, float, float, int, float, float]:
        """The same on the title's subject (``subject``), then on the whole title: a match in
        what the project is (a market built) ranks before one in where it is (a cabinet for the
        office in ตำบลตลาด). As above, the title is normalised only when read as it is it misses."""
        head, whole = self._head_and_whole(title.lower())
        if whole == self.FULL or not title:
            return (*head, *whole)
        slow_head, slow_whole = self._head_and_whole(fold_accents(expand_abbreviations(normalize(title))))
        return (*max(head, slow_head), *max(whole, slow_whole))


# Where a Thai project name stops saying what is done and starts saying where: budget and
# procurement names put the work first ("ก่อสร้างตลาดสด") and the place after it ("หมู่ที่ 1 ตำบลตลาด
# อำเภอ…", "บริเวณตลาดเทศบาล…", a village "บ้านท้องฝาย", a road "สายบ้านม่อน - บ้านหัวฝาย", "รหัสทางหลวง
# ท้องถิ่น …"). Not markers: bare หมู่ (ประปาหมู่บ้าน), เขต (ขยายเขตประปา), บ้าน in หมู่บ้าน, ชาวบ้าน or
# บ้านพัก (an official residence is a thing built), สาย alone (สายไฟฟ้า).
_PLACE_MARKER = re.compile(
    r"(?=[ตอจมหแบเสรท])(?:"  # every marker's first letter: positions without one are skipped at once
    + _NOT_AFTER + r"(?:[ตอจ]\." + _NOT_DOTTED_RUN + r"|ม\.\s?[0-9๐-๙])"
    r"|หมู่ที่|หมู่\s?[0-9๐-๙]|ตำบล|แขวง|อำเภอ|จังหวัด|บริเวณ|เทศบาล|องค์การบริหารส่วน|อบต\.|ทต\."
    r"|(?<!หมู่)(?<!ชาว)บ้าน(?!พัก)|รหัสทางหลวง|สาย(?:ทาง)?\s?(?:บ้าน|แยก|วัด|ถนน)|สาย[^\s\-–]+\s?[-–]"
    r"|(?<=\s)สาย(?!ไฟ|พาน|สัญญาณ))")


def subject_end(title: str) -> int | None:
    """Where the first place marker of a project's name starts (None: it has none)."""
    found = _PLACE_MARKER.search(title, 1)
    return found.start() if found else None


def subject(title: str) -> str:
    """The part of a project's name before its first place marker: what is built or bought, not
    where ("ก่อสร้างตลาดสด บริเวณ หมู่ที่ 1" -> "ก่อสร้างตลาดสด "; "ตู้เหล็ก ตำบลตลาด" -> "ตู้เหล็ก ")."""
    return title[:subject_end(title)]


def title_match(query: str, terms: Iterable[str], title: str) -> tuple[int, float, float]:
    """``TitleMatch(query, terms)(title)``, for one title."""
    return TitleMatch(query, terms)(title)


def matches(query: str, text: str) -> bool:
    """True when ``text`` holds every query term (the rule the database query implements)."""
    wanted = query_terms(query)
    return bool(wanted) and set(wanted) <= set(index_terms(text))


# A silent letter (with its vowel) under the thanthakhat (รัมย์, จันทร์), which people leave out.
_SILENT = re.compile("[\u0e01-\u0e2e][\u0e34\u0e38]?\u0e4c")
_TONES = re.compile("[\u0e48-\u0e4b]")


def sound_key(word: str) -> str:
    """``word`` as it sounds, roughly: silent letters and tone marks left out, sara am as -ัม
    ("บุรีรัมย์" and "บุรีรำ" both give บุรีรัม)."""
    return _TONES.sub("", _SILENT.sub("", normalize(word))).replace("\u0e33", "\u0e31\u0e21")


def did_you_mean(query: str, names: Iterable[str], cutoff: float = 0.85) -> str | None:
    """The query with each misspelt word replaced by the closest of ``names`` (place names, say),
    or None when no word needed it. "อาคารเรียน เชียงใหมม" -> "อาคารเรียน เชียงใหม่".

    Words are compared whole: first as they sound (``sound_key``: บุรีรำ is บุรีรัมย์), then by
    difflib's ratio (about one wrong, missing or extra letter in a 7–10 letter name at 0.85; a
    Thai vowel or tone mark counts as a letter); short words (under 4 letters) are left alone."""
    import difflib

    vocabulary = sorted({normalize(n) for n in names if n})
    known = set(vocabulary)
    by_sound: dict[str, str] = {}
    for name in vocabulary:
        by_sound.setdefault(sound_key(name), name)
    words = normalize(query).split()
    changed = False
    for i, word in enumerate(words):
        if len(word) < 4 or word in known:
            continue
        close = [by_sound[sound_key(word)]] if sound_key(word) in by_sound else []
        close = close or difflib.get_close_matches(word, vocabulary, n=1, cutoff=cutoff)
        if close:
            words[i] = close[0]
            changed = True
    return " ".join(words) if changed else None
