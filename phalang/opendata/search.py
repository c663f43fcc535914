"""Thai-aware search over processes, organisations and budget projects, with filters.

Documents store the Thai text engine's terms, space-separated (``index_document``); a query
matches when the document holds every query term (``query_terms``). The terms are matched whole,
never as substrings, through the indexes migrations 0002 and 0005 build:

* SQLite: the FTS5 table ``<table>_fts`` (white-space tokenizer, one token per term), as
  ``rowid IN (… MATCH '"t1" AND "t2"')``;
* PostgreSQL: the GIN index on the stored column ``search_terms`` (``string_to_array(btrim(search_doc),
  ' ')``, migration 0005), as ``@> ARRAY[t1, t2]``;
* any other case (an SQLite build without FTS5): ``LIKE '% term %'``, the same answers, slower.

Counts are capped (``capped_count``): past ``COUNT_CAP`` matches a page says "more than".

**Relevance** (the default sort when there is a query) ranks the matches by, in order:

0. when a query word names a province (Thai, an everyday name such as โคราช, or English read as
   Thai, also as one word or a short name: Buriram, Korat, Ubon; ``province_words``), the
   matches located in that province (the province the import resolved for the project) first:
   "อาคารเรียน เชียงใหม่" puts schools in Chiang Mai before one in ตำบลเชียงใหม่, Roi Et. Every
   match still holds every query word; the other words are then scored on the title as below;
1. the title's subject (``thaitext.search.subject``: the name before its first place marker, what
   is built or bought rather than where) holds the query as typed; then the share of the query's
   words it holds each as written, in one piece (``query_words``: for "ถนนคอนกรีต หนองใหญ่" a
   concrete road before an asphalt one, ถนนแอสฟัลท์ติกคอนกรีต, which holds ถนน and คอนกรีต apart);
   then the share of the query's terms it holds;
2. the same for the whole title (a budget line's or organisation's name): a phrase match, then the
   share of the query's terms that the title itself holds (not only the agency, plan or
   description around it);
3. the text score: the shorter document first. Documents store each term once, so every match
   holds each query term once and FTS5's ``bm25()`` and PostgreSQL's length-normalised
   ``ts_rank`` both order the matches by document length alone; reading the length gives the
   same order without scoring every match in the database (``_window``);
4. newest first (budget: the later year, then the larger amount).

Up to ``RANK_WINDOW`` matches are ranked: all of them when the count is not capped; past that
(more than ``COUNT_CAP`` matches), the newest ``CAPPED_WINDOW``, then the others newest first. docs/benchmarks.md reports precision@10 and nDCG@10 on a
judged set of queries (bench/search_relevance.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any, cast

from django.core.cache import cache
from django.db import connection, models
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.expressions import Col, Expression, RawSQL
from django.db.models.functions import Coalesce

from phalang.engines.redaction.findings import digits_only, fold_digits
from phalang.engines.redaction.rules.thai_id import check_digit
from phalang.engines.redflags import RULES
from phalang.engines.thaitext import query_terms
from phalang.engines.thaitext.search import TitleMatch, query_words
from phalang.lib.errors import FieldErrors
from phalang.lib.thaidate import BE_OFFSET, parse_year
from phalang.opendata.models import (
    BudgetProject,
    ContractingProcess,
    Entity,
    Flag,
    ImportRun,
    ProcessParty,
)
from phalang.places.models import Province

MAX_QUERY = 200
SORTS = ("relevance", "newest", "amount")
# How many matches relevance ranks (see the module docstring): as many as a capped count shows.
RANK_WINDOW = 1000
# Past COUNT_CAP matches, relevance ranks the newest this many (ten pages) and lists the rest newest
# first: ranking more costs a title check each (docs/benchmarks.md, the million-process search).
CAPPED_WINDOW = 250
# Beyond this many matches a section's count reads "more than 1,000": an exact count of a common
# term over millions of rows costs more than it tells.
COUNT_CAP = 1000


@dataclass
class Query:
    text: str = ""
    year: int | None = None  # Gregorian
    province: Province | None = None
    method: str = ""
    min_value: float | None = None
    max_value: float | None = None
    flag: str = ""
    terms: list[str] = field(default_factory=list)
    # A 13-digit Thai registration number typed as the query (juristic person id, TH-DBD scheme).
    identifier: str = ""
    # "relevance" (the default; newest first when there is no query text), "newest" or "amount"
    # (largest first). The ranking is in the module docstring.
    sort: str = "relevance"

    @property
    def empty(self) -> bool:
        return not (self.terms or self.identifier or self.year or self.province or self.method or self.flag
                    or self.min_value is not None or self.max_value is not None)


class QueryInvalid(FieldErrors):
    """Search parameters are invalid (Thai and English messages per field)."""


def _number(raw: str, name: str, errors: dict[str, tuple[str, str]]) -> float | None:
    if not raw:
        return None
    try:
        value = float(raw.replace(",", ""))
    except ValueError:
        errors[name] = ("ต้องเป็นตัวเลข", "Must be a number.")
        return None
    if value < 0:
        errors[name] = ("ต้องไม่ติดลบ", "Must not be negative.")
        return None
    return value


def _looks_like_registration_number(text: str) -> bool:
    """13 digits (Thai digits too), possibly grouped with spaces or dashes, and nothing else."""
    folded = fold_digits(text).replace("-", "").replace(" ", "")
    return len(folded) == 13 and folded.isascii() and folded.isdigit()


def parse(params: Mapping[str, Any]) -> Query:
    """Read and validate query parameters; raise ``QueryInvalid`` with Thai and English messages."""
    errors: dict[str, tuple[str, str]] = {}
    q = Query(text=str(params.get("q") or "").strip())
    if len(q.text) > MAX_QUERY:
        errors["q"] = (f"ข้อความค้นหายาวเกิน {MAX_QUERY} ตัวอักษร", f"The query is longer than {MAX_QUERY} characters.")
    elif _looks_like_registration_number(q.text):
        digits = digits_only(q.text)
        if check_digit(digits[:12]) != int(digits[12]):
            errors["q"] = ("เลขทะเบียนนิติบุคคล 13 หลักนี้ไม่ถูกต้อง หลักสุดท้ายไม่ตรงกับเลขตรวจสอบ กรุณาตรวจสอบอีกครั้ง",
                           "This 13-digit registration number is not valid: the last digit does not match "
                           "the check digit. Please check it.")
        q.identifier = digits
    else:
        q.terms = query_terms(q.text) if q.text else []
    year = str(params.get("year") or "").strip()
    if year:
        try:
            q.year = parse_year(year)
            if not 1900 <= q.year <= 2200:
                raise ValueError
        except ValueError:
            q.year = None
            errors["year"] = ("ปีไม่ถูกต้อง ใช้ปี พ.ศ. (เช่น 2561) หรือ ค.ศ. (เช่น 2018)",
                              "Invalid year: use a Buddhist-era (e.g. 2561) or Gregorian year (e.g. 2018).")
    province = str(params.get("province") or "").strip()
    if province:
        q.province = (Province.objects.filter(pk=int(province)).first() if province.isdigit()
                      else Province.objects.filter(name_th=province).first()
                      or Province.objects.filter(name_en__iexact=province).first())
        if q.province is None:
            errors["province"] = ("ไม่พบจังหวัดนี้", "Unknown province.")
    q.method = str(params.get("method") or "").strip()[:40]
    q.min_value = _number(str(params.get("min_value") or "").strip(), "min_value", errors)
    q.max_value = _number(str(params.get("max_value") or "").strip(), "max_value", errors)
    if q.min_value is not None and q.max_value is not None and q.min_value > q.max_value:
        errors["max_value"] = ("มูลค่าสูงสุดต้องไม่น้อยกว่ามูลค่าต่ำสุด", "The maximum must not be below the minimum.")
    q.sort = str(params.get("sort") or "relevance").strip()
    if q.sort not in SORTS:
        errors["sort"] = ("เรียงลำดับได้ตามความเกี่ยวข้อง ล่าสุด หรือมูลค่า", "Sort by relevance, newest or amount.")
        q.sort = "relevance"
    q.flag = str(params.get("flag") or "").strip().upper()
    if q.flag and q.flag not in RULES:
        errors["flag"] = ("ไม่มีธงแดงรหัสนี้", "Unknown red-flag code.")
    if errors:
        raise QueryInvalid(errors)
    return q


class TermArray(Expression):
    """PostgreSQL: the row's search terms, ``string_to_array(btrim(search_doc), ' ')``, as the
    generated column ``search_terms`` that migration 0005 stores and indexes (GIN). The model does
    not declare it (SQLite has no such column), so this resolves to that column of whichever alias
    the query gives the table, as ``search_doc`` would."""

    def resolve_expression(self, query: Any = None, allow_joins: bool = True, reuse: Any = None,
                           summarize: bool = False, for_save: bool = False) -> Any:
        doc = cast(Col, F("search_doc").resolve_expression(query, allow_joins, reuse, summarize, for_save))
        return Col(doc.alias, _search_terms_field(query.model))


_SEARCH_TERMS: dict[type[models.Model], models.Field[Any, Any]] = {}


def _search_terms_field(model: type[models.Model]) -> models.Field[Any, Any]:
    if model not in _SEARCH_TERMS:
        # django.contrib.postgres imports psycopg: not at start-up on SQLite (issue 19).
        from django.contrib.postgres.fields import ArrayField

        field: models.Field[Any, Any] = ArrayField(models.TextField())
        field.set_attributes_from_name("search_terms")
        field.model = model  # named as a field of the model (Django hashes expressions by it), not added to it
        _SEARCH_TERMS[model] = field
    return _SEARCH_TERMS[model]


_fts_tables: dict[tuple[str, str], bool] = {}
PROCESS_TABLE = ContractingProcess._meta.db_table
PROCESS_FTS = f"{PROCESS_TABLE}_fts"
# A process's FTS rowid is ``(unix seconds of its date) << 31 | id`` (migration 0002).
ID_MASK = (1 << 31) - 1


def _has_fts(table: str) -> bool:
    key = (str(connection.settings_dict["NAME"]), table)
    if key not in _fts_tables:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [f"{table}_fts"])
            _fts_tables[key] = cursor.fetchone() is not None
    return _fts_tables[key]


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _terms(qs: QuerySet[Any], terms: list[str]) -> QuerySet[Any]:
    """Rows whose search document holds every term, through the table's term index."""
    if not terms:
        return qs
    table = qs.model._meta.db_table
    if connection.vendor == "postgresql":
        return qs.alias(search_terms=TermArray()).filter(search_terms__contains=terms)
    if connection.vendor == "sqlite" and _has_fts(table):
        # The table name is the model's own; the user's terms travel only as a parameter.
        match = " AND ".join(_fts_phrase(t) for t in terms)
        row_id = f"rowid & {ID_MASK}" if table == PROCESS_TABLE else "rowid"  # processes: a sort key
        fts_rows = RawSQL(f"SELECT {row_id} FROM {table}_fts WHERE {table}_fts MATCH %s", [match])  # noqa: S611
        return qs.filter(pk__in=fts_rows)
    for term in terms:
        qs = qs.filter(search_doc__contains=f" {term} ")
    return qs


