"""OCDS release packages, record packages and the bulk download, as the OCDS packaging guidance
has them: every page a package, ``links.next`` to the next page, the whole data set as JSON Lines.

Pages are keyset pages: the cursor is the last row id of the page before, so any page costs the
same as the first and there is no offset cap. The bulk download is streamed: rows are read in
chunks by id and gzip-compressed as they go, never held whole in memory.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import orjson
from django.db.models import Max
from django.utils import timezone

from phalang.opendata.models import ContractingProcess, ImportRun, Release

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


def release_package(uri: str, after: int, limit: int, ocid: str = "") -> tuple[dict[str, Any], int | None]:
    """The releases as published, oldest stored first, after row id ``after`` (only those of
    ``ocid`` when given); and the cursor of the next page (None on the last page)."""
    releases = Release.objects.filter(pk__gt=after)
    if ocid:
        releases = releases.filter(ocid=ocid)
    rows = list(releases.order_by("pk").values_list("pk", "data", "imported_at")[:limit + 1])
    page = rows[:limit]
    package = head(uri, max((stored for _pk, _data, stored in page), default=None))
    package["releases"] = [data for _pk, data, _stored in page]
    return package, rows[limit - 1][0] if len(rows) > limit else None


def record_package(uri: str, after: int, limit: int,
                   release_uri: Callable[[str], str]) -> tuple[dict[str, Any], int | None]:
    """One record per contracting process after process id ``after``: its releases as published
    (date order) and its compiled release. ``packages`` lists, per record, the release package
    its releases come from (``release_uri(ocid)``: the release package of that process)."""
    processes = list(ContractingProcess.objects.filter(pk__gt=after).order_by("pk")
                     .values_list("pk", "ocid", "compiled_release")[:limit + 1])
    page = processes[:limit]
    releases: dict[str, list[tuple[str, Any]]] = {}
    latest: datetime | None = None
    for ocid, date, data, compiled_only, stored in (
            Release.objects.filter(ocid__in=[p[1] for p in page]).order_by("date", "pk")
            .values_list("ocid", "date", "data", "compiled", "imported_at")):
        latest = max(latest, stored) if latest else stored
        if not compiled_only:
            releases.setdefault(ocid, []).append((date, data))
    records = []
    for _pk, ocid, compiled in page:
        # A publisher that published only compiled releases: the compiled release is the one release.
        published_releases = [data for _date, data in releases.get(ocid, [])] or [compiled]
        records.append({"ocid": ocid, "releases": published_releases, "compiledRelease": compiled})
    package = head(uri, latest)
    if records:  # the schema wants at least one URI when the field is there
        package["packages"] = list(dict.fromkeys(release_uri(r["ocid"]) for r in records))
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
