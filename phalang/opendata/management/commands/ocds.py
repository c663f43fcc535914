"""``phalang ocds import PATH...`` and ``phalang ocds flags``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phalang.opendata import actions


class Command(BaseCommand):
    help = "Import OCDS data (packages, JSON Lines, gzip; files or folders) and compute red flags."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        imp = sub.add_parser("import", help="import files or folders")
        imp.add_argument("paths", nargs="+")
        imp.add_argument("--no-flags", action="store_true", help="do not recompute red flags afterwards")
        sub.add_parser("flags", help="recompute red flags over every imported process")
        prep = sub.add_parser("prepare", help="print the releases of files, prepared, as JSON Lines; "
                                              "report each fix on standard error (nothing is stored)")
        prep.add_argument("paths", nargs="+")
        sub.add_parser("reindex", help="rebuild every search document (after the Thai text engine changed)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "prepare":
            self._prepare(options["paths"])
            return
        if options["subcommand"] == "reindex":
            counts = actions.reindex_search(progress=lambda line: self.stderr.write(line))
            self.stdout.write(f"search documents rebuilt: {counts}")
            return
        if options["subcommand"] == "flags":
            counts = actions.compute_flags()
            self.stdout.write(f"flags: {sum(counts.values())} {dict(sorted(counts.items()))}")
            return
        result = actions.import_ocds(options["paths"], flags=not options["no_flags"])
        for problem in result.problems:
            self.stderr.write(f"skipped {problem}")
        for line in result.fix_lines():
            self.stderr.write(line)
        if result.fixes:
            self.stderr.write(actions.FIX_HINT)
        self.stdout.write(result.summary())
        if result.problems:
            # Scripts and cron jobs must see that part of the data did not import.
            raise CommandError(f"{len(result.problems)} file(s) or release(s) could not be imported; "
                               "see 'skipped' above")

    def _prepare(self, paths: list[str]) -> None:
        from collections import Counter

        import orjson

        from phalang.opendata import ocds
        from phalang.opendata.prepare import prepare

        problems: list[ocds.Problem] = []
        fixes: Counter[str] = Counter()
        out = self.stdout
        notes: list[ocds.Problem] = []

        def report_notes() -> None:  # what was fixed in a file as a whole, before its releases' fixes
            for note in notes:
                fixes[f"file: {note.message}"] += 1
                self.stderr.write(str(note))
            notes.clear()

        for path in ocds.expand(paths):
            for item in ocds.read(path, problems, notes=notes):
                report_notes()
                for fix in prepare(item.data):
                    fixes[f"{fix.kind}: {fix.general}"] += 1
                    self.stderr.write(f"{item.place} {item.ocid} {fix}")
                out.write(orjson.dumps(item.data).decode())
            report_notes()
        for problem in problems:
            self.stderr.write(f"skipped {problem}")
        for kind, count in sorted(fixes.items()):
            self.stderr.write(f"prepared {count} × {kind}")
        if problems:
            raise CommandError(f"{len(problems)} file(s) or release(s) could not be read; see 'skipped' above")
