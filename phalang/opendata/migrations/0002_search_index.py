"""Full-text indexes over the search documents (space-separated Thai text engine terms).

SQLite: an FTS5 table per searchable table, with external content (no second copy of the text)
and a tokenizer that splits on white space only, so each engine term is one token; triggers keep
it in step with every insert, update and delete, whoever writes. PostgreSQL: a GIN index on the
array of terms (``string_to_array``), which ``@>`` uses; no text-search parser or locale involved.
If this SQLite build lacks FTS5, nothing is created and search falls back to ``LIKE``.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models

TABLES = ("opendata_contractingprocess", "opendata_budgetproject", "opendata_entity")
TOKENIZER = "unicode61 remove_diacritics 0 categories 'L* N* Co M* P* S*'"


def _sqlite_has_fts5(cursor: Any) -> bool:
    try:
        cursor.execute("CREATE VIRTUAL TABLE temp.phalang_fts5_probe USING fts5(x)")
        cursor.execute("DROP TABLE temp.phalang_fts5_probe")
    except Exception:
        return False
    return True


def create(apps: Any, schema_editor: Any) -> None:
    conn = schema_editor.connection
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            for table in TABLES:
                cursor.execute(f"CREATE INDEX IF NOT EXISTS {table}_terms_gin ON {table} "
                               f"USING gin (string_to_array(btrim(search_doc), ' '))")
            return
        if conn.vendor != "sqlite" or not _sqlite_has_fts5(cursor):
            return
        for table in TABLES:
            fts = f"{table}_fts"
            cursor.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(search_doc, content='{table}', "
                           f"content_rowid='id', tokenize=\"{TOKENIZER}\", detail=none)")
            cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN "
                           f"INSERT INTO {fts}(rowid, search_doc) VALUES (new.id, new.search_doc); END")
            cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN "
                           f"INSERT INTO {fts}({fts}, rowid, search_doc) VALUES ('delete', old.id, old.search_doc); END")
            cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF search_doc ON {table} BEGIN "
                           f"INSERT INTO {fts}({fts}, rowid, search_doc) VALUES ('delete', old.id, old.search_doc); "
                           f"INSERT INTO {fts}(rowid, search_doc) VALUES (new.id, new.search_doc); END")
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def drop(apps: Any, schema_editor: Any) -> None:
    conn = schema_editor.connection
    with conn.cursor() as cursor:
        for table in TABLES:
            if conn.vendor == "postgresql":
                cursor.execute(f"DROP INDEX IF EXISTS {table}_terms_gin")
            elif conn.vendor == "sqlite":
                for suffix in ("ai", "ad", "au"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
                cursor.execute(f"DROP TABLE IF EXISTS {table}_fts")


class Migration(migrations.Migration):
    dependencies = [("opendata", "0001_initial")]

    operations = [
        migrations.RunPython(create, drop),
        migrations.AddIndex(
            model_name="contractingprocess",
            index=models.Index(fields=["-date", "ocid"], name="opendata_process_newest"),
        ),
        migrations.AddIndex(
            model_name="budgetproject",
            index=models.Index(fields=["-bb_year", "-amount", "id"], name="opendata_budget_newest"),
        ),
        migrations.AddIndex(
            model_name="entity",
            index=models.Index(fields=["name", "id"], name="opendata_entity_by_name"),
        ),
    ]
