"""Thai text handling: normalisation, word segmentation, search terms, similarity and places.

Pure Python with no Django import; see docs/engines/thaitext.md.
"""

from phalang.engines.thaitext.gazetteer import Gazetteer, Subdistrict, load_gazetteer
from phalang.engines.thaitext.normalize import normalize
from phalang.engines.thaitext.places import (
    PlaceMention,
    ResolvedPlace,
    extract_places,
    resolve_place,
)
from phalang.engines.thaitext.search import (
    expand_abbreviations,
    index_document,
    index_terms,
    matches,
    query_terms,
)
from phalang.engines.thaitext.similarity import rank_similar, similarity
from phalang.engines.thaitext.tokenize import tokenize

__all__ = [
    "Gazetteer",
    "PlaceMention",
    "ResolvedPlace",
    "Subdistrict",
    "expand_abbreviations",
    "extract_places",
    "index_document",
    "index_terms",
    "load_gazetteer",
    "matches",
    "normalize",
    "query_terms",
    "rank_similar",
    "resolve_place",
    "similarity",
    "tokenize",
]