def capped_count(qs: QuerySet[Any], cap: int | None = None) -> tuple[int, bool]:
    """The number of rows, counting no further than ``cap`` (``COUNT_CAP``); True when there are more."""
    cap = COUNT_CAP if cap is None else cap
    n = qs.order_by().values("pk")[: cap + 1].count()
    return min(n, cap), n > cap


# A flag on more processes than this is checked row by row as results stream in date order; a
# rarer one is listed first (its processes are few) and the list drives the query.
FLAG_WALK = 20_000


def _flag_is_common(code: str) -> bool:
    """Whether more than FLAG_WALK processes carry the flag; cached until the next import run."""
    latest = ImportRun.objects.order_by("-pk").values_list("pk", flat=True).first()
    common = cache.get_or_set(
        f"opendata:flag-common:{code}:{latest}",
        lambda: Flag.objects.filter(code=code, process__isnull=False).order_by()[: FLAG_WALK + 1].count() > FLAG_WALK,
        3600)
    return bool(common)


def _filter_tokens(q: Query) -> list[str]:
    """The province, year and method filters as the tokens a process's indexed terms also hold
    (SQLite: the FTS5 document, migration 0002; PostgreSQL: ``search_terms``, migration 0005)."""
    tokens = []
    if q.province:
        tokens.append(f"§p{q.province.pk}")
    if q.year:
        tokens.append(f"§y{q.year}")
    if q.method:
        tokens.append(f"§m{q.method}")
    return tokens


