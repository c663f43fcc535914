"""The numbers behind the explorer's charts: budget by ministry and province (budgeted beside
disbursed), flags by buyer, an organisation's contracts over time, partners and price spread.

Aggregates over the whole data set are cached until the next import run, like the method list.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from phalang.engines.redflags import RULES
from phalang.lib.thaidate import BE_OFFSET
from phalang.opendata import codes
from phalang.opendata.charts import Chart, bar_chart, histogram
from phalang.opendata.models import (
    BudgetProject,
    ContractingProcess,
    Entity,
    Flag,
    ImportRun,
    ProcessParty,
)

TOP = 20
NOTE_CODES = tuple(code for code, info in RULES.items() if info.kind == "quality")


def _run_key() -> Any:
    return ImportRun.objects.order_by("-pk").values_list("pk", flat=True).first()


def budget_years() -> list[int]:
    years: list[int] = cache.get_or_set(f"opendata:budget-years:{_run_key()}", lambda: list(
        BudgetProject.objects.order_by("-bb_year").values_list("bb_year", flat=True).distinct()), 3600) or []
    return years


def _budget_rows(year: int | None, by: str) -> list[tuple[str, float, float | None]]:
    def compute() -> list[tuple[str, float, float | None]]:
        qs = BudgetProject.objects.filter(occurrence=1)  # an exact repeat is one project
        if year:
            qs = qs.filter(bb_year=year)
        if by == "ministry":
            grouped = qs.values("ministry").annotate(a=Sum("amount"), d=Sum("disbursed")).order_by("-a")
            return [(g["ministry"] or "-", float(g["a"] or 0), None if g["d"] is None else float(g["d"]))
                    for g in grouped[:TOP]]
        # Central programmes (ส่วนกลาง) are not a province: shown apart (``central_budget``), so
        # the provinces are drawn on a scale among themselves. Every province: the chart draws the
        # first TOP, its table and CSV hold them all.
        grouped = (qs.filter(province__isnull=False).values("province__name_th")
                   .annotate(a=Sum("amount"), d=Sum("disbursed")).order_by("-a", "province__name_th"))
        return [(g["province__name_th"], float(g["a"] or 0), None if g["d"] is None else float(g["d"]))
                for g in grouped]

    rows: list[tuple[str, float, float | None]] = cache.get_or_set(
        f"opendata:budget-by:{by}:{year}:{_run_key()}:no-central:all", compute, 3600) or []
    return rows


def central_budget(year: int | None) -> tuple[float, float | None] | None:
    """Budgeted and disbursed baht of the nationwide (central) programmes, or None when there are none."""
    def compute() -> tuple[float, float | None] | None:
        qs = BudgetProject.objects.filter(occurrence=1, province__isnull=True, nationwide=True)
        if year:
            qs = qs.filter(bb_year=year)
        total = qs.aggregate(a=Sum("amount"), d=Sum("disbursed"))
        if not total["a"]:
            return None
        return float(total["a"]), None if total["d"] is None else float(total["d"])

    central: tuple[float, float | None] | None = cache.get_or_set(
        f"opendata:budget-central:{year}:{_run_key()}", compute, 3600)
    return central


def budget_chart(year: int | None, by: str) -> Chart:
    title = (_("Budget by ministry, budgeted and disbursed (baht)") if by == "ministry"
             else _("Budget by province, budgeted and disbursed (baht)"))
    rows = _budget_rows(year, by)
    chart = bar_chart(f"budget-by-{by}", title, [(label, (a, d)) for label, a, d in rows],
                      series=(_("Budgeted"), _("Disbursed")), drawn=TOP)
    if chart.more:
        chart.note = pgettext("budget chart", "The first %(shown)s provinces of %(total)s. See them all in the table.") % {
            "shown": len(chart.rows), "total": len(chart.all_rows)}
    return chart


def flags_by_buyer_chart() -> Chart:
    """Buyers with the most red flags on their processes (data-quality notes not counted)."""
    def compute() -> list[tuple[int, str, int]]:
        grouped = (Flag.objects.filter(process__isnull=False, process__buyer__isnull=False)
                   .exclude(code__in=NOTE_CODES)
                   .values("process__buyer_id", "process__buyer__name").annotate(n=Count("id")).order_by("-n"))
        return [(g["process__buyer_id"], g["process__buyer__name"] or str(g["process__buyer_id"]), g["n"])
                for g in grouped[:TOP]]

    rows: list[tuple[int, str, int]] = cache.get_or_set(f"opendata:flags-by-buyer:{_run_key()}", compute, 3600) or []
    return bar_chart("flags-by-buyer", _("Buyers with the most red flags on their processes"),
                     [(name, (float(n),)) for _pk, name, n in rows], unit="count", fmt=lambda v: f"{v:,.0f}",
                     links=[reverse("opendata:entity", args=[pk]) for pk, _name, _n in rows])


PROCESS_LIMIT = 20000  # an organisation page reads at most this many of its processes, the newest


@dataclass
class EntityProcesses:
    """An organisation's processes, in any role, as its page reads them in one query."""

    ids: list[int]  # at most PROCESS_LIMIT, newest first
    # Of those, the ones it bought: (year, award value, tender value, currency), newest first.
    bought: list[tuple[Any, Any, Any, str]]


def entity_processes(entity: Entity, limit: int = PROCESS_LIMIT) -> EntityProcesses:
    """Its processes, for its page's count, price spread and spending by year. The page's other
    queries name them by id (``pk__in=ids``): a subquery there would give PostgreSQL another plan,
    and equal counts and dates another order than before."""
    mine = ProcessParty.objects.filter(entity=entity).values("process_id")
    rows = list(ContractingProcess.objects.filter(pk__in=mine).order_by("-date", "ocid")
                .values_list("pk", "buyer_id", "year", "award_value", "tender_value", "currency")[:limit])
    return EntityProcesses([row[0] for row in rows], [row[2:] for row in rows if row[1] == entity.pk])


