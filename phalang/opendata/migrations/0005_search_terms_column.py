"""PostgreSQL: the search terms as a stored, indexed column instead of an expression index.

Migration 0002 indexed ``string_to_array(btrim(search_doc), ' ')`` with GIN. That index answers
``@>`` when the matches are few, but whenever the planner reads rows instead (a common term: a
sequential scan, or an order index it walks until the page is full; a filter the index does not
hold) PostgreSQL rebuilt the array for every row it read, about 2 µs a row: most of the time of
a capped count or a relevance window at a million processes (docs/benchmarks.md, "Open-data
search page").

``search_terms`` (``text[]``, GENERATED … STORED) is computed once when a row is written, and the
GIN index moves onto it. For processes it also holds the filter tokens SQLite's FTS5 table holds
(0002): ``§p<province id>``, ``§y<year>``, ``§m<method>``, so a query with terms and those filters
is one GIN intersection (``@> ARRAY[terms…, '§y2018', '§mdirect']``) rather than a term bitmap of
a hundred thousand rows ANDed with a year bitmap of as many. Django does not know the column:
inserts and updates name the model's columns and PostgreSQL fills this one. ANALYZE gives the
planner its element frequencies. SQLite is not touched.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

TERMS = "string_to_array(btrim(search_doc), ' ')"
PROCESS_TOKENS = (
    f"{TERMS}"
    " || CASE WHEN province_id IS NULL THEN '{}'::text[] ELSE ARRAY['§p' || province_id::text] END"
    " || CASE WHEN year IS NULL THEN '{}'::text[] ELSE ARRAY['§y' || year::text] END"
    " || CASE WHEN method = '' THEN '{}'::text[] ELSE ARRAY['§m' || method::text] END")
COLUMNS = {"opendata_contractingprocess": PROCESS_TOKENS, "opendata_budgetproject": TERMS, "opendata_entity": TERMS}


def forward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table, expression in COLUMNS.items():
            cursor.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_terms text[] "
                           f"GENERATED ALWAYS AS ({expression}) STORED")
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {table}_search_terms_gin ON {table} USING gin (search_terms)")
            cursor.execute(f"DROP INDEX IF EXISTS {table}_terms_gin")
            cursor.execute(f"ANALYZE {table}")


def backward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in COLUMNS:
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {table}_terms_gin ON {table} USING gin ({TERMS})")
            cursor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_terms")


class Migration(migrations.Migration):
    dependencies = [("opendata", "0004_search_rank")]

    operations = [migrations.RunPython(forward, backward)]