def processes(q: Query, *, count: bool = False) -> QuerySet[ContractingProcess]:
    """The matching processes, newest first (or largest first).

    PostgreSQL, with query terms: the province, year and method filters are tokens in the terms'
    GIN intersection (``search_terms``, migration 0005), where the planner estimates them well;
    ANDed as b-tree bitmaps they cost a bitmap of every row a year or a method holds. The list
    also filters on the year column, so that the planner may walk the (year, date) index and stop
    at the page end (a year's processes sit together in date order, which no row estimate shows);
    ``count`` leaves it out, for counting (``capped_count``)."""
    tokens = _filter_tokens(q) if q.terms and connection.vendor == "postgresql" else []
    qs = _terms(ContractingProcess.objects.all(), q.terms + tokens)
    if q.identifier:
        qs = qs.filter(pk__in=ProcessParty.objects.filter(
            entity__scheme="TH-DBD", entity__identifier=q.identifier).values("process_id"))
    if q.year and not (tokens and count):
        qs = qs.filter(year=q.year)
    if q.province and not tokens:
        qs = qs.filter(province=q.province)
    if q.method and not tokens:
        qs = qs.filter(method=q.method)
    if q.min_value is not None or q.max_value is not None:
        # Award value, else tender value: the expression the value index holds.
        qs = qs.alias(value=Coalesce("award_value", "tender_value"))
        if q.min_value is not None:
            qs = qs.filter(value__gte=q.min_value)
        if q.max_value is not None:
            qs = qs.filter(value__lte=q.max_value)
    if q.flag:
        flagged = Flag.objects.filter(code=q.flag, process__isnull=False)
        if _flag_is_common(q.flag):  # check each row as it comes (in date order) instead of listing them all
            qs = qs.filter(Exists(flagged.filter(process=OuterRef("pk"))))
        else:
            qs = qs.filter(pk__in=flagged.values("process_id"))
    qs = qs.select_related("buyer", "province")
    if q.sort == "amount":
        return qs.annotate(value_sort=Coalesce("award_value", "tender_value")).order_by(
            F("value_sort").desc(nulls_last=True), "-id")
    return qs.order_by("-date", "-id")


