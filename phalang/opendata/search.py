"""Thai-aware search over processes, organisations and budget projects, with filters.

Documents store the Thai text engine's terms, space-padded (``index_document``); a query matches
when the document holds every query term (``query_terms``), as ``LIKE '% term %'``. Plain SQL,
so SQLite and PostgreSQL give the same answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from phalang.engines.redflags import RULES
from phalang.engines.thaitext import query_terms
from phalang.lib.thaidate import BE_OFFSET, parse_year
from phalang.opendata.models import BudgetProject, ContractingProcess, Entity
from phalang.places.models import Province

MAX_QUERY = 200


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


def _terms(qs: QuerySet[Any], terms: list[str]) -> QuerySet[Any]:
    for term in terms:
        qs = qs.filter(search_doc__contains=f" {term} ")
    return qs


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
        qs = qs.filter(flags__code=q.flag).distinct()
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
        qs = qs.filter(Q(flags__code=q.flag) | Q(roles__process__flags__code=q.flag)).distinct()
    return qs.order_by("name", "pk")
