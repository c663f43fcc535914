"""Every change to open data goes through here, and each import run writes one audit entry.

Imports are idempotent: releases are keyed by (ocid, content hash), budget lines by (content
hash, occurrence), so importing the same data twice adds nothing and recompiles nothing.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import orjson
from django.db import connection, models, transaction
from django.db.models.functions import Cast
from django.utils import timezone

from phalang.audit.log import record
from phalang.engines.redflags import load_settings, run
from phalang.engines.thaitext import index_document, resolve_place
from phalang.opendata import ocds, vocabulary
from phalang.opendata.extract import PartyRef, extract
from phalang.opendata.models import (
    BudgetProject,
    ContractingProcess,
    Entity,
    Flag,
    ImportRun,
    ProcessParty,
    Release,
)
from phalang.opendata.prepare import Fix, prepare
from phalang.places.models import District, Province, Subdistrict

BATCH = 1000
R = TypeVar("R")
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
    # What prepare fixed or could not use, per field and kind of fix: "awards: an object where …".
    fixes: Counter[str] = field(default_factory=Counter)
    # Per kind of fix: the first few processes (ocid) it touched, and how many it touched.
    fix_examples: dict[str, list[str]] = field(default_factory=dict)
    fix_processes: Counter[str] = field(default_factory=Counter)
    _last_ocid: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        """The counts that apply to this kind of import (a budget import has no processes)."""
        text = f"read {self.read}, added {self.added}, unchanged {self.unchanged}, "
        if self.kind == "ocds":
            text += f"processes updated {self.processes}, "
        text += f"problems {len(self.problems)}"
        if self.fixes:
            text += f", prepare fixes {sum(self.fixes.values())}"
        return text

    def add_fixes(self, fixes: Iterable[Fix], ocid: str = "") -> None:
        for fix in fixes:
            kind = f"{fix.kind}: {fix.general}"
            self.fixes[kind] += 1
            if ocid and self._last_ocid.get(kind) != ocid:  # a process's fixes come together
                self._last_ocid[kind] = ocid
                self.fix_processes[kind] += 1
                examples = self.fix_examples.setdefault(kind, [])
                if len(examples) < FIX_EXAMPLES:
                    examples.append(ocid)

    def fix_lines(self) -> list[str]:
        """One line per kind of fix, naming the first few processes it touched:
        "prepared 52 × tender.value.amount: not a number: left out (ocds-a, ocds-b, ocds-c and 49 more)"."""
        lines = []
        for kind, count in sorted(self.fixes.items()):
            line = f"prepared {count} × {kind}"
            examples = self.fix_examples.get(kind)
            if examples:
                more = self.fix_processes[kind] - len(examples)
                line += f" ({', '.join(examples)}{f' and {more} more' if more > 0 else ''})"
            lines.append(line)
        return lines


FIX_EXAMPLES = 3
FIX_HINT = "every release and fix: phalang ocds prepare PATH... (prints each fix with its file and ocid)"


# --- places ---------------------------------------------------------------------------------

class Gazetteer:
    """Names -> rows of the places tables, loaded once per import."""

    def __init__(self) -> None:
        # Plain tuples: building ~7,500 model instances was most of a small import's time.
        self.provinces = {name: pk for pk, name in Province.objects.values_list("pk", "name_th")}
        self.districts = {(province, name): pk
                          for pk, province, name in District.objects.values_list("pk", "province_id", "name_th")}
        self.subdistricts = {(district, name): pk
                             for pk, district, name in Subdistrict.objects.values_list("pk", "district_id", "name_th")}

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


def _warm_text_engine() -> None:
    """Load the word list and gazetteer now, so worker processes forked later share them instead
    of each building its own (seconds per worker)."""
    _search_doc("ก่อสร้างถนน ตำบลบางพลีใหญ่ อำเภอบางพลี จังหวัดสมุทรปราการ")
    resolve_place("ตำบลบางพลีใหญ่ อำเภอบางพลี จังหวัดสมุทรปราการ")


# --- OCDS -----------------------------------------------------------------------------------
#
# The import is a pipeline. Units (a raw JSON Lines line, or a release read from a package) are
# prepared in batches: parsed, hashed, serialised, and compiled, extracted and indexed as if the
# release were its process's only one. That work is pure Python, so once an import proves large it
# moves to a fork pool. The main process then writes each batch in one transaction: the releases
# not stored yet, the processes whose compiled release changed, their parties. A release that
# shares its process with other releases (stored, or in the same batch) is compiled again from
# all of them, as before. On PostgreSQL, rows go in with COPY.

UNITS_PER_TASK = 250
INLINE_UNITS = 2000  # below this, an import never starts worker processes
ENTITY_CACHE = 300_000


@dataclass(slots=True)
class _ProcessRow:
    """A contracting process as the database stores it, before organisations and places get ids."""

    digest: str
    compiled_json: str
    values: dict[str, Any]
    province: str | None
    buyer: tuple[str, str] | None
    procuring_entity: tuple[str, str] | None
    parties: list[PartyRef]
    fixes: list[Fix]


@dataclass(slots=True)
class _Prepared:
    item_ocid: str
    digest: str
    compiled: bool
    place: str
    release_id: str
    date: str
    data_json: str
    # The process if this release is its only one (None when that could not be computed).
    process: _ProcessRow | None


def _process_row(ocid: str, releases: list[dict[str, Any]], compiled: list[dict[str, Any]],
                 known: tuple[str, str] | None = None) -> _ProcessRow:
    """Compile one process and read its columns. ``known`` is (digest, JSON) of a lone compiled
    release, which is its own compiled release."""
    # Prepare the inputs too: ocdsmerge needs arrays where the schema has them.
    early = [fix for r in (*releases, *compiled) for fix in prepare(r)]
    release = ocds.compile_releases(releases, compiled)
    fixes = prepare(release) if releases else []  # a compiled release as published is prepared above
    if early or fixes:
        known = None
        fixes = list(dict.fromkeys([*early, *fixes]))  # once per process, not per release
    release_digest, release_json = known or (ocds.digest(release), orjson.dumps(release).decode())
    x = extract(release)
    place = resolve_place(x.place_text) if x.place_text else None
    buyer, pe = x.buyer(), x.procuring_entity()
    values = dict(
        title=x.title[:2000], description=x.description[:5000],
        method=x.method, method_details=x.method_details, status=x.status, tender_value=x.tender_value,
        award_value=x.award_value, currency=x.currency[:3], tenderers=x.tenderers, date=x.date,
        tender_start=x.tender_start, award_date=x.award_date, year=x.year,
        search_doc=_search_doc(ocid.lower(), x.title, x.description[:500],
                               *sorted({p.name for p in x.parties if p.role in ("buyer", "supplier")})),
    )
    return _ProcessRow(release_digest, release_json, values, place.province if place else None,
                       buyer.key if buyer else None, pe.key if pe else None, x.parties, fixes)


def _prepare(units: list[ocds.Item | ocds.Line]) -> tuple[list[_Prepared], list[ocds.Problem]]:
    """Pure work on a few hundred units; runs in worker processes (no database here)."""
    problems: list[ocds.Problem] = []
    out: list[_Prepared] = []
    for unit in units:
        for item in ocds.items_of_line(unit, problems) if isinstance(unit, ocds.Line) else (unit,):
            try:
                data_json = orjson.dumps(item.data).decode()
            except orjson.JSONEncodeError as exc:  # e.g. a lone surrogate read from a package
                problems.append(ocds.Problem(item.place, f"cannot be stored ({str(exc)[:80]})"))
                continue
            if "\\u0000" in data_json:  # PostgreSQL's JSON type refuses it
                problems.append(ocds.Problem(item.place, "cannot be stored (a NUL character, \\u0000)"))
                continue
            item_digest = ocds.digest(item.data)
            process: _ProcessRow | None
            try:
                if item.compiled:
                    process = _process_row(item.ocid, [], [item.data], (item_digest, data_json))
                else:
                    process = _process_row(item.ocid, [item.data], [])
            except Exception:  # compiled again in the main process, which reports it
                process = None
            out.append(_Prepared(item.ocid, item_digest, item.compiled, item.place,
                                 str(item.data.get("id") or "")[:300], str(item.data.get("date") or "")[:40],
                                 data_json, process))
    return out, problems


def _chunks(units: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for unit in units:
        chunk.append(unit)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _import_workers() -> int:
    configured = os.environ.get("PHALANG_IMPORT_WORKERS", "")
    if configured.isdigit():
        return int(configured)
    return min(os.cpu_count() or 1, 4)


def _ordered_map(func: Callable[[list[Any]], R], chunks: Iterator[list[Any]]) -> Iterator[R]:
    """``func`` over chunks, results in input order: inline at first, then (a large import) in a
    fork pool with a bounded number of chunks in flight, so memory stays constant. The pool lives
    for the whole import, so its workers' text caches stay warm."""
    done = 0
    for chunk in chunks:
        yield func(chunk)
        done += len(chunk)
        if done >= INLINE_UNITS:
            break
    else:
        return
    workers = _import_workers()
    if workers < 2:
        yield from map(func, chunks)
        return
    # Fork keeps the loaded word lists and gazetteer; the workers touch no database connection.
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pending: deque[Any] = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(func, (chunk,)))
            while len(pending) > 2 * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def _prepared(units: Iterator[ocds.Item | ocds.Line]) -> Iterator[tuple[list[_Prepared], list[ocds.Problem]]]:
    return _ordered_map(_prepare, _chunks(units, UNITS_PER_TASK))


