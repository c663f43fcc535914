"""The scheduled fetch: a periodic job downloads configured URLs (here from a loopback HTTP server)
and imports them like ``phalang ocds import``; failures are reported per URL; sizes are capped."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import orjson
import pytest
from django.db import connection

from phalang.core import periodic
from phalang.opendata import fetch
from phalang.opendata.models import ContractingProcess, ImportRun, Release
from tests.conftest import ROOT

PHALANG = str(Path(sys.executable).parent / "phalang")


class Publisher:
    """A loopback HTTP server serving bytes by path, counting requests."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.requests: list[str] = []
        publisher = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                publisher.requests.append(self.path)
                body = publisher.files.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def publisher() -> Iterator[Publisher]:
    p = Publisher()
    thread = threading.Thread(target=p.server.serve_forever, daemon=True)
    thread.start()
    yield p
    p.server.shutdown()
    p.server.server_close()


@pytest.fixture
def jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Periodic jobs registered in a test stay in that test."""
    monkeypatch.setattr(periodic, "_jobs", dict(periodic._jobs))


def real_records(shared_data: Path, count: int) -> list[Path]:
    """Real record packages (Paraguay's), each on one line when re-serialised."""
    found = []
    for path in sorted((shared_data / "ocds" / "real-examples" / "paraguay" / "sample" / "records").glob("*.json")):
        try:
            package = orjson.loads(path.read_bytes())
        except orjson.JSONDecodeError:
            continue  # the examples include broken files; they have tests of their own
        if package.get("records") and path.stat().st_size > 10_000:
            found.append(path)
    return found[:count]


def ocids_of(paths: list[Path]) -> set[str]:
    return {r["ocid"] for p in paths for r in orjson.loads(p.read_bytes())["records"]}


def worker_env(**extra: str) -> dict[str, str]:
    """A subprocess environment pointing at this test's database."""
    env = dict(os.environ, **extra)
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = (f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:"
                               f"{s['PORT'] or 5432}/{s['NAME']}")
    else:
        env.pop("DATABASE_URL", None)
        env["PHALANG_SQLITE_PATH"] = str(s["NAME"])
    return env


def test_no_job_without_configured_urls(monkeypatch: pytest.MonkeyPatch, jobs: None) -> None:
    monkeypatch.delenv("PHALANG_OPENDATA_FETCH_URLS", raising=False)
    periodic._jobs.pop("opendata_fetch", None)
    fetch.register_periodic(periodic)
    assert "opendata_fetch" not in [j.name for j in periodic.jobs()]


@pytest.mark.django_db(transaction=True)
def test_periodic_job_downloads_and_imports_in_the_worker(
        shared_data: Path, publisher: Publisher, monkeypatch: pytest.MonkeyPatch, jobs: None) -> None:
    files = real_records(shared_data, 3)
    package = orjson.loads(files[0].read_bytes())
    for f in files[1:]:
        package["records"].extend(orjson.loads(f.read_bytes())["records"])
    publisher.files["/ocds/records.json"] = orjson.dumps(package)
    url = f"{publisher.url}/ocds/records.json"
    monkeypatch.setenv("PHALANG_OPENDATA_FETCH_URLS", url)
    monkeypatch.setenv("PHALANG_OPENDATA_FETCH_EVERY", "3600")
    fetch.register_periodic(periodic)
    job = next(j for j in periodic.jobs() if j.name == "opendata_fetch")
    assert job.every_seconds == 3600

    assert "opendata_fetch" in periodic.tick(now=7_200_000.0)
    assert ContractingProcess.objects.count() == 0  # queued, not run in the scheduler
    worker = subprocess.run([PHALANG, "worker", "--batch", "--no-periodic", "-v", "0"], cwd=ROOT,
                            env=worker_env(PHALANG_OPENDATA_FETCH_URLS=url), capture_output=True, timeout=300)
    assert worker.returncode == 0, worker.stderr.decode()[-2000:]
    assert publisher.requests == ["/ocds/records.json"]
    assert set(ContractingProcess.objects.values_list("ocid", flat=True)) == ocids_of(files)
    run = ImportRun.objects.get(kind="ocds")
    assert run.added > 0 and run.errors == [] and run.sources[0].endswith("records.json")


@pytest.mark.django_db
def test_a_failing_url_does_not_stop_the_others_and_is_named(
        shared_data: Path, publisher: Publisher, monkeypatch: pytest.MonkeyPatch) -> None:
    files = real_records(shared_data, 2)
    # Gzipped JSON Lines of records, at a URL without a file name suffix.
    publisher.files["/feed"] = gzip.compress(b"".join(orjson.dumps(orjson.loads(f.read_bytes())) + b"\n"
                                                      for f in files))
    missing = f"{publisher.url}/gone.json"
    monkeypatch.setenv("PHALANG_OPENDATA_FETCH_URLS", f"{missing} {publisher.url}/feed")
    with pytest.raises(RuntimeError, match=r"gone\.json") as failure:
        fetch.fetch_configured.call()
    assert "404" in str(failure.value) and "/feed" not in str(failure.value)
    assert set(ContractingProcess.objects.values_list("ocid", flat=True)) == ocids_of(files)
    releases = Release.objects.count()

    # Fetching the same data again changes nothing.
    with pytest.raises(RuntimeError):
        fetch.fetch_configured.call()
    assert Release.objects.count() == releases
    assert list(ImportRun.objects.order_by("started_at", "pk").values_list("added", flat=True))[-1] == 0


@pytest.mark.django_db
def test_oversized_downloads_and_other_schemes_are_refused_with_nothing_saved(
        shared_data: Path, publisher: Publisher, monkeypatch: pytest.MonkeyPatch) -> None:
    [record] = real_records(shared_data, 1)
    publisher.files["/big.json"] = record.read_bytes()
    monkeypatch.setattr(fetch, "MAX_BYTES", 1000)
    with pytest.raises(ValueError, match="larger than 1000 bytes"):
        fetch.fetch_and_import(f"{publisher.url}/big.json")
    with pytest.raises(ValueError, match="only http"):
        fetch.fetch_and_import(f"file://{record}")
    assert not Release.objects.exists() and not ImportRun.objects.exists()