def budget_projects(q: Query) -> QuerySet[BudgetProject]:
    if q.method or q.flag or q.identifier:  # procurement-only: budget lines have none of these
        return BudgetProject.objects.none()
    # An exact repeat of a line (occurrence 2, 3 …) is stored, not shown: it is one project.
    qs = _terms(BudgetProject.objects.filter(occurrence=1), q.terms)
    if q.year:
        qs = qs.filter(bb_year=q.year + BE_OFFSET)
    if q.province:
        qs = qs.filter(province=q.province)
    if q.min_value is not None:
        qs = qs.filter(amount__gte=q.min_value)
    if q.max_value is not None:
        qs = qs.filter(amount__lte=q.max_value)
    qs = qs.select_related("province", "district", "subdistrict")
    if q.sort == "amount":
        return qs.order_by("-amount", "-bb_year", "pk")
    return qs.order_by("-bb_year", "-amount", "pk")


def entities(q: Query) -> QuerySet[Entity]:
    if q.identifier:
        return Entity.objects.filter(scheme="TH-DBD", identifier=q.identifier).order_by("name", "pk")
    if not q.terms:
        return Entity.objects.none()
    qs = _terms(Entity.objects.all(), q.terms)
    if q.flag:
        flagged_processes = Flag.objects.filter(code=q.flag, process__isnull=False).values("process_id")
        qs = qs.filter(Q(pk__in=Flag.objects.filter(code=q.flag, entity__isnull=False).values("entity_id"))
                       | Q(pk__in=ProcessParty.objects.filter(process_id__in=flagged_processes).values("entity_id")))
    return qs.order_by("name", "pk")


