"""OCDS release packages, record packages and the bulk download, as the OCDS packaging guidance
has them: every page a package, ``links.next`` to the next page, the whole data set as JSON Lines.

Pages are keyset pages: the cursor is the last row id of the page before, so any page costs the
same as the first and there is no offset cap. The bulk download is streamed: rows are read in
chunks by id and gzip-compressed as they go, never held whole in memory.

Releases are stored as published (``Release.data``), mistakes included. The packages serve each
one as the import's prepare step reads it (``prepare.prepare``: amounts as numbers, arrays as
arrays, ...), so what a publisher got wrong in shape does not make our packages invalid; and
each release once per (ocid, id): a publisher may give the same release twice with different
content (its records/ and releases/ folders, or the release republished under the same id), and
OCDS wants an id to name one release. The copy served is the one with the latest ``date``; of
copies with the same date, the one stored last (the newest we received). ``as_published`` lists
every stored copy as the publisher's files had it, with what prepare changed and which is served.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import orjson
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from phalang.opendata.models import ContractingProcess, ImportRun, Release
from phalang.opendata.prepare import prepare

PAGE_MAX = 100
BULK_CHUNK = 500


def published(latest: datetime | None = None) -> str:
    """A package's ``publishedDate``. OCDS: a package made on demand carries "the date of the last
    change to the underlying contents of the package": when its newest release was stored, else
    the last import run, else (nothing imported yet) now."""
    if latest is None:
        latest = ImportRun.objects.aggregate(latest=Max("started_at"))["latest"] or timezone.now()
    return latest.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def head(uri: str, latest: datetime | None = None) -> dict[str, Any]:
    """The package metadata: ``uri`` is where this package can be fetched again (the request's
    own URL, paging and filters included)."""
    return {"uri": uri, "version": "1.1", "publishedDate": published(latest), "publisher": {"name": "Phalang"}}


def _superseded() -> Exists:
    """True for a stored release that another copy of the same release (same ocid, same id)
    wins over: one with a later ``date``, or the same date and stored later. Dates are compared
    as the ISO 8601 text they are published in (one publisher writes one offset). A release
    without an id is never superseded (nothing says which release it is a copy of)."""
    return Exists(Release.objects.exclude(release_id="").filter(
        ocid=OuterRef("ocid"), release_id=OuterRef("release_id")).filter(
        Q(date__gt=OuterRef("date")) | Q(date=OuterRef("date"), pk__gt=OuterRef("pk"))))


def served(releases: QuerySet[Release]) -> QuerySet[Release]:
    """The releases the packages serve: one copy per (ocid, id)."""
    return releases.filter(~_superseded())


def prepared(release: dict[str, Any]) -> dict[str, Any]:
    """A release (freshly read from the database: changed in place) as prepare reads it."""
    prepare(release)
    return release


def release_package(uri: str, after: int, limit: int, ocid: str = "") -> tuple[dict[str, Any], int | None]:
    """The releases, prepared, once per (ocid, id), oldest stored first, after row id ``after``
    (only those of ``ocid`` when given); and the cursor of the next page (None on the last page)."""
    releases = Release.objects.filter(pk__gt=after)
    if ocid:
        releases = releases.filter(ocid=ocid)
    rows = list(served(releases).order_by("pk").values_list("pk", "data", "imported_at")[:limit + 1])
    page = rows[:limit]
    package = head(uri, max((stored for _pk, _data, stored in page), default=None))
    package["releases"] = [prepared(data) for _pk, data, _stored in page]
    return package, rows[limit - 1][0] if len(rows) > limit else None


def as_published(uri: str, after: int, limit: int, ocid: str = "") -> tuple[dict[str, Any], int | None]:
    """Every stored copy of every release as the publisher's files had it (not a package: these
    may break the schema, and one release may be here more than once), oldest stored first, with
    what prepare changes in it and whether it is the copy the packages serve."""
    releases = Release.objects.filter(pk__gt=after)
    if ocid:
        releases = releases.filter(ocid=ocid)
    rows = list(releases.annotate(superseded=_superseded()).order_by("pk").values_list(
        "pk", "ocid", "release_id", "data", "imported_at", "superseded")[:limit + 1])
    copies = []
    for _pk, row_ocid, release_id, data, stored, superseded in rows[:limit]:
        fixes = prepare(orjson.loads(orjson.dumps(data)))  # on a copy: the release stays as published
        copies.append({"ocid": row_ocid, "id": release_id, "stored": published(stored),
                       "served": not superseded, "fixes": [str(f) for f in fixes], "release": data})
    body: dict[str, Any] = {
        "uri": uri,
        "message_th": "รุ่นข้อมูล (release) ตามที่ผู้เผยแพร่เผยแพร่ทุกฉบับที่เก็บไว้ ยังไม่ผ่านการเตรียมข้อมูล "
                      "อาจไม่ตรงตามสคีมา OCDS และรุ่นเดียวกันอาจมีมากกว่าหนึ่งฉบับ (served บอกฉบับที่ "
                      "ocds/releases และ ocds/records ใช้ fixes บอกสิ่งที่การเตรียมข้อมูลแก้)",
        "message_en": "Every stored copy of each release as the publisher's files had it, before prepare: "
                      "it may break the OCDS schema and a release may be here more than once (served: the "
                      "copy ocds/releases and ocds/records serve; fixes: what prepare changes in it).",
        "releases": copies,
    }
    return body, rows[limit - 1][0] if len(rows) > limit else None


def record_package(uri: str, after: int, limit: int, release_uri: Callable[[str], str],
                   ocid: str = "") -> tuple[dict[str, Any], int | None]:
    """One record per contracting process after process id ``after`` (only the one of ``ocid``
    when given): its releases as the
    release package serves them (prepared, once per id, in date order) and its compiled release.
    ``packages`` lists, per record, the release package its releases come from
    (``release_uri(ocid)``: the release package of that process)."""
    chosen = ContractingProcess.objects.filter(pk__gt=after)
    if ocid:
        chosen = chosen.filter(ocid=ocid)
    processes = list(chosen.order_by("pk").values_list("pk", "ocid", "compiled_release")[:limit + 1])
    page = processes[:limit]
    ocids = [p[1] for p in page]
    releases: dict[str, list[dict[str, Any]]] = {}
    latest = Release.objects.filter(ocid__in=ocids).aggregate(latest=Max("imported_at"))["latest"] if ocids else None
    for ocid, data in (served(Release.objects.filter(ocid__in=ocids, compiled=False)).order_by("date", "pk")
                       .values_list("ocid", "data")):
        releases.setdefault(ocid, []).append(prepared(data))
    records: list[dict[str, Any]] = []
    for _pk, ocid, compiled in page:
        compiled = prepared(compiled)  # stored prepared; prepared again for data stored before a newer prepare
        # A publisher that published only compiled releases: the compiled release is the one release.
        records.append({"ocid": ocid, "releases": releases.get(ocid) or [compiled], "compiledRelease": compiled})
    package = head(uri, latest)
    if records:  # the schema wants at least one URI when the field is there
        package["packages"] = list(dict.fromkeys(release_uri(ocid) for _pk, ocid, _compiled in page))
    package["records"] = records
    return package, processes[limit - 1][0] if len(processes) > limit else None


def bulk_lines() -> Iterator[bytes]:
    """Every process's compiled release, one JSON object a line, in process id order."""
    after = 0
    while True:
        chunk = list(ContractingProcess.objects.filter(pk__gt=after).order_by("pk")
                     .values_list("pk", "compiled_release")[:BULK_CHUNK])
        if not chunk:
            return
        yield b"".join(orjson.dumps(release) + b"\n" for _pk, release in chunk)
        after = chunk[-1][0]


def gzipped(parts: Iterator[bytes]) -> Iterator[bytes]:
    """``parts`` as one gzip stream, compressed piece by piece: each part is flushed (a sync
    flush, a few bytes) so the client receives it as soon as it is read."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # 16+: a gzip header and trailer
    for part in parts:
        yield compressor.compress(part) + compressor.flush(zlib.Z_SYNC_FLUSH)
    yield compressor.flush()
