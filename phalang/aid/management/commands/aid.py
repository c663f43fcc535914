"""``phalang aid import FILE`` (CSV or XLSX) and ``phalang aid checkins``.

``aid match`` and ``aid route`` are the engine's own CLI (see phalang/cli.py) and never get here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phalang.aid import actions, importer
from phalang.orgs.models import Organisation


class Command(BaseCommand):
    help = "Mutual aid: import a spreadsheet of help requests; send 'still need help?' check-ins."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="sub", required=True)
        imp = sub.add_parser("import", help="import help requests from a CSV or XLSX file; exit 1 if any row is refused")
        imp.add_argument("file")
        imp.add_argument("--org", help="the volunteer group's slug (default: the only verified one)")
        imp.add_argument("--json", action="store_true", help='print {"imported": N, "refused": [...]}')
        imp.add_argument("--reimport", action="store_true",
                         help="import a file this group has imported before (refused without this flag)")
        chk = sub.add_parser("checkins", help="ask open requests older than --hours whether they still need help")
        chk.add_argument("--hours", type=float, default=actions.CHECKIN_HOURS)

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["sub"] == "checkins":
            sent, called = actions.send_checkins(older_than_hours=opts["hours"])
            self.stdout.write(f"check-ins sent: {sent}; added to the call list: {called}")
            return
        org = self._org(opts.get("org"))
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        try:
            result = importer.import_file(org, path.read_bytes(), by=None, filename=path.name,
                                          reimport=opts["reimport"])
        except importer.SheetUnreadable as exc:
            hint = " (--reimport)" if isinstance(exc, importer.AlreadyImported) else ""
            raise CommandError(f"{exc.th} / {exc.en}{hint}") from exc
        if opts["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
        else:
            self.stdout.write(f"นำเข้าแล้ว {len(result.created)} แถว / imported {len(result.created)} rows "
                              f"({result.duplicates} possible duplicates)")
            if result.blank:
                self.stdout.write(f"ข้ามแถวว่าง {result.blank} แถว / skipped {result.blank} blank rows")
            for r in result.refused:
                self.stdout.write(f"แถว {r.line}: {r.reason_th} / line {r.line}: {r.reason_en}")
            for w in result.warnings:
                self.stdout.write(f"ตรวจสอบแถว {w.line}: {w.reason_th} / check line {w.line}: {w.reason_en}")
        if result.refused:
            self.stdout.flush()
            sys.exit(1)

    def _org(self, slug: str | None) -> Organisation:
        groups = Organisation.objects.filter(kind="volunteer_group", verified=True)
        if slug:
            org = groups.filter(slug=slug).first()
            if org is None:
                raise CommandError(f"no verified volunteer group {slug!r}")
            return org
        if groups.count() != 1:
            raise CommandError("give --org SLUG: there is not exactly one verified volunteer group")
        return groups.get()