# The index that gives each result list its order (see the models): when a query matches many rows,
# walking it newest-first and stopping at the page end beats sorting every match.
_ORDER_INDEX = {ContractingProcess: "opendata_process_newest", BudgetProject: "opendata_budget_newest",
                Entity: "opendata_entity_by_name"}


_DEFAULT_ORDERS = (["-date", "-id"], ["-bb_year", "-amount", "pk"], ["name", "pk"])


def _default_order(qs: QuerySet[Any]) -> bool:
    return list(qs.query.order_by) in _DEFAULT_ORDERS


def _sqlite_sort_key(i: int, row: tuple[Any, ...]) -> tuple[bool, Any]:
    return row[i] is not None, row[i] if row[i] is not None else 0


def page(qs: QuerySet[Any], start: int, size: int, *, many: bool) -> list[Any]:
    """Rows ``start`` to ``start + size`` of ``qs``, in its order, in two steps: the ids (an
    index-only sort), then those rows whole. ``many`` (the capped count overflowed) tells SQLite
    to walk the order index instead of sorting the matches; PostgreSQL's planner chooses alone.
    """
    return _rows_in_order(qs, _ordered_ids(qs, start, size, many=many))


def _ordered_ids(qs: QuerySet[Any], start: int, size: int, *, many: bool) -> list[int]:
    """The ids of ``page``: the first step alone."""
    ids_qs = qs.values_list("pk", flat=True)[start:start + size]
    table = qs.model._meta.db_table
    index = _ORDER_INDEX.get(qs.model) if _default_order(qs) else None
    if many and index and connection.vendor == "sqlite":
        sql, params = ids_qs.query.sql_with_params()
        sql = sql.replace(f'FROM "{table}"', f'FROM "{table}" INDEXED BY "{index}"', 1)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            ids = [row[0] for row in cursor.fetchall()]
    elif connection.vendor == "sqlite" and not many and all(isinstance(f, str) for f in qs.query.order_by):
        # At most COUNT_CAP matches: read them all without ORDER BY (so the filter's own index
        # drives) and sort here, as SQLite would (NULL before any value).
        order = [f for f in qs.query.order_by if isinstance(f, str)]
        fields = [f.lstrip("-").replace("pk", "id") for f in order]
        rows = list(qs.order_by().values_list("pk", *fields)[: COUNT_CAP + 1])
        for position in reversed(range(len(fields))):
            rows.sort(key=partial(_sqlite_sort_key, position + 1), reverse=order[position].startswith("-"))
        ids = [r[0] for r in rows[start:start + size]]
    else:
        ids = list(ids_qs)
    return ids


def _process_fts(q: Query) -> tuple[str, str, list[Any]] | None:
    """SQLite's direct path for processes: the id expression, FROM … WHERE, and parameters.

    Terms and the province, year and method filters are all FTS5 tokens, intersected by FTS5
    itself; value and flag filters are checked on the rows FTS5 yields, newest first.
    """
    if connection.vendor != "sqlite" or q.identifier or not _has_fts(PROCESS_TABLE):
        return None
    tokens = list(q.terms)
    if q.province:
        tokens.append(f"§p{q.province.pk}")
    if q.year:
        tokens.append(f"§y{q.year}")
    if q.method:
        tokens.append("§m" + q.method.replace(" ", "_"))
    if not tokens:
        return None
    where = [f"{PROCESS_FTS} MATCH %s"]
    params: list[Any] = [" AND ".join(_fts_phrase(t) for t in tokens)]
    ranged = q.min_value is not None or q.max_value is not None
    # The row is read only for a value range; a flag is looked up by id alone.
    row_id = "p.id" if ranged else f"({PROCESS_FTS}.rowid & {ID_MASK})"
    if q.min_value is not None:
        where.append("COALESCE(p.award_value, p.tender_value) >= %s")
        params.append(q.min_value)
    if q.max_value is not None:
        where.append("COALESCE(p.award_value, p.tender_value) <= %s")
        params.append(q.max_value)
    if q.flag:
        flags = Flag._meta.db_table
        where.append(f"EXISTS (SELECT 1 FROM {flags} fl WHERE fl.process_id = {row_id} AND fl.code = %s)"
                     if _flag_is_common(q.flag) else
                     f"{row_id} IN (SELECT process_id FROM {flags} WHERE code = %s AND process_id IS NOT NULL)")
        params.append(q.flag)
    join = f" JOIN {PROCESS_TABLE} p ON p.id = ({PROCESS_FTS}.rowid & {ID_MASK})" if ranged else ""
    return row_id, f"FROM {PROCESS_FTS}{join} WHERE {' AND '.join(where)}", params


