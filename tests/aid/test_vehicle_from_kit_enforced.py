"""Code review: only the sign-up form's choices kept a volunteer's vehicle to those of the group's
kit; ``register_volunteer`` checked only that the vehicle exists, so any other way in (a
hand-made POST, a script) could save a van in a flood group. The action now allows on foot, the
kit's vehicles and the volunteer's current vehicle (a change of kit must not lock a profile)."""

from __future__ import annotations

import pytest

from phalang.aid import actions
from phalang.aid.models import VolunteerProfile
from tests.aid.conftest import CHIANG_MAI


def _data(vehicle: str) -> actions.VolunteerData:
    return actions.VolunteerData(place_text=CHIANG_MAI, vehicle=vehicle)


def test_a_vehicle_the_kit_does_not_list_is_refused(flood_group, make_user) -> None:  # type: ignore[no-untyped-def]
    user = make_user("van-vol")
    with pytest.raises(actions.AidInvalid) as refused:
        actions.register_volunteer(user, flood_group, _data("van"))
    assert "ยานพาหนะ" in refused.value.errors["vehicle"][0]
    assert not VolunteerProfile.objects.filter(user=user).exists()  # nothing saved
    assert actions.register_volunteer(user, flood_group, _data("boat")).vehicle == "boat"
    assert actions.register_volunteer(user, flood_group, _data("none")).vehicle == "none"


def test_the_volunteers_own_vehicle_stays_allowed_after_a_change_of_kit(  # type: ignore[no-untyped-def]
        flood_group, flood_coordinator, make_user) -> None:
    user = make_user("old-van")
    actions.set_kit(flood_group, "epidemic", by=flood_coordinator)
    actions.register_volunteer(user, flood_group, _data("van"))
    actions.set_kit(flood_group, "flood", by=flood_coordinator)
    assert actions.register_volunteer(user, flood_group, _data("van")).vehicle == "van"  # kept
    other = make_user("new-van")
    with pytest.raises(actions.AidInvalid):
        actions.register_volunteer(other, flood_group, _data("van"))

