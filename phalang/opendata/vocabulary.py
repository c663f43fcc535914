"""The search vocabulary (each indexed term and how many documents hold it) and "did you mean".

``refresh`` counts the terms after each import (``actions``), straight from the full-text
indexes: SQLite's FTS5 tables through ``fts5vocab`` (a read of the index's term list, not of the
documents), PostgreSQL's stored term arrays (``search_terms``, migration 0005) with one
``unnest … GROUP BY`` per table; any other database from the documents. The counts of the three
tables (processes, budget lines, organisations) are added up. Filter tokens (``§…``) and terms with
a digit are left out, and so are terms in fewer than ``MIN_DOCUMENTS`` documents: a suggestion
points to a common word, and a term missing from the table is known to be rare.

A search reads the table once per process and import (``terms``), then suggests with dictionary
look-ups only (``engines.thaitext.spelling``): nothing is scanned per query.
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from django.db import connection, transaction

from phalang.engines.thaitext import spelling
from phalang.opendata.models import BudgetProject, ContractingProcess, Entity, SearchTerm

MIN_DOCUMENTS = 3
# Below this many matches in all (a few, not a page), the page looks for a better spelling.
SUGGEST_BELOW = 25
_TABLES = (ContractingProcess._meta.db_table, BudgetProject._meta.db_table, Entity._meta.db_table)


def _keep(term: str) -> bool:
    return len(term) >= 2 and not term.startswith("§") and not any(c.isdigit() for c in term)


def _count_sqlite(table: str, counts: Counter[str]) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [f"{table}_fts"])
        if cursor.fetchone() is None:
            return False
        # The table names are the models' own, never the user's.
        cursor.execute(f"CREATE VIRTUAL TABLE temp.{table}_vocab USING fts5vocab(main, {table}_fts, row)")
        try:
            cursor.execute(f"SELECT term, doc FROM temp.{table}_vocab WHERE doc >= %s", [MIN_DOCUMENTS])
            for term, documents in cursor.fetchall():
                counts[term] += documents
        finally:
            cursor.execute(f"DROP TABLE temp.{table}_vocab")
    return True


def _count_postgresql(table: str, counts: Counter[str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT term, count(*) FROM {table}, unnest(search_terms) AS term "
                       f"GROUP BY term HAVING count(*) >= %s", [MIN_DOCUMENTS])
        for term, documents in cursor.fetchall():
            counts[term] += documents


def _count_documents(model: Any, counts: Counter[str]) -> None:
    for doc in model._default_manager.values_list("search_doc", flat=True).iterator(chunk_size=2000):
        counts.update(set((doc or "").split()))


def count_terms() -> Counter[str]:
    """Each term of the three search indexes -> the documents holding it (at least MIN_DOCUMENTS)."""
    counts: Counter[str] = Counter()
    for model, table in zip((ContractingProcess, BudgetProject, Entity), _TABLES, strict=True):
        if connection.vendor == "postgresql":
            _count_postgresql(table, counts)
        elif not (connection.vendor == "sqlite" and _count_sqlite(table, counts)):
            _count_documents(model, counts)
    return Counter({t: n for t, n in counts.items() if n >= MIN_DOCUMENTS and _keep(t) and len(t) <= 200})


def refresh() -> int:
    """Count the vocabulary again (after an import); the number of terms kept."""
    counts = count_terms()
    with transaction.atomic():
        SearchTerm.objects.all().delete()
        SearchTerm.objects.bulk_create((SearchTerm(term=t, documents=n) for t, n in counts.items()),
                                       batch_size=2000)
    _loaded.clear()  # ids rolled back (a test's transaction) may come again with other terms
    return len(counts)


_loaded: dict[str, tuple[tuple[Any, ...], dict[str, int]]] = {}
_lock = threading.Lock()


def terms() -> dict[str, int]:
    """The vocabulary, read once per process and refresh: a refresh writes new rows, so their first
    and last ids (two index look-ups) tell it from the table read before."""
    ids = SearchTerm.objects.values_list("id", flat=True)
    stamp = (ids.order_by("id").first(), ids.order_by("-id").first())
    name = str(connection.settings_dict["NAME"])
    held = _loaded.get(name)
    if held is None or held[0] != stamp:
        with _lock:
            _loaded[name] = (stamp, dict(SearchTerm.objects.values_list("term", "documents").iterator(chunk_size=5000)))
        held = _loaded[name]
    return held[1]


def _english_names() -> dict[str, str]:
    from phalang.engines.thaitext import load_gazetteer
    from phalang.engines.thaitext.search import fold_accents

    return {fold_accents(alias): alias for alias in load_gazetteer().province_aliases
            if alias.isascii() and len(alias) > 2}


# How many matching rows a check reads for the corrected words written together in a title.
CHECK_ROWS = 50


def _holds(text: str) -> bool:
    """Whether any process, budget line or organisation holds every term of ``text`` (index look-ups,
    stopping at the first)."""
    from phalang.engines.thaitext import query_terms
    from phalang.opendata import search

    terms = query_terms(text)
    return bool(terms) and any(search._terms(model._default_manager.all(), terms).exists()
                               for model in (BudgetProject, ContractingProcess, Entity))


def _written(text: str) -> bool:
    """Whether a process, budget line or organisation has ``text`` written in its title or name as
    typed (spaces and abbreviations aside), among the first ``CHECK_ROWS`` holding its terms: a
    spelling's terms may meet in a document by chance (หอกระจาย … ขาว), its words rarely."""
    from phalang.engines.thaitext import query_terms
    from phalang.engines.thaitext.search import TitleMatch
    from phalang.opendata import search

    terms = query_terms(text)
    if not terms:
        return False
    phrase = TitleMatch(text, terms)
    for model, field in ((BudgetProject, "name"), (ContractingProcess, "title"), (Entity, "name")):
        titles = search._terms(model._default_manager.all(), terms).order_by().values_list(field, flat=True)
        if any(phrase(title or "")[0] for title in titles[:CHECK_ROWS]):
            return True
    return False


def _finds(text: str, *, written: bool) -> bool:
    return _written(text) if written else _holds(text)


def suggest(text: str, hits: int) -> str | None:
    """"Did you mean" for a query that found ``hits`` matches in all: its words corrected towards
    far more common indexed terms, or English province names run together ("Chiangmai"). When
    nothing matched at all: misspelt province and district names (the gazetteer's, also as they
    sound: บุรีรำ -> บุรีรัมย์), then a word corrected anywhere in it to a spelling the index holds
    (ขุดลอกครอง -> ขุดลอกคลอง; ``spelling.suggest``, a few index look-ups)."""
    if hits >= SUGGEST_BELOW:
        return None
    fixed = spelling.suggest(text, terms(), hits, _english_names())
    if fixed is None and hits == 0:
        from phalang.engines.thaitext import load_gazetteer
        from phalang.engines.thaitext.search import did_you_mean

        g = load_gazetteer()
        fixed = did_you_mean(text, g.provinces | g.districts)
        if fixed is None:
            fixed = spelling.suggest(text, terms(), hits, None, _finds)
    return fixed
