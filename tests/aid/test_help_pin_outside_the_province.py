"""Code review: a pin outside the chosen province gave a help request province Y and a
subdistrict of province X (Watch kept the chosen province; Aid did not). The rule now lives in
places.lookup.complete_place, which both apps use: the chosen province stands, and no district
or subdistrict is guessed from a far pin (the pin is kept, for the volunteer to find the place)."""

from __future__ import annotations

from phalang.aid import actions
from phalang.places.lookup import complete_place
from phalang.places.models import Province

BANG_PHLI = (13.61, 100.72)  # Samut Prakan


def _file(**kw):  # type: ignore[no-untyped-def]
    req, _receipt = actions.file_help_request(actions.NewHelpRequest(
        need="food", address="บ้านเลขที่ 9 หมู่ 2", phone="0812223333", **kw))
    return req


def test_a_far_pin_keeps_the_chosen_province(group) -> None:  # type: ignore[no-untyped-def]
    req = _file(province="น่าน", lat=BANG_PHLI[0], lon=BANG_PHLI[1])
    assert req.province.name_th == "น่าน"
    assert req.district is None and req.subdistrict is None  # nothing of Samut Prakan
    assert (req.lat, req.lon) == BANG_PHLI  # the pin stays: it is where the volunteer goes


def test_a_pin_inside_the_province_still_fills_in_the_place(group) -> None:  # type: ignore[no-untyped-def]
    req = _file(province="สมุทรปราการ", lat=BANG_PHLI[0], lon=BANG_PHLI[1])
    assert req.subdistrict is not None and req.district.province == req.province
    assert req.province.name_th == "สมุทรปราการ"


def test_one_rule_for_both_apps(gazetteer) -> None:  # type: ignore[no-untyped-def]
    nan = Province.objects.get(name_th="น่าน")
    place, error = complete_place(nan, None, None, *BANG_PHLI)
    assert error is None and (place.province, place.district, place.subdistrict) == (nan, None, None)
    place, _ = complete_place(None, None, None, *BANG_PHLI)
    assert place.province.name_th == "สมุทรปราการ" and place.subdistrict is not None
