"""Reading OCDS files as a stream, upgrading 1.0 to 1.1 and merging releases (no Django here).

Formats: release packages, record packages (pretty-printed or on one line), JSON Lines of
releases, records, compiled releases or packages; any of them gzipped. Packages are streamed with
ijson (installed with ocdskit, which uses it for the same purpose), JSON Lines line by line with
orjson, so memory stays bounded by the largest single release, not the file.

A broken file or line is reported as a ``Problem`` with its place and skipped.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import io
import logging
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import orjson

# ijson, ocdskit and ocdsmerge (with jsonref and requests behind it) are imported where an import
# runs, not when the web or a command starts (issue 19, docs/benchmarks.md "Command start-up").

# The OCDS 1.1 merge rules, as ocdsmerge derives them from the 1.1 release schema (the expected
# value in ocdsmerge's own tests/test_rules.py). ocdsmerge would otherwise download the schema
# from standard.open-contracting.org on first use; servers here may have no internet access.
MERGE_RULES_1_1: dict[tuple[str, ...], str] = {
    ("awards", "items", "additionalClassifications"): "wholeListMerge",
    ("contracts", "items", "additionalClassifications"): "wholeListMerge",
    ("contracts", "relatedProcesses", "relationship"): "wholeListMerge",
    ("date",): "omitWhenMerged",
    ("id",): "omitWhenMerged",
    ("parties", "additionalIdentifiers"): "wholeListMerge",
    ("parties", "roles"): "wholeListMerge",
    ("relatedProcesses", "relationship"): "wholeListMerge",
    ("tag",): "omitWhenMerged",
    ("tender", "additionalProcurementCategories"): "wholeListMerge",
    ("tender", "items", "additionalClassifications"): "wholeListMerge",
    ("tender", "submissionMethod"): "wholeListMerge",
    # Deprecated fields, still merged by the 1.1 rules.
    ("awards", "amendment", "changes"): "wholeListMerge",
    ("awards", "amendments", "changes"): "wholeListMerge",
    ("awards", "suppliers", "additionalIdentifiers"): "wholeListMerge",
    ("buyer", "additionalIdentifiers"): "wholeListMerge",
    ("contracts", "amendment", "changes"): "wholeListMerge",
    ("contracts", "amendments", "changes"): "wholeListMerge",
    ("contracts", "implementation", "transactions", "payee", "additionalIdentifiers"): "wholeListMerge",
    ("contracts", "implementation", "transactions", "payer", "additionalIdentifiers"): "wholeListMerge",
    ("tender", "amendment", "changes"): "wholeListMerge",
    ("tender", "amendments", "changes"): "wholeListMerge",
    ("tender", "procuringEntity", "additionalIdentifiers"): "wholeListMerge",
    ("tender", "tenderers", "additionalIdentifiers"): "wholeListMerge",
}


@functools.cache
def _merger() -> Any:
    from ocdsmerge import Merger

    return Merger(merge_rules=MERGE_RULES_1_1)

# ocdskit logs every party that differs between its roles while upgrading 1.0 data, with the
# whole party as JSON: thousands of lines for a normal import. The upgrade result is the same.
logging.getLogger("ocdskit").setLevel(logging.ERROR)


@dataclass(frozen=True)
class Problem:
    place: str  # "file" or "file:line"
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"

    @property
    def message_th(self) -> str:
        """The reason in Thai, with the technical English detail after it where there is one."""
        for prefix, thai in _THAI_REASONS:
            if self.message.startswith(prefix):
                detail = self.message[len(prefix):].strip(" ()")
                return f"{thai} ({detail})" if detail else thai
        if " has no date" in self.message:
            return f"รุ่นข้อมูล (release) ไม่มีวันที่ ({self.message})"
        if "has neither embedded releases nor a compiled release" in self.message:
            return f"ระเบียน (record) ไม่มีทั้ง releases และ compiledRelease ({self.message})"
        return self.message


# English reasons the import gives (ocds.py, actions.py) and what they say in Thai.
_THAI_REASONS = [
    ("invalid JSON", "ไม่ใช่ JSON ที่ถูกต้อง"),
    ("not a JSON object", "ไม่ใช่ออบเจกต์ JSON"),
    ("no ocid", "ไม่มี ocid"),
    ("ocid longer than 200 characters", "ocid ยาวเกิน 200 ตัวอักษร"),
    ("empty file", "ไฟล์ว่าง"),
    ("a UTF-8 byte order mark (BOM) at the start of the file: removed",
     "ต้นไฟล์มีเครื่องหมายลำดับไบต์ (BOM) ของ UTF-8: ตัดออกแล้ว"),
    ("unreadable", "อ่านไฟล์ไม่ได้"),
    ("cannot be stored", "บันทึกลงฐานข้อมูลไม่ได้"),
    ("bb_year is not a year", "bb_year ไม่ใช่ปี"),
    ("amount is not a number", "amount ไม่ใช่ตัวเลข"),
    ("bb_code or name missing", "ไม่มี bb_code หรือชื่อโครงการ"),
]


@dataclass(frozen=True)
class Item:
    """A release to store: an individual release, or a compiled release as published."""

    ocid: str
    data: dict[str, Any]
    compiled: bool
    place: str

    @property
    def digest(self) -> str:
        return digest(self.data)


def digest(data: Any) -> str:
    return hashlib.sha256(orjson.dumps(data, option=orjson.OPT_SORT_KEYS)).hexdigest()


BOM = b"\xef\xbb\xbf"
BOM_REMOVED = "a UTF-8 byte order mark (BOM) at the start of the file: removed"


def _skip_bom(fh: IO[bytes]) -> IO[bytes]:
    """Past a UTF-8 byte order mark, which some publishers' tools write and JSON parsers refuse."""
    if fh.read(3) != BOM:
        fh.seek(0)
    return fh


