"""Demo data: organisations, people and content, all visibly labelled as demo.

Seeding is idempotent: everything is looked up by a stable key first, and passwords are kept
in ``$PHALANG_DATA_DIR/demo-credentials.json`` so a second run prints the same ones.
Modules add their own demo content with ``register``.
"""

from __future__ import annotations

import importlib
import json
import os
import secrets
from collections.abc import Callable
from typing import Any

from django.db import transaction

from phalang.accounts import actions as account_actions
from phalang.accounts.models import User
from phalang.lib.env import data_dir
from phalang.orgs import actions as org_actions
from phalang.orgs.models import Organisation
from phalang.orgs.roles import Role
from phalang.places.models import Province

DEMO_ORGS = [
    # slug, Thai name, English name, kind, verified, province
    ("demo-watchdog", "[ตัวอย่าง] เครือข่ายต่อต้านคอร์รัปชัน", "[Demo] Anti-Corruption Network",
     "civil_society", True, "กรุงเทพมหานคร"),
    ("demo-district-office", "[ตัวอย่าง] ที่ว่าการอำเภอบางพลี", "[Demo] Bang Phli District Office",
     "agency", True, "สมุทรปราการ"),
    ("demo-volunteers", "[ตัวอย่าง] กลุ่มอาสาเส้นทางช่วยเหลือ", "[Demo] Lifeline Volunteers",
     "volunteer_group", True, "เชียงราย"),
    ("demo-newsroom", "[ตัวอย่าง] สำนักข่าวพลเมือง", "[Demo] Citizen Newsroom", "media", False,
     "เชียงใหม่"),
]

DEMO_USERS = [
    # username, display name, superuser, [(org slug, role)]
    ("admin", "[ตัวอย่าง] ผู้ดูแลระบบ", True, []),
    ("moderator", "[ตัวอย่าง] ผู้ตรวจสอบเรื่อง", False, [("demo-watchdog", Role.MODERATOR)]),
    ("partner", "[ตัวอย่าง] เจ้าหน้าที่อำเภอ", False, [("demo-district-office", Role.PARTNER_STAFF)]),
    ("coordinator", "[ตัวอย่าง] ผู้ประสานงานอาสา", False, [("demo-volunteers", Role.COORDINATOR)]),
    ("volunteer", "[ตัวอย่าง] อาสาสมัคร", False, [("demo-volunteers", Role.VOLUNTEER)]),
]

# Seeders are named by dotted path ("phalang.watch.demo:seed") and imported only when the demo
# is seeded: a module's demo data pulls in its whole stack (the LINE SDK, SciPy), which every
# other command would otherwise pay for at start-up (docs/benchmarks.md, "Command start-up").
_seeders: list[str | Callable[[], None]] = []


def register(seed: str | Callable[[], None]) -> None:
    if seed not in _seeders:
        _seeders.append(seed)


def _resolve(seed: str | Callable[[], None]) -> Callable[[], None]:
    if callable(seed):
        return seed
    module_name, _, func_name = seed.partition(":")
    func: Callable[[], None] = getattr(importlib.import_module(module_name), func_name)
    return func


def _credentials() -> dict[str, str]:
    path = data_dir() / "demo-credentials.json"
    creds: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    changed = False
    for username, *_ in DEMO_USERS:
        if username not in creds:
            creds[username] = "demo-" + secrets.token_urlsafe(9)
            changed = True
    if changed:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump(creds, fh, indent=2)
    return creds


@transaction.atomic
def seed() -> list[dict[str, Any]]:
    """Create what is missing and return the demo logins."""
    creds = _credentials()
    hashes_path = data_dir() / "demo-password-hashes.json"
    hashes: dict[str, str] = json.loads(hashes_path.read_text()) if hashes_path.exists() else {}
    for slug, name_th, name_en, kind, verified, province in DEMO_ORGS:
        org = Organisation.objects.filter(slug=slug).first()
        if org is None:
            org = org_actions.create_organisation(
                slug=slug, name_th=name_th, name_en=name_en, kind=kind, is_demo=True,
                province=Province.objects.filter(name_th=province).first())
            if verified:
                org_actions.verify_organisation(org, by=None, reason="demo data")
    logins = []
    for username, display, superuser, roles in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = account_actions.create_user(username, creds[username], display_name=display,
                                               is_superuser=superuser)
        elif hashes.get(username) != user.password and not user.check_password(creds[username]):
            # Argon2 is slow by design (about 0.2 s a check): a hash unchanged since this seed
            # last saw it needs no check, which keeps a second `make demo` fast.
            account_actions.set_password(user, creds[username])
        if hashes.get(username) != user.password:
            hashes[username] = user.password
        for slug, role in roles:
            org = Organisation.objects.get(slug=slug)
            if not user.memberships.filter(organisation=org, role=role, active=True).exists():
                org_actions.add_member(org, user, role)
        logins.append({"username": username, "password": creds[username],
                       "roles": ", ".join(f"{r} @ {s}" for s, r in roles) or "platform admin"})
    for seeder in _seeders:
        _resolve(seeder)()
    transaction.on_commit(lambda: hashes_path.write_text(json.dumps(hashes, indent=2)))
    return logins
