"""Shared test fixtures: where the real data lives, and skipping cleanly without it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def shared_data_dir() -> Path:
    return Path(os.environ.get("PHALANG_TESTDATA", ROOT.parent / "shared" / "data"))


# The project's own hasher list, as settings.py has it (tests/foundation/test_login_lockout.py
# checks it); the tests run with a cheap Argon2 in its place (tests/fast_hashers.py).
PRODUCTION_HASHERS: list[str] = []
ARGON2 = "django.contrib.auth.hashers.Argon2PasswordHasher"


def pytest_configure(config):  # type: ignore[no-untyped-def]
    from django.conf import settings
    from django.contrib.auth import hashers

    # Same order and algorithms as production, Argon2 at its lowest cost: ~0.3 s of CPU saved
    # per hash, hundreds of times per run.
    PRODUCTION_HASHERS[:] = settings.PASSWORD_HASHERS
    settings.PASSWORD_HASHERS = [
        "tests.fast_hashers.FastArgon2PasswordHasher" if h == ARGON2 else h for h in PRODUCTION_HASHERS]
    hashers.get_hashers.cache_clear()
    hashers.get_hashers_by_algorithm.cache_clear()
    _remember_static_files()
    # The cyclic garbage collector at CPython's defaults (a young collection every 700 new
    # objects) walks a test worker's large heap thousands of times: 5.0 s of a 55 s run of the
    # open-data import and page tests. Young collections every 20,000 objects: 1.9 s.
    import gc

    gc.set_threshold(20_000, 10, 10)

    # Parallel test workers must not share one Redis database: each clears it between tests.
    # Worker gwN uses database (configured - N), e.g. 15 and 14.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return

    cache = settings.CACHES["default"]
    if "redis" in str(cache["BACKEND"]).lower():
        base, _, db = str(cache["LOCATION"]).rpartition("/")
        cache["LOCATION"] = f"{base}/{max(0, int(db or 0) - int(worker[2:]))}"


def _remember_static_files() -> None:
    """Every test client builds its own middleware, and WhiteNoise (serving from the finders, as
    the tests have no collected manifest) then reads every static file's type and headers again:
    ~25 ms of CPU per client, for hundreds of clients. Keep what it built, keyed by each file's
    path, size and mtime and by the settings it reads, so a changed file or setting still builds
    afresh. (A copy of WhiteNoiseMiddleware.add_files_from_finders with a memo.)"""
    from django.conf import settings
    from django.contrib.staticfiles import finders
    from whitenoise.middleware import WhiteNoiseMiddleware

    built: dict[tuple, dict] = {}

    def add_files_from_finders(self):  # type: ignore[no-untyped-def]
        files: dict[str, str] = {}
        for finder in finders.get_finders():
            for path, storage in finder.list(None):
                prefix = (getattr(storage, "prefix", None) or "").strip("/")
                url = "".join((self.static_prefix, prefix, "/" if prefix else "", path.replace("\\", "/")))
                files.setdefault(url, storage.path(path))
        stat_cache = {path: os.stat(path) for path in files.values()}
        config = tuple(repr(getattr(settings, name, None)) for name in (
            "DEBUG", "STATIC_URL", "STORAGES", "WHITENOISE_MAX_AGE", "WHITENOISE_ALLOW_ALL_ORIGINS",
            "WHITENOISE_CHARSET", "WHITENOISE_MIMETYPES", "WHITENOISE_ADD_HEADERS_FUNCTION",
            "WHITENOISE_INDEX_FILE", "WHITENOISE_IMMUTABLE_FILE_TEST"))
        key = (type(self), self.static_prefix, config, tuple(
            (url, path, stat_cache[path].st_size, stat_cache[path].st_mtime_ns, stat_cache[path].st_ino)
            for url, path in files.items()))
        if key not in built:
            before = dict(self.files)
            for url, path in files.items():
                self.add_file_to_dictionary(url, path, stat_cache=stat_cache)
            built[key] = {url: f for url, f in self.files.items() if before.get(url) is not f}
        self.files.update(built[key])

    WhiteNoiseMiddleware.add_files_from_finders = add_files_from_finders  # type: ignore[method-assign]


# The long tests (over ~15 s each in CI's junit times), by node id prefix, besides those marked
# slow; only their place in the run changes, and a name that no longer matches just loses that.
LONG = (
    "tests/site/test_site_gate.py",
    "tests/opendata/test_budget_import.py::test_real_budget_files_import",
    "tests/security/test_data_folder_dump.py",
    "tests/opendata/test_every_sample_process_page.py",
    "tests/foundation/test_demo.py::test_demo_twice_is_idempotent",
    "tests/coalition/test_broadcast_killed_worker.py",
    "tests/coalition/test_campaigner_role.py",
    "tests/opendata/test_ocds_export_real_samples.py::test_the_export_of_every_real_sample",
    "tests/aid/test_address_or_location_required.py",
    "tests/security/test_api_fuzz.py",
)


def _long(item) -> bool:  # type: ignore[no-untyped-def]
    return bool(item.get_closest_marker("slow")) or item.nodeid.startswith(LONG)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    """Long tests go first, spread over the parallel workers; the rest keep their order.

    xdist's default (load) scheduler first hands worker k the k-th run of ``chunk`` consecutive
    tests, then feeds whichever worker runs low. Left in place, the site gate (collected near
    the end, as pytest-django puts transactional tests last) started late and kept one worker
    busy long after the other had run out of tests. So long test i goes to the head of the run
    worker (i mod workers) gets first. Only the order changes: every worker collects the same
    tests, as xdist requires. A transactional test early is safe: after its flush the reference
    data the others stand on is put back (``_restore_reference_data``)."""
    long = sorted((item for item in items if _long(item)), key=lambda i: LONG.index(next(
        (p for p in LONG if i.nodeid.startswith(p)), LONG[-1])))
    if not long:
        return
    rest = [item for item in items if not _long(item)]
    workers = int(getattr(config, "workerinput", {}).get("workercount", 1))
    chunk = max(2, len(items) // workers // 4)  # as xdist's LoadScheduling.schedule computes it
    order = []
    for k in range(workers):
        head = long[k::workers]
        order += head + rest[:max(0, chunk - len(head))]
        rest = rest[max(0, chunk - len(head)):]
    items[:] = order + rest


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real data folder (``../shared/data`` or ``$PHALANG_TESTDATA``); skip when absent."""
    path = shared_data_dir()
    if not path.is_dir():
        pytest.skip(f"real test data not found at {path}: set PHALANG_TESTDATA to run this test")
    return path


