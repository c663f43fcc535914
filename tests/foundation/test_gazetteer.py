"""The Thai gazetteer loads from registry packages and answers point and address lookups."""

from __future__ import annotations

import pytest

from phalang.places.loader import load_gazetteer
from phalang.places.lookup import nearest_subdistrict, resolve_address
from phalang.places.models import District, Province, Subdistrict


def test_counts_match_the_thai_administrative_divisions(gazetteer) -> None:  # type: ignore[no-untyped-def]
    assert Province.objects.count() == 77
    assert 900 <= District.objects.count() <= 940
    assert 7_300 <= Subdistrict.objects.count() <= 7_500
    bangkok = Province.objects.get(name_th="กรุงเทพมหานคร")
    assert bangkok.name_en == "Bangkok"
    assert Subdistrict.objects.filter(postcode="").count() == 0


def test_loading_twice_changes_nothing(gazetteer) -> None:  # type: ignore[no-untyped-def]
    before = Subdistrict.objects.count()
    assert load_gazetteer() == {"provinces": 0, "districts": 0, "subdistricts": 0}
    assert Subdistrict.objects.count() == before


def test_nearest_subdistrict_to_a_point(gazetteer) -> None:  # type: ignore[no-untyped-def]
    # Near Suvarnabhumi airport, Bang Phli, Samut Prakan.
    found = nearest_subdistrict(13.61, 100.72)
    assert found is not None
    assert found.subdistrict.district.province.name_th == "สมุทรปราการ"
    assert found.subdistrict.district.name_th == "บางพลี"
    assert found.distance_km < 10
    # Chiang Rai city centre.
    north = nearest_subdistrict(19.91, 99.83)
    assert north is not None and north.subdistrict.district.province.name_th == "เชียงราย"


def test_point_far_out_at_sea_finds_nothing(gazetteer) -> None:  # type: ignore[no-untyped-def]
    assert nearest_subdistrict(10.0, 90.0) is None
    with pytest.raises(ValueError):
        nearest_subdistrict(123.0, 100.0)


def test_thai_address_text_resolves_to_the_place(gazetteer) -> None:  # type: ignore[no-untyped-def]
    place = resolve_address("ต.บางพลีใหญ่ อ.บางพลี จ.สมุทรปราการ")
    assert place is not None
    assert place.subdistrict is not None and place.subdistrict.name_th == "บางพลีใหญ่"
    assert place.district is not None and place.district.name_th == "บางพลี"
    assert place.province is not None and place.province.name_th == "สมุทรปราการ"


def test_address_api_answers_json(client, gazetteer) -> None:  # type: ignore[no-untyped-def]
    resp = client.get("/api/v1/places/resolve", {"q": "ตำบลบางพลีใหญ่ อำเภอบางพลี จังหวัดสมุทรปราการ"})
    assert resp.status_code == 200
    assert resp.json()["subdistrict"]["name_th"] == "บางพลีใหญ่"
    near = client.get("/api/v1/places/nearest", {"lat": 13.61, "lon": 100.72})
    assert near.json()["subdistrict"]["district"] == "บางพลี"
    bad = client.get("/api/v1/places/nearest", {"lat": "north", "lon": 100})
    assert bad.status_code == 422
    assert bad.json()["message_th"]
