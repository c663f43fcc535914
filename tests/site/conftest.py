"""The site gate's world: the demo data, real data from ../shared, and one signed-in session per
role (staff sessions have passed two-factor, as a real login leaves them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, require_chromium, shared_data_dir

# Roles whose pages the gate crawls, in the order of the printed table.
ROLES = ("anonymous", "citizen", "volunteer", "moderator", "partner", "coordinator", "org-admin",
         "platform-admin")


def crawl_in_chromium(crawler: Any) -> Any:
    """Run a crawler (tests/site/crawler.py) in a Chromium of its own, in a thread of its own: its
    event loop never meets the one the synchronous browser tests keep in the test thread."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from playwright.async_api import async_playwright

    async def crawl() -> Any:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                return await crawler.run(browser)
            finally:
                await browser.close()

    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, crawl()).result()


@dataclass
class SiteWorld:
    base_url: str
    receipt: str  # a citizen's receipt for a report of theirs
    aid_receipt: str
    sessions: dict[str, str] = field(default_factory=dict)  # role -> session cookie value
    real_data: str = ""  # what real data was imported, or why none was


def import_real_data(tmp_path: Path) -> str:
    """A slice of every kind of real data in ../shared, through the real importers; small enough
    for CI. Returns what was imported, or why nothing was."""
    from phalang.deliberation.interchange import import_folder
    from phalang.opendata import actions as od

    data = shared_data_dir()
    if not data.is_dir():
        return f"real data not found at {data} (set PHALANG_TESTDATA): crawled the demo data only"
    done = []
    examples = data / "ocds" / "real-examples"
    for publisher in ("paraguay", "canada"):  # Spanish and English/French publishers
        if (examples / publisher).is_dir():
            od.import_ocds([examples / publisher])
            done.append(f"OCDS {publisher}")
    budget = sorted((data / "thai-budget").glob("*.jsonl"))
    if budget:
        # The first 300 lines of each fiscal year (15 of the real lines are broken JSON: the
        # importer reports and skips them, and the pages must not mind).
        subset = tmp_path / "budget-subset.jsonl"
        with open(subset, "wb") as out:
            for path in budget:
                with open(path, "rb") as fh:
                    for i, line in enumerate(fh):
                        if i >= 300:
                            break
                        out.write(line)
        od.import_budget([subset])
        done.append(f"Thai budget ({len(budget)} files, 300 lines each)")
    polis = data / "polis" / "15-per-hour-seattle"
    if polis.is_dir():
        import_folder(polis, is_open=True)
        done.append("Pol.is 15-per-hour-seattle")
    return "real data: " + ", ".join(done) if done else f"no real data under {data}"


def staff_session(user: Any) -> str:
    """A session as the real login and two-factor pages leave it (a confirmed TOTP device)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if user.needs_two_factor:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or \
            TOTPDevice.objects.create(user=user, name="gate", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client.cookies["sessionid"].value


@pytest.fixture
def site(live_server, gazetteer, tmp_path) -> SiteWorld:  # type: ignore[no-untyped-def]
    require_chromium()
    from phalang.accounts import actions as account_actions
    from phalang.accounts.models import User
    from phalang.aid import actions as aid_actions
    from phalang.core import demo
    from phalang.orgs import actions as org_actions
    from phalang.orgs.models import Organisation
    from phalang.orgs.roles import Role
    from phalang.watch import workflow
    from phalang.watch.actions import NewReport, file_report

    demo.seed()
    real = import_real_data(tmp_path)
    admin = User.objects.get(username="admin")
    watchdog = Organisation.objects.get(slug="demo-watchdog")
    district = Organisation.objects.get(slug="demo-district-office")
    org_admin = account_actions.create_user("orgadmin", "correct-horse-battery",
                                            display_name="[ตัวอย่าง] ผู้ดูแลองค์กร")
    org_actions.add_member(watchdog, org_admin, Role.ADMIN)
    # A citizen's own report, forwarded to the partner so partner staff have a case to open.
    report, receipt = file_report(NewReport(
        category="corruption", province="สมุทรปราการ", district="บางพลี", subdistrict="บางพลีใหญ่",
        description="เจ้าหน้าที่เรียกเงินใต้โต๊ะ 2,000 บาท เพื่อเร่งออกใบอนุญาตก่อสร้าง"))
    workflow.forward(report, to=[district], by=admin, reason="ส่งต่อให้สำนักงานเขต")
    _req, aid_receipt = aid_actions.file_help_request(aid_actions.NewHelpRequest(
        need="food", details="ผู้สูงอายุสองคนติดอยู่ในบ้าน น้ำท่วมถึงเอว ต้องการอาหารและน้ำดื่ม", people=2,
        answers={}, place_text="ต.รอบเวียง อ.เมืองเชียงราย จ.เชียงราย", name="สมศรี", phone="0812345678",
        address="บ้านเลขที่ 9", consent_share=True, organisation="demo-volunteers"))
    world = SiteWorld(base_url=live_server.url, receipt=receipt, aid_receipt=aid_receipt, real_data=real)
    users = {"volunteer": "volunteer", "moderator": "moderator", "partner": "partner",
             "coordinator": "coordinator", "org-admin": "orgadmin", "platform-admin": "admin"}
    for role, username in users.items():
        world.sessions[role] = staff_session(User.objects.get(username=username))
    return world


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # type: ignore[no-untyped-def]
    """Print the gate's table at the end of the run, also from a parallel (xdist) worker."""
    for kind in ("passed", "failed"):
        for report in terminalreporter.stats.get(kind, []):
            for name, value in getattr(report, "user_properties", []):
                if name == "site-gate" and getattr(report, "when", "call") == "call":
                    terminalreporter.write_sep("-", "site quality gate")
                    terminalreporter.write_line(str(value))