def _open(path: Path | str, data: bytes | None = None, skip_bom: bool = True) -> IO[bytes]:
    skip: Callable[[IO[bytes]], IO[bytes]] = _skip_bom if skip_bom else (lambda fh: fh)
    if data is not None:
        raw: IO[bytes] = io.BytesIO(data)
        if data[:2] == b"\x1f\x8b":
            return skip(gzip.GzipFile(fileobj=raw))  # type: ignore[arg-type]
        return skip(raw)
    with open(path, "rb") as fh:
        magic = fh.read(2)
    if magic == b"\x1f\x8b":
        return skip(gzip.open(path, "rb"))  # type: ignore[arg-type]
    return skip(open(path, "rb"))


def _is_empty(opener: Callable[[], IO[bytes]]) -> bool:
    """Nothing but white space (after a byte order mark): an empty file, not broken JSON."""
    with opener() as fh:
        while block := fh.read(65536):
            if block.strip():
                return False
    return True


def _is_jsonl(name: str, opener: Callable[[], IO[bytes]]) -> bool:
    lowered = name.lower().removesuffix(".gz")
    if lowered.endswith((".jsonl", ".ndjson")):
        return True
    # Otherwise: JSON Lines if the first line is a whole JSON object and more lines follow.
    with opener() as fh:
        first = fh.readline()
        second = fh.readline()
    if not second.strip():
        return False
    try:
        return isinstance(orjson.loads(first), dict)
    except orjson.JSONDecodeError:
        return False


def _upgrade_release(release: dict[str, Any], version: str | None) -> dict[str, Any]:
    # Without a package, a release with no "parties" is 1.0 (ocdskit's own rule).
    if (version or ("1.1" if "parties" in release else "1.0")) == "1.0":
        from ocdskit.upgrade import upgrade_release_10_11

        upgrade_release_10_11(release, reorder=False)
    return release


def _items_of(obj: Any, version: str | None, place: str, problems: list[Problem]) -> Iterator[Item]:
    """The storable releases in one object: a release, a record, or a whole package."""
    if not isinstance(obj, dict):
        problems.append(Problem(place, "not a JSON object"))
        return
    if "records" in obj or ("releases" in obj and "ocid" not in obj):
        pv = obj.get("version", "1.0")
        for key in ("records", "releases"):
            for i, sub in enumerate(obj.get(key) or []):
                yield from _items_of(sub, pv, f"{place} {key}[{i}]", problems)
        return
    ocid = obj.get("ocid")
    if not isinstance(ocid, str) or not ocid:
        problems.append(Problem(place, "no ocid"))
        return
    if len(ocid) > 200:
        problems.append(Problem(place, "ocid longer than 200 characters"))
        return
    if "releases" in obj or "compiledRelease" in obj:  # a record
        if version == "1.0" or (version is None and not any(
                isinstance(r, dict) and "parties" in r for r in obj.get("releases") or [])):
            from ocdskit.upgrade import upgrade_record_10_11

            upgrade_record_10_11(obj, reorder=False)
        embedded = [r for r in obj.get("releases") or [] if isinstance(r, dict) and not (
            "url" in r and len(r) <= 3)]  # linked releases (url, date, tag) carry no data
        for r in embedded:
            if isinstance(r.get("date"), str):
                yield Item(ocid, r, False, place)
        compiled = obj.get("compiledRelease")
        if isinstance(compiled, dict):
            yield Item(ocid, compiled, True, place)
        elif not embedded:
            problems.append(Problem(place, f"record {ocid} has neither embedded releases nor a compiled release"))
        return
    tags = obj.get("tag")
    is_compiled = isinstance(tags, list) and "compiled" in tags
    if not is_compiled and not isinstance(obj.get("date"), str):
        problems.append(Problem(place, f"release of {ocid} has no date"))
        return
    yield Item(ocid, _upgrade_release(obj, version), is_compiled, place)


