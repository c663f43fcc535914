"""Check an evidence file, or make its public copy.

    python -m phalang.engines.evidence check photo.jpg
    python -m phalang.engines.evidence public photo.jpg public.jpg --blur 0.1,0.2,0.3,0.1
    python -m phalang.engines.evidence public letter.pdf public.pdf --blur 2:0.5,0.1,0.4,0.05

``check`` prints the detection as JSON (with the SHA-256), or the refusal as JSON on standard
error with exit status 1. ``--blur`` takes x,y,w,h as fractions of the upright image; for a PDF,
prefix the 1-based page number and a colon (no prefix means page 1).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from phalang.engines.evidence.base import EvidenceError, Limits, Rect, sniff
from phalang.engines.evidence.detect import detect, sha256
from phalang.engines.evidence.images import public_image
from phalang.engines.evidence.pdf import public_pdf


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m phalang.engines.evidence", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--max-bytes", type=int, default=Limits.max_bytes)
    parser.add_argument("--max-pixels", type=int, default=Limits.max_pixels)
    parser.add_argument("--max-pages", type=int, default=Limits.max_pages)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="print what the file is, or why it is refused")
    check.add_argument("file", type=Path)
    public = commands.add_parser("public", help="write the public copy of an image or PDF")
    public.add_argument("file", type=Path)
    public.add_argument("out", type=Path)
    public.add_argument("--blur", action="append", default=[], metavar="[PAGE:]X,Y,W,H")
    public.add_argument("--max-side", type=int, default=2000, help="images: longest side")
    return parser


def _blur(spec: str) -> tuple[int, Rect]:
    page, _, rect = spec.rpartition(":")
    values = [float(v) for v in rect.split(",")]
    if len(values) != 4:
        raise ValueError(f"--blur needs four numbers x,y,w,h, got {spec!r}")
    return (int(page) - 1 if page else 0), (values[0], values[1], values[2], values[3])


def _error(error: EvidenceError) -> int:
    json.dump(error.as_dict(), sys.stderr, ensure_ascii=False)
    sys.stderr.write("\n")
    return 1


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    limits = Limits(max_bytes=args.max_bytes, max_pixels=args.max_pixels, max_pages=args.max_pages)
    prog = "python -m phalang.engines.evidence"
    try:
        data = args.file.read_bytes()
    except OSError as error:
        print(f"{prog}: {error}", file=sys.stderr)
        return 2
    try:
        if args.command == "check":
            found = detect(data, args.file.name, limits=limits)
            json.dump({**found.as_dict(), "sha256": sha256(data)}, sys.stdout, indent=2)
            sys.stdout.write("\n")
            return 0
        blurs = [_blur(spec) for spec in args.blur]
        if sniff(data) == "pdf":
            pages: dict[int, list[Rect]] = {}
            for page, rect in blurs:
                pages.setdefault(page, []).append(rect)
            out = public_pdf(data, pages, limits=limits)
        else:
            if any(page for page, _ in blurs):
                print(f"{prog}: page numbers in --blur are for PDFs", file=sys.stderr)
                return 2
            out = public_image(data, [r for _, r in blurs], args.max_side, limits=limits)
    except EvidenceError as error:
        return _error(error)
    except ValueError as error:
        print(f"{prog}: {error}", file=sys.stderr)
        return 2
    args.out.write_bytes(out)
    print(f"{args.out}: {len(out)} bytes, sha256 {sha256(out)}")
    return 0
