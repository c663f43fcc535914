"""``phalang budget import FILE...``: the government spending export (ภาษีไปไหน), JSON Lines."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phalang.opendata import actions


class Command(BaseCommand):
    help = "Import Thai budget projects (JSON Lines, gzip too). Broken lines are reported and skipped."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        imp = sub.add_parser("import", help="import files")
        imp.add_argument("files", nargs="+")

    def handle(self, *args: Any, **options: Any) -> None:
        result = actions.import_budget(options["files"])
        for problem in result.problems:
            self.stderr.write(f"skipped {problem}")
        self.stdout.write(result.summary())
        if result.problems:
            raise CommandError(f"{len(result.problems)} line(s) or file(s) could not be imported; see 'skipped' above")
