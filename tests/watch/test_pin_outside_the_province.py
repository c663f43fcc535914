"""A pin outside the province the reporter chose (the web form warns, never refuses): the chosen
province stands, and the report gets no district or subdistrict of another province from the pin."""

from __future__ import annotations

from phalang.watch.actions import NewReport, file_report


def test_the_chosen_province_stands_against_a_stray_pin(gazetteer) -> None:  # type: ignore[no-untyped-def]
    # Chose Nan, but the pin fell near Bang Phli (Samut Prakan).
    report, _ = file_report(NewReport(category="public_service", description="ถนนทรุดหน้าโรงเรียนบ้านนา",
                                      province="น่าน", lat=13.61, lon=100.72))
    assert report.province.name_th == "น่าน"
    assert report.district is None and report.subdistrict is None
    assert (report.lat, report.lon) == (13.61, 100.72)  # kept for the moderator to judge


def test_a_pin_inside_the_province_still_fills_in_the_district(gazetteer) -> None:  # type: ignore[no-untyped-def]
    report, _ = file_report(NewReport(category="public_service", description="ท่อระบายน้ำอุดตันหน้าตลาด",
                                      province="สมุทรปราการ", lat=13.61, lon=100.72))
    assert report.district is not None and report.district.province == report.province