def _rows_in_order(qs: QuerySet[Any], ids: list[int]) -> list[Any]:
    rows = qs.model._default_manager.filter(pk__in=ids)
    rows.query.select_related = qs.query.select_related
    by_id = {row.pk: row for row in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def section(kind: str, q: Query, start: int, size: int) -> tuple[list[Any], int, bool]:
    """One result section (``processes``, ``budget`` or ``entities``): the rows from ``start``, the
    capped count, and whether the count was capped."""
    lists: dict[str, Callable[[Query], QuerySet[Any]]] = {
        "processes": processes, "budget": budget_projects, "entities": entities}
    qs = lists[kind](q)
    direct = _process_fts(q) if kind == "processes" else None
    ranked = q.sort == "relevance" and bool(q.terms)
    if direct is None or not (ranked or q.sort in ("newest", "relevance")):
        count, capped = capped_count(processes(q, count=True) if kind == "processes" else qs)
        if ranked:
            return _rows_in_order(qs, _relevance_page(kind, qs, q, capped, None, start, size)), count, capped
        return page(qs, start, size, many=capped), count, capped
    _id_sql, from_where, params = direct
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM (SELECT 1 {from_where} LIMIT %s)", [*params, COUNT_CAP + 1])
        n = cursor.fetchone()[0]
    count, capped = min(n, COUNT_CAP), n > COUNT_CAP
    if ranked:
        return _rows_in_order(qs, _relevance_page(kind, qs, q, capped, direct, start, size)), count, capped
    return _rows_in_order(qs, _newest_fts_ids(direct, start, size)), count, capped


def _relevance_page(kind: str, qs: QuerySet[Any], q: Query, capped: bool,
                    direct: tuple[str, str, list[Any]] | None, start: int, size: int) -> list[int]:
    """Ids ``start`` to ``start + size`` in relevance order: the ranked window (``_window``), then,
    past a capped window, the other matches newest first."""
    window = CAPPED_WINDOW if capped else RANK_WINDOW
    ids = ranked_ids(kind, qs, q, capped, direct)[start:start + size] if start < window else []
    if capped and start + size > window:
        after = max(start, window)
        more = start + size - after
        ids += _newest_fts_ids(direct, after, more) if direct else _ordered_ids(qs, after, more, many=True)
    return ids


def _newest_fts_ids(direct: tuple[str, str, list[Any]], start: int, size: int) -> list[int]:
    """SQLite's direct path for processes: ids newest first, walking the FTS rowid (a date key)."""
    id_sql, from_where, params = direct
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {id_sql} {from_where} ORDER BY {PROCESS_FTS}.rowid DESC LIMIT %s OFFSET %s",
                       [*params, size, start])
        return [row[0] for row in cursor.fetchall()]


# --- relevance --------------------------------------------------------------------------------

_TITLE = {"processes": "title", "budget": "name", "entities": "name"}
# Ties after the text score: newest first (budget: later year, then larger amount); names A-Z.
_TIE_BREAK = {"processes": ("date", "id"), "budget": ("bb_year", "amount"), "entities": ("name",)}


def _doc_length(search_doc: str | None) -> int:
    return (search_doc or "").count(" ") - 1  # space-padded, one space between terms


