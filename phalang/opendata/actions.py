"""Every change to open data goes through here, and each import run writes one audit entry.

Imports are idempotent: releases are keyed by (ocid, content hash), budget lines by (content
hash, occurrence), so importing the same data twice adds nothing and recompiles nothing.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson
from django.db import transaction

from phalang.audit.log import record
from phalang.engines.redflags import load_settings, run
from phalang.engines.thaitext import index_document, resolve_place
from phalang.opendata import ocds
from phalang.opendata.extract import extract
from phalang.opendata.models import (
    BudgetProject,
    ContractingProcess,
    Entity,
    Flag,
    ImportRun,
    ProcessParty,
    Release,
)
from phalang.places.models import District, Province, Subdistrict

BATCH = 500
BUDGET_BATCH = 5000


@dataclass
class ImportResult:
    kind: str
    read: int = 0
    added: int = 0
    unchanged: int = 0
    processes: int = 0
    problems: list[ocds.Problem] = field(default_factory=list)
    run_id: int | None = None

    def summary(self) -> str:
        return (f"read {self.read}, added {self.added}, unchanged {self.unchanged}, "
                f"processes updated {self.processes}, problems {len(self.problems)}")


# --- places ---------------------------------------------------------------------------------

class Gazetteer:
    """Names -> rows of the places tables, loaded once per import."""

    def __init__(self) -> None:
        self.provinces = {p.name_th: p.pk for p in Province.objects.only("pk", "name_th")}
        self.districts = {(d.province_id, d.name_th): d.pk for d in District.objects.only("pk", "province_id", "name_th")}
        self.subdistricts = {(s.district_id, s.name_th): s.pk
                             for s in Subdistrict.objects.only("pk", "district_id", "name_th")}

    def ids(self, province: str | None, district: str | None = None,
            subdistrict: str | None = None) -> tuple[int | None, int | None, int | None]:
        pid = self.provinces.get(province or "")
        did = self.districts.get((pid, district or "")) if pid else None
        sid = self.subdistricts.get((did, subdistrict or "")) if did else None
        return pid, did, sid


@lru_cache(maxsize=4096)
def _index_cached(text: str) -> str:
    # Ministry, agency and plan names repeat on thousands of lines: index each once.
    return index_document(text)


def _search_doc(*parts: str) -> str:
    """Terms of several texts in one space-padded document."""
    terms: list[str] = []
    seen: set[str] = set()
    for part in parts:
        if not part:
            continue
        for term in _index_cached(part).split() if len(part) < 200 else index_document(part).split():
            if term not in seen:
                seen.add(term)
                terms.append(term)
    return f" {' '.join(terms)} " if terms else ""


# --- OCDS -----------------------------------------------------------------------------------

def _batches(items: Iterable[ocds.Item], size: int) -> Iterator[list[ocds.Item]]:
    batch: list[ocds.Item] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _entities(keys: dict[tuple[str, str], str]) -> dict[tuple[str, str], Entity]:
    """Get or create the entities with these (scheme, id) keys; names fill in when empty."""
    found: dict[tuple[str, str], Entity] = {}
    schemes = {k[0] for k in keys}
    for scheme in schemes:
        ids = [k[1] for k in keys if k[0] == scheme]
        for i in range(0, len(ids), 500):
            for e in Entity.objects.filter(scheme=scheme, identifier__in=ids[i:i + 500]):
                found[(e.scheme, e.identifier)] = e
    missing = [Entity(scheme=k[0], identifier=k[1], name=name, search_doc=_search_doc(name, k[1]))
               for k, name in keys.items() if k not in found]
    if missing:
        Entity.objects.bulk_create(missing, ignore_conflicts=True)
        for scheme in {e.scheme for e in missing}:
            ids = [e.identifier for e in missing if e.scheme == scheme]
            for i in range(0, len(ids), 500):
                for e in Entity.objects.filter(scheme=scheme, identifier__in=ids[i:i + 500]):
                    found[(e.scheme, e.identifier)] = e
    for k, name in keys.items():
        e = found[k]
        if name and not e.name:
            e.name = name
            e.search_doc = _search_doc(name, k[1])
            e.save(update_fields=["name", "search_doc"])
    return found


def _recompile(ocids: set[str], gazetteer: Gazetteer, demo: bool) -> int:
    """Compile each process from its stored releases; write those whose result changed."""
    by_ocid: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = defaultdict(lambda: ([], []))
    for ocid, data, is_compiled in Release.objects.filter(ocid__in=ocids).values_list("ocid", "data", "compiled"):
        by_ocid[ocid][1 if is_compiled else 0].append(data)
    existing = {p.ocid: p for p in ContractingProcess.objects.filter(ocid__in=ocids)}
    changed = 0
    for ocid in sorted(by_ocid):
        releases, compiled = by_ocid[ocid]
        release = ocds.compile_releases(releases, compiled)
        release_digest = ocds.digest(release)
        process = existing.get(ocid)
        if process is not None and process.digest == release_digest:
            continue
        x = extract(release)
        names = {p.key: p.name for p in x.parties}
        entities = _entities(names)
        buyer, pe = x.buyer(), x.procuring_entity()
        province_id = None
        if x.place_text:
            place = resolve_place(x.place_text)
            if place is not None:
                province_id = gazetteer.ids(place.province)[0]
        values = dict(
            compiled_release=release, digest=release_digest, title=x.title[:2000], description=x.description[:5000],
            buyer=entities[buyer.key] if buyer else None, procuring_entity=entities[pe.key] if pe else None,
            method=x.method, method_details=x.method_details, status=x.status, tender_value=x.tender_value,
            award_value=x.award_value, currency=x.currency[:3], tenderers=x.tenderers, date=x.date,
            tender_start=x.tender_start, award_date=x.award_date, year=x.year, province_id=province_id,
            search_doc=_search_doc(ocid.lower(), x.title, x.description[:500],
                                   *sorted({p.name for p in x.parties if p.role in ("buyer", "supplier")})),
            is_demo=demo or (process.is_demo if process else False),
        )
        if process is None:
            process = ContractingProcess.objects.create(ocid=ocid, **values)
        else:
            for k, v in values.items():
                setattr(process, k, v)
            process.save()
            process.roles.all().delete()
        ProcessParty.objects.bulk_create([
            ProcessParty(process=process, entity=entities[p.key], role=p.role, party_id=p.party_id, amount=p.amount)
            for p in x.parties], ignore_conflicts=True)
        changed += 1
    return changed


def import_ocds(paths: Iterable[Path | str], *, by: Any = None, uploads: list[tuple[str, bytes]] | None = None,
                flags: bool = True, demo: bool = False, progress: Callable[[str], None] | None = None) -> ImportResult:
    """Import OCDS files (and uploaded files' bytes); recompute red flags if anything changed."""
    result = ImportResult("ocds")
    gazetteer = Gazetteer()
    sources: list[str] = []

    def files() -> Iterator[ocds.Item]:
        for path in ocds.expand(paths):
            sources.append(str(path))
            yield from ocds.read(path, result.problems)
        for name, data in uploads or []:
            sources.append(name)
            yield from ocds.read(name, result.problems, data=data, name=name)

    for batch in _batches(files(), BATCH):
        result.read += len(batch)
        with transaction.atomic():
            unique: dict[tuple[str, str], ocds.Item] = {}
            for item in batch:
                unique.setdefault((item.ocid, item.digest), item)
            have = set(Release.objects.filter(ocid__in={k[0] for k in unique}, digest__in={k[1] for k in unique})
                       .values_list("ocid", "digest"))
            new = [(k, item) for k, item in unique.items() if k not in have]
            Release.objects.bulk_create([
                Release(ocid=item.ocid[:200], digest=k[1], release_id=str(item.data.get("id") or "")[:300],
                        date=str(item.data.get("date") or "")[:40], compiled=item.compiled, data=item.data,
                        source=item.place[:300]) for k, item in new], ignore_conflicts=True)
            result.added += len(new)
            result.unchanged += len(batch) - len(new)
            if new:
                result.processes += _recompile({item.ocid for _k, item in new}, gazetteer, demo)
        if progress:
            progress(result.summary())
    with transaction.atomic():
        run_row = ImportRun.objects.create(
            kind="ocds", sources=sources[:200], added=result.added, unchanged=result.unchanged,
            processes=result.processes, errors=[str(p) for p in result.problems[:1000]])
        record("opendata.ocds_import", actor=by, target=run_row,
               data={"files": len(sources), "added": result.added, "processes": result.processes,
                     "problems": len(result.problems)})
    result.run_id = run_row.pk
    if flags and result.processes:
        compute_flags(by=by)
    return result


def _settings_path() -> str | None:
    # An INI file in Cardinal's format (docs/engines/redflags.md); every rule with defaults if unset.
    return os.environ.get("PHALANG_REDFLAGS_SETTINGS") or None


def compute_flags(*, by: Any = None) -> dict[str, int]:
    """Run the red-flag engine over every compiled release and replace the stored flags.

    Rules that compare organisations need the whole data set, so this always runs over all of it.
    """
    settings = load_settings(_settings_path())

    def releases() -> Iterator[dict[str, Any]]:
        yield from ContractingProcess.objects.values_list("compiled_release", flat=True).iterator(chunk_size=500)

    results = run(releases(), settings)
    process_ids = dict(ContractingProcess.objects.values_list("ocid", "pk"))
    group_roles = {"Buyer": ["buyer"], "ProcuringEntity": ["procuringEntity"], "Tenderer": ["tenderer", "supplier"]}
    rows: list[Flag] = []
    for ocid, codes in results.groups.get("OCID", {}).items():
        pk = process_ids.get(ocid)
        if pk is not None:
            rows.extend(Flag(process_id=pk, group="OCID", code=c, value=v) for c, v in codes.items())
    for group, roles in group_roles.items():
        flagged = results.groups.get(group, {})
        if not flagged:
            continue
        entity_of: dict[str, set[int]] = defaultdict(set)
        for party_id, entity_id in ProcessParty.objects.filter(role__in=roles, party_id__in=list(flagged)).values_list(
                "party_id", "entity_id"):
            entity_of[party_id].add(entity_id)
        for party_id, codes in flagged.items():
            for entity_id in entity_of.get(party_id, ()):
                rows.extend(Flag(entity_id=entity_id, group=group, code=c, value=v) for c, v in codes.items())
    with transaction.atomic():
        Flag.objects.all().delete()
        Flag.objects.bulk_create(rows, batch_size=1000)
        counts = dict(Counter(f.code for f in rows))
        record("opendata.flags_computed", actor=by, data={"flags": len(rows), "processes": len(process_ids)})
    return counts


# --- Thai budget projects -------------------------------------------------------------------

def _budget_text(row: tuple[str, str, str, str, str]) -> tuple[str, tuple[str | None, str | None, str | None]]:
    """Search document and place of one line (pure text work: runs in worker processes)."""
    name, ministry, agency, plan, single_province = row
    place = resolve_place(name)
    names = (place.province, place.district, place.subdistrict) if place else (None, None, None)
    if names[0] is None and single_province:
        names = (single_province, None, None)
    return _search_doc(name, ministry, agency, plan), names


def _text_map(rows: list[tuple[str, str, str, str, str]]) -> list[tuple[str, tuple[str | None, str | None, str | None]]]:
    workers = min(os.cpu_count() or 1, 4)
    if workers < 2 or len(rows) < 2000:
        return [_budget_text(r) for r in rows]
    # Segmentation is pure Python and about 1.5 ms a line: use every core. Fork keeps the loaded
    # dictionary; the workers touch no database connection.
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return pool.map(_budget_text, rows, chunksize=200)


def import_budget(paths: Iterable[Path | str], *, by: Any = None, demo: bool = False,
                  progress: Callable[[str], None] | None = None) -> ImportResult:
    """Import budget export files (JSON Lines). Broken lines are reported as file:line and skipped."""
    result = ImportResult("budget")
    gazetteer = Gazetteer()
    # Load the word list and gazetteer before worker processes fork, so they share them
    # instead of each building its own (seconds per worker).
    _budget_text(("ก่อสร้างถนน ตำบลบางพลีใหญ่ อำเภอบางพลี จังหวัดสมุทรปราการ", "", "", "", ""))
    have: set[tuple[str, int]] = set(BudgetProject.objects.values_list("digest", "occurrence"))
    occurrences: Counter[str] = Counter()
    sources = [str(p) for p in paths]
    pending: list[tuple[str, int, dict[str, Any]]] = []

    def flush() -> None:
        if not pending:
            return
        texts = _text_map([(
            str(o.get("name") or ""), str(o.get("min") or ""), str(o.get("agc") or ""), str(o.get("plan_name") or ""),
            _single_province(o)) for _d, _n, o in pending])
        rows = []
        for (d, n, o), (doc, names) in zip(pending, texts, strict=True):
            pid, did, sid = gazetteer.ids(*names)
            rows.append(BudgetProject(
                digest=d, occurrence=n, bb_code=str(o.get("bb_code") or "")[:40], bb_year=int(o["bb_year"]),
                amount=int(o.get("amount") or 0), name=str(o.get("name") or ""), ministry=str(o.get("min") or "")[:300],
                ministry_code=str(o.get("min_code") or "")[:20], agency=str(o.get("agc") or "")[:300],
                agency_code=str(o.get("agc_code") or "")[:20], plan=str(o.get("plan_name") or ""),
                strategy=str(o.get("stg_name") or ""), budget_type=str(o.get("objc_level1_name") or "")[:200],
                province_id=pid, district_id=did, subdistrict_id=sid, data=o, search_doc=doc, is_demo=demo))
        with transaction.atomic():
            BudgetProject.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
        result.added += len(rows)
        pending.clear()
        if progress:
            progress(result.summary())

    for path in sources:
        try:
            fh = ocds._open(path)
        except OSError as exc:
            result.problems.append(ocds.Problem(path, f"unreadable ({exc})"))
            continue
        with fh:
            for number, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                place = f"{path}:{number}"
                try:
                    obj = orjson.loads(line)
                except orjson.JSONDecodeError as exc:
                    result.problems.append(ocds.Problem(place, f"invalid JSON ({str(exc)[:80]})"))
                    continue
                problem = _budget_problem(obj)
                if problem:
                    result.problems.append(ocds.Problem(place, problem))
                    continue
                result.read += 1
                d = hashlib.sha256(orjson.dumps(obj, option=orjson.OPT_SORT_KEYS)).hexdigest()
                occurrences[d] += 1
                if (d, occurrences[d]) in have:
                    result.unchanged += 1
                    continue
                pending.append((d, occurrences[d], obj))
                if len(pending) >= BUDGET_BATCH:
                    flush()
    flush()
    with transaction.atomic():
        run_row = ImportRun.objects.create(kind="budget", sources=sources[:200], added=result.added,
                                           unchanged=result.unchanged,
                                           errors=[str(p) for p in result.problems[:1000]])
        record("opendata.budget_import", actor=by, target=run_row,
               data={"files": len(sources), "added": result.added, "problems": len(result.problems)})
    result.run_id = run_row.pk
    return result


def _single_province(obj: dict[str, Any]) -> str:
    provinces = {c.get("bb_province") for c in obj.get("compare") or [] if isinstance(c, dict)}
    provinces.discard(None)
    return str(provinces.pop()) if len(provinces) == 1 else ""


def _budget_problem(obj: Any) -> str:
    if not isinstance(obj, dict):
        return "not a JSON object"
    year = str(obj.get("bb_year") or "")
    if not year.isdigit():
        return "bb_year is not a year"
    if not isinstance(obj.get("amount"), int | float) or isinstance(obj.get("amount"), bool):
        return "amount is not a number"
    if not obj.get("bb_code") or not obj.get("name"):
        return "bb_code or name missing"
    return ""
