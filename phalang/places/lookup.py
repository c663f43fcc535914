"""Gazetteer lookups: the subdistrict nearest a point, and Thai address text to a place."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from phalang.places.models import District, Province, Subdistrict

if TYPE_CHECKING:
    import numpy as np

EARTH_RADIUS_KM = 6371.0088  # IUGG mean Earth radius

_lock = threading.Lock()
_index: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None


def _load_index() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    import numpy as np  # here, not at start-up (issue 19): most processes never look up a point

    global _index
    with _lock:
        if _index is None:
            rows = list(Subdistrict.objects.filter(approximate=False).values_list("pk", "lat", "lon"))
            ids = np.array([r[0] for r in rows], dtype=np.int64)
            lat = np.radians(np.array([r[1] for r in rows], dtype=np.float64))
            lon = np.radians(np.array([r[2] for r in rows], dtype=np.float64))
            _index = (ids, lat, lon)
        return _index


def reset_index() -> None:
    global _index
    with _lock:
        _index = None


@dataclass
class Nearest:
    subdistrict: Subdistrict
    distance_km: float


def nearest_subdistrict(lat: float, lon: float, max_km: float = 50.0) -> Nearest | None:
    """The subdistrict whose recorded centre is closest to (lat, lon), within ``max_km``.

    7,300 centres fit in a few arrays, so a vectorised haversine over all of them (about a
    tenth of a millisecond) beats maintaining a spatial index.
    """
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError("latitude must be within ±90 and longitude within ±180")
    import numpy as np

    ids, lats, lons = _load_index()
    if ids.size == 0:
        return None
    p_lat, p_lon = math.radians(lat), math.radians(lon)
    a = (np.sin((lats - p_lat) / 2) ** 2
         + math.cos(p_lat) * np.cos(lats) * np.sin((lons - p_lon) / 2) ** 2)
    dist = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))
    best = int(np.argmin(dist))
    if dist[best] > max_km:
        return None
    sub = Subdistrict.objects.select_related("district__province").get(pk=int(ids[best]))
    return Nearest(sub, float(dist[best]))


@dataclass
class ResolvedPlace:
    province: Province | None
    district: District | None
    subdistrict: Subdistrict | None


def resolve_address(text: str) -> ResolvedPlace | None:
    """Thai address text such as "ต.บางพลีใหญ่ อ.บางพลี จ.สมุทรปราการ" to gazetteer rows."""
    from phalang.engines.thaitext import resolve_place

    found = resolve_place(text)
    if found is None:
        return None
    prov_name, dist_name, sub_name = found
    province = Province.objects.filter(name_th=prov_name).first() if prov_name else None
    district = None
    if dist_name:
        qs = District.objects.filter(name_th=dist_name)
        if province is not None:
            qs = qs.filter(province=province)
        district = qs.select_related("province").first()
    subdistrict = None
    if sub_name:
        sqs = Subdistrict.objects.filter(name_th=sub_name)
        if district is not None:
            sqs = sqs.filter(district=district)
        elif province is not None:
            sqs = sqs.filter(district__province=province)
        subdistrict = sqs.select_related("district__province").first()
    if subdistrict is not None:
        district = district or subdistrict.district
        province = province or subdistrict.district.province
    if district is not None and province is None:
        province = district.province
    if province is None and district is None and subdistrict is None:
        return None
    return ResolvedPlace(province, district, subdistrict)


# Level words and their short forms, as people write them before a name ("ต.สารภี", "ตำบลสารภี").
_MARKERS = ("ตำบล", "แขวง", "อำเภอ", "เขต", "จังหวัด", "ต.", "อ.", "จ.")


def resolve_to_subdistrict(text: str) -> ResolvedPlace | None:
    """``resolve_address``, down to the subdistrict where the text allows it: when the engine stops
    at the province or district, a word of the text that names exactly one subdistrict there.

    "สารภี เชียงใหม่" (a subdistrict and its province, no district) stays at the province in the
    engine, since สารภี is also the name of a district; it is ต.สารภี อ.สารภี จ.เชียงใหม่. For
    places that need a point (a volunteer's home, a hub)."""
    place = resolve_address(text)
    if place is None or place.subdistrict is not None or place.province is None:
        return place
    names: set[str] = set()
    for word in text.replace(",", " ").split():
        for marker in _MARKERS:
            if word.startswith(marker):
                word = word[len(marker):]
                break
        if word:
            names.add(word)
    scope = (Subdistrict.objects.filter(district=place.district) if place.district is not None
             else Subdistrict.objects.filter(district__province=place.province))
    found = list(scope.filter(name_th__in=names).select_related("district__province")[:2])
    if len(found) != 1:
        return place  # none, or a name two subdistricts share: the text does not say which
    sub = found[0]
    return ResolvedPlace(sub.district.province, sub.district, sub)


# Thailand's bounding box with a margin: a point outside is a typo or a spoofed position.
THAILAND_LAT = (5.0, 21.0)
THAILAND_LON = (97.0, 106.0)


def complete_place(province: Province | None, district: District | None, subdistrict: Subdistrict | None,
                   lat: float | None, lon: float | None) -> tuple[ResolvedPlace, tuple[str, str] | None]:
    """Check a point and fill in the levels a form left out: a point gives its nearest subdistrict,
    a subdistrict its district and province. Returns the place and a (Thai, English) error or None.

    A point outside the chosen province never overrides it (the web forms warn, never refuse; on a
    phone's whole-country map a tap is ~9 km a pixel): the chosen province stands, and no district
    or subdistrict of another province is guessed from the point. The point itself is the caller's
    to keep. Every app that files a place (a report, a help request) goes through here."""
    chosen = ResolvedPlace(province, district, subdistrict)
    error = None
    if (lat is None) != (lon is None):
        error = ("ต้องระบุทั้งละติจูดและลองจิจูด", "Give both latitude and longitude.")
    elif lat is not None and lon is not None and not (
            THAILAND_LAT[0] <= lat <= THAILAND_LAT[1] and THAILAND_LON[0] <= lon <= THAILAND_LON[1]):
        error = ("พิกัดอยู่นอกประเทศไทย", "The point is outside Thailand.")
    if subdistrict is None and lat is not None and lon is not None and error is None:
        near = nearest_subdistrict(lat, lon)
        if near is not None and (province is None or near.subdistrict.district.province_id == province.pk):
            subdistrict = near.subdistrict
    if subdistrict is not None:
        district = district or subdistrict.district
        province = province or subdistrict.district.province
    if district is not None and province is None:
        province = district.province
    if chosen.province is not None and district is not None and district.province_id != chosen.province.pk:
        return chosen, error
    return ResolvedPlace(province, district, subdistrict), error
