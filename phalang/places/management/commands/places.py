"""``phalang places load|nearest|resolve``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phalang.places.loader import load_gazetteer
from phalang.places.lookup import nearest_subdistrict, resolve_address


class Command(BaseCommand):
    help = "Load and query the Thai gazetteer."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="sub", required=True)
        sub.add_parser("load", help="load provinces, districts and subdistricts (idempotent)")
        n = sub.add_parser("nearest", help="the subdistrict nearest to a point")
        n.add_argument("lat", type=float)
        n.add_argument("lon", type=float)
        r = sub.add_parser("resolve", help="Thai address text to a place")
        r.add_argument("text")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["sub"] == "load":
            created = load_gazetteer()
            self.stdout.write("gazetteer loaded: " + ", ".join(f"{v} new {k}" for k, v in created.items()))
        elif opts["sub"] == "nearest":
            try:
                found = nearest_subdistrict(opts["lat"], opts["lon"])
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            if found is None:
                raise CommandError("no subdistrict within 50 km")
            self.stdout.write(f"{found.subdistrict} ({found.distance_km:.2f} km)")
        else:
            place = resolve_address(opts["text"])
            if place is None:
                raise CommandError("no place found in that text")
            self.stdout.write(" / ".join(str(x.name_th) for x in (place.subdistrict, place.district, place.province) if x))
