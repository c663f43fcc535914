"""``phalang aid match`` and ``phalang aid route``: the matcher and router on CSV files.

Exit codes: 0 done, 2 bad input (a CSV row, a missing file, a bad option).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from .csvio import CsvFormatError, load_requests, load_stops, load_vehicles, load_volunteers
from .geo import DEFAULT_DETOUR_FACTOR, detour_distance
from .model import OBJECTIVES, Weights
from .routing import plan_routes
from .solver import DEFAULT_MAX_PAIRS, match

_MAX_ERRORS_SHOWN = 20


class InputError(Exception):
    """Bad input the user can fix; printed without a traceback, exit code 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="phalang aid", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    m = sub.add_parser("match", help="assign help requests to volunteers")
    m.add_argument("--requests", required=True, type=Path, help="requests CSV")
    m.add_argument("--volunteers", required=True, type=Path, help="volunteers CSV")
    m.add_argument(
        "--objective",
        choices=OBJECTIVES,
        default="weighted",
        help="weighted (default): urgency, waiting, distance and fairness; "
        "distance: most assignments, then least total distance",
    )
    m.add_argument(
        "--exclusions", type=Path, help="CSV with columns request,volunteer: pairs never to match"
    )
    m.add_argument(
        "--weight",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a weight of the default objective, e.g. urgency=80",
    )
    m.add_argument(
        "--max-pairs",
        type=int,
        default=DEFAULT_MAX_PAIRS,
        help="prune the candidate pairs above this many (0: never prune)",
    )
    m.add_argument("--json", action="store_true", help="print JSON")
    m.add_argument("--output", type=Path, help="write to this file instead of stdout")

    r = sub.add_parser("route", help="route delivery runs from hubs")
    r.add_argument("--stops", required=True, type=Path, help="stops CSV")
    r.add_argument("--vehicles", required=True, type=Path, help="vehicles CSV")
    r.add_argument(
        "--time-limit",
        type=float,
        default=2.0,
        help="seconds of local search after the first solution (default 2)",
    )
    r.add_argument(
        "--detour",
        type=float,
        default=DEFAULT_DETOUR_FACTOR,
        help="road distance = great-circle × this (default 1.4)",
    )
    r.add_argument("--json", action="store_true", help="print JSON")
    r.add_argument("--output", type=Path, help="write to this file instead of stdout")
    return parser


def _weights(pairs: Sequence[str]) -> Weights:
    values: dict[str, float] = {}
    names = set(Weights.__dataclass_fields__)
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or name.strip() not in names:
            raise InputError(f"--weight {pair!r}: expected NAME=VALUE, NAME one of {sorted(names)}")
        try:
            values[name.strip()] = float(value)
        except ValueError:
            raise InputError(f"--weight {pair!r}: {value!r} is not a number") from None
    try:
        return Weights(**values)
    except ValueError as exc:
        raise InputError(str(exc)) from None


def _exclusions(path: Path | None) -> list[tuple[str, str]]:
    if path is None:
        return []
    with _open(path) as stream:
        reader = csv.DictReader(stream)
        if not {"request", "volunteer"} <= set(reader.fieldnames or []):
            raise InputError(f"{path}, line 1: expected columns request,volunteer")
        return [
            ((row["request"] or "").strip(), (row["volunteer"] or "").strip()) for row in reader
        ]


def _open(path: Path) -> Any:
    try:
        return open(path, newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None


def _load(loader: Any, path: Path) -> Any:
    with _open(path) as stream:
        return loader(stream)


def _emit(args: argparse.Namespace, payload: dict[str, Any], text: str) -> None:
    body = orjson.dumps(payload).decode() if args.json else text
    if args.output:
        args.output.write_text(body + "\n", encoding="utf-8")
    else:
        sys.stdout.write(body + "\n")


def _match(args: argparse.Namespace) -> int:
    requests = _load(load_requests, args.requests)
    volunteers = _load(load_volunteers, args.volunteers)
    result = match(
        requests,
        volunteers,
        objective=args.objective,
        weights=_weights(args.weight),
        exclusions=_exclusions(args.exclusions),
        max_pairs=args.max_pairs or None,
    )
    s = result.stats
    lines = [
        f"{s['assigned']} of {s['requests']} requests assigned "
        f"({s['objective']} objective), {s['total_distance_km']:.1f} km in total"
    ]
    lines += [f"  {a.request} -> {a.volunteer}  {a.distance_km:.2f} km" for a in result.assignments]
    if result.unassigned:
        lines.append("unassigned: " + " ".join(result.unassigned))
    _emit(args, result.to_dict(), "\n".join(lines))
    return 0


def _route(args: argparse.Namespace) -> int:
    stops = _load(load_stops, args.stops)
    vehicles = _load(load_vehicles, args.vehicles)
    if args.detour <= 0:
        raise InputError("--detour must be positive")
    plan = plan_routes(
        stops, vehicles, distance=detour_distance(args.detour), time_limit_s=args.time_limit
    )
    data = plan.to_dict()
    lines = [
        f"{plan.stats['served']} of {plan.stats['stops']} stops served by "
        f"{plan.stats['vehicles_used']} vehicle(s), {plan.stats['total_distance_km']:.1f} km"
    ]
    for r in data["routes"]:
        stops_text = " ".join(f"{v['stop']}@{v['arrival']}" for v in r["visits"])
        lines.append(f"  {r['vehicle']} {r['depart']}-{r['return']} load {r['load']}: {stops_text}")
    if plan.dropped:
        lines.append("dropped: " + " ".join(plan.dropped))
    _emit(args, data, "\n".join(lines))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:  # argparse has already printed the usage error
        return int(exc.code or 0)
    try:
        return _match(args) if args.command == "match" else _route(args)
    except CsvFormatError as exc:
        for error in exc.errors[:_MAX_ERRORS_SHOWN]:
            print(f"phalang aid {args.command}: error: {error}", file=sys.stderr)
        if len(exc.errors) > _MAX_ERRORS_SHOWN:
            print(f"... and {len(exc.errors) - _MAX_ERRORS_SHOWN} more errors", file=sys.stderr)
        return 2
    except InputError as exc:
        print(f"phalang aid {args.command}: error: {exc}", file=sys.stderr)
        return 2
