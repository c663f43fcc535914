"""A night window (20:00-02:00) counts: before, it was accepted at sign-up but never available."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from phalang.aid import actions
from phalang.aid.models import VolunteerProfile

BKK = ZoneInfo("Asia/Bangkok")


def _vol(days: str = "0123456") -> VolunteerProfile:
    from datetime import time

    return VolunteerProfile(available_days=days, available_from=time(20, 0), available_until=time(2, 0),
                            active=True, verified_at=datetime(2026, 1, 1, tzinfo=BKK), home_lat=18.8, home_lon=99.0)


@pytest.mark.parametrize(("when", "days", "available"), [
    (datetime(2026, 12, 7, 22, 30, tzinfo=BKK), "0", True),  # Monday evening
    (datetime(2026, 12, 8, 1, 30, tzinfo=BKK), "0", True),  # Tuesday 01:30 belongs to Monday's night
    (datetime(2026, 12, 8, 1, 30, tzinfo=BKK), "1", False),  # ... so Tuesday alone does not cover it
    (datetime(2026, 12, 7, 12, 0, tzinfo=BKK), "0123456", False),  # midday: outside the window
    (datetime(2026, 12, 7, 2, 0, tzinfo=BKK), "6", True),  # the window's last minute, Sunday night
])
def test_window_across_midnight(when: datetime, days: str, available: bool) -> None:
    assert actions.is_available(_vol(days), when) is available


def test_night_volunteer_is_matched_at_night(flood_group, make_user) -> None:  # type: ignore[no-untyped-def]
    from tests.aid.conftest import CHIANG_MAI

    vol = actions.register_volunteer(make_user("night"), flood_group, actions.VolunteerData(
        place_text=CHIANG_MAI, vehicle="pickup", available_from="20:00", available_until="02:00"))
    actions.verify_volunteer(vol, by=None)
    req, _ = actions.file_help_request(actions.NewHelpRequest(need="water", place_text=CHIANG_MAI, phone="0811112222", address="3 หมู่ 5",
                                                              organisation=flood_group.slug))
    actions.triage_request(req, by=None)
    night = datetime(2026, 12, 8, 0, 45, tzinfo=BKK)
    [s] = actions.suggest_matches(flood_group, by=None, now=night)
    assert s.volunteer == vol
