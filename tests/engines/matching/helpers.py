"""Small random instances and a CLI runner shared by the matching tests."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import orjson

from phalang.engines.matching import Request, Vehicle, Volunteer
from phalang.engines.matching.cli import main
from phalang.engines.matching.csvio import to_csv_text, write_requests, write_volunteers

SKILLS = ("first_aid", "boat", "cooking")


def random_instance(
    seed: int, n_requests: int, n_volunteers: int, *, spread_km: float = 15.0
) -> tuple[list[Request], list[Volunteer]]:
    """Points in a box around Khon Kaen; radii and demands tuned so that many pairs fail
    some constraint and volunteers compete."""
    rng = random.Random(seed)
    deg = spread_km / 111.0

    def point() -> tuple[float, float]:
        return 16.43 + rng.uniform(-deg, deg), 102.82 + rng.uniform(-deg, deg)

    requests = []
    for i in range(n_requests):
        lat, lon = point()
        skills = frozenset(rng.sample(SKILLS, rng.choice([0, 0, 0, 1, 2])))
        requests.append(
            Request(
                f"r{i}",
                round(lat, 6),
                round(lon, 6),
                rng.randint(1, 4),
                "food",
                rng.randint(1, 6),
                round(rng.uniform(0, 48), 1),
                skills,
                Vehicle(rng.choice([0, 0, 1, 2, 3, 4])),
            )
        )
    volunteers = []
    for j in range(n_volunteers):
        lat, lon = point()
        volunteers.append(
            Volunteer(
                f"v{j}",
                round(lat, 6),
                round(lon, 6),
                round(rng.uniform(3, 15), 1),
                rng.randint(1, 3),
                frozenset(rng.sample(SKILLS, rng.randint(0, 3))),
                Vehicle(rng.choice([0, 1, 1, 2, 3, 4])),
            )
        )
    return requests, volunteers


def write_instance(
    tmp: Path, requests: list[Request], volunteers: list[Volunteer]
) -> tuple[Path, Path]:
    rpath, vpath = tmp / "requests.csv", tmp / "volunteers.csv"
    rpath.write_text(to_csv_text(write_requests, requests), encoding="utf-8")
    vpath.write_text(to_csv_text(write_volunteers, volunteers), encoding="utf-8")
    return rpath, vpath


def run_match_cli(tmp: Path, *extra: str) -> dict[str, Any]:
    out = tmp / "out.json"
    code = main(
        [
            "match",
            "--requests",
            str(tmp / "requests.csv"),
            "--volunteers",
            str(tmp / "volunteers.csv"),
            "--json",
            "--output",
            str(out),
            *extra,
        ]
    )
    assert code == 0
    return orjson.loads(out.read_bytes())
