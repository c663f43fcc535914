"""What a user trial found in the coordinator's queue: the urgency filter offered bare numbers, the
need filter forgot the needs of requests filed under the previous kit, and bulk triage took
requests flagged "อาจซ้ำ" (possible duplicate) without asking."""

from __future__ import annotations

import re

from django.utils import translation

from phalang.aid import actions
from phalang.aid.models import HelpRequest, State
from tests.aid.conftest import CHIANG_MAI


def _file(group, **kw):  # type: ignore[no-untyped-def]
    kw.setdefault("need", "water")
    return actions.file_help_request(actions.NewHelpRequest(
        organisation=group.slug, place_text=CHIANG_MAI, **kw))[0]


def _select(html: str, name: str) -> str:
    return re.search(rf'<select name="{name}">(.*?)</select>', html, re.S).group(1)


def test_urgency_filter_names_each_tier_in_thai(verified_client, flood_group, flood_coordinator) -> None:  # type: ignore[no-untyped-def]
    html = verified_client(flood_coordinator).get(f"/aid/coordinate/{flood_group.slug}/").content.decode()
    options = _select(html, "urgency")
    assert '<option value="4">4 · อันตรายถึงชีวิต</option>' in options
    assert '<option value="1">1 · เมื่ออาสาว่าง</option>' in options
    with translation.override("th"):  # every tier has Thai, from the catalogue
        from phalang.aid.models import Urgency
        assert all(any("\u0e00" <= c <= "\u0e7f" for c in str(u.label)) for u in Urgency)


def test_need_filter_keeps_the_needs_of_the_old_kit(verified_client, flood_group, flood_coordinator) -> None:  # type: ignore[no-untyped-def]
    _file(flood_group, need="boat", address="12 หมู่ 1")  # filed during the flood
    actions.set_kit(flood_group, "epidemic", by=flood_coordinator)  # the crisis changes
    client = verified_client(flood_coordinator)
    options = _select(client.get(f"/aid/coordinate/{flood_group.slug}/").content.decode(), "need")
    assert 'value="oxygen"' in options  # the new kit's
    assert 'value="boat"' in options  # and the need of a request that is still there
    filtered = client.get(f"/aid/coordinate/{flood_group.slug}/", {"need": "boat", "state": "open"}).content.decode()
    assert "1 คำขอ" in filtered or re.search(r"\b1 request\b", filtered)


def test_bulk_triage_skips_possible_duplicates_unless_asked(verified_client, flood_group, flood_coordinator) -> None:  # type: ignore[no-untyped-def]
    first = _file(flood_group, phone="0812345678", address="12 หมู่ 1")
    dup = _file(flood_group, phone="081-234-5678", address="99 หมู่ 9")
    other = _file(flood_group, phone="0899999999", address="5 หมู่ 2")
    assert dup.duplicate_of == first
    client = verified_client(flood_coordinator)
    url = f"/aid/coordinate/{flood_group.slug}/bulk/"
    resp = client.post(url, {"op": "triage", "ids": [first.pk, dup.pk, other.pk]}, follow=True)
    html = resp.content.decode()
    assert HelpRequest.objects.get(pk=dup.pk).state == State.NEW  # left for the coordinator
    assert HelpRequest.objects.filter(pk__in=[first.pk, other.pk], state=State.TRIAGED).count() == 2
    assert "ข้ามคำขอที่อาจซ้ำ 1 รายการ" in html and f"#{dup.pk}" in html
    # Asked for: "รวมคำขอที่อาจซ้ำ" ticked, the duplicate is triaged too.
    client.post(url, {"op": "triage", "ids": [dup.pk], "duplicates": "1"})
    assert HelpRequest.objects.get(pk=dup.pk).state == State.TRIAGED


def test_the_action_skips_them_too(flood_group, flood_coordinator) -> None:  # type: ignore[no-untyped-def]
    first = _file(flood_group, phone="0812345678", address="12 หมู่ 1")
    dup = _file(flood_group, phone="0812345678", address="99 หมู่ 9")
    done, skipped = actions.bulk_triage([first, dup], by=flood_coordinator)
    assert done == 1 and [r.pk for r in skipped] == [dup.pk]
    assert actions.bulk_triage([dup], by=flood_coordinator, include_duplicates=True) == (1, [])
