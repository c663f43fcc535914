"""Explorer pages: search, contracting process, organisation, budget project; exports; upload."""

from __future__ import annotations

import csv
import functools
from collections import Counter
from typing import Any

import orjson
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from phalang.engines.redflags import RULES
from phalang.engines.redflags import network as engine_network
from phalang.engines.redflags.indicators.r044 import identity
from phalang.opendata import actions, codes, figures, network, packages, search, vocabulary
from phalang.opendata.charts import Chart, csv_rows
from phalang.opendata.extract import Resolver, identifier_key, parse_datetime
from phalang.opendata.links import budget_key
from phalang.opendata.models import (
    BudgetProject,
    ContractingProcess,
    Entity,
    ImportRun,
    Release,
)
from phalang.opendata.prepare import prepare, unread_estimate
from phalang.places.models import Province

PAGE = 25
EXPORT_LIMIT = 10_000
# Report statuses whose public text may be shown beside open data (the report passed screening).
PUBLIC_REPORT_STATUSES = ("verified", "forwarded", "in_progress", "resolved")
MAX_UPLOAD = 50 * 1024 * 1024


def _lang() -> str:
    return (get_language() or "th")[:2]


def _flag_info(code: str) -> dict[str, str]:
    info = RULES.get(code)
    if info is None:
        return {"code": code, "name": code, "why": ""}
    th = _lang() == "th"
    return {"code": code, "name": info.name_th if th else info.name_en, "why": info.why_th if th else info.why_en,
            "summary": info.summary_th if th else info.summary_en, "kind": info.kind, "unit": info.unit}


def _flag_entry(flag: Any) -> dict[str, Any]:
    """A stored flag as pages show it: its rule's words, its value, and the sentence that states
    the limit it applied, where the rule gives one (R003: "shorter than 15 days")."""
    entry: dict[str, Any] = dict(_flag_info(flag.code), value=flag.value, threshold=flag.threshold)
    info = RULES.get(flag.code)
    if info is not None and flag.threshold is not None:
        sentence = info.threshold_th if _lang() == "th" else info.threshold_en
        if sentence:
            limit = flag.threshold
            shown = f"{limit:,.0f}" if float(limit).is_integer() else f"{limit:,}"
            entry["summary"] = f"{entry['summary']} {sentence.format(threshold=shown)}"
    return entry


def _is_note(code: str) -> bool:
    """A data-quality note (DQ…), shown apart from red flags and never counted as one."""
    info = RULES.get(code)
    return info is not None and info.kind == "quality"


@functools.cache
def _reports_are_published() -> bool:
    """Whether reports have a ``published`` switch (read once: the model does not change while running)."""
    from phalang.watch.models import Report

    return any(f.name == "published" for f in Report._meta.get_fields())


def linked_reports(*keys: str) -> list[Any]:
    """Published Watch reports that name this process or budget project: their public text only."""
    from phalang.watch.models import Report

    qs = Report.objects.filter(related_project__in=keys, status__in=PUBLIC_REPORT_STATUSES).exclude(public_text="")
    if _reports_are_published():
        qs = qs.filter(published=True)
    return list(qs.only("public_id", "public_text", "status", "created_at").order_by("-created_at")[:50])


def _methods() -> list[str]:
    """The procurement methods present, for the filter; cached until the next import run."""
    latest = ImportRun.objects.order_by("-pk").values_list("pk", flat=True).first()
    methods: list[str] = cache.get_or_set(f"opendata:methods:{latest}", lambda: list(
        ContractingProcess.objects.exclude(method="").values_list("method", flat=True).distinct().order_by("method")),
        3600) or []
    return methods


def _field_labels() -> dict[str, str]:
    return {"q": pgettext("search field", "Search"), "year": pgettext("search field", "Year (B.E. or C.E.)"),
            "province": pgettext("search field", "Province"), "method": pgettext("search field", "Procurement method"),
            "flag": pgettext("search field", "Red flag"), "min_value": pgettext("search field", "Minimum value"),
            "max_value": pgettext("search field", "Maximum value"), "sort": pgettext("search field", "Sort by")}