def counterparts(entity: Entity, process_ids: list[int], top: int | None = 10) -> tuple[list[dict[str, Any]],
                                                                                       list[dict[str, Any]]]:
    """The suppliers of its purchases (among ``process_ids``) and the buyers of its sales with the
    most processes together, the first ``top`` of each (None: all of them, as the network counts
    them): ``entity_id``/``entity__name`` or ``buyer_id``/``buyer__name``, and ``n``. Among equals,
    the lowest id first: the order SQLite gave, now on every database."""
    as_buyer = ContractingProcess.objects.filter(pk__in=process_ids, buyer=entity).values_list("pk", flat=True)
    suppliers = (ProcessParty.objects.filter(process_id__in=as_buyer, role="supplier").exclude(entity=entity)
                 .values("entity_id", "entity__name").annotate(n=Count("process", distinct=True))
                 .order_by("-n", "entity_id"))
    as_supplier = ProcessParty.objects.filter(entity=entity, role="supplier").values_list("process_id", flat=True)
    buyers = (ContractingProcess.objects.filter(pk__in=as_supplier, buyer__isnull=False).exclude(buyer=entity)
              .values("buyer_id", "buyer__name").annotate(n=Count("id")).order_by("-n", "buyer_id"))
    if top is not None:
        return list(suppliers[:top]), list(buyers[:top])
    return list(suppliers), list(buyers)


def entity_charts(entity: Entity, processes: EntityProcesses, suppliers: list[dict[str, Any]],
                  buyers: list[dict[str, Any]]) -> dict[str, Chart]:
    """The organisation page's charts; ``suppliers`` and ``buyers`` as ``counterparts`` gives them."""
    procs = ContractingProcess.objects.filter(pk__in=processes.ids)
    bought: dict[int, float] = defaultdict(float)
    values: list[float] = []
    currency = ""
    for year, award, tender, cur in processes.bought:
        value = award if award is not None else tender
        if value:
            values.append(value)
            currency = currency or cur
            if year:
                bought[year] += value
    roles = ProcessParty.objects.filter(entity=entity)
    won: dict[int, float] = {int(y or 0): float(s) for y, s in roles.filter(role="supplier", process__year__isnull=False, amount__isnull=False)
           .values_list("process__year").annotate(s=Sum("amount")).values_list("process__year", "s")}
    years = sorted(set(bought) | set(won))
    present = [(name, d) for name, d in ((_("Spent as buyer"), bought), (_("Won as supplier"), won)) if d]
    series = [name for name, _d in present] or [""]
    # Years in the Buddhist era, as everywhere else on the Thai site (the English page too: the
    # heading says which era).
    rows = [(str(y + BE_OFFSET), tuple(d.get(y) for _name, d in present)) for y in years]
    over_time = bar_chart("over-time", pgettext("chart title", "Contracts over time, by year (B.E.)"), rows,
                          series=series)

    partners = ([(s["entity__name"] or str(s["entity_id"]), s["entity_id"], s["n"]) for s in suppliers]
                + [(b["buyer__name"] or str(b["buyer_id"]), b["buyer_id"], b["n"]) for b in buyers])
    partners.sort(key=lambda p: -p[2])
    top_partners = bar_chart("partners", _("Top partners, by number of processes together"),
                             [(name, (float(n),)) for name, _pk, n in partners[:10]], unit="count",
                             fmt=lambda v: f"{v:,.0f}",
                             links=[reverse("opendata:entity", args=[pk]) for _name, pk, _n in partners[:10]])
    methods = list(procs.exclude(method="").values_list("method").annotate(n=Count("id")).order_by("-n"))
    flags = list(Flag.objects.filter(process_id__in=processes.ids).exclude(code__in=NOTE_CODES)
                 .values_list("code").annotate(n=Count("id")).order_by("-n"))
    return {
        "over_time": over_time,
        "partners": top_partners,
        "methods": bar_chart("methods", _("Procurement methods"), [(codes.method(m) or m, (float(n),)) for m, n in methods],
                             unit="count", fmt=lambda v: f"{v:,.0f}"),
        "flags": bar_chart("process-flags", _("Red flags on its processes, by type"),
                           [(f"{code} {_flag_name(code)}", (float(n),)) for code, n in flags], unit="count",
                           fmt=lambda v: f"{v:,.0f}"),
        "prices": histogram("prices", _("Spread of its prices as buyer (number of processes per price range)"),
                            values, currency=codes.currency(currency) or currency),
    }


def _flag_name(code: str) -> str:
    from django.utils.translation import get_language

    info = RULES.get(code)
    if info is None:
        return ""
    return info.name_th if (get_language() or "th").startswith("th") else info.name_en


def compare_chart(project: BudgetProject) -> Chart:
    """A budget line's amounts by province, as the export gives them: budgeted beside disbursed."""
    compare = [c for c in (project.data or {}).get("compare") or [] if isinstance(c, dict)]

    def number(value: Any) -> float | None:
        return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None

    rows = []
    for c in compare:
        label = str(c.get("bb_province") or c.get("gf_province") or "-")
        if c.get("gf_province") and c.get("gf_province") != c.get("bb_province"):
            label += f" ({c['gf_province']})"
        rows.append((label, (number(c.get("bb_amount")), number(c.get("gf_amount")))))
    rows.sort(key=lambda r: -max((v or 0.0) for v in r[1]))
    return bar_chart("by-province", _("Amount by province, budgeted and disbursed (baht)"), rows[:TOP],
                     series=(_("Budgeted"), _("Disbursed")))

