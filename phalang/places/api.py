from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from phalang.lib.numbers import Id
from phalang.places.lookup import nearest_subdistrict, resolve_address
from phalang.places.models import District, Province, Subdistrict

router = Router(tags=["places"])


class ProvinceOut(Schema):
    id: int
    name_th: str
    name_en: str
    lat: float | None
    lon: float | None


class DistrictOut(Schema):
    id: int
    name_th: str
    province_id: int


class SubdistrictOut(Schema):
    id: int
    name_th: str
    postcode: str
    lat: float
    lon: float
    approximate: bool
    district: str
    province: str


class PlaceOut(Schema):
    province: ProvinceOut | None
    district: DistrictOut | None
    subdistrict: SubdistrictOut | None


class NearestOut(Schema):
    subdistrict: SubdistrictOut
    distance_km: float


def _sub(s: Subdistrict) -> SubdistrictOut:
    return SubdistrictOut(id=s.pk, name_th=s.name_th, postcode=s.postcode, lat=s.lat, lon=s.lon,
                          approximate=s.approximate, district=s.district.name_th,
                          province=s.district.province.name_th)


@router.get("/provinces", response=list[ProvinceOut])
def provinces(request: HttpRequest) -> list[Province]:
    return list(Province.objects.all())


@router.get("/provinces/{province_id}/districts", response=list[DistrictOut])
def districts(request: HttpRequest, province_id: Id) -> list[District]:
    return list(District.objects.filter(province_id=province_id))


@router.get("/districts/{district_id}/subdistricts", response=list[SubdistrictOut])
def subdistricts(request: HttpRequest, district_id: Id) -> list[SubdistrictOut]:
    qs = Subdistrict.objects.filter(district_id=district_id).select_related("district__province")
    return [_sub(s) for s in qs]


@router.get("/nearest", response=NearestOut)
def nearest(request: HttpRequest, lat: float, lon: float) -> NearestOut:
    try:
        found = nearest_subdistrict(lat, lon)
    except ValueError as exc:
        raise HttpError(422, "ละติจูดต้องอยู่ระหว่าง -90 ถึง 90 และลองจิจูดระหว่าง -180 ถึง 180 / "
                             "latitude must be within ±90 and longitude within ±180") from exc
    if found is None:
        raise HttpError(404, "ไม่พบตำบลในรัศมี 50 กม. / no subdistrict within 50 km")
    return NearestOut(subdistrict=_sub(found.subdistrict), distance_km=round(found.distance_km, 3))


@router.get("/resolve", response=PlaceOut)
def resolve(request: HttpRequest, q: str) -> PlaceOut:
    if not q.strip() or len(q) > 300:
        raise HttpError(422, "ข้อความที่อยู่ต้องมี 1-300 ตัวอักษร / address text must be 1-300 characters")
    place = resolve_address(q)
    if place is None:
        raise HttpError(404, "ไม่พบสถานที่ / no matching place")
    return PlaceOut(
        province=ProvinceOut.from_orm(place.province) if place.province else None,
        district=DistrictOut(id=place.district.pk, name_th=place.district.name_th,
                             province_id=place.district.province_id) if place.district else None,
        subdistrict=_sub(place.subdistrict) if place.subdistrict else None,
    )
