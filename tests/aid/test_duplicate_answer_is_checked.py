"""Code review: the coordinator's answer to "อาจซ้ำ" was read as ``POST["duplicate"] == "yes"``, so a
missing or garbled answer counted as "another household" and cleared the flag; and "the same
household" cancelled the request even when the original was itself cancelled or closed, so nobody
got help. Only yes/no are answers (400 otherwise, nothing saved); the action locks the row, refuses
a closed request, and refuses "the same household" while the original is closed; the page shows
that refusal instead of saying "cancelled"."""

from __future__ import annotations

import pytest

from phalang.aid import actions
from phalang.aid.models import HelpRequest, State
from phalang.audit.models import AuditEntry
from tests.aid.test_duplicates_not_matched import _pair


def _url(flood_group, req) -> str:  # type: ignore[no-untyped-def]
    return f"/aid/coordinate/{flood_group.slug}/requests/{req.pk}/duplicate/"


@pytest.mark.parametrize("posted", [{}, {"duplicate": ""}, {"duplicate": "YES "}, {"duplicate": "maybe"}])
def test_a_missing_or_garbled_answer_decides_nothing(flood_group, flood_coordinator, verified_client,  # type: ignore[no-untyped-def]
                                                     posted) -> None:
    _first, dup = _pair(flood_group)
    client = verified_client(flood_coordinator)
    resp = client.post(_url(flood_group, dup), posted)
    assert resp.status_code == 400
    assert "กรุณาเลือกว่าเป็นครัวเรือนเดียวกันหรือคนละครัวเรือน" in resp.content.decode()
    dup.refresh_from_db()
    assert dup.duplicate_of_id is not None and dup.state == State.TRIAGED  # still flagged, still waiting
    assert not AuditEntry.objects.filter(action__in=["aid.request.not_duplicate", "aid.request.cancelled"]).exists()


@pytest.mark.parametrize("closed", [State.CANCELLED, State.FAILED])
def test_same_household_is_refused_while_the_original_is_closed(flood_group, flood_coordinator, verified_client,  # type: ignore[no-untyped-def]
                                                                closed) -> None:
    first, dup = _pair(flood_group)
    HelpRequest.objects.filter(pk=first.pk).update(state=closed)
    with pytest.raises(actions.AidInvalid) as refused:
        actions.resolve_duplicate(dup, by=flood_coordinator, duplicate=True)
    th, _en = refused.value.errors["duplicate"]
    assert f"#{first.pk}" in th and "ไม่มีใครได้รับความช่วยเหลือ" in th
    dup.refresh_from_db()
    assert dup.state == State.TRIAGED and dup.duplicate_of_id == first.pk

    # On the page: the refusal, not "cancelled".
    client = verified_client(flood_coordinator)
    page = client.post(_url(flood_group, dup), {"duplicate": "yes"}, follow=True).content.decode()
    assert "ไม่มีใครได้รับความช่วยเหลือ" in page and "ยกเลิกแล้ว เพราะเป็นครัวเรือนเดียวกัน" not in page
    dup.refresh_from_db()
    assert dup.state == State.TRIAGED
    # "Another household" is still open to the coordinator: then it is matched.
    actions.resolve_duplicate(dup, by=flood_coordinator, duplicate=False)
    dup.refresh_from_db()
    assert dup.duplicate_of_id is None


def test_same_household_still_cancels_while_the_original_is_open(flood_group, flood_coordinator) -> None:  # type: ignore[no-untyped-def]
    _first, dup = _pair(flood_group)
    actions.resolve_duplicate(dup, by=flood_coordinator, duplicate=True, confirmed=True)  # asked first
    dup.refresh_from_db()
    assert dup.state == State.CANCELLED
    assert AuditEntry.objects.filter(action="aid.request.cancelled").exists()


def test_a_closed_request_is_refused(flood_group, flood_coordinator) -> None:  # type: ignore[no-untyped-def]
    _first, dup = _pair(flood_group)
    HelpRequest.objects.filter(pk=dup.pk).update(state=State.CANCELLED)
    for answer in (True, False):
        with pytest.raises(actions.AidInvalid) as refused:
            actions.resolve_duplicate(dup, by=flood_coordinator, duplicate=answer)
        assert "state" in refused.value.errors
    dup.refresh_from_db()
    assert dup.duplicate_of_id is not None  # a stale page cleared nothing


def test_same_household_waits_while_the_original_is_itself_an_undecided_duplicate(  # type: ignore[no-untyped-def]
        flood_group, flood_coordinator) -> None:
    """Re-trial finding: a chain (C matched B, B matched A, both undecided) let C be merged into B,
    which could then be cancelled as A's duplicate in turn. The coordinator decides B first."""
    first, dup = _pair(flood_group)
    third, _ = _pair(flood_group)
    HelpRequest.objects.filter(pk=third.pk).update(duplicate_of=dup)
    third.refresh_from_db()
    with pytest.raises(actions.AidInvalid) as refused:
        actions.resolve_duplicate(third, by=flood_coordinator, duplicate=True, confirmed=True)
    th, en = refused.value.errors["duplicate"]
    assert f"#{dup.pk}" in th and f"#{first.pk}" in th and f"#{dup.pk}" in en
    third.refresh_from_db()
    assert third.state == State.TRIAGED and third.duplicate_of_id == dup.pk
    # Once B is decided (another household), C can be merged into it.
    actions.resolve_duplicate(dup, by=flood_coordinator, duplicate=False)
    actions.resolve_duplicate(third, by=flood_coordinator, duplicate=True, confirmed=True)
    third.refresh_from_db()
    assert third.state == State.CANCELLED
