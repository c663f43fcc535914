"""Thai word segmentation with a place-aware dictionary.

Thai is written without spaces between words. We use pythainlp's ``newmm`` (dictionary-based
maximal matching, pure Python, no model download) with its bundled word list plus every place
name in the gazetteer, so that "บางพลี" stays one word instead of "บาง|พลี". Callers can add
their own words (LINE keywords, agency names) with ``extra_words``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from phalang.engines.thaitext.gazetteer import load_gazetteer
from phalang.engines.thaitext.normalize import normalize

if TYPE_CHECKING:
    from pythainlp.util import Trie

# pythainlp is imported where text is first segmented, not at start-up (issue 19).

_PUNCTUATION_ONLY = re.compile(r"^[^\w\u0e00-\u0e7f]+$")


@lru_cache(maxsize=1)
def base_words() -> frozenset[str]:
    """pythainlp's bundled Thai word list plus all gazetteer place names (normalised)."""
    from pythainlp.corpus.common import thai_words

    return frozenset(thai_words()) | load_gazetteer().names


@lru_cache(maxsize=1)
def _base_trie() -> Trie:
    from pythainlp.util import dict_trie

    return dict_trie(base_words())


@lru_cache(maxsize=16)
def _trie_with(extra: frozenset[str]) -> Trie:
    from pythainlp.util import dict_trie

    return dict_trie(base_words() | extra)


def dictionary(extra_words: Iterable[str] = ()) -> tuple[frozenset[str], Trie]:
    """The word set and trie used by :func:`tokenize` (cached per distinct ``extra_words``)."""
    extra = frozenset(w for w in (normalize(x) for x in extra_words) if w)
    if not extra:
        return base_words(), _base_trie()
    return base_words() | extra, _trie_with(extra)


@lru_cache(maxsize=1024)
def _segment(text: str, extra: frozenset[str]) -> tuple[str, ...]:
    """The non-blank words of normalised ``text``. Remembered: indexing a budget line and placing
    it segment the same name (and a query is segmented for its terms and for its suggestions)."""
    from pythainlp.tokenize import word_tokenize

    _, trie = dictionary(extra)
    tokens = word_tokenize(text, custom_dict=trie, engine="newmm", keep_whitespace=False)
    return tuple(t.strip() for t in tokens if t.strip())


def tokenize(
    text: str, extra_words: Iterable[str] = (), *, keep_punctuation: bool = False
) -> list[str]:
    """Normalise ``text`` and split it into words; whitespace (and by default punctuation) is dropped."""
    extra = frozenset(w for w in (normalize(x) for x in extra_words) if w)
    words = list(_segment(normalize(text), extra))
    if keep_punctuation:
        return words
    return [w for w in words if not _PUNCTUATION_ONLY.match(w)]