def search_page(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    error = None
    query = search.Query()
    try:
        query = search.parse(request.GET)
    except search.QueryInvalid as exc:
        error = exc
    fmt = request.GET.get("format", "")
    if error is None and fmt == "csv":
        return _export_csv(query)
    if error is None and fmt == "json":
        return _export_json(query, request.build_absolute_uri())
    labels = _field_labels()
    # Each message names its field, at the top and beside the field itself ("มูลค่าต่ำสุด: ต้องเป็นตัวเลข").
    field_errors = {name: th if _lang() == "th" else en for name, (th, en) in error.errors.items()} if error else {}
    context: dict[str, Any] = {
        "query": query, "params": request.GET, "labels": labels, "field_errors": field_errors,
        "error_messages": [f"{labels.get(name, name)}: {message}" for name, message in field_errors.items()],
        "provinces": Province.objects.only("pk", "name_th", "name_en"),
        "methods": _methods(),
        "rules": [_flag_info(code) for code in sorted(RULES) if not _is_note(code)],
        "sorts": [("newest", pgettext("search sort", "Newest")), ("relevance", pgettext("search sort", "Relevance")),
                  ("amount", pgettext("search sort", "Amount, largest first"))],
    }
    if error is None and not query.empty:
        raw_page = request.GET.get("page", "1")
        page = int(raw_page) if raw_page.isdigit() and 1 <= int(raw_page) <= search.COUNT_CAP // PAGE else 1
        start = (page - 1) * PAGE
        context.update(searched=True, export_query=request.GET.urlencode(), page=page)
        more_pages = False
        for name in ("processes", "budget", "entities"):
            context[name], count, capped = search.section(name, query, start, PAGE)
            context[f"{name}_count"] = count
            context[f"{name}_capped"] = capped
            more_pages = more_pages or count > start + PAGE
        if query.text and not query.identifier:
            hits = sum(context[f"{name}_count"] for name in ("processes", "budget", "entities"))
            context["suggestion"] = _suggestion(request, query.text, hits)
        paging = request.GET.copy()
        paging.pop("page", None)
        if more_pages and page < search.COUNT_CAP // PAGE:
            paging["page"] = str(page + 1)
            context["next_page"] = paging.urlencode()
        if page > 1:
            paging["page"] = str(page - 1)
            context["previous_page"] = paging.urlencode()
    return render(request, "opendata/search.html", context, status=422 if error else 200)


def _suggestion(request: HttpRequest, text: str, hits: int) -> dict[str, str] | None:
    """"Did you mean": the query corrected towards far more common indexed words, when it found
    few matches (``vocabulary.suggest``)."""
    fixed = vocabulary.suggest(text, hits)
    if fixed is None:
        return None
    params = request.GET.copy()
    params["q"] = fixed
    params.pop("page", None)
    return {"text": fixed, "query": params.urlencode()}


def _export_csv(query: search.Query) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="phalang-opendata.csv"'
    response.write("\ufeff")  # so spreadsheet programs read Thai as UTF-8
    w = csv.writer(response)
    w.writerow(["kind", "id", "title", "buyer_or_agency", "year_ce", "value", "currency", "method", "province",
                "disbursed"])
    for p in search.processes(query)[:EXPORT_LIMIT]:
        w.writerow(["process", p.ocid, p.title, p.buyer.name if p.buyer else "", p.year or "",
                    p.value if p.value is not None else "", p.currency, p.method,
                    p.province.name_th if p.province_id and p.province else "", ""])
    for b in search.budget_projects(query)[:EXPORT_LIMIT]:
        w.writerow(["budget", b.bb_code, b.name, b.agency, b.year, b.amount, "THB", "",
                    b.province.name_th if b.province else actions.CENTRAL if b.nationwide else "",
                    "" if b.disbursed_shown is None else b.disbursed_shown])
    return response


def _export_json(query: search.Query, uri: str) -> StreamingHttpResponse:
    """The matching processes as an OCDS release package of compiled releases, streamed. The
    package's ``uri`` is where it can be fetched again (this URL); ``publishedDate`` is when the data
    last changed (the last import run: ``packages.published``)."""
    head = packages.head(uri)

    def chunks() -> Any:
        yield orjson.dumps(head)[:-1] + b',"releases":['
        first = True
        qs = search.processes(query).values_list("compiled_release", flat=True)[:EXPORT_LIMIT]
        for release in qs.iterator(chunk_size=200):
            yield (b"" if first else b",") + orjson.dumps(release)
            first = False
        yield b"]}"

    response = StreamingHttpResponse(chunks(), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="phalang-ocds.json"'
    return response


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _prepared(process: ContractingProcess) -> dict[str, Any]:
    """The compiled release as pages read it: prepared again (data stored before prepare existed,
    or shapes it leaves alone), so no publisher's shape can break a page. Prepared in place: the
    field was read from the database for this request alone, and the page shows only the result."""
    r = process.compiled_release if isinstance(process.compiled_release, dict) else {}
    prepare(r)
    return r


def _releases(process: ContractingProcess) -> list[tuple[bool, str, Any, Any]]:
    """Each stored release of the process as (compiled, date, tags, tender), in one query for the
    timeline and the unread estimate. The tender (an object that can be large) is read only when
    the estimate needs it: when the process has no reference price."""
    qs = Release.objects.filter(ocid=process.ocid)
    if process.tender_value is not None:
        return [(compiled, date, tags, None) for compiled, date, tags in qs.values_list("compiled", "date", "data__tag")]
    return list(qs.values_list("compiled", "date", "data__tag", "data__tender"))


def _timeline(releases: list[tuple[bool, str, Any, Any]], r: dict[str, Any]) -> list[dict[str, Any]]:
    tender = _dict(r.get("tender"))
    # Each event: its date, what happened (in the page's language) and the data's own code for it
    # (release tags, award and contract ids), shown as a code, in no language.
    events: list[tuple[Any, str, str]] = []
    for compiled, date, tags, _tender in releases:
        if compiled:
            continue
        # The tags in the page's language ("ประกาศเชิญชวน, ผลการพิจารณา"), not as OCDS codes.
        words = codes.tags(tags)
        events.append((parse_datetime(date), f"{_('Release published')} ({words})" if words
                       else _("Release published"), ""))
    period = _dict(tender.get("tenderPeriod"))
    events.append((parse_datetime(period.get("startDate")), _("Tender opens"), ""))
    events.append((parse_datetime(period.get("endDate")), _("Tender closes"), ""))
    for a in _dicts(r.get("awards")):
        events.append((parse_datetime(a.get("date")), _("Award"), str(a.get("id", ""))))
    for c in _dicts(r.get("contracts")):
        events.append((parse_datetime(c.get("dateSigned")), _("Contract signed"), str(c.get("id", ""))))
    # A publisher's records/ and releases/ folders hold the same release twice (stored as two when
    # their JSON differs a little): one line per event on the page.
    first = {e: i for i, e in reversed(list(enumerate(events)))}  # where each event first appears
    dated = sorted({e for e in events if e[0] is not None}, key=lambda e: (e[0], first[e]))
    return [{"date": d, "label": label, "code": code} for d, label, code in dated]


def _distinct_parties(refs: Any, by_id: dict[Any, dict[str, Any]]) -> list[dict[str, Any]]:
    """A bid's tenderers or an award's suppliers, each legal identity once, as R044 counts them: the
    same company under two party ids (the same identifier, scheme and id), or a listing without an
    identifier beside an identified one of the same name, is one party. ``by_id``: the release's
    parties by id."""
    seen: set[tuple[str, str]] = set()
    names: dict[str, bool] = {}  # name -> whether it was listed with an identifier
    out: list[dict[str, Any]] = []
    for ref in _dicts(refs):
        party = by_id.get(ref.get("id")) if isinstance(ref.get("id"), str) else None
        key = identity(ref) or (identity(party) if party else None)
        name = str(ref.get("name") or (party or {}).get("name") or "").strip().casefold()
        if key is not None and key in seen:
            continue
        if name and name in names and (key is None or not names[name]):
            continue  # the name again, one of the two listings without an identifier
        if key is not None:
            seen.add(key)
        if name:
            names[name] = names.get(name, False) or key is not None
        out.append(ref)
    return out


def process_page(request: HttpRequest, ocid: str) -> HttpResponse:
    """Five queries whatever the process holds: the process with its buyer, procuring entity and
    province; its flags; its releases; its parties with their organisations; the reports naming it
    (tests/opendata/test_page_queries.py). The search documents are never shown, so never read."""
    process = get_object_or_404(ContractingProcess.objects.select_related("buyer", "procuring_entity", "province")
                                .defer("search_doc", "buyer__search_doc", "procuring_entity__search_doc"), ocid=ocid)
    if request.GET.get("format") == "json":
        return HttpResponse(orjson.dumps(process.compiled_release), content_type="application/json")
    r = _prepared(process)
    found = [_flag_entry(f) for f in process.flags.all()]
    flags = [f for f in found if f["kind"] != "quality"]
    notes = [f for f in found if f["kind"] == "quality"]
    tender = _dict(r.get("tender"))
    bids = _dict(r.get("bids"))
    by_id = {p["id"]: p for p in _dicts(r.get("parties")) if isinstance(p.get("id"), str)}
    releases = _releases(process)
    context = {
        "p": process, "r": r, "tender": tender, "flags": flags, "notes": notes, "timeline": _timeline(releases, r),
        "roles": process.roles.select_related("entity").defer("entity__search_doc").order_by("role", "entity__name"),
        "bids": [{**b, "tenderers": _distinct_parties(b.get("tenderers"), by_id)} for b in _dicts(bids.get("details"))],
        "awards": _named_awards(r, [{**a, "suppliers": _distinct_parties(a.get("suppliers"), by_id)}
                                    for a in _dicts(r.get("awards"))]),
        "contracts": _dicts(r.get("contracts")), "lots": _dicts(tender.get("lots")),
        "reports": linked_reports(process.ocid),
        "unread_estimate": _unread_estimate(process, releases),
    }
    return render(request, "opendata/process.html", context)


def _named_awards(r: dict[str, Any], shown: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The awards, each supplier with the name the release gives that organisation anywhere (its
    party, a tenderer, ``identifier.legalName``: ``extract.Resolver``); one the release never names
    reads "not named in the data" with its registration number, never an empty slot."""
    resolve = Resolver(r)
    awards = []
    for award in shown:
        suppliers = []
        for s in _dicts(award.get("suppliers")):
            name = resolve.name(s)
            if not name:
                party = resolve.party(s) or {}
                ident = identifier_key(s) or identifier_key(party)
                code = " ".join(ident) if ident else str(s.get("id") or "")
                name = f"{codes.UNNAMED_LABEL} ({code})" if code else str(codes.UNNAMED_LABEL)
            suppliers.append(dict(s, name=name))
        awards.append(dict(award, suppliers=suppliers))
    return awards


def _unread_estimate(process: ContractingProcess, releases: list[tuple[bool, str, Any, Any]]) -> str | None:
    """The publisher's estimate as written, when it was published but could not be read (the
    page would otherwise show a bare "-", as if none was given): from the latest release that
    gives one, as that is the one the compiled release keeps."""
    if process.tender_value is not None:
        return None
    given = [(str(date), tender) for _compiled, date, _tags, tender in releases
             if isinstance(tender, dict) and "value" in tender]
    return unread_estimate({"tender": max(given, key=lambda g: g[0])[1]}) if given else None


def entity_page(request: HttpRequest, pk: int) -> HttpResponse:
    """At most twelve queries, whatever the organisation's size (tests/opendata/test_page_queries.py):
    the organisation; its own flags; its processes (``figures.entity_processes``); the suppliers of
    its purchases and the buyers of its sales (``figures.counterparts``: the lists, the partners
    chart and the network count them from one read each); what it won by year, its processes'
    methods and flags (``figures.entity_charts``); the network's bids, awards and names
    (``network.entity_network``, which also counts the co-bidders); its recent processes."""
    entity = get_object_or_404(Entity.objects.defer("search_doc"), pk=pk)
    processes = figures.entity_processes(entity)
    own_flags = [dict(_flag_entry(f), group=f.group) for f in entity.flags.all() if not _is_note(f.code)]
    # Counterparts: the suppliers of its purchases, or the buyers of its sales (read once, for the
    # list, the partners chart and the network).
    all_suppliers, all_buyers = figures.counterparts(entity, processes.ids, top=None)
    suppliers, buyers = all_suppliers[:10], all_buyers[:10]
    charts = figures.entity_charts(entity, processes, suppliers, buyers)
    download = _chart_csv(request, list(charts.values()), f"entity-{entity.pk}")
    if download is not None:
        return download
    # The network counts them in id order, as it did reading them itself: among equals, the lowest
    # id first. (It read the suppliers of every process it bought; the import lists a process's
    # buyer among its parties, so those are all among its processes.)
    net = network.entity_network(
        entity, Counter({s["entity_id"]: s["n"] for s in sorted(all_suppliers, key=lambda s: s["entity_id"])}),
        Counter({b["buyer_id"]: b["n"] for b in sorted(all_buyers, key=lambda b: b["buyer_id"])}))
    context = {
        "e": entity, "process_count": len(processes.ids),
        "charts": charts,
        "own_flags": own_flags, "suppliers": suppliers, "buyers": buyers, "co_bidders": net.co_bidders,
        # The list shows title, value and currency: nothing else is read.
        "recent": (ContractingProcess.objects.filter(pk__in=processes.ids)
                   .only("ocid", "title", "award_value", "tender_value", "currency").order_by("-date")[:20]),
        "net": net,
    }
    return render(request, "opendata/entity.html", context)


def risk_page(request: HttpRequest) -> HttpResponse:
    """The open composite risk ranking of buyers and suppliers (formula: docs/engines/redflags.md)."""
    context: dict[str, Any] = {"minimum": engine_network.RISK_MIN_PROCESSES, "weight": engine_network.OWN_FLAG_WEIGHT}
    for name, role in (("buyers", "buyer"), ("suppliers", "supplier")):
        # A score of 0 (no red flag at all) is not a risk: such organisations are counted, not ranked.
        ranked = network.risk(role)
        context[name] = [(r, n) for r, n in ranked if r.score > 0]
        context[f"{name}_clean"] = len(ranked) - len(context[name])
    return render(request, "opendata/risk.html", context)


def _chart_csv(request: HttpRequest, charts: list[Chart], name: str) -> HttpResponse | None:
    """Each chart's numbers as CSV: its table's link (``?csv=<chart id>``, the page's other
    parameters kept) sets ``csv_query``; a request for one answers with its file."""
    wanted = request.GET.get("csv", "")
    for chart in charts:
        params = request.GET.copy()
        params["csv"] = chart.id
        chart.csv_query = params.urlencode()
        if chart.id == wanted:
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="phalang-{name}-{chart.id}.csv"'
            response.write("\ufeff")  # so spreadsheet programs read Thai as UTF-8
            csv.writer(response).writerows(csv_rows(chart, pgettext("chart csv", "Name"),
                                                    pgettext("chart csv", "Value")))
            return response
    return None


def charts_page(request: HttpRequest) -> HttpResponse:
    """Budget by ministry and by province (budgeted beside disbursed), and red flags by buyer.
    Nationwide programmes are shown apart from the provinces (``figures.central_budget``)."""
    years = figures.budget_years()
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and int(raw) in years else None
    charts = {"by_ministry": figures.budget_chart(year, "ministry"), "by_province": figures.budget_chart(year, "province"),
              "flags_by_buyer": figures.flags_by_buyer_chart()}
    download = _chart_csv(request, list(charts.values()), "charts")
    if download is not None:
        return download
    return render(request, "opendata/charts.html", {"years": years, "year": year, "central": figures.central_budget(year),
                                                    **charts})


def budget_page(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(BudgetProject.objects.select_related("province", "district", "subdistrict"), pk=pk)
    compare = figures.compare_chart(project)
    download = _chart_csv(request, [compare], f"budget-{project.pk}")
    if download is not None:
        return download
    return render(request, "opendata/budget.html", {
        "b": project, "repeats": BudgetProject.objects.filter(digest=project.digest).count(),
        "compare": compare,
        # Reports name the code with its year; older ones name the code alone.
        "reports": linked_reports(budget_key(project), project.bb_code)})


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """Staff with opendata.manage upload OCDS or budget files; the same import as the commands."""
    if not request.user.has_perm("opendata.manage"):
        raise PermissionDenied
    result = None
    if request.method == "POST":
        files = request.FILES.getlist("files")
        kind = request.POST.get("kind", "ocds")
        too_big = [f.name for f in files if (f.size or 0) > MAX_UPLOAD]
        if not files or too_big:
            messages.error(request, _("Choose one or more files of at most 50 MB."))
        elif kind == "budget":
            import tempfile
            from pathlib import Path

            with tempfile.TemporaryDirectory() as tmp:
                paths = []
                for f in files:
                    path = Path(tmp) / Path(f.name or "upload.jsonl").name
                    with open(path, "wb") as out:
                        for chunk in f.chunks():
                            out.write(chunk)
                    paths.append(path)
                result = actions.import_budget(paths, by=request.user)
        else:
            result = actions.import_ocds([], uploads=[(f.name or "upload", f.read()) for f in files], by=request.user)
        if result is not None and result.problems and not (result.added or result.unchanged):
            messages.error(request, _("Nothing was imported: the files could not be read as OCDS or budget data. "
                                      "See what was skipped below."))
        elif result is not None:
            messages.success(request, _("Import finished: %(added)s added, %(unchanged)s unchanged, %(problems)s skipped.")
                             % {"added": result.added, "unchanged": result.unchanged,
                                "problems": len(result.problems)})
    status = 422 if result is not None and result.problems and not (result.added or result.unchanged) else 200
    return render(request, "opendata/upload.html", {"result": result}, status=status)


def home_redirect(request: HttpRequest) -> HttpResponse:
    return redirect("opendata:search")
