"""``phalang demo``: set everything up on the embedded default, seed demo data, and serve."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from phalang.core import demo
from phalang.lib.env import data_dir


class Command(BaseCommand):
    help = "Migrate, load reference data, seed labelled demo content, then serve with a worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="set up and seed, then exit")
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))

    def handle(self, *args: Any, **opts: Any) -> None:
        self.stdout.write("1/4 applying migrations")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("2/4 loading the Thai gazetteer")
        call_command("places", "load")
        self.stdout.write("3/4 seeding demo organisations, people and content")
        logins = demo.seed()
        where = data_dir() / "demo-credentials.json"
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (local only; also in {where}):"))
        for login in logins:
            self.stdout.write(f"  {login['username']:<12} {login['password']:<20} {login['roles']}")
        self.stdout.write("Staff roles set up two-factor (TOTP) at first login.\n")
        from phalang.lib import keys

        if keys.inside(keys.keys_dir(), data_dir()):
            self.stdout.write(self.style.WARNING(
                f"Demo keys were generated in {keys.keys_dir()}, inside the data folder: whoever copies it "
                "can decrypt what it holds. Production keeps keys apart (docs/deploy.md, Keys).\n"))
        if opts["no_serve"]:
            return
        self.stdout.write("4/4 serving")
        # A fresh process, so the manifest storage (hashed names, gzip and brotli) is used; skipped
        # when no static file changed since the last run (it cost ~4 s of a second `make demo`).
        stamp = Path(settings.STATIC_ROOT) / ".sources-fingerprint"
        fingerprint = _static_fingerprint()
        manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
        if not (manifest.exists() and stamp.exists() and stamp.read_text() == fingerprint):
            subprocess.run([os.path.join(os.path.dirname(sys.executable), "phalang"), "collectstatic",
                            "--noinput", "-v0"], check=True,
                           env={**os.environ, "PHALANG_STATIC_STORAGE": "manifest"})
            stamp.write_text(fingerprint)

        os.environ["PHALANG_DEMO"] = "1"
        call_command("serve", port=opts["port"])


def _static_fingerprint() -> str:
    """A digest of every static source file's path, size and modification time."""
    digest = hashlib.sha256()
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            st = os.stat(storage.path(path))
            digest.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()
