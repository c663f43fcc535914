"""``phalang keys generate | list``: create the production keys directory, see where keys come from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phalang.lib import keys
from phalang.lib.env import data_dir


class Command(BaseCommand):
    help = "Create missing keys in the keys directory, or list where each key comes from (never its value)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="sub", required=True)
        g = sub.add_parser("generate", help="write every missing key (mode 0600) to a directory")
        g.add_argument("--dir", help="default: $PHALANG_KEYS_DIR")
        sub.add_parser("list", help="each key, what it protects and where it comes from")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["sub"] == "generate":
            folder = Path(opts["dir"]).resolve() if opts.get("dir") else keys.keys_dir()
            if keys.inside(folder, data_dir()) and not keys.generating():
                raise CommandError(f"{folder} lies inside the data folder {data_dir()}: choose a directory outside it")
            made = [n for n in keys.KEYS if keys.write_key(folder / f"{n}.key", keys.size(n))]
            self.stdout.write(f"{folder}: created {', '.join(made) or 'nothing'} "
                              f"({len(keys.KEYS) - len(made)} already there)")
            return
        for name, what in keys.KEYS.items():
            self.stdout.write(f"{name:22} {keys.source(name) or 'MISSING'}\n{'':22} {what}")
