"""Importing OCDS: formats, broken input, merging, upgrades, idempotency, real data."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from phalang.opendata import actions
from phalang.opendata.models import ContractingProcess, Entity, Release

pytestmark = pytest.mark.django_db


def release(ocid: str, rid: str, date: str, **fields: object) -> dict:
    return {"ocid": ocid, "id": rid, "date": date, "tag": ["tender"], "initiationType": "tender", "parties": [],
            **fields}


def test_jsonl_broken_line_is_reported_with_its_place_and_the_rest_imports(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join([
        json.dumps(release("ocds-a-1", "1", "2024-01-01T00:00:00Z", tender={"id": "t", "title": "one"})),
        '{"ocid": "broken',
        json.dumps(release("ocds-a-2", "1", "2024-01-02T00:00:00Z", tender={"id": "t", "title": "two"})),
    ]) + "\n")
    result = actions.import_ocds([path], flags=False)
    assert [p.place for p in result.problems] == [f"{path}:2"]
    assert set(ContractingProcess.objects.values_list("ocid", flat=True)) == {"ocds-a-1", "ocds-a-2"}


def test_releases_are_merged_by_the_ocds_rules_and_reimport_changes_nothing(tmp_path: Path) -> None:
    first = release("ocds-m-1", "r1", "2024-01-01T00:00:00Z",
                    tender={"id": "t", "title": "old", "value": {"amount": 100, "currency": "THB"}})
    second = release("ocds-m-1", "r2", "2024-02-01T00:00:00Z", tender={"id": "t", "title": "new"},
                     awards=[{"id": "a1", "status": "active", "value": {"amount": 99, "currency": "THB"}}])
    package = {"uri": "x", "version": "1.1", "publishedDate": "2024-02-01T00:00:00Z", "releases": [second, first]}
    path = tmp_path / "package.json.gz"
    path.write_bytes(gzip.compress(json.dumps(package).encode()))
    result = actions.import_ocds([path], flags=False)
    assert result.added == 2 and not result.problems
    p = ContractingProcess.objects.get(ocid="ocds-m-1")
    # The later release's title wins; the earlier value stays; tag and id are the compiled ones.
    assert p.title == "new" and p.tender_value == 100.0 and p.award_value == 99.0
    assert p.compiled_release["tag"] == ["compiled"]
    before = (Release.objects.count(), p.digest, p.updated_at)
    again = actions.import_ocds([path], flags=False)
    p.refresh_from_db()
    assert again.added == 0 and again.processes == 0
    assert (Release.objects.count(), p.digest, p.updated_at) == before


def test_ocds_1_0_is_upgraded_to_1_1(tmp_path: Path) -> None:
    old = {"ocid": "ocds-o-1", "id": "1", "date": "2015-01-01T00:00:00Z", "tag": ["award"],
           "buyer": {"name": "Old Buyer", "identifier": {"scheme": "XI-TEST", "id": "B1"}},
           "awards": [{"id": "a", "suppliers": [{"name": "Supplier One", "identifier": {
               "scheme": "TH-DBD", "id": "0-1055-00000-00-1"}}]}]}
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"uri": "x", "publishedDate": "2015-01-01T00:00:00Z", "releases": [old]}))
    actions.import_ocds([path], flags=False)
    p = ContractingProcess.objects.get(ocid="ocds-o-1")
    assert {party["name"] for party in p.compiled_release["parties"]} == {"Old Buyer", "Supplier One"}
    assert p.buyer is not None and (p.buyer.scheme, p.buyer.identifier) == ("XI-TEST", "B1")
    # A Thai juristic person id is normalised to its 13 digits, so datasets that agree match.
    assert Entity.objects.filter(scheme="TH-DBD", identifier="0105500000001").exists()


def test_empty_and_truncated_files_are_reported_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "empty.json").write_text("")
    (tmp_path / "cut.json").write_text('{"releases": [{"ocid": "x"')
    good = release("ocds-g-1", "1", "2024-01-01T00:00:00Z")
    (tmp_path / "good.json").write_text(json.dumps({"version": "1.1", "releases": [good]}))
    result = actions.import_ocds([tmp_path], flags=False)
    assert {Path(p.place).name for p in result.problems} == {"empty.json", "cut.json"}
    assert ContractingProcess.objects.filter(ocid="ocds-g-1").exists()


def _distinct_ocids(root: Path) -> set[str]:
    found: set[str] = set()

    def walk(d: object) -> None:
        if isinstance(d, dict):
            if "records" in d:
                for x in d["records"]:
                    walk(x)
            elif "releases" in d and "ocid" not in d:
                for x in d["releases"]:
                    walk(x)
            elif "ocid" in d:
                found.add(d["ocid"])

    for f in root.rglob("*.json"):
        try:
            walk(json.loads(f.read_bytes()))
        except ValueError:
            continue
    return found


def test_all_real_examples_import(shared_data: Path) -> None:
    root = shared_data / "ocds" / "real-examples"
    result = actions.import_ocds([root])
    # Three Paraguayan records are 0-byte files: empty, not broken JSON (trial-od finding).
    empty = {Path(p.place.split(" ")[0]).name for p in result.problems if p.message == "empty file"}
    assert empty == {"283826.json", "283906.json", "284456.json"}
    assert not [p for p in result.problems if "invalid JSON" in p.message]
    assert ContractingProcess.objects.count() == len(_distinct_ocids(root)) == 535
    assert ContractingProcess.objects.filter(flags__isnull=False).exists()
    again = actions.import_ocds([root])
    assert again.added == 0 and again.processes == 0


def test_large_imports_prepare_in_worker_processes_with_the_same_result(
        shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large JSON Lines file goes through the fork pool; what it stores is what the inline path
    computes, broken lines are reported in order, and a second import changes nothing."""
    from phalang.opendata.ocds import Problem, read

    problems: list[Problem] = []
    found = [item.data for path in sorted((shared_data / "ocds" / "real-examples" / "paraguay").rglob("*.json"))
             for item in read(path, problems) if item.compiled]
    assert len(found) >= 3
    compiled = [found[i % len(found)] for i in range(30)]  # real compiled releases, each under a new ocid
    lines = [json.dumps(dict(data, ocid=f"{data['ocid']}-copy{i}")) for i, data in enumerate(compiled)]
    lines[3] = '{"ocid": "cut'
    lines[17] = '["not", "an object"]'
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(lines) + "\n")
    monkeypatch.setattr(actions, "INLINE_UNITS", 4)  # the pool starts after the first chunk
    monkeypatch.setattr(actions, "UNITS_PER_TASK", 4)
    monkeypatch.setenv("PHALANG_IMPORT_WORKERS", "2")
    pool_starts: list[int] = []
    real_pool = actions.multiprocessing.get_context("fork").Pool

    class CountingContext:
        def Pool(self, workers: int):  # type: ignore[no-untyped-def]
            pool_starts.append(workers)
            return real_pool(workers)

    monkeypatch.setattr(actions.multiprocessing, "get_context", lambda method: CountingContext())
    result = actions.import_ocds([path], flags=False)
    assert pool_starts == [2]
    assert [p.place for p in result.problems] == [f"{path}:4", f"{path}:18"]
    assert result.added == result.processes == len(lines) - 2
    for i, data in enumerate(compiled):
        if i in (3, 17):
            continue
        ocid = f"{data['ocid']}-copy{i}"
        stored = ContractingProcess.objects.get(ocid=ocid)
        expected = actions._process_row(ocid, [], [dict(data, ocid=ocid)])
        assert (stored.search_doc, stored.title, stored.digest, stored.award_value) == (
            expected.values["search_doc"], expected.values["title"], expected.digest, expected.values["award_value"])
        assert stored.roles.count() == len(expected.parties)
    again = actions.import_ocds([path], flags=False)
    assert again.added == 0 and again.unchanged == len(lines) - 2
