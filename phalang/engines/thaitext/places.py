"""Finding places in Thai project names and addresses, and resolving them in the gazetteer.

Budget project names and report addresses name places after a marker word:
"ต.บางพลีใหญ่ อ.บางพลี จ.สมุทรปราการ", "ตำบลริมกกอำเภอเมืองเชียงรายจังหวัดเชียงราย",
"อบต.หนองบัว". The name that follows is often glued to the next word, so we take the longest
gazetteer name that starts there, and fall back to the run of Thai letters up to the next
marker or descriptive word ("ตามแบบ", "กว้าง", "ความยาว") when the name is not in the gazetteer.
Abbreviated markers (ต. อ. จ.) and ambiguous words (แขวง, เขต) count only when the name is in the
gazetteer, because the same letters abbreviate other things (อ. = อาจารย์, ต.ค. = October).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, NamedTuple

from phalang.engines.thaitext.gazetteer import BANGKOK, Gazetteer, Subdistrict, load_gazetteer
from phalang.engines.thaitext.normalize import normalize

if TYPE_CHECKING:
    from pythainlp.util import Trie

PlaceKind = Literal["subdistrict", "district", "province", "local_body"]

MUEANG = "เมือง"  # "อำเภอเมือง X" is the capital district of province X, "เมืองX" in the gazetteer


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """One place named in a text.

    ``name`` is the name as written (normalised); ``gazetteer_name`` is the official name when it
    is known (e.g. "เมืองอุดรธานี" for "อำเภอเมือง ... จังหวัดอุดรธานี"). ``start``/``end`` span the
    marker and the name in the original text. ``body_type`` is set for local bodies
    ("องค์การบริหารส่วนตำบล", "เทศบาลตำบล", "เทศบาลเมือง", "เทศบาลนคร", "องค์การบริหารส่วนจังหวัด").
    """

    kind: PlaceKind
    name: str
    start: int
    end: int
    marker: str
    gazetteer_name: str | None = None
    body_type: str | None = None


class ResolvedPlace(NamedTuple):
    """A gazetteer place; the levels the text did not determine are None."""

    province: str
    district: str | None
    subdistrict: str | None


@dataclass(frozen=True, slots=True)
class _Marker:
    kind: PlaceKind
    body_type: str | None
    # Strict markers count only when the following name is in the gazetteer.
    strict: bool


_SAO = "องค์การบริหารส่วนตำบล"
_PAO = "องค์การบริหารส่วนจังหวัด"
_MARKERS: dict[str, _Marker] = {
    "องค์การบริหารส่วนตำบล": _Marker("local_body", _SAO, strict=False),
    "องค์การบริหารส่วนจังหวัด": _Marker("local_body", _PAO, strict=False),
    "อบต.": _Marker("local_body", _SAO, strict=False),
    "อบต": _Marker("local_body", _SAO, strict=True),
    "อบจ.": _Marker("local_body", _PAO, strict=False),
    "อบจ": _Marker("local_body", _PAO, strict=True),
    "เทศบาลตำบล": _Marker("local_body", "เทศบาลตำบล", strict=False),
    "ทต.": _Marker("local_body", "เทศบาลตำบล", strict=True),
    "เทศบาลเมือง": _Marker("local_body", "เทศบาลเมือง", strict=False),
    "ทม.": _Marker("local_body", "เทศบาลเมือง", strict=True),
    "เทศบาลนคร": _Marker("local_body", "เทศบาลนคร", strict=False),
    "ทน.": _Marker("local_body", "เทศบาลนคร", strict=True),
    "ตำบล": _Marker("subdistrict", None, strict=False),
    "ต.": _Marker("subdistrict", None, strict=True),
    "แขวง": _Marker("subdistrict", None, strict=True),
    "กิ่งอำเภอ": _Marker("district", None, strict=False),
    "อำเภอ": _Marker("district", None, strict=False),
    "อ.": _Marker("district", None, strict=True),
    "เขต": _Marker("district", None, strict=True),
    "จังหวัด": _Marker("province", None, strict=False),
    "จ.": _Marker("province", None, strict=True),
}
# Abbreviations inside a dotted run ("พ.ต.อ.", "ต.ค.") are something else. They may follow a
# Thai letter ("อ.บ้านสร้างจ.ปราจีนบุรี"): being strict, they still need a gazetteer name.
_MARKER_RE = re.compile(
    "|".join(
        (f"(?<![.]){re.escape(m)}" if "." in m else re.escape(m))
        for m in sorted(_MARKERS, key=len, reverse=True)
    )
)
# Bangkok is a province with no "จังหวัด" before it.
_BARE_PROVINCE_RE = re.compile(r"กรุงเทพมหานคร|กรุงเทพฯ|(?<![\u0e01-\u0e4e])กทม\.?")

_THAI_RUN = re.compile("[\u0e01-\u0e2f\u0e30-\u0e4e]+")  # Thai letters and marks, no Thai digits
# Words that end a place name when no gazetteer name fits (descriptions that follow in budget text).
_NAME_ENDERS = (
    *sorted({m.rstrip(".") for m in _MARKERS if len(m.rstrip(".")) > 2}, key=len, reverse=True),
    "หมู่",
    "ตาม",
    "กว้าง",
    "ยาว",
    "ความ",
    "พื้นที่",
    "จำนวน",
    "บริเวณ",
    "ระยะ",
    "ขนาด",
    "สาย",
    "โรงเรียน",
    "สำนักงาน",
    "ที่",
    "และ",
)
# After a gazetteer name, these may follow directly (glued) without making the match doubtful.
_GLUE_OK = (*_NAME_ENDERS, "บ้าน", "ถนน", "ซอย", "ริม", "โดย", "ของ", "เพื่อ", "ใน")


@lru_cache(maxsize=1)
def _tries() -> dict[str, Trie]:
    from pythainlp.util import dict_trie

    g = load_gazetteer()
    return {
        "subdistrict": dict_trie(g.subdistricts),
        "district": dict_trie(g.districts | {MUEANG}),
        "province": dict_trie(
            g.provinces | {a for a in g.province_aliases if _THAI_RUN.fullmatch(a)}
        ),
        "any": dict_trie(g.names),
    }


def _levels_for(marker: _Marker) -> str:
    if marker.kind == "local_body":
        return "province" if marker.body_type == _PAO else "any"
    return marker.kind


def _cut_at_enders(run: str) -> str:
    cut = len(run)
    for word in _NAME_ENDERS:
        at = run.find(word, 1)
        if 0 < at < cut:
            cut = at
    return run[:cut]


def _known_name(run: str, level: str, followed_by_dot: bool) -> str | None:
    """Longest gazetteer name at the start of ``run`` whose remainder looks like a word boundary."""
    for candidate in sorted(_tries()[level].prefixes(run), key=len, reverse=True):
        rest = run[len(candidate) :]
        if not rest or rest.startswith(_GLUE_OK) or (followed_by_dot and len(rest) <= 3):
            return candidate
    return None


def _fuzzy_province(name: str, g: Gazetteer) -> str | None:
    if len(name) < 4:
        return None
    # 0.85 accepts one wrong or missing character in a typical 6–10 letter name ("ร้อยอ็ด").
    close = difflib.get_close_matches(name, sorted(g.provinces), n=1, cutoff=0.85)
    return close[0] if close else None


def extract_places(text: str) -> list[PlaceMention]:
    """Places named in ``text`` after ตำบล/อำเภอ/จังหวัด (and abbreviations) or a local-body name."""
    g = load_gazetteer()
    mentions: list[PlaceMention] = []
    for m in _MARKER_RE.finditer(text):
        if mentions and m.start() < mentions[-1].end:
            continue  # a marker word inside a name just read ("เขตบางเขต")
        marker = _MARKERS[m.group()]
        at = m.end()
        while at < len(text) and text[at] == " " and at - m.end() < 2:
            at += 1
        run_match = _THAI_RUN.match(text, at)
        if not run_match:
            continue
        run = normalize(run_match.group())
        followed_by_dot = run_match.end() < len(text) and text[run_match.end()] == "."
        level = _levels_for(marker)
        known = _known_name(run, level, followed_by_dot)
        name = known or _cut_at_enders(run)
        official: str | None = known
        if level == "province":
            official = g.canonical_province(name) or (None if known else _fuzzy_province(name, g))
        if name == MUEANG:
            official = None  # needs the province; filled in below
        if marker.strict and official is None and name != MUEANG:
            continue
        if len(name) < 2:
            continue
        end = (
            run_match.start() + len(name) if run_match.group().startswith(name) else run_match.end()
        )
        mentions.append(
            PlaceMention(marker.kind, name, m.start(), end, m.group(), official, marker.body_type)
        )
    covered = [(p.start, p.end) for p in mentions]
    for m in _BARE_PROVINCE_RE.finditer(text):
        if not any(s <= m.start() < e for s, e in covered):
            mentions.append(
                PlaceMention("province", normalize(m.group()), m.start(), m.end(), "", BANGKOK)
            )
    mentions.sort(key=lambda p: p.start)
    return _fill_mueang(mentions, g)


def _fill_mueang(mentions: list[PlaceMention], g: Gazetteer) -> list[PlaceMention]:
    provinces = [p.gazetteer_name for p in mentions if p.kind == "province" and p.gazetteer_name]
    if not provinces:
        return mentions
    filled = []
    for p in mentions:
        if p.kind == "district" and p.name == MUEANG and f"{MUEANG}{provinces[0]}" in g.districts:
            p = PlaceMention(
                p.kind, p.name, p.start, p.end, p.marker, f"{MUEANG}{provinces[0]}", p.body_type
            )
        filled.append(p)
    return filled


# Evidence weights: a province outranks anything below it (4 > 2 + 1 + hints), a district
# outranks a subdistrict, so a wrong lower level never overrides a right higher one.
_PROVINCE_WEIGHT, _DISTRICT_WEIGHT, _SUBDISTRICT_WEIGHT = 4.0, 2.0, 1.0
_HINT_WEIGHT = 0.5  # a local body is usually named after its subdistrict, not always
_LEVELS = ("province", "district", "subdistrict")


@dataclass(frozen=True, slots=True)
class _Clue:
    name: str
    levels: tuple[str, ...]  # which gazetteer levels the name may be
    weight_scale: float = 1.0
    # Whether a match pins the place down to that level (a municipality's name does not).
    is_evidence: bool = True


def _district_matches(name: str, row: Subdistrict) -> bool:
    return row.district == name or (name == MUEANG and row.district == MUEANG + row.province)


def _clues_from_mentions(mentions: Iterable[PlaceMention]) -> list[_Clue]:
    clues: list[_Clue] = []
    for p in mentions:
        name = p.gazetteer_name or p.name
        if p.kind == "local_body":
            if p.body_type == _PAO:
                clues.append(_Clue(name, ("province",)))
            elif p.body_type in {_SAO, "เทศบาลตำบล"}:
                clues.append(_Clue(name, ("subdistrict",), _HINT_WEIGHT))
            else:
                clues.append(
                    _Clue(name, ("district", "subdistrict"), _HINT_WEIGHT / 2, is_evidence=False)
                )
        else:
            clues.append(_Clue(name, (p.kind,)))
    return clues


# Villages, roads, temples and schools are often named after places elsewhere.
_NOT_PLACE_BEFORE = ("บ้าน", "หมู่บ้าน", "ถนน", "สาย", "ซอย", "วัด", "โรงเรียน")


_LATIN_LETTER = re.compile("[A-Za-z]")


@lru_cache(maxsize=1)
def _other_aliases() -> tuple[tuple[re.Pattern[str], str, bool], ...]:
    """Each province alias that is not a run of Thai letters (Chiang Mai, Korat) as a whole-word
    pattern, with its province and whether it holds a Latin letter: compiled once, not looked up
    per alias and line."""
    return tuple((re.compile(rf"\b{re.escape(alias)}\b"), province, bool(_LATIN_LETTER.search(alias)))
                 for alias, province in load_gazetteer().province_aliases.items() if not _THAI_RUN.fullmatch(alias))


def _clues_from_bare_names(text: str) -> list[_Clue]:
    """Gazetteer names written without markers ("บางพลี สมุทรปราการ"); each may be any level."""
    from pythainlp.corpus.common import thai_words

    from phalang.engines.thaitext.tokenize import tokenize

    g = load_gazetteer()
    clues = []
    norm = normalize(text)
    latin = bool(_LATIN_LETTER.search(norm))  # most Thai text has none: no Latin alias can match
    for pattern, province, needs_latin in _other_aliases():
        if (latin or not needs_latin) and pattern.search(norm):
            clues.append(_Clue(province, ("province",)))
    previous = ""
    for token in tokenize(text):
        after_non_place, previous = previous in _NOT_PLACE_BEFORE, token
        official = g.canonical_province(token)
        if official:
            clues.append(_Clue(official, ("province",)))
        elif after_non_place or token.startswith(_NOT_PLACE_BEFORE):
            continue  # "บ้านประชาสุขสันต์" is a village, "ถนนบางนา" a road, not the subdistrict
        elif len(token) >= 3 and token in g.names and token not in thai_words():
            # Names that are also ordinary words ("ใจดี", "ในเมือง") need a marker to count.
            clues.append(_Clue(token, ("district", "subdistrict")))
    return clues


def _row_score(row: Subdistrict, clues: Iterable[_Clue]) -> tuple[float, int]:
    """(weight of clues this row satisfies, deepest level they pin down: 0 none .. 3 subdistrict)."""
    score, depth = 0.0, 0
    for clue in clues:
        if "province" in clue.levels and row.province == clue.name:
            score += _PROVINCE_WEIGHT * clue.weight_scale
            depth = max(depth, 1 if clue.is_evidence else 0)
        elif "district" in clue.levels and _district_matches(clue.name, row):
            score += _DISTRICT_WEIGHT * clue.weight_scale
            depth = max(depth, 2 if clue.is_evidence else 0)
        elif "subdistrict" in clue.levels and row.subdistrict == clue.name:
            score += _SUBDISTRICT_WEIGHT * clue.weight_scale
            depth = max(depth, 3 if clue.is_evidence else 0)
    return score, depth


@lru_cache(maxsize=1)
def _rows_by_name() -> dict[str, tuple[Subdistrict, ...]]:
    """Each name at any level (and "เมือง") -> the rows it could refer to."""
    index: dict[str, list[Subdistrict]] = {}
    for row in load_gazetteer().rows:
        for name in {row.province, row.district, row.subdistrict}:
            index.setdefault(name, []).append(row)
        if row.district == MUEANG + row.province:
            index.setdefault(MUEANG, []).append(row)
    return {name: tuple(rows) for name, rows in index.items()}


def _candidate_rows(clues: Iterable[_Clue]) -> list[Subdistrict]:
    index = _rows_by_name()
    # Each row is one object wherever the index lists it: dedupe by identity, without hashing
    # (a frozen dataclass hashes all its fields on every call) hundreds of rows per line.
    return list({id(row): row for clue in clues for row in index.get(clue.name, ())}.values())


def resolve_place(text: str, within: Collection[str] = ()) -> ResolvedPlace | None:
    """The gazetteer place ``text`` names, as precisely as the text allows; None when unknown.

    ``within``: provinces the place is known to lie in (a budget line's own provinces). Unless
    the text names a province itself, only places there count, so a soi named after a
    subdistrict elsewhere ("ซอยสุขุมวิท 4 (นานาใต้)", Bangkok) is not placed in that province.

    Uses the marked mentions when there are any, else gazetteer names anywhere in the text.
    Levels are trusted top-down: a province written in the text is never overridden by a
    subdistrict name that would fit elsewhere. When several places fit equally well, only the
    levels they share are returned.
    """
    mentions = extract_places(text)
    clues = _clues_from_mentions(mentions) or _clues_from_bare_names(text)
    if not clues:
        return None
    names_province = any("province" in clue.levels and clue.is_evidence for clue in clues)
    allowed = frozenset(within) if not names_province else frozenset()
    return _best_place(tuple(clues), allowed)


@lru_cache(maxsize=50_000)
def _best_place(clues: tuple[_Clue, ...], allowed: frozenset[str]) -> ResolvedPlace | None:
    """The place the clues agree on, among the provinces ``allowed`` (any when empty). Remembered:
    budget lines repeat the same province, district and subdistrict thousands of times, and
    scoring every candidate row was a third of placing a line."""
    best_score, best = 0.0, []
    for row in _candidate_rows(clues):
        if allowed and row.province not in allowed:
            continue
        score, depth = _row_score(row, clues)
        if score > best_score:
            best_score, best = score, [(row, depth)]
        elif score == best_score and score > 0:
            best.append((row, depth))
    if not best:
        return None
    depth = min(d for _, d in best)
    agreed: list[str | None] = []
    # The province is kept whenever all best rows share it; lower levels need direct evidence.
    for needed_depth, level in zip((0, 2, 3), _LEVELS, strict=True):
        values = {getattr(row, level) for row, _ in best}
        agreed.append(values.pop() if len(values) == 1 and depth >= needed_depth else None)
        if agreed[-1] is None:
            break
    if not agreed or agreed[0] is None:
        return None
    agreed += [None] * (3 - len(agreed))
    return ResolvedPlace(agreed[0], agreed[1], agreed[2])
