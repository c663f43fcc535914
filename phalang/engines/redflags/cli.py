"""``phalang flags indicators``: Cardinal's command line, in Python.

    phalang flags indicators --settings FILE.ini [--no-meta] [--count] INPUT.jsonl
    python -m phalang.engines.redflags indicators ...

INPUT is JSON Lines of compiled releases, or "-" for standard input. The result is one JSON
object on standard output; broken lines are reported on standard error and skipped.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from typing import Any

import orjson

from phalang.engines.redflags.runner import run_file
from phalang.engines.redflags.settings import Settings, SettingsError, load_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="phalang flags",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    indicators = commands.add_parser(
        "indicators",
        help="calculate red flags from compiled releases (JSON Lines)",
        description="Calculate red-flag indicators from OCDS compiled releases, one per line.",
    )
    indicators.add_argument("file", help='JSON Lines file, or "-" for standard input')
    indicators.add_argument("-s", "--settings", help="settings file (INI); default: every rule")
    indicators.add_argument(
        "-c",
        "--count",
        action="store_true",
        help="print the number of results per group to standard error",
    )
    indicators.add_argument(
        "--no-meta", action="store_true", help='leave out the "Meta" key (quartiles and fences)'
    )
    indicators.add_argument(
        "-w",
        "--workers",
        type=int,
        default=None,
        help="worker processes (default: one per available core)",
    )
    commands.add_parser("rules", help="list the rules with their settings")
    cover = commands.add_parser(
        "coverage",
        help="which fields each rule needs and how many processes have them",
        description="Count, per rule, the processes that have every field the rule needs.",
    )
    cover.add_argument("file", help='JSON Lines file of compiled releases, or "-" for standard input')
    cover.add_argument("-s", "--settings", help="settings file (INI); default: every rule")
    return parser


def _warn(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _coverage(path: str, settings: Settings) -> int:
    from phalang.engines.redflags.coverage import coverage

    def releases() -> Iterator[Any]:
        try:
            stream = sys.stdin.buffer if path == "-" else open(path, "rb")
        except OSError as error:
            raise SystemExit(f"phalang flags: {error}") from None
        with stream:
            for number, line in enumerate(stream, 1):
                if not line.strip():
                    continue
                try:
                    yield orjson.loads(line)
                except orjson.JSONDecodeError:
                    _warn(f"Line {number} is invalid JSON, skipping.")

    print("\n".join(coverage(releases(), settings).lines()))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "rules":
        from phalang.engines.redflags.indicators import RULES

        for code, info in RULES.items():
            options = ", ".join(f"{k} = {v}" for k, v in info.settings.items()) or "-"
            print(f"{code}\t{info.name_en} / {info.name_th}\t[{options}]")
        return 0
    try:
        settings = load_settings(args.settings)
    except (OSError, SettingsError) as error:
        print(f"phalang flags: settings: {error}", file=sys.stderr)
        return 2
    if args.command == "coverage":
        return _coverage(args.file, settings)
    try:
        results = run_file(args.file, settings, workers=args.workers, warn=_warn)
    except OSError as error:
        print(f"phalang flags: {error}", file=sys.stderr)
        return 1
    text = orjson.dumps(results.to_cardinal(meta=not args.no_meta)) + b"\n"
    binary = getattr(sys.stdout, "buffer", None)
    if binary is not None:
        sys.stdout.flush()
        binary.write(text)
        binary.flush()
    else:  # a text stream without bytes underneath, e.g. io.StringIO
        sys.stdout.write(text.decode())
    if args.count:
        for group, count in results.counts().items():
            print(f"{group}: {count}", file=sys.stderr)
    return 0
