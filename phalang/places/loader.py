"""Load the gazetteer into the database; running it again changes nothing."""

from __future__ import annotations

from collections import defaultdict
from statistics import fmean

from django.db import transaction

from phalang.places.models import District, Province, Subdistrict
from phalang.places.source import SourceRow, province_names, read_rows


def _centre(points: list[tuple[float, float]]) -> tuple[float | None, float | None]:
    if not points:
        return None, None
    return round(fmean(p[0] for p in points), 5), round(fmean(p[1] for p in points), 5)


@transaction.atomic
def load_gazetteer() -> dict[str, int]:
    rows: list[SourceRow] = list(read_rows())
    english = province_names()
    by_district: dict[tuple[str, str], list[SourceRow]] = defaultdict(list)
    for r in rows:
        by_district[(r.province, r.district)].append(r)

    created = {"provinces": 0, "districts": 0, "subdistricts": 0}
    provinces = {p.name_th: p for p in Province.objects.all()}
    prov_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for r in rows:
        if r.lat is not None and r.lon is not None:
            prov_points[r.province].append((r.lat, r.lon))
    for name in sorted({r.province for r in rows}):
        if name not in provinces:
            info = english.get(name, {})
            lat, lon = _centre(prov_points[name])
            provinces[name] = Province.objects.create(
                name_th=name, name_en=info.get("name_en", ""), abbr_th=info.get("abbr_th", ""),
                lat=lat, lon=lon)
            created["provinces"] += 1

    districts = {(d.province.name_th, d.name_th): d for d in District.objects.select_related("province")}
    existing_sub = set(Subdistrict.objects.values_list("district_id", "name_th"))
    new_subs = []
    for (prov, dist), members in sorted(by_district.items()):
        points = [(m.lat, m.lon) for m in members if m.lat is not None and m.lon is not None]
        d_lat, d_lon = _centre(points)
        district = districts.get((prov, dist))
        if district is None:
            district = District.objects.create(province=provinces[prov], name_th=dist, lat=d_lat, lon=d_lon)
            districts[(prov, dist)] = district
            created["districts"] += 1
        for m in members:
            if (district.pk, m.subdistrict) in existing_sub:
                continue
            approximate = m.lat is None or m.lon is None
            lat = m.lat if not approximate else (d_lat if d_lat is not None else provinces[prov].lat)
            lon = m.lon if not approximate else (d_lon if d_lon is not None else provinces[prov].lon)
            new_subs.append(Subdistrict(district=district, name_th=m.subdistrict, postcode=m.postcode,
                                        lat=lat or 0.0, lon=lon or 0.0, approximate=approximate))
            existing_sub.add((district.pk, m.subdistrict))
    Subdistrict.objects.bulk_create(new_subs, batch_size=1000)
    created["subdistricts"] = len(new_subs)
    return created
