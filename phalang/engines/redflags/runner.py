"""The streaming runner: read JSON Lines, fold every contracting process, merge, finalize.

A file is cut into byte ranges that end on line breaks; worker processes parse their ranges
with orjson and fold them into small partial results, which the parent merges in input order
(so "first currency seen" and line numbers in warnings are those of the file). Memory stays
bounded: at most two ranges per worker are in flight, and partials hold only what the rules
need (counts per organization, one ratio per priced process, flagged processes).
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import orjson

from phalang.engines.redflags.indicators import RULE_CLASSES, RULES
from phalang.engines.redflags.indicators.base import GROUPS, Partial, Rule, RuleInfo
from phalang.engines.redflags.indicators.second_lowest import SecondLowestBidRatio
from phalang.engines.redflags.process import Process
from phalang.engines.redflags.settings import RuleOptions, Settings, load_settings
from phalang.engines.redflags.stats import round4

# 32 MiB ranges: big enough that per-range overhead (a pickle of the partial) is noise, small
# enough to keep both cores busy to the end and memory per worker low.
CHUNK_BYTES = 32 * 1024 * 1024
# Below this, worker start-up costs more than it saves.
PARALLEL_MIN_BYTES = 8 * 1024 * 1024

Warn = Callable[[str], None]
# The top-level fields that decide which rules run on a release; order = bit in the mask.
FIELDS = ("awards", "bids", "buyer", "contracts", "tender", "parties")


@dataclass(frozen=True)
class Flag:
    """One raised flag, with the words to explain it."""

    code: str
    value: float
    info: RuleInfo
    # The limit the rule applied to this case (R003: the minimum days), where it states one.
    threshold: float | None = None


@dataclass
class Results:
    """Flags per group ("OCID", "Buyer", "ProcuringEntity", "Tenderer") and id."""

    groups: dict[str, dict[str, dict[str, float]]]
    meta: dict[str, dict[str, float]] = field(default_factory=dict)
    currency: str | None = None
    lines: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    # (group, key, code) -> the limit the rule applied to that flag (see Partial.thresholds).
    thresholds: dict[tuple[str, str, str], float] = field(default_factory=dict)

    def flags(self, group: str, key: str) -> list[Flag]:
        found = self.groups.get(group, {}).get(key, {})
        return [Flag(code, value, RULES[code], self.thresholds.get((group, key, code)))
                for code, value in sorted(found.items())]

    def threshold(self, group: str, key: str, code: str) -> float | None:
        return self.thresholds.get((group, key, code))

    def for_ocid(self, ocid: str) -> list[Flag]:
        return self.flags("OCID", ocid)

    def counts(self) -> dict[str, int]:
        return {group: len(ids) for group, ids in self.groups.items() if ids}

    def to_cardinal(self, meta: bool = True) -> dict[str, Any]:
        """The output object of ``ocdscardinal indicators``; empty groups are left out."""
        out: dict[str, Any] = {}
        for group in GROUPS:
            ids = self.groups.get(group)
            if ids:
                out[group] = {key: dict(sorted(codes.items())) for key, codes in ids.items()}
        if meta:
            out["Meta"] = {
                code: {name: round4(value) for name, value in figures.items()}
                for code, figures in self.meta.items()
            }
        return out


class Engine:
    """The enabled rules, and how to fold, merge and finalize with them."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        rules: list[Rule] = []
        if "R024" in settings.rules or "R058" in settings.rules:
            rules.append(SecondLowestBidRatio(RuleOptions("_second_lowest"), settings))
        for code, options in settings.rules.items():
            rules.append(RULE_CLASSES[code](options, settings))
        self.rules = rules
        # Per combination of present top-level fields, the rules worth calling: a call costs
        # about 0.2 µs, and fold time is what separates us from parsing alone.
        folding = [rule for rule in rules if type(rule).fold is not Rule.fold]
        self.folds_by_mask: list[list[Callable[[Process, Partial], None]]] = []
        for mask in range(1 << len(FIELDS)):
            present = {name for bit, name in enumerate(FIELDS) if mask >> bit & 1}
            self.folds_by_mask.append(
                [rule.fold for rule in folding if present.issuperset(rule.needs)]
            )
        self.excluded = frozenset(settings.excluded_procurement_method_details)

    def fold(self, release: Any, partial: Partial) -> None:
        if type(release) is not dict:
            return
        ocid = release.get("ocid")
        if type(ocid) is not str:
            return
        tender = release.get("tender")
        if type(tender) is dict:
            if tender.get("status") == "cancelled":
                return
            details = tender.get("procurementMethodDetails")
            if type(details) is str and details in self.excluded:
                return
        folds = self.folds_by_mask[
            ("awards" in release)
            | ("bids" in release) << 1
            | ("buyer" in release) << 2
            | ("contracts" in release) << 3
            | ("tender" in release) << 4
            | ("parties" in release) << 5
        ]
        if folds:
            process = Process(release, ocid)
            for fold in folds:
                fold(process, partial)

    def fold_bytes(self, data: bytes, partial: Partial) -> None:
        """Fold every line of ``data`` (whole lines); note broken JSON by line number."""
        view = memoryview(data)
        loads = orjson.loads
        fold = self.fold
        find = data.find
        size = len(data)
        position = 0
        number = 0
        while position < size:
            end = find(b"\n", position)
            if end == -1:
                end = size
            number += 1
            if end > position:
                try:
                    release = loads(view[position:end])
                except orjson.JSONDecodeError as error:
                    if data[position:end].strip():
                        partial.errors.append((number, str(error)))
                else:
                    fold(release, partial)
            position = end + 1
        partial.lines += number

    def merge(self, mine: Partial, theirs: Partial) -> Partial:
        """Add ``theirs`` (later in the input) into ``mine``."""
        for group in GROUPS:
            own = mine.groups[group]
            for key, codes in theirs.groups[group].items():
                entry = own.get(key)
                if entry is None:
                    own[key] = codes
                else:
                    entry.update(codes)
        mine.thresholds.update(theirs.thresholds)
        for rule in self.rules:
            if rule.code in theirs.state:
                if rule.code in mine.state:
                    mine.state[rule.code] = rule.merge(
                        mine.state[rule.code], theirs.state[rule.code]
                    )
                else:
                    mine.state[rule.code] = theirs.state[rule.code]
        if mine.currency is None:
            mine.currency = theirs.currency
        if mine.currency_any is None:
            mine.currency_any = theirs.currency_any
        mine.errors.extend((mine.lines + n, message) for n, message in theirs.errors)
        mine.lines += theirs.lines
        return mine

    def main_currency(self, partial: Partial) -> str | None:
        return self.settings.currency or partial.currency or partial.currency_any

    def finalize(self, partial: Partial) -> Results:
        currency = self.main_currency(partial)
        for rule in self.rules:
            rule.finalize(partial, currency)
        return Results(
            groups={g: ids for g, ids in partial.groups.items() if ids},
            meta={code: figures for code, figures in partial.meta.items()},
            currency=currency,
            lines=partial.lines,
            errors=partial.errors,
            thresholds=partial.thresholds,
        )


