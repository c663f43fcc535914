"""How alike two short Thai texts are, for "this report may duplicate..." suggestions.

Each text becomes two bags of features: its words (after normalisation and abbreviation
expansion) and its character bigrams. Words carry meaning; bigrams survive the things words do
not: spelling slips, missing spaces, and a word segmented differently in another sentence.
The score is the mean of the two cosine similarities, so it lies in [0, 1].

:func:`similarity` compares one pair with raw counts. :func:`rank_similar` compares a text with
many candidates and weights features by inverse document frequency over those candidates, so
words every report shares ("ก่อสร้าง", "ถนน") count for less than the rare ones that identify a
case (a village, a contractor).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from phalang.engines.thaitext.normalize import normalize
from phalang.engines.thaitext.search import QUERY_STOPWORDS, search_tokens

K = TypeVar("K", bound=Hashable)

# Equal weight: neither view is clearly better on the report texts we have seen; adjust with a
# measurement, not a guess.
WORD_WEIGHT = 0.5


@dataclass(frozen=True, slots=True)
class Features:
    words: Counter[str]
    bigrams: Counter[str]


def features(text: str) -> Features:
    words = Counter(t for t in search_tokens(text) if t not in QUERY_STOPWORDS)
    bigrams: Counter[str] = Counter()
    for chunk in normalize(text).split(" "):
        bigrams.update(chunk[i : i + 2] for i in range(len(chunk) - 1))
    return Features(words, bigrams)


def _cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(weight * b.get(term, 0.0) for term, weight in a.items())
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return min(1.0, dot / norm) if norm else 0.0


def _blend(words: float, bigrams: float) -> float:
    return WORD_WEIGHT * words + (1 - WORD_WEIGHT) * bigrams


def similarity(a: str, b: str) -> float:
    """Similarity of two texts in [0, 1]; 1 for texts equal after normalisation."""
    fa, fb = features(a), features(b)
    return _blend(
        _cosine(
            {k: float(v) for k, v in fa.words.items()}, {k: float(v) for k, v in fb.words.items()}
        ),
        _cosine(
            {k: float(v) for k, v in fa.bigrams.items()},
            {k: float(v) for k, v in fb.bigrams.items()},
        ),
    )


def _idf(bags: list[Counter[str]]) -> dict[str, float]:
    # Smoothed idf, as in scikit-learn's TfidfVectorizer (smooth_idf=True).
    document_frequency: Counter[str] = Counter()
    for bag in bags:
        document_frequency.update(bag.keys())
    n = len(bags)
    return {t: math.log((1 + n) / (1 + df)) + 1 for t, df in document_frequency.items()}


def _weighted(bag: Counter[str], idf: Mapping[str, float]) -> dict[str, float]:
    return {t: count * idf[t] for t, count in bag.items()}


def rank_similar(
    text: str,
    candidates: Mapping[K, str] | Iterable[tuple[K, str]],
    *,
    limit: int = 10,
    min_score: float = 0.0,
) -> list[tuple[K, float]]:
    """Candidates most like ``text``, best first, as ``(key, score)`` with score in [0, 1].

    ``candidates`` maps a key (a report id) to its text. Ties keep the candidates' order.
    """
    items = list(candidates.items() if isinstance(candidates, Mapping) else candidates)
    if not items:
        return []
    query = features(text)
    docs = [features(t) for _, t in items]
    word_idf = _idf([query.words, *(d.words for d in docs)])
    gram_idf = _idf([query.bigrams, *(d.bigrams for d in docs)])
    qw, qg = _weighted(query.words, word_idf), _weighted(query.bigrams, gram_idf)
    scored = [
        (
            key,
            _blend(
                _cosine(qw, _weighted(d.words, word_idf)),
                _cosine(qg, _weighted(d.bigrams, gram_idf)),
            ),
        )
        for (key, _), d in zip(items, docs, strict=True)
    ]
    ranked = sorted((s for s in scored if s[1] >= min_score and s[1] > 0), key=lambda s: -s[1])
    return ranked[:limit]
