"""Expired suggestions and claim locks return their requests to the pool."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from phalang.aid import actions
from phalang.aid.models import Claim, State, Suggestion
from phalang.core import periodic


def test_expired_suggestion_returns_to_pool(group, coordinator, make_volunteer, file_request) -> None:  # type: ignore[no-untyped-def]
    make_volunteer()
    req = file_request()
    now = timezone.now()
    [s] = actions.suggest_matches(group, by=coordinator, now=now)
    assert s.expires_at == now + timedelta(minutes=20)
    assert actions.suggest_matches(group, by=coordinator, now=now) == []  # held while pending
    assert actions.expire_suggestions(now + timedelta(minutes=19)) == 0
    assert actions.expire_suggestions(now + timedelta(minutes=21)) == 1
    s.refresh_from_db()
    assert s.status == Suggestion.Status.EXPIRED
    with pytest.raises(actions.AidInvalid):
        actions.confirm_suggestion(s, by=coordinator)
    [again] = actions.suggest_matches(group, by=coordinator, now=now + timedelta(minutes=22))
    assert again.request == req and again.pk != s.pk
    assert "aid_expire_suggestions" in [j.name for j in periodic.jobs()]


def test_claim_lock_expires_and_daily_limit(group, make_volunteer, file_request) -> None:  # type: ignore[no-untyped-def]
    vol = make_volunteer(trusted=True, max_tasks=5)
    vol.max_claims_per_day = 1
    vol.save()
    first, second = file_request(), file_request(need="medicine", phone="0899990000")
    assert {r.pk for r in actions.claimable(vol)} == {first.pk, second.pk}
    now = timezone.now()
    claim = actions.claim_task(vol, first, now=now)
    first.refresh_from_db()
    assert first.state == State.MATCHED and first.volunteer == vol
    assert first.pk not in {r.pk for r in actions.claimable(vol)}
    with pytest.raises(actions.AidInvalid):
        actions.claim_task(vol, second, now=now)  # one claim a day
    actions.expire_suggestions(now + timedelta(minutes=actions.CLAIM_MINUTES + 1))
    first.refresh_from_db()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.EXPIRED and first.state == State.TRIAGED and first.volunteer is None


def test_untrusted_volunteer_cannot_claim(group, make_volunteer, file_request) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import PermissionDenied

    vol = make_volunteer(trusted=False)
    req = file_request()
    assert actions.claimable(vol) == []
    with pytest.raises(PermissionDenied):
        actions.claim_task(vol, req)


def test_decline_excludes_the_pair(group, coordinator, make_volunteer, file_request) -> None:  # type: ignore[no-untyped-def]
    vol = make_volunteer()
    req = file_request()
    [s] = actions.suggest_matches(group, by=coordinator)
    actions.confirm_suggestion(s, by=coordinator)
    actions.update_task(req, "decline", by=vol.user)
    req.refresh_from_db()
    assert req.state == State.TRIAGED and req.volunteer is None
    assert actions.suggest_matches(group, by=coordinator) == []  # never the same volunteer again