# Worker processes build their own Engine once, from the pickled settings.
_ENGINE: Engine | None = None


def _init_worker(settings: Settings) -> None:
    global _ENGINE
    _ENGINE = Engine(settings)


def _fold_task(task: tuple[str, int, int] | bytes) -> Partial:
    assert _ENGINE is not None
    partial = Partial()
    if isinstance(task, bytes):
        _ENGINE.fold_bytes(task, partial)
    else:
        path, start, end = task
        with open(path, "rb") as handle:
            handle.seek(start)
            _ENGINE.fold_bytes(handle.read(end - start), partial)
    return partial


def file_ranges(path: str | Path, chunk_bytes: int = CHUNK_BYTES) -> list[tuple[str, int, int]]:
    """Byte ranges of about chunk_bytes that start at a line start and end after a line break."""
    size = os.path.getsize(path)
    bounds = [0]
    with open(path, "rb") as handle:
        position = chunk_bytes
        while position < size:
            handle.seek(position)
            handle.readline()
            position = handle.tell()
            if position >= size:
                break
            bounds.append(position)
            position += chunk_bytes
    bounds.append(size)
    return [(str(path), a, b) for a, b in itertools.pairwise(bounds) if b > a]


def stream_blocks(stream: IO[bytes], chunk_bytes: int = CHUNK_BYTES) -> Iterator[bytes]:
    """Blocks of whole lines from a byte stream (standard input)."""
    rest = b""
    while True:
        block = stream.read(chunk_bytes)
        if not block:
            break
        block = rest + block
        cut = block.rfind(b"\n")
        if cut == -1:
            rest = block
            continue
        rest = block[cut + 1 :]
        yield block[: cut + 1]
    if rest:
        yield rest


def default_workers() -> int:
    return max(1, min(len(os.sched_getaffinity(0)), 8))


def _run_tasks(
    engine: Engine,
    tasks: Iterable[tuple[str, int, int] | bytes],
    workers: int,
    warn: Warn | None,
) -> Partial:
    total = Partial()
    reported = 0

    def absorb(partial: Partial) -> None:
        nonlocal reported
        engine.merge(total, partial)
        if warn is not None:
            for number, message in total.errors[reported:]:
                warn(f"Line {number} is invalid JSON, skipping. [{message}]")
            reported = len(total.errors)

    if workers <= 1:
        global _ENGINE
        _ENGINE = engine
        for task in tasks:
            absorb(_fold_task(task))
        return total

    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    with context.Pool(workers, initializer=_init_worker, initargs=(engine.settings,)) as pool:
        pending: deque[Any] = deque()
        for task in tasks:
            pending.append(pool.apply_async(_fold_task, (task,)))
            # Bound the work in flight, so reading standard input cannot outrun the workers.
            while len(pending) >= 2 * workers:
                absorb(pending.popleft().get())
        while pending:
            absorb(pending.popleft().get())
    return total


def run_file(
    path: str | Path,
    settings: Settings | None = None,
    workers: int | None = None,
    warn: Warn | None = None,
) -> Results:
    """Compute every enabled rule over a JSON Lines file of compiled releases ("-" = stdin)."""
    engine = Engine(settings or load_settings())
    if workers is None:
        workers = default_workers()
    if str(path) == "-":
        tasks: Iterable[Any] = stream_blocks(sys.stdin.buffer)
    else:
        if os.path.getsize(path) < PARALLEL_MIN_BYTES:
            workers = 1
        tasks = file_ranges(path)
    return engine.finalize(_run_tasks(engine, tasks, workers, warn))


def run(releases: Iterable[dict[str, Any]], settings: Settings | None = None) -> Results:
    """Compute every enabled rule over compiled releases already in memory (one process)."""
    engine = Engine(settings or load_settings())
    partial = Partial()
    for release in releases:
        partial.lines += 1
        engine.fold(release, partial)
    return engine.finalize(partial)
