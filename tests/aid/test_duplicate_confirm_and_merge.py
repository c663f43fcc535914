"""User trial: "ครัวเรือนเดียวกัน: ยกเลิกคำขอนี้" cancelled on one tap, with no confirm and no undo,
and what the duplicate said that the original did not (a note "แจ้งซ้ำจากลูกสาว", another need,
another contact) was lost. The action now asks first (ConfirmFirst, as "could not help" does) and,
once confirmed, adds the duplicate's differences to the original, audited."""

from __future__ import annotations

import pytest

from phalang.aid import actions
from phalang.aid.models import HelpRequest, State
from phalang.audit.models import AuditEntry
from phalang.lib.crypto import encrypt
from tests.aid.test_duplicates_not_matched import _pair


def _url(group, req) -> str:  # type: ignore[no-untyped-def]
    return f"/aid/coordinate/{group.slug}/requests/{req.pk}/duplicate/"


def _with_extras(flood_group):  # type: ignore[no-untyped-def]
    first, dup = _pair(flood_group)
    HelpRequest.objects.filter(pk=first.pk).update(details="น้ำท่วมถึงเอว", name_enc=encrypt("ป้าศรี"),
                                                   phone_enc=encrypt("0811111111"))
    HelpRequest.objects.filter(pk=dup.pk).update(details="แจ้งซ้ำจากลูกสาว", need="medicine",
                                                 name_enc=encrypt("ลูกสาวป้าศรี"), phone_enc=encrypt("0822222222"))
    first.refresh_from_db()
    dup.refresh_from_db()
    return first, dup


def test_same_household_asks_first_in_the_action(flood_group, flood_coordinator) -> None:  # type: ignore[no-untyped-def]
    first, dup = _with_extras(flood_group)
    with pytest.raises(actions.ConfirmFirst):
        actions.resolve_duplicate(dup, by=flood_coordinator, duplicate=True)
    dup.refresh_from_db()
    first.refresh_from_db()
    assert dup.state == State.TRIAGED and dup.duplicate_of_id == first.pk
    assert "แจ้งซ้ำจากลูกสาว" not in first.details  # nothing changed before the confirmation


def test_confirmed_carries_the_duplicates_differences_to_the_original(flood_group, flood_coordinator) -> None:  # type: ignore[no-untyped-def]
    first, dup = _with_extras(flood_group)
    actions.resolve_duplicate(dup, by=flood_coordinator, duplicate=True, confirmed=True)
    dup.refresh_from_db()
    first.refresh_from_db()
    assert dup.state == State.CANCELLED
    assert first.details.startswith("น้ำท่วมถึงเอว")  # the original's own words first
    assert f"#{dup.pk}" in first.details and "แจ้งซ้ำจากลูกสาว" in first.details
    assert "ยา" in first.details  # the other need, in Thai
    # A different name and phone are never written out in the plain-text details: they point to
    # the duplicate, whose contact stays encrypted (a review finding).
    assert "ลูกสาวป้าศรี" not in first.details and "0822222222" not in first.details
    assert f"ชื่อ/เบอร์โทรอีกชุด ดูที่คำขอ #{dup.pk}" in first.details
    assert first.state == State.TRIAGED
    merged = AuditEntry.objects.get(action="aid.request.duplicate_merged")
    assert merged.data["from"] == dup.pk and set(merged.data["added"]) == {"details", "need", "contact"}
    assert "0822222222" not in repr(merged.data) and "ลูกสาว" not in repr(merged.data)  # no personal data in the log
    assert first.details.count("แจ้งซ้ำจากลูกสาว") == 1


def test_the_original_gets_the_contact_it_lacked(flood_group, flood_coordinator) -> None:  # type: ignore[no-untyped-def]
    first, dup = _pair(flood_group)
    HelpRequest.objects.filter(pk=dup.pk).update(phone_enc=encrypt("0833333333"), phone_hash="h")
    actions.resolve_duplicate(dup, by=flood_coordinator, duplicate=True, confirmed=True)
    first.refresh_from_db()
    assert actions.contact(first)["phone"] == "0833333333"
    assert "0833333333" not in first.details  # kept encrypted, where a phone belongs


def test_the_page_asks_first_then_cancels(flood_group, flood_coordinator, verified_client) -> None:  # type: ignore[no-untyped-def]
    first, dup = _with_extras(flood_group)
    client = verified_client(flood_coordinator)
    resp = client.post(_url(flood_group, dup), {"duplicate": "yes"}, HTTP_ACCEPT_LANGUAGE="th")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert 'name="confirm" value="1"' in html and f"#{first.pk}" in html
    dup.refresh_from_db()
    assert dup.state == State.TRIAGED  # one tap cancels nothing
    resp = client.post(_url(flood_group, dup), {"duplicate": "yes", "confirm": "1"})
    assert resp.status_code == 302
    dup.refresh_from_db()
    first.refresh_from_db()
    assert dup.state == State.CANCELLED and "แจ้งซ้ำจากลูกสาว" in first.details


def test_the_duplicates_urgency_and_who_is_there_count_for_the_original(flood_group, flood_coordinator) -> None:  # type: ignore[no-untyped-def]
    """Re-trial: a duplicate saying "ยายติดเตียง" (urgency 2, elderly, disabled) was merged and the
    original stayed at urgency 1 with no flags; and "112 หมู่ ๓" against "112 หมู่ 3" was called
    another address."""
    first, dup = _pair(flood_group)
    HelpRequest.objects.filter(pk=first.pk).update(address_enc=encrypt("112 หมู่ 3 ต.บ้านบัว"))
    HelpRequest.objects.filter(pk=dup.pk).update(urgency=2, urgency_computed=2, elderly=True, disability=True,
                                                 address_enc=encrypt("112 หมู่ ๓ ต.บ้านบัว"))
    dup.refresh_from_db()
    before = first.priority_at
    actions.resolve_duplicate(dup, by=flood_coordinator, duplicate=True, confirmed=True)
    first.refresh_from_db()
    assert first.urgency == 2 and first.urgency_computed == 2 and first.priority_at < before
    assert first.elderly and first.disability and not first.children
    assert "ที่อยู่" not in first.details  # the same address in other digits is not "another"
    merged = AuditEntry.objects.get(action="aid.request.duplicate_merged")
    assert "urgency" in merged.data["added"]


def test_the_merged_details_keep_their_lines_on_the_page(flood_group, flood_coordinator, verified_client) -> None:  # type: ignore[no-untyped-def]
    """Re-trial finding: the original's words, the carried note, the other need and the pointer ran
    together as one paragraph on the request's page. Each is its own line there."""
    first, dup = _with_extras(flood_group)
    actions.resolve_duplicate(dup, by=flood_coordinator, duplicate=True, confirmed=True)
    first.refresh_from_db()
    lines = first.details.splitlines()
    assert lines[0] == "น้ำท่วมถึงเอว" and lines[1] == f"[จากคำขอซ้ำ #{dup.pk}]"
    assert "หมายเหตุ: แจ้งซ้ำจากลูกสาว" in lines and any(x.startswith("ความต้องการเพิ่ม: ") for x in lines)
    page = verified_client(flood_coordinator).get(
        f"/aid/coordinate/{flood_group.slug}/requests/{first.pk}/").content.decode()
    assert f"น้ำท่วมถึงเอว<br>[จากคำขอซ้ำ #{dup.pk}]<br>หมายเหตุ: แจ้งซ้ำจากลูกสาว<br>" in page
