"""The OCDS export of the real public samples (``../shared/data/ocds/real-examples``: six
publishers) against the OCDS 1.1 schemas: release packages, record packages and the search page's
JSON export. Skips when the sample data is absent.

Publishers' own data breaks the schema in places (Moldova's tender statuses in Romanian, empty
strings for amounts, transactions without ids). The packages serve releases as the prepare step
reads them, which fixes the shapes it knows (amounts as text, a tag or an array as one object, a
missing initiationType) and leaves the rest as published. So the test holds the export to this:
the package around the releases is valid (uri, version, publishedDate, publisher, packages,
links), no release has an error of a kind prepare fixes or is there twice under one id, and every
other schema error inside a release or compiled release is of a kind (the schema rule and the
field, list positions left out) that the same process's releases already had as read from the
publisher's files. The export adds no error of its own."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import orjson
import pytest
from jsonschema import Draft4Validator

from phalang.opendata import actions, ocds
from phalang.opendata.models import ImportRun, Release
from tests.opendata.ocds_schema import validator as schema_validator

pytestmark = pytest.mark.django_db
Kind = tuple[str, str]


RELEASE = schema_validator("release-schema.json")


def _schema_kinds(release: Any) -> frozenset[Kind]:
    return frozenset((error.validator, "/".join("*" if isinstance(p, int) else str(p) for p in error.absolute_path))
                     for error in RELEASE.iter_errors(release))


_KINDS: dict[bytes, frozenset[Kind]] = {}


def _kinds(release: Any) -> frozenset[Kind]:
    """The schema errors of one release, as (rule, field with list positions left out).

    Each distinct release is validated once: the same release comes back in the release
    package and in its record, and the same compiled release in records and in the search
    export, so most releases seen here are equal, key for key, to one already checked (about
    1,300 distinct of 3,300; the schema check is most of this test's time)."""
    try:
        key = orjson.dumps(release, option=orjson.OPT_SORT_KEYS)
    except (orjson.JSONEncodeError, TypeError):  # not serialisable as is: check it uncached
        return _schema_kinds(release)
    if key not in _KINDS:
        _KINDS[key] = _schema_kinds(release)
    return _KINDS[key]


def _as_published(root: Path) -> dict[str, set[Kind]]:
    """Per OCID, the kinds of schema error its releases have as read from the files (parsed and
    upgraded to 1.1 by the reader, before the import's prepare step fixes anything)."""
    kinds: dict[str, set[Kind]] = defaultdict(set)
    problems: list[ocds.Problem] = []
    for path in sorted(root.rglob("*.json")):
        for item in ocds.read(path, problems):
            kinds[item.ocid] |= _kinds(item.data)
    return kinds


def _walk(client, url: str) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        pages.append(response.json())
        url = pages[-1].get("links", {}).get("next", "")
    return pages


def _envelope_errors(validator: Draft4Validator, package: dict[str, Any], key: str) -> list[str]:
    """Schema errors of the package with each release replaced by a minimal valid one (their
    content is checked release by release)."""
    shell = dict(package)
    if key == "records":
        shell["records"] = [{"ocid": r["ocid"], "releases": [{"url": "https://example.org/r.json",
                                                                "date": "2020-01-01T00:00:00Z", "tag": ["tender"]}]}
                            for r in package["records"]]
    else:
        shell["releases"] = [{"ocid": r["ocid"], "id": str(i), "date": "2020-01-01T00:00:00Z", "tag": ["tender"],
                              "initiationType": "tender"} for i, r in enumerate(package["releases"])]
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(shell)]


def _own(kinds: frozenset[Kind], published: set[Kind]) -> set[Kind]:
    return set(kinds) - published


def _prepare_fixes(kind: Kind) -> bool:
    """An error of a kind the prepare step fixes: an amount as text, a tag or an array given
    as one object."""
    rule, path = kind
    return rule == "type" and path in (
        "tag", "awards", "contracts", "parties", "tender/value/amount", "tender/minValue/amount",
        "planning/budget/amount/amount", "awards/*/value/amount", "contracts/*/value/amount",
        "contracts/*/implementation/transactions/*/value/amount", "bids/details/*/value/amount")


ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def test_the_export_of_every_real_sample_adds_no_schema_error_of_its_own(shared_data: Path, client) -> None:  # type: ignore[no-untyped-def]
    root = shared_data / "ocds" / "real-examples"
    if not root.is_dir():
        pytest.skip(f"public OCDS sample data not found at {root}")
    actions.import_ocds([root], flags=False)
    published = _as_published(root)
    own: list[str] = []

    # Release packages: every stored release once per (ocid, id), prepared, a page at a time.
    # The samples hold 84 releases twice with different content (Moldova's and Ukraine's
    # records/ and releases/ folders, Paraguay's re-dated copies under one id).
    validator = schema_validator("release-package-schema.json")
    pages = _walk(client, "/api/v1/data/ocds/releases?limit=100")
    served = [(r["ocid"], r["id"]) for p in pages for r in p["releases"]]
    stored = list(Release.objects.values_list("ocid", "release_id"))
    assert len(served) == len(set(served)) == len(set(stored)) < len(stored)
    for page in pages:
        assert not _envelope_errors(validator, page, "releases")
        assert ISO.match(page["publishedDate"]) and page["uri"].startswith("http://testserver/api/v1/data/ocds/releases")
        for release in page["releases"]:
            kinds = _kinds(release)
            own += [f"release of {release['ocid']}: {k}" for k in _own(kinds, published[release["ocid"]])]
            own += [f"release of {release['ocid']}: {k} (prepare fixes this)" for k in kinds if _prepare_fixes(k)]

    # Record packages: one record per process, and the release packages they were built from.
    validator = schema_validator("record-package-schema.json")
    pages = _walk(client, "/api/v1/data/ocds/records?limit=100")
    records = [r for p in pages for r in p["records"]]
    assert len(records) == 535
    for page in pages:
        assert not _envelope_errors(validator, page, "records")
        assert len(page["packages"]) == len(page["records"])
        for record in page["records"]:
            for release in [*record["releases"], record["compiledRelease"]]:
                kinds = _kinds(release)
                own += [f"record {record['ocid']}: {k}" for k in _own(kinds, published[record["ocid"]])]
                own += [f"record {record['ocid']}: {k} (prepare fixes this)" for k in kinds if _prepare_fixes(k)]
            ids = [r["id"] for r in record["releases"]]
            assert len(ids) == len(set(ids)), record["ocid"]
    # Each record's release package is real: fetching it gives that process's releases.
    sample = pages[0]["packages"][:5]
    for uri, record in zip(sample, pages[0]["records"], strict=False):
        package = client.get(uri).json()
        assert package["releases"] and {r["ocid"] for r in package["releases"]} == {record["ocid"]}

    # The search page's JSON export: a release package of compiled releases.
    response = client.get("/data/", {"format": "json"})
    package = json.loads(b"".join(response.streaming_content))
    assert package["uri"] == "http://testserver/data/?format=json"
    last_import = ImportRun.objects.order_by("-started_at").first()
    assert last_import is not None
    assert package["publishedDate"] == last_import.started_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert len(package["releases"]) == 535
    assert not _envelope_errors(schema_validator("release-package-schema.json"), package, "releases")
    for release in package["releases"]:
        own += [f"export of {release['ocid']}: {k}" for k in _own(_kinds(release), published[release["ocid"]])]

    assert not own, own[:20]
