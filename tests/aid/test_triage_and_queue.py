"""Triage tiers from the questions, the queue's ageing (no starvation), duplicate flags."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from phalang.aid import actions, triage
from tests.aid.conftest import PLACE


@pytest.mark.parametrize(("answers", "need", "vulnerable", "tier"), [
    ({"breathing": True}, "food", False, 4),
    ({"spo2": 93}, "food", False, 4),
    ({"spo2": 94}, "food", False, 1),
    ({"chest_pain": "yes"}, "cash", False, 4),
    ({"fever": True}, "food", False, 3),
    ({}, "oxygen", False, 3),
    ({"no_food": True}, "food", False, 2),
    ({"no_food": True}, "food", True, 3),
    ({}, "food", True, 2),
    ({}, "food", False, 1),
])
def test_tiers(answers, need, vulnerable, tier) -> None:  # type: ignore[no-untyped-def]
    assert triage.urgency(answers, need, vulnerable)[0] == tier


def test_old_low_tier_overtakes_fresh_high_tier(group, file_request) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    old = file_request(triaged=False, created_at=now - timedelta(hours=40))
    fresh = file_request(triaged=False, answers={"breathing": True}, phone="0899999999")
    mid = file_request(triaged=False, answers={"fever": True}, phone="0888888888", created_at=now - timedelta(hours=1))
    assert fresh.urgency == 4 and old.urgency == 1
    assert [r.pk for r in actions.queue(group, now)] == [old.pk, fresh.pk, mid.pk]
    # The order is the same whatever the clock says (it compares waits, which grow alike).
    assert [r.pk for r in actions.queue(group, now + timedelta(hours=30))] == [old.pk, fresh.pk, mid.pk]


def test_duplicates_are_flagged(group) -> None:  # type: ignore[no-untyped-def]
    def new(**kw):  # type: ignore[no-untyped-def]
        return actions.file_help_request(actions.NewHelpRequest(need="food", place_text=PLACE, **kw))[0]

    first = new(phone="081-234-5678", address="12 หมู่ 3")
    assert new(phone="+66812345678", address="40 หมู่ 1").duplicate_of == first
    assert new(address="12  หมู่ 3").duplicate_of == first
    assert new(phone="0899999999", address="41 หมู่ 1").duplicate_of is None
    later = new(phone="0812345678", address="42 หมู่ 1",
                created_at=timezone.now() + actions.DUPLICATE_WINDOW + timedelta(hours=1))
    assert later.duplicate_of is None


def test_invalid_requests(group) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(actions.AidInvalid) as err:
        actions.file_help_request(actions.NewHelpRequest(need="gold", people=0, phone="12", lat=1.0, lon=1.0,
                                                         answers={"spo2": "abc"}))
    assert {"need", "people", "phone", "lat", "spo2"} <= set(err.value.errors)
    assert all(th and en for th, en in err.value.errors.values())
