"""``phalang redact``: propose a public version of a text.

    phalang redact report.txt            # the redacted text
    echo "โทร 081-234-5678" | phalang redact --json -
    phalang redact --kinds phone,email --style mask report.txt

``--json`` prints the proposal, each finding and the self-identification warnings.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import cast

from phalang.engines.redaction.authorship import self_identifying_warnings
from phalang.engines.redaction.engine import PlaceholderStyle, redact
from phalang.engines.redaction.findings import KINDS, Kind


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="phalang redact", description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default="-", help="text file, or - for standard input")
    parser.add_argument("--json", action="store_true", help="print findings and warnings as JSON")
    parser.add_argument(
        "--kinds", default=",".join(KINDS), help=f"comma-separated: {','.join(KINDS)}"
    )
    parser.add_argument("--style", choices=["label", "kind", "mask"], default="label")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    unknown = set(kinds) - set(KINDS)
    if unknown:
        print(
            f"phalang redact: unknown kinds {sorted(unknown)}; known: {', '.join(KINDS)}",
            file=sys.stderr,
        )
        return 2
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    except OSError as error:
        print(f"phalang redact: {error}", file=sys.stderr)
        return 1
    proposal = redact(text, cast(list[Kind], kinds), cast(PlaceholderStyle, args.style))
    if args.json:
        out = {
            "public_text": proposal.public_text,
            "findings": [dataclasses.asdict(f) for f in proposal.findings],
            "warnings": self_identifying_warnings(text),
        }
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(proposal.public_text)
    return 0
