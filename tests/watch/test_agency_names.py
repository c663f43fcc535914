"""Agency names follow Thai administration: a เขต (and its สำนักงานเขต) exists only in Bangkok;
elsewhere a district is an อำเภอ whose office is the ที่ว่าการอำเภอ."""

from __future__ import annotations

from phalang.core.demo import DEMO_ORGS, DEMO_USERS
from phalang.places.models import District

BANGKOK = "กรุงเทพมหานคร"


def test_district_office_names(gazetteer) -> None:  # type: ignore[no-untyped-def]
    bang_phli = District.objects.get(name_th="บางพลี", province__name_th="สมุทรปราการ")
    assert bang_phli.office_name_th == "ที่ว่าการอำเภอบางพลี"
    assert District.objects.get(name_th="บางรัก", province__name_th=BANGKOK).office_name_th == "สำนักงานเขตบางรัก"
    for district in District.objects.select_related("province"):
        office = district.office_name_th
        assert office.startswith("สำนักงานเขต") == (district.province.name_th == BANGKOK), office


def test_every_demo_agency_is_named_as_its_province_allows() -> None:
    for _slug, name_th, _en, kind, _verified, province in DEMO_ORGS:
        if kind != "agency":
            continue
        assert ("เขต" in name_th) == (province == BANGKOK), name_th
        assert ("อำเภอ" in name_th) == (province != BANGKOK), name_th
    for _user, display, *_ in DEMO_USERS:
        assert "เจ้าหน้าที่เขต" not in display
