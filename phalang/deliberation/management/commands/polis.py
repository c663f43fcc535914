"""``phalang polis import DIR`` / ``phalang polis export ID DIR`` (``analyze`` goes to the engine)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phalang.deliberation.interchange import POLIS_ATTRIBUTION, export_folder, import_folder
from phalang.deliberation.models import Conversation
from phalang.engines.polis import PolisInputError
from phalang.orgs.models import Organisation


class Command(BaseCommand):
    help = "Import or export a conversation as a Pol.is export folder (votes.csv, comments.csv)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="load a Pol.is export folder as a new conversation")
        imp.add_argument("folder", type=Path)
        imp.add_argument("--org", default="", help="slug of the owning organisation (default: none)")
        imp.add_argument("--topic", default="", help="topic (default: summary.csv's, else the folder name)")
        imp.add_argument("--attribution", default=POLIS_ATTRIBUTION,
                         help="credit shown with the data (default: the Pol.is open-data licence)")
        imp.add_argument("--open", action="store_true", help="open it for new votes")
        exp = sub.add_parser("export", help="write a conversation as a Pol.is export folder")
        exp.add_argument("conversation", type=int)
        exp.add_argument("folder", type=Path)
        ana = sub.add_parser("analyze", help="the engine's own analysis of an export folder")
        ana.add_argument("rest", nargs="*")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "analyze":
            from phalang.engines.polis.cli import main

            code = main(["analyze", *options["rest"]])
            if code:
                raise CommandError(f"analyze failed (exit {code})", returncode=code)
            return
        try:
            if options["action"] == "import":
                org = None
                if options["org"]:
                    org = Organisation.objects.filter(slug=options["org"]).first()
                    if org is None:
                        raise CommandError(f"no organisation with slug {options['org']!r}")
                conv = import_folder(options["folder"], organisation=org, topic=options["topic"],
                                     attribution=options["attribution"], is_open=options["open"])
                self.stdout.write(f"conversation {conv.pk}: {conv.participants.count()} participants, "
                                  f"{conv.statements.count()} statements, {conv.votes.count()} votes")
            else:
                found = Conversation.objects.filter(pk=options["conversation"]).first()
                if found is None:
                    raise CommandError(f"no conversation {options['conversation']}")
                counts = export_folder(found, options["folder"])
                self.stdout.write(f"wrote {options['folder']}: {counts['votes']} votes, "
                                  f"{counts['statements']} statements")
        except PolisInputError as error:
            raise CommandError(str(error), returncode=2) from error
