"""``phalang polis analyze DIR``: the opinion model of a Pol.is export folder, as JSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import orjson

from .io import PolisInputError, read_export
from .model import analyze

EXIT_BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="phalang polis", description="Pol.is-compatible opinion groups."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "analyze", help="analyse a Pol.is export folder (votes.csv, comments.csv)"
    )
    run.add_argument("folder", type=Path)
    run.add_argument(
        "--groups", type=int, default=None, help="number of groups (default: by silhouette)"
    )
    run.add_argument("--seed", type=int, default=0)
    run.add_argument(
        "--json", action="store_true", help="print one JSON object (the only output format)"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as stop:  # argparse already printed the usage error
        return int(stop.code or 0) and EXIT_BAD_INPUT
    if args.groups is not None and args.groups < 1:
        print("phalang polis: --groups must be at least 1", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        votes, statements = read_export(args.folder)
    except PolisInputError as error:
        print(f"phalang polis: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    result = analyze(votes, statements, seed=args.seed, groups=args.groups)
    sys.stdout.buffer.write(orjson.dumps(result.to_dict()) + b"\n")
    sys.stdout.flush()
    return 0
