"""SQLite: rebuild the full-text tables of migration 0002 with ``detail=full``.

FTS5's ``bm25()`` needs the term instances that ``detail=none`` does not keep: under it every
match scores 0, so nothing could be ranked by relevance (``search.py``). The tables, triggers
and tokenizer are otherwise those of 0002. PostgreSQL ranks with ``ts_rank`` over the same term
array and needs no change.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.db import migrations

_search_index = importlib.import_module("phalang.opendata.migrations.0002_search_index")


def _rebuild(detail: str) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "sqlite":
            return
        _search_index.drop(apps, schema_editor)
        _search_index.create(apps, schema_editor, detail=detail)
    return run


class Migration(migrations.Migration):
    dependencies = [("opendata", "0003_budget_disbursed_nationwide")]

    operations = [migrations.RunPython(_rebuild("full"), _rebuild("none"))]
