"""The maps' shipped boundaries: how they are built, and what is committed."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from phalang.engines.thaitext.gazetteer import load_gazetteer
from phalang.places import boundaries as b

STATIC = Path(__file__).resolve().parents[2] / "phalang" / "static" / "phalang" / "boundaries"


def _square(x0: float, y0: float, size: float, steps: int) -> b.Ring:
    """A square ring with ``steps`` slightly wobbly vertices per side (so there is something to simplify)."""
    pts: b.Ring = []
    corners = [(x0, y0), (x0 + size, y0), (x0 + size, y0 + size), (x0, y0 + size)]
    for (ax, ay), (bx, by) in zip(corners, [*corners[1:], corners[0]], strict=True):
        for k in range(steps):
            t = k / steps
            pts.append((round(ax + (bx - ax) * t, 6), round(ay + (by - ay) * t, 6)))
    pts.append(pts[0])
    return pts


def test_neighbours_keep_one_shared_border_after_simplifying() -> None:
    left = b.ProvinceShape("TH-01", "ก", "A", [[_square(0, 0, 1, 50)]])
    right = b.ProvinceShape("TH-02", "ข", "B", [[_square(1, 0, 1, 50)]])
    out = b.simplify_shared([left, right], tolerance=0.05)
    shared = [{p for p in s.polygons[0][0] if p[0] == 1} for s in out]
    assert shared[0] == shared[1]  # the same vertices on both sides: no gap, no overlap
    assert all(len(s.polygons[0][0]) < 20 for s in out)  # and it was simplified (from 201)


def test_small_islands_are_left_out_but_never_the_mainland() -> None:
    shape = b.ProvinceShape("TH-03", "ค", "C", [[_square(0, 0, 1, 4)], [_square(3, 3, 0.01, 4)]])
    assert len(b.drop_small_islands(shape, b.MIN_ISLAND_AREA).polygons) == 1
    tiny = b.ProvinceShape("TH-04", "ง", "D", [[_square(0, 0, 0.01, 4)]])
    assert len(b.drop_small_islands(tiny, b.MIN_ISLAND_AREA).polygons) == 1


def test_district_border_runs_between_the_two_districts_centres() -> None:
    shape = b.ProvinceShape("TH-05", "จ", "E", [[_square(0, 0, 1, 4)]])
    points = [(0.2, 0.3, "ตะวันตก"), (0.25, 0.7, "ตะวันตก"), (0.8, 0.5, "ตะวันออก")]
    lines = b.district_borders(shape, points, cell=0.02, tolerance=0.01)
    assert len(lines) == 1
    xs, ys = [x for x, _ in lines[0]], [y for _, y in lines[0]]
    assert 0.4 < min(xs) and max(xs) < 0.7  # between the west and the east centres
    assert min(ys) < 0.05 and max(ys) > 0.95  # across the whole province
    data = b.districts_geojson(shape, points)
    names = {f["properties"]["name_th"] for f in data["features"] if f["properties"]["kind"] == "district"}
    assert names == {"ตะวันตก", "ตะวันออก"}


def test_committed_files_cover_every_province_and_stay_small() -> None:
    raw = (STATIC / "provinces.json").read_bytes()
    provinces = json.loads(raw)["features"]
    assert len(provinces) == 77
    assert {f["properties"]["name_th"] for f in provinces} == set(load_gazetteer().provinces)
    assert len(gzip.compress(raw)) < 30_000  # the board page's budget (docs/benchmarks.md)
    for f in provinces:
        code = f["properties"]["code"]
        district_file = (STATIC / "districts" / f"{code}.json").read_bytes()
        assert len(gzip.compress(district_file)) < 8_000, code
        data = json.loads(district_file)
        assert data["properties"]["name_th"] == f["properties"]["name_th"]


def test_build_refuses_an_unreviewed_input(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "build.json").write_text('{"type": "FeatureCollection", "features": []}')
    with pytest.raises(CommandError, match="not the reviewed input"):
        call_command("places", "build-boundaries", str(tmp_path), "--out", str(tmp_path / "out"))
    assert not (tmp_path / "out").exists()