def _package_items(name: str, opener: Callable[[], IO[bytes]], problems: list[Problem]) -> Iterator[Item]:
    import ijson

    # First pass: check the whole file is JSON and find the version and the arrays it holds,
    # so a broken file is skipped before anything of it is stored.
    version: str | None = None
    arrays: list[str] = []
    try:
        with opener() as fh:
            for prefix, event, value in ijson.parse(fh):
                if prefix == "version" and event == "string":
                    version = value
                elif prefix in ("releases", "records") and event == "start_array":
                    arrays.append(prefix)
                elif prefix == "" and event == "start_array":
                    arrays.append("item")  # a bare array of releases
    except (ijson.JSONError, ValueError, EOFError, OSError) as exc:
        problems.append(Problem(name, f"invalid JSON ({str(exc).strip().splitlines()[0][:120]})"))
        return
    if not arrays:
        with opener() as fh:
            head = fh.read(1)
        if not head.strip():
            problems.append(Problem(name, "empty file"))
            return
        # A single release or record, pretty-printed.
        with opener() as fh:
            obj = orjson.loads(fh.read())
        yield from _items_of(obj, version, name, problems)
        return
    pv = version or "1.0"
    for array in arrays:
        with opener() as fh:
            path = "item" if array == "item" else f"{array}.item"
            for i, obj in enumerate(ijson.items(fh, path, use_float=True)):
                yield from _items_of(obj, pv if array != "item" else None, f"{name} {array}[{i}]", problems)


@dataclass(frozen=True)
class Line:
    """One line of a JSON Lines file, not parsed yet (parsing can then run in worker processes)."""

    place: str  # "file:line"
    text: bytes


def items_of_line(line: Line, problems: list[Problem]) -> Iterator[Item]:
    try:
        obj = orjson.loads(line.text)
    except orjson.JSONDecodeError as exc:
        problems.append(Problem(line.place, f"invalid JSON ({str(exc)[:80]})"))
        return
    yield from _items_of(obj, None, line.place, problems)


def _jsonl_lines(name: str, opener: Callable[[], IO[bytes]], problems: list[Problem]) -> Iterator[Line]:
    try:
        with opener() as fh:
            for number, line in enumerate(fh, 1):
                if line.strip():
                    yield Line(f"{name}:{number}", line)
    except (OSError, EOFError) as exc:  # a truncated gzip stream
        problems.append(Problem(name, f"unreadable ({str(exc)[:120]})"))


def units(path: Path | str, problems: list[Problem], *, data: bytes | None = None,
          name: str | None = None, notes: list[Problem] | None = None) -> Iterator[Item | Line]:
    """What one file (or ``data``, an upload) holds: the raw lines of JSON Lines, the releases of
    anything else. Problems are appended as they are met; ``notes`` get what was fixed in the file
    as a whole (a byte order mark removed)."""
    label = name or str(path)

    def opener() -> IO[bytes]:
        return _open(path, data)

    try:
        if notes is not None:
            with _open(path, data, skip_bom=False) as fh:
                if fh.read(3) == BOM:
                    notes.append(Problem(label, BOM_REMOVED))
        if _is_empty(opener):
            problems.append(Problem(label, "empty file"))
            return
        jsonl = _is_jsonl(label, opener)
    except (OSError, EOFError) as exc:
        problems.append(Problem(label, f"unreadable ({str(exc)[:120]})"))
        return
    if jsonl:
        yield from _jsonl_lines(label, opener, problems)
    else:
        yield from _package_items(label, opener, problems)


def read(path: Path | str, problems: list[Problem], *, data: bytes | None = None,
         name: str | None = None, notes: list[Problem] | None = None) -> Iterator[Item]:
    """The releases in one file (or in ``data``, an upload), appending problems as they are met."""
    for unit in units(path, problems, data=data, name=name, notes=notes):
        if isinstance(unit, Line):
            yield from items_of_line(unit, problems)
        else:
            yield unit


def expand(paths: Iterable[Path | str]) -> Iterator[Path]:
    """Files, and the JSON files under folders, in a stable order."""
    for p in map(Path, paths):
        if p.is_dir():
            yield from sorted(f for f in p.rglob("*") if f.is_file() and (
                f.suffix in (".json", ".jsonl", ".ndjson", ".gz")))
        else:
            yield p


def compile_releases(releases: list[dict[str, Any]], compiled: list[dict[str, Any]]) -> dict[str, Any]:
    """The compiled release of one process: ocdsmerge over its releases, else the latest
    compiled release as published."""
    if releases:
        with warnings.catch_warnings():
            # Real data repeats ids inside arrays; ocdsmerge handles it by the rules and warns.
            warnings.simplefilter("ignore")
            return _merger().create_compiled_release(sorted(releases, key=lambda r: r.get("date") or ""))
    return max(compiled, key=lambda r: str(r.get("date") or ""))