# --- Django-side fixtures ------------------------------------------------------------------
# Playwright's sync API runs an event loop in the test thread; the ORM calls our tests make
# beside it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _audit_triggers(request):  # type: ignore[no-untyped-def]
    """Keep the audit table's append-only triggers in place during each test, and lift them
    after a transactional test so Django can empty the tables for the next one."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or any(
        f in request.fixturenames for f in ("transactional_db", "live_server"))
    if not (marker or transactional or "db" in request.fixturenames):
        yield
        return
    from django.db import connection

    from phalang.audit import triggers

    request.getfixturevalue("transactional_db" if transactional else "db")
    triggers.install(connection)
    # Rate-limit counters and cached counts must not leak between tests (Redis outlives them,
    # and the database cache table is not emptied between transactional tests).
    from django.core.cache import cache

    cache.clear()
    if transactional:
        # A transactional test empties every table afterwards, data migrations' rows included.
        from phalang.watch.defaults import ensure_categories

        ensure_categories()
    yield
    if transactional:
        triggers.remove(connection)


def _restore_reference_data(**kwargs) -> None:  # type: ignore[no-untyped-def]
    """After a transactional test Django empties the tables and emits post_migrate: put back the
    default categories of a data migration, so a test's outcome never depends on whether a
    transactional test ran before it on the same worker. (The gazetteer is kept: see
    ``django_db_setup``; it is loaded again only if something emptied it anyway.)"""
    from phalang.places.loader import load_gazetteer
    from phalang.places.lookup import reset_index
    from phalang.places.models import Subdistrict
    from phalang.watch.defaults import ensure_categories

    ensure_categories()
    if not Subdistrict.objects.exists():
        load_gazetteer()
        reset_index()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """Load the gazetteer once per test database, not once per test, and again after each flush."""
    from django.apps import apps
    from django.db.backends.base.introspection import BaseDatabaseIntrospection
    from django.db.models.signals import post_migrate

    from phalang.places.loader import load_gazetteer

    with django_db_blocker.unblock():
        load_gazetteer()
    # The gazetteer is reference data, read-only in every test: the flush that ends a
    # transactional test leaves its tables alone, so their rows and ids stay as loaded (reloading
    # it after every such test cost seconds each, and shifted ids that some tests name).
    places = {m._meta.db_table for m in apps.get_app_config("places").get_models()}
    original = BaseDatabaseIntrospection.django_table_names

    def without_places(self, only_existing=False, include_views=True):  # type: ignore[no-untyped-def]
        return [t for t in original(self, only_existing, include_views) if t not in places]

    BaseDatabaseIntrospection.django_table_names = without_places  # type: ignore[method-assign]
    # post_migrate is sent once per app: listen to one of them.
    post_migrate.connect(_restore_reference_data, sender=apps.get_app_config("places"),
                         dispatch_uid="tests-restore-reference-data")
    yield
    post_migrate.disconnect(sender=apps.get_app_config("places"), dispatch_uid="tests-restore-reference-data")
    BaseDatabaseIntrospection.django_table_names = original  # type: ignore[method-assign]


@pytest.fixture
def gazetteer(db):  # type: ignore[no-untyped-def]
    """The real gazetteer, loaded from the registry packages (about a second)."""
    from phalang.places.loader import load_gazetteer
    from phalang.places.lookup import reset_index
    from phalang.places.models import Subdistrict

    if not Subdistrict.objects.exists():
        load_gazetteer()
    reset_index()
    yield
    reset_index()


def totp_now(user) -> str:  # type: ignore[no-untyped-def]
    """The current code of the user's confirmed TOTP device, as an authenticator app shows it."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user).order_by("-confirmed", "-id").first()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def browser_login(page, user, next_path: str, password: str = "correct-horse-battery") -> None:  # type: ignore[no-untyped-def]
    """Sign a staff user in through the real pages in Chromium (password, then the TOTP step) and
    wait until the browser has left the second step; the caller waits for where it lands."""
    page.goto(page.base_url + f"/accounts/login/?next={next_path}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url("**/two-factor/**")
    page.fill("#id_code", totp_now(user))
    page.get_by_role("button", name="ยืนยัน").click()
    page.wait_for_url(lambda url: "/two-factor/" not in url)


@pytest.fixture
def make_org(db):  # type: ignore[no-untyped-def]
    from phalang.orgs import actions

    def make(slug: str = "org-a", kind: str = "civil_society", **kw):  # type: ignore[no-untyped-def]
        return actions.create_organisation(slug=slug, name_th=f"องค์กร {slug}", kind=kind, **kw)

    return make


@pytest.fixture
def make_user(db):  # type: ignore[no-untyped-def]
    from phalang.accounts import actions
    from phalang.orgs import actions as org_actions

    def make(username: str = "alice", password: str = "correct-horse-battery", org=None,  # type: ignore[no-untyped-def]
             role: str | None = None, **kw):
        user = actions.create_user(username, password, **kw)
        if org is not None and role is not None:
            org_actions.add_member(org, user, role)
        return user

    return make


@pytest.fixture
def verified_client(client):  # type: ignore[no-untyped-def]
    """Log a user in through the real login and two-factor pages."""

    def login(user, password: str = "correct-horse-battery"):  # type: ignore[no-untyped-def]
        resp = client.post("/accounts/login/", {"username": user.username, "password": password})
        assert resp.status_code == 302, resp.content[:500]
        if user.needs_two_factor:
            client.get("/accounts/two-factor/")
            resp = client.post("/accounts/two-factor/", {"code": totp_now(user)})
            assert resp.status_code == 302, resp.content[:500]
        return client

    return login


# --- Headless Chromium (Debian's package) driven by Playwright -------------------------------
# Debian's chromium-headless-shell first: the same Blink and V8 as the chromium package, without
# the full browser around them (Playwright's own default for headless runs). The site gate's Thai
# crawl took 206 s of CPU with it against 292 s with /usr/bin/chromium (docs/benchmarks.md, "Test
# suite", session 9). PHALANG_CHROMIUM names another binary.
CHROMIUM_CANDIDATES = ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium")


def _chromium_path() -> str:
    if chosen := os.environ.get("PHALANG_CHROMIUM"):
        return chosen
    return next((c for c in CHROMIUM_CANDIDATES if shutil.which(c)), CHROMIUM_CANDIDATES[0])


CHROMIUM = _chromium_path()


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def require_chromium() -> None:
    if not shutil.which(CHROMIUM):
        if os.environ.get("PHALANG_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM}, and PHALANG_REQUIRE_BROWSER=1")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt install chromium-headless-shell); .ci/run installs it")


@pytest.fixture(scope="session")
def _chromium():  # type: ignore[no-untyped-def]
    """One headless Chromium per test process, started at the first browser test. Starting it
    cost about a second per test; each test still gets a context of its own (no cookies, storage
    or cache shared with another test)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(live_server, request):  # type: ignore[no-untyped-def]
    """A phone-sized page in headless Chromium, in a fresh browser context; `page.base_url` is
    the live server. Contexts the test opens itself are closed after it too."""
    require_chromium()
    browser = request.getfixturevalue("_chromium")
    before = set(browser.contexts)
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-US")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.base_url = live_server.url  # type: ignore[attr-defined]
    pg.console_errors = errors  # type: ignore[attr-defined]
    yield pg
    for ctx in browser.contexts:
        if ctx not in before:
            ctx.close()


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):  # type: ignore[no-untyped-def]
    """Skip the interpreter's last garbage collections when the run is over: a test worker's heap
    (every test module, Django, the LINE SDK's classes, Playwright) takes seconds to walk, and
    the test databases are already destroyed and closed by now (phalang/cli.py does the same)."""
    import gc

    gc.freeze()