def _db_value(value: Any) -> Any:
    if isinstance(value, datetime) and connection.vendor != "postgresql":
        return connection.ops.adapt_datetimefield_value(value)
    return value


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column
    return field.column


def _insert(model: type[models.Model], fields: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert prepared rows (JSON already serialised): COPY on PostgreSQL, executemany elsewhere.
    Callers have checked, under the import lock, that the rows are new."""
    if not rows:
        return
    qn = connection.ops.quote_name
    columns = ", ".join(qn(_column(model, f)) for f in fields)
    table = qn(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            # Many rows per statement: SQLite runs each statement in a sub-transaction, and the
            # full-text index behind the search triggers writes a segment per sub-transaction.
            marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
            per_statement = max(1, min(500, 30_000 // len(fields)))
            for i in range(0, len(rows), per_statement):
                chunk = rows[i:i + per_statement]
                cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {', '.join([marks] * len(chunk))}",
                               [_db_value(v) for row in chunk for v in row])


def _batch_settings() -> list[str]:
    """Statements that start each import transaction on PostgreSQL: one import batch at a time
    (what a batch found missing is still missing when it writes, so plain COPY cannot meet a
    duplicate); no wait for the disk at commit (a batch lost in a crash is imported again next
    time); and lz4 for the large JSON values when the server has it (about half the cost of
    pglz to write, the same size, read transparently)."""
    if connection.vendor != "postgresql":
        return []
    statements = [f"SELECT pg_advisory_xact_lock({IMPORT_LOCK})", "SET LOCAL synchronous_commit = off"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'")
        row = cursor.fetchone()
    if row and "lz4" in (row[0] or []):
        statements.append("SET LOCAL default_toast_compression = 'lz4'")
    return statements


IMPORT_LOCK = 0x0CD5_0001


class _Entities:
    """(scheme, id) -> entity id, created when missing; names fill in when empty. Remembers what it
    saw (bounded), since the same buyers and suppliers recur across a large import."""

    def __init__(self) -> None:
        self.known: dict[tuple[str, str], tuple[int, bool]] = {}

    def _load(self, keys: Iterable[tuple[str, str]]) -> None:
        by_scheme: dict[str, list[str]] = defaultdict(list)
        for scheme, ident in keys:
            by_scheme[scheme].append(ident)
        for scheme, ids in by_scheme.items():
            for i in range(0, len(ids), 500):
                for pk, ident, name in Entity.objects.filter(scheme=scheme, identifier__in=ids[i:i + 500]).values_list(
                        "pk", "identifier", "name"):
                    self.known[(scheme, ident)] = (pk, bool(name))

    def ids(self, names: dict[tuple[str, str], str]) -> dict[tuple[str, str], int]:
        if len(self.known) > ENTITY_CACHE:
            self.known.clear()
        missing = [k for k in names if k not in self.known]
        if missing:
            self._load(missing)
            new = [Entity(scheme=k[0], identifier=k[1], name=names[k], search_doc=_search_doc(names[k], k[1]))
                   for k in missing if k not in self.known]
            if new:
                Entity.objects.bulk_create(new, ignore_conflicts=True)
                self._load((e.scheme, e.identifier) for e in new)
        for k, name in names.items():
            pk, has_name = self.known[k]
            if name and not has_name:
                Entity.objects.filter(pk=pk, name="").update(name=name, search_doc=_search_doc(name, k[1]))
                self.known[k] = (pk, True)
        return {k: self.known[k][0] for k in names}


RELEASE_FIELDS = ["ocid", "digest", "release_id", "date", "compiled", "data", "source", "imported_at"]
PROCESS_FIELDS = ["ocid", "compiled_release", "digest", "title", "description", "buyer", "procuring_entity",
                  "method", "method_details", "status", "tender_value", "award_value", "currency", "tenderers",
                  "date", "tender_start", "award_date", "year", "province", "search_doc", "is_demo", "updated_at"]
PARTY_FIELDS = ["process", "entity", "role", "party_id", "amount"]


def _write_batch(batch: list[_Prepared], gazetteer: Gazetteer, entities: _Entities, demo: bool,
                 result: ImportResult, settings: list[str]) -> None:
    """Store one batch of prepared releases and (re)write the processes they change."""
    with connection.cursor() as cursor:
        for statement in settings:
            cursor.execute(statement)
    unique: dict[tuple[str, str], _Prepared] = {}
    for p in batch:
        unique.setdefault((p.item_ocid, p.digest), p)
    stored: dict[str, set[str]] = defaultdict(set)
    for ocid, digest in Release.objects.filter(ocid__in={k[0] for k in unique}).values_list("ocid", "digest"):
        stored[ocid].add(digest)
    new = [p for k, p in unique.items() if k[1] not in stored.get(k[0], ())]
    result.added += len(new)
    result.unchanged += len(batch) - len(new)
    if not new:
        return
    now = timezone.now()
    _insert(Release, RELEASE_FIELDS, [
        (p.item_ocid[:200], p.digest, p.release_id, p.date, p.compiled, p.data_json, p.place[:300], now)
        for p in new])

    by_ocid: dict[str, list[_Prepared]] = defaultdict(list)
    for p in new:
        by_ocid[p.item_ocid].append(p)
    rows: dict[str, _ProcessRow] = {}
    recompile: set[str] = set()
    for ocid, prepared in by_ocid.items():
        lone = prepared[0].process
        if ocid in stored or len(prepared) > 1 or lone is None:
            recompile.add(ocid)
        else:
            rows[ocid] = lone
    if recompile:
        gathered: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = defaultdict(lambda: ([], []))
        for ocid, data, is_compiled in Release.objects.filter(ocid__in=recompile).values_list(
                "ocid", "data", "compiled"):
            gathered[ocid][1 if is_compiled else 0].append(data)
        for ocid in sorted(recompile):
            rows[ocid] = _process_row(ocid, *gathered[ocid])

    existing = {ocid: (pk, digest, is_demo) for ocid, pk, digest, is_demo in ContractingProcess.objects.filter(
        ocid__in=list(rows)).values_list("ocid", "pk", "digest", "is_demo")}
    changed = {ocid: row for ocid, row in sorted(rows.items())
               if ocid not in existing or existing[ocid][1] != row.digest}
    if not changed:
        return
    for ocid, row in changed.items():
        result.add_fixes(row.fixes, ocid)
    names: dict[tuple[str, str], str] = {}
    for row in changed.values():
        for party in row.parties:
            names.setdefault(party.key, party.name)
    entity_ids = entities.ids(names)

    def columns(row: _ProcessRow) -> dict[str, Any]:
        return dict(row.values, buyer_id=entity_ids[row.buyer] if row.buyer else None,
                    procuring_entity_id=entity_ids[row.procuring_entity] if row.procuring_entity else None,
                    province_id=gazetteer.ids(row.province)[0] if row.province else None)

    inserts = []
    for ocid, row in changed.items():
        if ocid in existing:
            pk, _digest, was_demo = existing[ocid]
            ContractingProcess.objects.filter(pk=pk).update(
                compiled_release=orjson.loads(row.compiled_json), digest=row.digest, is_demo=demo or was_demo,
                updated_at=now, **columns(row))
        else:
            c = columns(row)
            inserts.append((ocid, row.compiled_json, row.digest, c["title"], c["description"], c["buyer_id"],
                            c["procuring_entity_id"], c["method"], c["method_details"], c["status"],
                            c["tender_value"], c["award_value"], c["currency"], c["tenderers"], c["date"],
                            c["tender_start"], c["award_date"], c["year"], c["province_id"], c["search_doc"], demo,
                            now))
    _insert(ContractingProcess, PROCESS_FIELDS, inserts)
    updated = [existing[ocid][0] for ocid in changed if ocid in existing]
    if updated:
        ProcessParty.objects.filter(process_id__in=updated).delete()
    process_ids = {ocid: existing[ocid][0] for ocid in changed if ocid in existing}
    if inserts:
        process_ids.update(ContractingProcess.objects.filter(ocid__in=[r[0] for r in inserts]).values_list(
            "ocid", "pk"))
    _insert(ProcessParty, PARTY_FIELDS, [
        (process_ids[ocid], entity_ids[p.key], p.role, p.party_id, p.amount)
        for ocid, row in changed.items() for p in row.parties])
    result.processes += len(changed)


def import_ocds(paths: Iterable[Path | str], *, by: Any = None, uploads: list[tuple[str, bytes]] | None = None,
                flags: bool = True, demo: bool = False, progress: Callable[[str], None] | None = None) -> ImportResult:
    """Import OCDS files (and uploaded files' bytes); recompute red flags if anything changed."""
    result = ImportResult("ocds")
    gazetteer = Gazetteer()
    entities = _Entities()
    sources: list[str] = []
    settings = _batch_settings()
    _warm_text_engine()

    notes: list[ocds.Problem] = []

    def units() -> Iterator[ocds.Item | ocds.Line]:
        for path in ocds.expand(paths):
            sources.append(str(path))
            yield from ocds.units(path, result.problems, notes=notes)
        for name, data in uploads or []:
            sources.append(name)
            yield from ocds.units(name, result.problems, data=data, name=name, notes=notes)

    batch: list[_Prepared] = []

    def flush() -> None:
        result.read += len(batch)
        with transaction.atomic():
            _write_batch(batch, gazetteer, entities, demo, result, settings)
        batch.clear()
        if progress:
            progress(result.summary())

    for prepared, problems in _prepared(units()):
        result.problems.extend(problems)
        batch.extend(prepared)
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    for note in notes:  # what was fixed in a file as a whole: "file: a UTF-8 byte order mark …"
        result.fixes[f"file: {note.message}"] += 1
    with transaction.atomic():
        run_row = ImportRun.objects.create(
            kind="ocds", sources=sources[:200], added=result.added, unchanged=result.unchanged,
            processes=result.processes, errors=[str(p) for p in result.problems[:1000]])
        record("opendata.ocds_import", actor=by, target=run_row,
               data={"files": len(sources), "added": result.added, "processes": result.processes,
                     "problems": len(result.problems)})
    result.run_id = run_row.pk
    if result.processes:
        vocabulary.refresh()
    if flags and result.processes:
        compute_flags(by=by)
    return result


def _settings_path() -> str | None:
    # An INI file in Cardinal's format (docs/engines/redflags.md); every rule with defaults if unset.
    return os.environ.get("PHALANG_REDFLAGS_SETTINGS") or None


FLAG_FIELDS = ["process", "entity", "group", "code", "value", "threshold"]


def compute_flags(*, by: Any = None) -> dict[str, int]:
    """Run the red-flag engine over every compiled release and replace the stored flags.

    Rules that compare organisations need the whole data set, so this always runs over all of it.
    The compiled releases are read as text and parsed with orjson, a chunk at a time.
    """
    settings = load_settings(_settings_path())

    def releases() -> Iterator[dict[str, Any]]:
        texts = ContractingProcess.objects.annotate(text=Cast("compiled_release", models.TextField())).values_list(
            "text", flat=True)
        for text in texts.iterator(chunk_size=2000):
            yield orjson.loads(text)

    results = run(releases(), settings)
    group_roles = {"Buyer": ["buyer"], "ProcuringEntity": ["procuringEntity"], "Tenderer": ["tenderer", "supplier"]}
    counts: Counter[str] = Counter()
    total = 0

    def write(rows: list[tuple[Any, ...]]) -> None:
        nonlocal total
        _insert(Flag, FLAG_FIELDS, rows)
        counts.update(r[3] for r in rows)
        total += len(rows)
        rows.clear()

    with transaction.atomic():
        Flag.objects.all().delete()
        rows: list[tuple[Any, ...]] = []
        flagged_processes = results.groups.get("OCID", {})
        ocids = list(flagged_processes)
        for i in range(0, len(ocids), 2000):
            for ocid, pk in ContractingProcess.objects.filter(ocid__in=ocids[i:i + 2000]).values_list("ocid", "pk"):
                rows.extend((pk, None, "OCID", c, v, results.threshold("OCID", ocid, c))
                            for c, v in flagged_processes[ocid].items())
            if len(rows) >= 5000:
                write(rows)
        for group, roles in group_roles.items():
            flagged = results.groups.get(group, {})
            party_ids = list(flagged)
            for i in range(0, len(party_ids), 2000):
                entity_of: dict[str, set[int]] = defaultdict(set)
                for party_id, entity_id in ProcessParty.objects.filter(
                        role__in=roles, party_id__in=party_ids[i:i + 2000]).values_list("party_id", "entity_id"):
                    entity_of[party_id].add(entity_id)
                for party_id in party_ids[i:i + 2000]:
                    for entity_id in entity_of.get(party_id, ()):
                        rows.extend((None, entity_id, group, c, v, results.threshold(group, party_id, c))
                                    for c, v in flagged[party_id].items())
                if len(rows) >= 5000:
                    write(rows)
        write(rows)
        record("opendata.flags_computed", actor=by, data={"flags": total, "processes": results.lines})
    return dict(counts)


# --- Thai budget projects -------------------------------------------------------------------

def _budget_text(row: tuple[str, str, str, str, str, tuple[str, ...]]
                 ) -> tuple[str, tuple[str | None, str | None, str | None]]:
    """Search document and place of one line (pure text work: runs in worker processes)."""
    name, ministry, agency, plan, single_province, listed = row
    # The place the name gives, among the provinces the line itself lists: a bare name that
    # fits a subdistrict elsewhere (a soi, a village) does not move the line there.
    place = resolve_place(name, within=listed)
    names = (place.province, place.district, place.subdistrict) if place else (None, None, None)
    if names[0] is None and single_province:
        names = (single_province, None, None)
    return _search_doc(name, ministry, agency, plan), names


_BudgetLine = tuple[str, int, dict[str, Any]]  # digest, occurrence, the line
_BudgetText = tuple[str, tuple[str | None, str | None, str | None]]


def _budget_texts(lines: list[_BudgetLine]) -> list[_BudgetText]:
    return [_budget_text((str(o.get("name") or ""), str(o.get("min") or ""), str(o.get("agc") or ""),
                          str(o.get("plan_name") or ""), _single_province(o), listed_provinces(o)))
            for _d, _n, o in lines]


BUDGET_FIELDS = ["digest", "occurrence", "bb_code", "bb_year", "amount", "name", "ministry", "ministry_code", "agency",
                 "agency_code", "plan", "strategy", "budget_type", "province", "district", "subdistrict", "data",
                 "search_doc", "is_demo", "disbursed", "nationwide"]


def import_budget(paths: Iterable[Path | str], *, by: Any = None, demo: bool = False,
                  progress: Callable[[str], None] | None = None) -> ImportResult:
    """Import budget export files (JSON Lines). Broken lines are reported as file:line and skipped.

    Lines already stored are skipped before any text work. The rest stream through the Thai
    text work (segmentation and place names, in a fork pool once the import proves large) while
    the main process writes the previous chunks, one transaction per batch.
    """
    result = ImportResult("budget")
    gazetteer = Gazetteer()
    settings = _batch_settings()
    _warm_text_engine()
    have: set[tuple[str, int]] = set(BudgetProject.objects.values_list("digest", "occurrence"))
    occurrences: Counter[str] = Counter()
    sources = [str(p) for p in paths]

    def new_lines() -> Iterator[_BudgetLine]:
        for path in sources:
            try:
                fh = ocds._open(path)
            except (OSError, EOFError) as exc:
                result.problems.append(ocds.Problem(path, f"unreadable ({exc})"))
                continue
            with fh:
                try:
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
                        yield d, occurrences[d], obj
                except (OSError, EOFError) as exc:  # a truncated gzip stream
                    result.problems.append(ocds.Problem(path, f"unreadable ({str(exc)[:120]})"))

    def write(rows: list[tuple[Any, ...]]) -> None:
        with transaction.atomic():
            with connection.cursor() as cursor:
                for statement in settings:
                    cursor.execute(statement)
            # Under the import lock: another import may have stored some of these meanwhile.
            stored = set(BudgetProject.objects.filter(digest__in={r[0] for r in rows}).values_list(
                "digest", "occurrence"))
            fresh = [r for r in rows if (r[0], r[1]) not in stored]
            _insert(BudgetProject, BUDGET_FIELDS, fresh)
        result.added += len(fresh)
        result.unchanged += len(rows) - len(fresh)
        rows.clear()
        if progress:
            progress(result.summary())

    pending: list[_BudgetLine] = []
    rows: list[tuple[Any, ...]] = []

    def chunks() -> Iterator[list[_BudgetLine]]:
        for chunk in _chunks(new_lines(), 200):
            pending.extend(chunk)
            yield chunk

    for texts in _ordered_map(_budget_texts, chunks()):
        for (d, n, o), (doc, names) in zip(pending[:len(texts)], texts, strict=True):
            pid, did, sid = gazetteer.ids(*names)
            rows.append((
                d, n, str(o.get("bb_code") or "")[:40], int(o["bb_year"]), int(o.get("amount") or 0),
                str(o.get("name") or ""), str(o.get("min") or "")[:300], str(o.get("min_code") or "")[:20],
                str(o.get("agc") or "")[:300], str(o.get("agc_code") or "")[:20], str(o.get("plan_name") or ""),
                str(o.get("stg_name") or ""), str(o.get("objc_level1_name") or "")[:200], pid, did, sid,
                orjson.dumps(o).decode(), doc, demo, disbursed(o), is_nationwide(o)))
        del pending[:len(texts)]
        if len(rows) >= BUDGET_BATCH:
            write(rows)
    if rows:
        write(rows)
    with transaction.atomic():
        run_row = ImportRun.objects.create(kind="budget", sources=sources[:200], added=result.added,
                                           unchanged=result.unchanged,
                                           errors=[str(p) for p in result.problems[:1000]])
        record("opendata.budget_import", actor=by, target=run_row,
               data={"files": len(sources), "added": result.added, "problems": len(result.problems)})
    result.run_id = run_row.pk
    if result.added:
        vocabulary.refresh()
    return result


CENTRAL = "ส่วนกลาง"  # the export's province for a programme run from the centre, nationwide


def _compare(obj: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in obj.get("compare") or [] if isinstance(c, dict)]


def listed_provinces(obj: dict[str, Any]) -> tuple[str, ...]:
    """Every province the line's ``compare`` names (as budgeted), in order."""
    return tuple(dict.fromkeys(str(c["bb_province"]) for c in _compare(obj) if c.get("bb_province")))


def is_nationwide(obj: dict[str, Any]) -> bool:
    """A central programme: the disbursement side says ส่วนกลาง. Its budget is booked under
    Bangkok (the ministry's seat), which is not where the money goes."""
    return any(c.get("gf_province") == CENTRAL for c in _compare(obj))


def disbursed(obj: dict[str, Any]) -> int | None:
    """Baht disbursed (GFMIS ``gf_amount``): the line's total, else the sum over provinces; None
    when no province has a disbursement record (the export then writes a total of 0, which is not
    a fact: "no data", not "nothing paid")."""
    total = obj.get("gf_amount_sum")
    amounts = [c["gf_amount"] for c in _compare(obj) if isinstance(c.get("gf_amount"), int | float)
               and not isinstance(c.get("gf_amount"), bool)]
    if not isinstance(total, int | float) or isinstance(total, bool) or (total == 0 and not amounts):
        total = sum(amounts) if amounts else None
    return round(total) if total is not None else None


def _single_province(obj: dict[str, Any]) -> str:
    """The one province a line is budgeted in, not counting the Bangkok booking of a central
    programme (those lines are nationwide, so a province view must not count them)."""
    provinces = {c.get("bb_province") for c in _compare(obj) if c.get("gf_province") != CENTRAL}
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


# --- search documents -----------------------------------------------------------------------

def reindex_search(*, by: Any = None, progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Rebuild every search document with the text engine as it is now (after an engine change:
    accents folded, English province names, …). The full-text indexes follow by their triggers."""
    counts: dict[str, int] = {}

    def rewrite(model: type[models.Model], docs: Iterator[tuple[int, str]], name: str) -> None:
        changed = 0
        batch: list[models.Model] = []
        for pk, doc in docs:
            batch.append(model(pk=pk, search_doc=doc))
            if len(batch) >= 1000:
                with transaction.atomic():
                    model._default_manager.bulk_update(batch, ["search_doc"])
                changed += len(batch)
                batch.clear()
                if progress:
                    progress(f"{name}: {changed}")
        if batch:
            with transaction.atomic():
                model._default_manager.bulk_update(batch, ["search_doc"])
            changed += len(batch)
        counts[name] = changed

    def processes() -> Iterator[tuple[int, str]]:
        texts = ContractingProcess.objects.annotate(text=Cast("compiled_release", models.TextField())).values_list(
            "pk", "ocid", "text")
        for pk, ocid, text in texts.iterator(chunk_size=1000):
            release = orjson.loads(text)
            if isinstance(release, dict):
                prepare(release)
            x = extract(release if isinstance(release, dict) else {})
            yield pk, _search_doc(ocid.lower(), x.title, x.description[:500],
                                  *sorted({p.name for p in x.parties if p.role in ("buyer", "supplier")}))

    def budget() -> Iterator[tuple[int, str]]:
        for pk, name, ministry, agency, plan in BudgetProject.objects.values_list(
                "pk", "name", "ministry", "agency", "plan").iterator(chunk_size=2000):
            yield pk, _search_doc(name, ministry, agency, plan)

    def organisations() -> Iterator[tuple[int, str]]:
        for pk, name, identifier in Entity.objects.values_list("pk", "name", "identifier").iterator(chunk_size=2000):
            yield pk, _search_doc(name, identifier)

    rewrite(ContractingProcess, processes(), "processes")
    rewrite(BudgetProject, budget(), "budget")
    rewrite(Entity, organisations(), "entities")
    vocabulary.refresh()
    record("opendata.search_reindexed", actor=by, data=counts)
    return counts
