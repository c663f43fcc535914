"""``phalang thaitext``: try the Thai text engine on a string; prints JSON.

    phalang thaitext tokenize "ก่อสร้างอาคารเรียน ต.บางพลีใหญ่"
    phalang thaitext places "ต.บางพลีใหญ่ อ.บางพลี จ.สมุทรปราการ"
    phalang thaitext terms "ก่อสร้างอาคารเรียน 4 ชั้น" [--query]
    phalang thaitext similarity "text a" "text b"
    phalang thaitext normalize TEXT

Text may be ``-`` to read standard input.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from typing import Any

from phalang.engines.thaitext.normalize import normalize
from phalang.engines.thaitext.places import extract_places, resolve_place
from phalang.engines.thaitext.search import index_terms, query_terms
from phalang.engines.thaitext.similarity import similarity
from phalang.engines.thaitext.tokenize import tokenize


def _text(value: str) -> str:
    return sys.stdin.read() if value == "-" else value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="phalang thaitext", description="Thai text tools (JSON output)."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    tok = sub.add_parser("tokenize", help="split into words")
    tok.add_argument("text")
    tok.add_argument(
        "--word", action="append", default=[], help="extra dictionary word (repeatable)"
    )
    places = sub.add_parser("places", help="place mentions and the resolved gazetteer place")
    places.add_argument("text")
    terms = sub.add_parser("terms", help="search index terms (or query terms with --query)")
    terms.add_argument("text")
    terms.add_argument("--query", action="store_true")
    sim = sub.add_parser("similarity", help="similarity of two texts in [0, 1]")
    sim.add_argument("a")
    sim.add_argument("b")
    norm = sub.add_parser("normalize", help="the normalised text")
    norm.add_argument("text")
    return parser


def run(args: argparse.Namespace) -> Any:
    if args.command == "tokenize":
        return tokenize(_text(args.text), args.word)
    if args.command == "places":
        text = _text(args.text)
        resolved = resolve_place(text)
        return {
            "mentions": [dataclasses.asdict(m) for m in extract_places(text)],
            "resolved": resolved._asdict() if resolved else None,
        }
    if args.command == "terms":
        text = _text(args.text)
        return query_terms(text) if args.query else index_terms(text)
    if args.command == "similarity":
        return similarity(_text(args.a), args.b)
    return normalize(_text(args.text))


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    json.dump(run(args), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
