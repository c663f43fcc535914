"""Volunteer sign-up offers the vehicles of the crisis kit in force (a user trial was offered every
vehicle, van and car included, while the group worked a flood with boats and trucks)."""

from __future__ import annotations

import re

from phalang.aid import actions, kits


def _offered(html: str) -> list[str]:
    select = re.search(r'<select name="vehicle"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="(\w+)"', select)


def test_sign_up_offers_the_flood_kits_vehicles(client, flood_group) -> None:  # type: ignore[no-untyped-def]
    offered = _offered(client.get("/aid/volunteer/").content.decode())
    assert offered == list(kits.KITS["flood"].vehicles)  # on foot, or one the kit uses
    assert offered[0] == "none" and "boat" in offered
    assert "van" not in offered and "car" not in offered


def test_a_group_kit_with_its_own_vehicles(client, flood_group, flood_coordinator) -> None:  # type: ignore[no-untyped-def]
    actions.set_kit(flood_group, "flood", by=flood_coordinator, vehicles=["boat", "pickup"])
    assert _offered(client.get("/aid/volunteer/", {"group": flood_group.slug}).content.decode()) == \
        ["none", "pickup", "boat"]  # on foot is always offered


def test_a_profile_keeps_a_vehicle_the_kit_no_longer_lists(client, flood_group, flood_coordinator, make_user) -> None:  # type: ignore[no-untyped-def]
    user = make_user("old-vol")
    actions.set_kit(flood_group, "epidemic", by=flood_coordinator)  # the group's kit listed vans then
    actions.register_volunteer(user, flood_group, actions.VolunteerData(place_text="ต.ป่าแดด อ.เมืองเชียงใหม่ จ.เชียงใหม่",
                                                                       vehicle="van"))
    actions.set_kit(flood_group, "flood", by=flood_coordinator)
    client.force_login(user)
    offered = _offered(client.get("/aid/volunteer/").content.decode())
    assert "van" in offered and "boat" in offered
