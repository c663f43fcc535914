"""OCDS release packages, record packages and the bulk download, as the OCDS packaging guidance
has them: every page a package, ``links.next`` to the next page, the whole data set as JSON Lines.

Pages are keyset pages: the cursor is the last row id of the page before, so any page costs the
same as the first and there is no offset cap. The bulk download is streamed: rows are read in
chunks by id and gzip-compressed as they go, never held whole in memory.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any

import orjson
from django.utils import timezone

from phalang.opendata.models import ContractingProcess, Release

PAGE_MAX = 100
BULK_CHUNK = 500


def _head(uri: str) -> dict[str, Any]:
    return {"uri": uri, "version": "1.1", "publishedDate": timezone.now().replace(microsecond=0).isoformat(),
            "publisher": {"name": "Phalang"}}


def release_package(uri: str, after: int, limit: int) -> tuple[dict[str, Any], int | None]:
    """The releases as published, oldest stored first, after row id ``after``; and the cursor of
    the next page (None on the last page)."""
    rows = list(Release.objects.filter(pk__gt=after).order_by("pk").values_list("pk", "data")[:limit + 1])
    package = _head(uri)
    package["releases"] = [data for _pk, data in rows[:limit]]
    return package, rows[limit - 1][0] if len(rows) > limit else None


def record_package(uri: str, after: int, limit: int) -> tuple[dict[str, Any], int | None]:
    """One record per contracting process after process id ``after``: its releases as published
    (date order) and its compiled release."""
    processes = list(ContractingProcess.objects.filter(pk__gt=after).order_by("pk")
                     .values_list("pk", "ocid", "compiled_release")[:limit + 1])
    page = processes[:limit]
    releases: dict[str, list[tuple[str, Any]]] = {}
    for ocid, date, data in (Release.objects.filter(ocid__in=[p[1] for p in page], compiled=False)
                             .order_by("date", "pk").values_list("ocid", "date", "data")):
        releases.setdefault(ocid, []).append((date, data))
    records = []
    for _pk, ocid, compiled in page:
        # A publisher that published only compiled releases: the compiled release is the one release.
        published = [data for _date, data in releases.get(ocid, [])] or [compiled]
        records.append({"ocid": ocid, "releases": published, "compiledRelease": compiled})
    package = _head(uri)
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
