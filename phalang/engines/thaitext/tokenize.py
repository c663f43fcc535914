"""Thai word segmentation with a place-aware dictionary.

Thai is written without spaces between words. We use pythainlp's ``newmm`` (dictionary-based
maximal matching, pure Python, no model download) with its bundled word list plus every place
name in the gazetteer, so that "บางพลี" stays one word instead of "บาง|พลี". Callers can add
their own words (LINE keywords, agency names) with ``extra_words``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
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


class _Layer:
    """Words and every proper prefix of them, as sets: built in C by set comprehensions, about
    three times faster than adding each word to pythainlp's Trie a character at a time."""

    __slots__ = ("prefixes", "words")

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(w.strip() for w in words)
        self.prefixes = frozenset(w[:i] for w in self.words for i in range(1, len(w)))


@lru_cache(maxsize=1)
def _word_trie() -> Callable[[tuple[_Layer, ...]], Trie]:
    from pythainlp.util import Trie

    class WordTrie(Trie):
        """pythainlp's Trie for the segmenter (which only asks ``prefixes``), over set layers:
        the base dictionary's layer is built once and shared by every dictionary with extra words,
        which adds only its own small layer. Read-only: the dictionaries are cached and shared."""

        def __init__(self, layers: tuple[_Layer, ...]) -> None:  # no super(): no nodes
            self._layers = layers
            self._word_count = len(frozenset().union(*(layer.words for layer in layers)))

        def prefixes(self, text: str, start: int = 0) -> list[str]:
            """The words of the dictionary that start at ``start`` in ``text``, shortest first."""
            found = []
            layers = self._layers
            for end in range(start + 1, len(text) + 1):
                piece = text[start:end]
                if any(piece in layer.words for layer in layers):
                    found.append(piece)
                if not any(piece in layer.prefixes for layer in layers):
                    break
            return found

        def __contains__(self, key: object) -> bool:
            return any(key in layer.words for layer in self._layers)

        def __iter__(self) -> Iterator[str]:
            return iter(sorted(frozenset().union(*(layer.words for layer in self._layers))))

        def add(self, word: str) -> None:
            raise TypeError("the tokenizer's dictionaries are shared: build another with extra_words")

        def remove(self, word: str) -> None:
            raise TypeError("the tokenizer's dictionaries are shared: build another with extra_words")

    return WordTrie


@lru_cache(maxsize=1)
def _base_layer() -> _Layer:
    return _Layer(base_words())


@lru_cache(maxsize=1)
def _base_trie() -> Trie:
    return _word_trie()((_base_layer(),))


@lru_cache(maxsize=16)
def _trie_with(extra: frozenset[str]) -> Trie:
    return _word_trie()((_base_layer(), _Layer(extra)))


def dictionary(extra_words: Iterable[str] = ()) -> tuple[frozenset[str], Trie]:
    """The word set and trie used by :func:`tokenize` (cached per distinct ``extra_words``)."""
    extra = frozenset(w for w in (normalize(x) for x in extra_words) if w)
    if not extra:
        return base_words(), _base_trie()
    return base_words() | extra, _trie_with(extra)


def tokenize(
    text: str, extra_words: Iterable[str] = (), *, keep_punctuation: bool = False
) -> list[str]:
    """Normalise ``text`` and split it into words; whitespace (and by default punctuation) is dropped."""
    _, trie = dictionary(extra_words)
    from pythainlp.tokenize import word_tokenize

    tokens = word_tokenize(normalize(text), custom_dict=trie, engine="newmm", keep_whitespace=False)
    words = [t.strip() for t in tokens if t.strip()]
    if keep_punctuation:
        return words
    return [w for w in words if not _PUNCTUATION_ONLY.match(w)]