def _window(kind: str, qs: QuerySet[Any], capped: bool,
            direct: tuple[str, str, list[Any]] | None) -> list[tuple[Any, ...]]:
    """(id, title, tie-break fields…, province id, text score) of the matches to rank.

    The text score is the document's shortness. Documents store each term once, so every match of
    a query holds each query term exactly once, and both FTS5's ``bm25()`` and PostgreSQL's
    length-normalised ``ts_rank`` order the matches by document length alone: reading the length
    gives their order without scoring every match inside the database (at a million processes,
    ``ORDER BY rank`` over 200,000 matches took seconds; docs/benchmarks.md).

    All the matches when the count is not capped (``RANK_WINDOW``, as many as a capped count
    shows); past that, the newest ``CAPPED_WINDOW`` (budget: latest year, then largest), which the
    order index gives without reading every match, and the rest follow newest first
    (``_relevance_page``)."""
    limit = CAPPED_WINDOW if capped else RANK_WINDOW
    if capped and direct:  # SQLite, processes: one query walks the FTS rowid (a date key) and reads the rows
        _id_sql, from_where, params = direct
        if f" JOIN {PROCESS_TABLE} p " not in from_where:
            from_where = from_where.replace(
                " WHERE ", f" JOIN {PROCESS_TABLE} p ON p.id = ({PROCESS_FTS}.rowid & {ID_MASK}) WHERE ", 1)
        with connection.cursor() as cursor:
            # The date as the rowid's seconds (migration 0002), already a number to sort on.
            cursor.execute(f"SELECT p.id, p.title, {PROCESS_FTS}.rowid >> 31, p.id, p.province_id, p.search_doc "
                           f"{from_where} ORDER BY {PROCESS_FTS}.rowid DESC LIMIT %s", [*params, limit])
            rows = cursor.fetchall()
    else:
        place = () if kind == "entities" else ("province_id",)
        fields = ("pk", _TITLE[kind], *_TIE_BREAK[kind], *place, "search_doc")
        if capped:
            ids = _ordered_ids(qs, 0, limit, many=True)
            rows = list(qs.model._default_manager.filter(pk__in=ids).values_list(*fields))
        else:
            rows = list(qs.order_by().values_list(*fields)[:RANK_WINDOW])
        if not place:
            rows = [(*row[:-1], None, row[-1]) for row in rows]
    return [(*row[:-1], -_doc_length(row[-1])) for row in rows]


def _tie_key(kind: str, row: tuple[Any, ...]) -> tuple[Any, ...]:
    if kind == "processes":  # the date, or the seconds the FTS rowid holds (_window)
        when = row[2] if isinstance(row[2], int) else row[2].timestamp() if row[2] is not None else float("-inf")
        return (when, row[3])
    if kind == "budget":
        return (row[2], row[3], -row[0])
    return ()


def province_words(terms: list[str]) -> dict[str, int]:
    """The query terms that name a province (its Thai name, or an English one ``query_terms``
    turned into Thai) -> that province's id."""
    from phalang.engines.thaitext import load_gazetteer

    gazetteer = load_gazetteer()
    names = {t: name for t in terms if (name := gazetteer.canonical_province(t))}
    if not names:
        return {}
    ids = dict(Province.objects.filter(name_th__in=set(names.values())).values_list("name_th", "pk"))
    return {t: ids[name] for t, name in names.items() if name in ids}


def _title_match(q: Query, places: Mapping[str, int]) -> TitleMatch:
    """The title scoring of a query. A word naming a province is answered by where the result is
    (``ranked_ids``), not by its title: the title is scored on the other words, when there are any."""
    words = query_words(q.text)
    rest = [w for w in words if w not in places]
    if not places or not rest:
        return TitleMatch(q.text, q.terms, words)
    return TitleMatch(" ".join(rest), [t for t in q.terms if t not in places], rest)


def ranked_ids(kind: str, qs: QuerySet[Any], q: Query, capped: bool,
               direct: tuple[str, str, list[Any]] | None = None) -> list[int]:
    """The ids of the matches in relevance order (module docstring), at most ``RANK_WINDOW``."""
    rows = _window(kind, qs, capped, direct)
    places = province_words(q.terms)
    wanted = set(places.values())
    title_match = _title_match(q, places)

    def key(row: tuple[Any, ...]) -> tuple[Any, ...]:
        located = row[-2] in wanted
        return (located, *title_match.with_subject(row[1] or ""), row[-1], *_tie_key(kind, row))

    if kind == "entities":  # names A-Z within equal scores (the sort below is stable)
        rows.sort(key=lambda r: r[1] or "")
    rows.sort(key=key, reverse=True)
    return [row[0] for row in rows]
