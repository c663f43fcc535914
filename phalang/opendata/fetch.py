"""Scheduled fetch of OCDS files from configured URLs.

``PHALANG_OPENDATA_FETCH_URLS`` (space-separated URLs) turns it on; ``PHALANG_OPENDATA_FETCH_EVERY``
sets the interval in seconds (default one day). Without URLs no job is registered, so tests
and fresh installs never reach out to the internet.
"""

from __future__ import annotations

import logging
import os
import tempfile
import urllib.request
from pathlib import Path
from types import ModuleType
from urllib.parse import urlparse

from django_tasks import task

from phalang.opendata import actions

log = logging.getLogger(__name__)

MAX_BYTES = 2 * 1024**3  # a publisher's full bulk file; larger downloads are refused
TIMEOUT = 60


def configured_urls() -> list[str]:
    return [u for u in os.environ.get("PHALANG_OPENDATA_FETCH_URLS", "").split() if u]


def fetch_and_import(url: str) -> actions.ImportResult:
    """Download one URL to a temporary file (bounded size) and import it like ``phalang ocds import``."""
    if urlparse(url).scheme not in ("http", "https"):
        raise ValueError(f"only http(s) URLs can be fetched: {url}")
    name = Path(urlparse(url).path).name or "download.json"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response, open(path, "wb") as out:  # noqa: S310
            copied = 0
            while chunk := response.read(1 << 20):
                copied += len(chunk)
                if copied > MAX_BYTES:
                    raise ValueError(f"{url} is larger than {MAX_BYTES} bytes")
                out.write(chunk)
        return actions.import_ocds([path])


@task(queue_name="default")
def fetch_configured() -> int:
    """Fetch every configured URL. One failing publisher does not stop the others; the job
    still fails afterwards, naming each URL that could not be fetched, so the failure shows."""
    added = 0
    failed: list[str] = []
    for url in configured_urls():
        try:
            added += fetch_and_import(url).added
        except (OSError, ValueError) as exc:  # HTTP errors, timeouts, refused sizes
            log.warning("open data fetch of %s failed: %s", url, exc)
            failed.append(f"{url}: {exc}")
    if failed:
        raise RuntimeError(f"{len(failed)} open data URL(s) failed: " + "; ".join(failed))
    return added


def register_periodic(periodic: ModuleType) -> None:
    if configured_urls():
        every = int(os.environ.get("PHALANG_OPENDATA_FETCH_EVERY", "86400"))
        periodic.register(periodic.PeriodicJob("opendata_fetch", every, fetch_configured.enqueue))


__all__ = ["configured_urls", "fetch_and_import", "fetch_configured", "register_periodic"]
