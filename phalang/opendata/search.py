"""Thai-aware search over processes, organisations and budget projects, with filters.

Documents store the Thai text engine's terms, space-separated (``index_document``); a query
matches when the document holds every query term (``query_terms``). The terms are matched whole,
never as substrings, through the index migration 0002 builds:

* SQLite: the FTS5 table ``<table>_fts`` (white-space tokenizer, one token per term), as
  ``rowid IN (… MATCH '"t1" AND "t2"')``;
* PostgreSQL: the GIN index on ``string_to_array(btrim(search_doc), ' ')``, as ``@> ARRAY[t1, t2]``;
* any other case (an SQLite build without FTS5): ``LIKE '% term %'``, the same answers, slower.

Counts are capped (``capped_count``): past ``COUNT_CAP`` matches a page says "more than".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.db import connection, models
from django.db.models import Func, Q, QuerySet
from django.db.models.expressions import RawSQL

from phalang.engines.redflags import RULES
from phalang.engines.thaitext import query_terms
from phalang.lib.thaidate import BE_OFFSET, parse_year
from phalang.opendata.models import BudgetProject, ContractingProcess, Entity, Flag, ProcessParty
from phalang.places.models import Province

MAX_QUERY = 200
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

    @property
    def empty(self) -> bool:
        return not (self.terms or self.year or self.province or self.method or self.flag
                    or self.min_value is not None or self.max_value is not None)


class QueryInvalid(Exception):
    def __init__(self, errors: dict[str, tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{k}: {en}" for k, (_th, en) in errors.items()))
        self.errors = errors

    def as_json(self) -> list[dict[str, str]]:
        return [{"field": k, "message_th": th, "message_en": en} for k, (th, en) in self.errors.items()]


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


def parse(params: Mapping[str, Any]) -> Query:
    """Read and validate query parameters; raise ``QueryInvalid`` with Thai and English messages."""
    errors: dict[str, tuple[str, str]] = {}
    q = Query(text=str(params.get("q") or "").strip())
    if len(q.text) > MAX_QUERY:
        errors["q"] = (f"ข้อความค้นหายาวเกิน {MAX_QUERY} ตัวอักษร", f"The query is longer than {MAX_QUERY} characters.")
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
    q.flag = str(params.get("flag") or "").strip().upper()
    if q.flag and q.flag not in RULES:
        errors["flag"] = ("ไม่มีธงแดงรหัสนี้", "Unknown red-flag code.")
    if errors:
        raise QueryInvalid(errors)
    return q


class TermArray(Func):
    """PostgreSQL: the search document as an array of terms, the expression migration 0002 indexes."""

    template = "string_to_array(btrim(%(expressions)s), ' ')"
    output_field = ArrayField(models.TextField())


_fts_tables: dict[tuple[str, str], bool] = {}


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
        return qs.alias(search_terms=TermArray("search_doc")).filter(search_terms__contains=terms)
    if connection.vendor == "sqlite" and _has_fts(table):
        # The table name is the model's own; the user's terms travel only as a parameter.
        match = " AND ".join(_fts_phrase(t) for t in terms)
        fts_rows = RawSQL(f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH %s", [match])  # noqa: S611
        return qs.filter(pk__in=fts_rows)
    for term in terms:
        qs = qs.filter(search_doc__contains=f" {term} ")
    return qs


def capped_count(qs: QuerySet[Any], cap: int | None = None) -> tuple[int, bool]:
    """The number of rows, counting no further than ``cap`` (``COUNT_CAP``); True when there are more."""
    cap = COUNT_CAP if cap is None else cap
    n = qs.order_by().values("pk")[: cap + 1].count()
    return min(n, cap), n > cap


def processes(q: Query) -> QuerySet[ContractingProcess]:
    qs = _terms(ContractingProcess.objects.all(), q.terms)
    if q.year:
        qs = qs.filter(year=q.year)
    if q.province:
        qs = qs.filter(province=q.province)
    if q.method:
        qs = qs.filter(method=q.method)
    if q.min_value is not None or q.max_value is not None:
        bounds: dict[str, float] = {}
        if q.min_value is not None:
            bounds["gte"] = q.min_value
        if q.max_value is not None:
            bounds["lte"] = q.max_value
        award = Q(**{f"award_value__{k}": v for k, v in bounds.items()})
        tender = Q(award_value__isnull=True, **{f"tender_value__{k}": v for k, v in bounds.items()})
        qs = qs.filter(award | tender)
    if q.flag:
        qs = qs.filter(pk__in=Flag.objects.filter(code=q.flag, process__isnull=False).values("process_id"))
    return qs.select_related("buyer").order_by("-date", "ocid")


def budget_projects(q: Query) -> QuerySet[BudgetProject]:
    if q.method or q.flag:  # procurement-only filters: budget lines have neither
        return BudgetProject.objects.none()
    qs = _terms(BudgetProject.objects.all(), q.terms)
    if q.year:
        qs = qs.filter(bb_year=q.year + BE_OFFSET)
    if q.province:
        qs = qs.filter(province=q.province)
    if q.min_value is not None:
        qs = qs.filter(amount__gte=q.min_value)
    if q.max_value is not None:
        qs = qs.filter(amount__lte=q.max_value)
    return qs.select_related("province", "district", "subdistrict").order_by("-bb_year", "-amount", "pk")


def entities(q: Query) -> QuerySet[Entity]:
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


def page(qs: QuerySet[Any], start: int, size: int, *, many: bool) -> list[Any]:
    """Rows ``start`` to ``start + size`` of ``qs``, in its order, in two steps: the ids (an
    index-only sort), then those rows whole. ``many`` (the capped count overflowed) tells SQLite
    to walk the order index instead of sorting the matches; PostgreSQL's planner chooses alone.
    """
    ids_qs = qs.values_list("pk", flat=True)[start:start + size]
    table = qs.model._meta.db_table
    index = _ORDER_INDEX.get(qs.model)
    if many and index and connection.vendor == "sqlite":
        sql, params = ids_qs.query.sql_with_params()
        sql = sql.replace(f'FROM "{table}"', f'FROM "{table}" INDEXED BY "{index}"', 1)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            ids = [row[0] for row in cursor.fetchall()]
    else:
        ids = list(ids_qs)
    rows = qs.model._default_manager.filter(pk__in=ids)
    rows.query.select_related = qs.query.select_related
    by_id = {row.pk: row for row in rows}
    return [by_id[pk] for pk in ids if pk in by_id]
