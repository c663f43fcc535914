"""Full-text indexes over the search documents (space-separated Thai text engine terms).

SQLite: an FTS5 table per searchable table, with a tokenizer that splits on white space only, so
each engine term is one token; triggers keep it in step with every insert, update and delete,
whoever writes.

* Processes (``opendata_contractingprocess_fts``) are contentless, and their FTS rowid is a *sort
  key*, ``(unix seconds of date) << 31 | id``: walking the index backwards gives matches newest
  first, so a page of a common word stops after 25 rows instead of sorting every match. The
  document also carries filter tokens (``§p<province id>``, ``§y<year>``, ``§m<method>``), so the
  FTS5 intersection applies those filters without touching the table.
* Budget projects and organisations use external content (rowid = id), term tokens only.

PostgreSQL: a GIN index on the array of terms (``string_to_array``), which ``@>`` uses, beside the
ordinary b-tree indexes for the filters; no text-search parser or locale is involved.
If this SQLite build lacks FTS5, nothing is created and search falls back to ``LIKE``.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models
from django.db.models.functions import Coalesce

TABLES = ("opendata_contractingprocess", "opendata_budgetproject", "opendata_entity")
TOKENIZER = "unicode61 remove_diacritics 0 categories 'L* N* Co M* P* S*'"
PROCESS = "opendata_contractingprocess"
PG_NEWEST_WITHIN = ("year", "province_id", "method")


def process_key(row: str) -> str:
    """SQL for a process row's sort key (``row`` is ``new`` or ``old`` in a trigger)."""
    return f"((COALESCE(CAST(strftime('%s', {row}.date) AS INTEGER), 0) << 31) | {row}.id)"


def process_document(row: str) -> str:
    """SQL for the indexed text of a process row: its terms, then its filter tokens."""
    return (f"({row}.search_doc"
            f" || CASE WHEN {row}.province_id IS NULL THEN '' ELSE ' §p' || {row}.province_id END"
            f" || CASE WHEN {row}.year IS NULL THEN '' ELSE ' §y' || {row}.year END"
            f" || CASE WHEN {row}.method = '' THEN '' ELSE ' §m' || replace({row}.method, ' ', '_') END)")


def _sqlite_has_fts5(cursor: Any) -> bool:
    try:
        cursor.execute("CREATE VIRTUAL TABLE temp.phalang_fts5_probe USING fts5(x)")
        cursor.execute("DROP TABLE temp.phalang_fts5_probe")
    except Exception:
        return False
    return True


def create(apps: Any, schema_editor: Any, detail: str = "none") -> None:
    conn = schema_editor.connection
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            for table in TABLES:
                cursor.execute(f"CREATE INDEX IF NOT EXISTS {table}_terms_gin ON {table} "
                               f"USING gin (string_to_array(btrim(search_doc), ' '))")
            # Newest first within one year, province or method: the planner walks these instead
            # of sorting every match (SQLite gets the same from its FTS5 filter tokens).
            for column in PG_NEWEST_WITHIN:
                cursor.execute(f"CREATE INDEX IF NOT EXISTS opendata_process_{column}_newest ON {PROCESS} "
                               f"({column}, date DESC, id DESC)")
            return
        if conn.vendor != "sqlite" or not _sqlite_has_fts5(cursor):
            return
        fts = f"{PROCESS}_fts"
        cursor.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(document, content='', "
                       f"tokenize=\"{TOKENIZER}\", detail={detail})")
        insert = f"INSERT INTO {fts}(rowid, document) VALUES ({process_key('new')}, {process_document('new')})"
        delete = (f"INSERT INTO {fts}({fts}, rowid, document) "
                  f"VALUES ('delete', {process_key('old')}, {process_document('old')})")
        cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {PROCESS} BEGIN {insert}; END")
        cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {PROCESS} BEGIN {delete}; END")
        cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF search_doc, date, province_id, year, "
                       f"method ON {PROCESS} BEGIN {delete}; {insert}; END")
        cursor.execute(f"INSERT INTO {fts}(rowid, document) SELECT {process_key(PROCESS)}, "
                       f"{process_document(PROCESS)} FROM {PROCESS}")
        for table in TABLES[1:]:
            fts = f"{table}_fts"
            cursor.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(search_doc, content='{table}', "
                           f"content_rowid='id', tokenize=\"{TOKENIZER}\", detail={detail})")
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
                for column in PG_NEWEST_WITHIN:
                    cursor.execute(f"DROP INDEX IF EXISTS opendata_process_{column}_newest")
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
            index=models.Index(fields=["-date", "-id"], name="opendata_process_newest"),
        ),
        migrations.AddIndex(
            model_name="contractingprocess",
            index=models.Index(Coalesce("award_value", "tender_value"), name="opendata_process_value"),
        ),
        migrations.AddIndex(
            model_name="budgetproject",
            index=models.Index(fields=["-bb_year", "-amount", "id"], name="opendata_budget_newest"),
        ),
        migrations.AddIndex(
            model_name="flag",
            index=models.Index(fields=["code", "process"], name="opendata_flag_code_process"),
        ),
        migrations.AddIndex(
            model_name="entity",
            index=models.Index(fields=["name", "id"], name="opendata_entity_by_name"),
        ),
    ]
