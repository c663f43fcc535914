"""Staff create and edit an event (type, agenda, capacity, hidden venue, online link), change the
venue (confirmed participants are told at once), record minutes; other organisations are refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from phalang.audit.models import AuditEntry
from phalang.chat.loops import drain
from phalang.coalition import actions
from phalang.coalition.actions import NewRsvp
from phalang.coalition.models import Event

NEW = "/coalition/staff/watchdog/events/new/"
VENUE = "ลานหน้าศาลากลาง ประตูฝั่งตะวันออก"


def _local(delta: timedelta) -> str:
    return (timezone.localtime() + delta).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def staff(watchdog, make_user, verified_client):  # type: ignore[no-untyped-def]
    return verified_client(make_user("wd-coord", org=watchdog, role="coordinator"))


def test_create_hybrid_event_with_hidden_venue(staff, watchdog, client) -> None:  # type: ignore[no-untyped-def]
    campaign = actions.create_campaign(organisation=watchdog, slug="flood-cr", title="จับตางบน้ำท่วม", issue="-")
    resp = staff.post(NEW, {"title": "ชุมนุมเรียกร้องความโปร่งใส", "mode": "hybrid", "campaign": campaign.pk,
                            "starts_at": _local(timedelta(days=3)), "ends_at": _local(timedelta(days=3, hours=2)),
                            "agenda": "1. แถลงการณ์\n2. ยื่นหนังสือ", "capacity": "50", "venue": VENUE,
                            "online_url": "https://meet.example.org/abc",
                            "venue_reveal_at": _local(timedelta(days=2))})
    assert resp.status_code == 302
    e = Event.objects.get()
    assert resp["Location"] == f"/coalition/staff/watchdog/events/{e.public_id}/"
    assert (e.mode, e.capacity, e.campaign, e.venue) == ("hybrid", 50, campaign, VENUE)
    assert e.venue_hidden and e.venue_reveal_at is not None
    assert AuditEntry.objects.filter(action="event.create", target_id=str(e.pk)).exists()
    page = client.get(f"/coalition/events/{e.public_id}/").content.decode()
    assert VENUE not in page and "meet.example.org" not in page and 'id="venue-hidden"' in page
    assert "1. แถลงการณ์" in page
    assert "ซ่อนไว้จนถึง" in staff.get(resp["Location"]).content.decode()


@pytest.mark.parametrize(("fields", "error"), [
    ({"mode": "offline", "venue": ""}, "กิจกรรมในสถานที่หรือแบบผสมต้องมีสถานที่ (ซ่อนไว้ก่อนได้)"),
    ({"mode": "online", "online_url": ""}, "กิจกรรมออนไลน์หรือแบบผสมต้องมีลิงก์ออนไลน์ (ซ่อนไว้ก่อนได้)"),
    ({"venue_reveal_at": "LATER"}, "ต้องเปิดเผยสถานที่ก่อนกิจกรรมเริ่ม"),
    ({"venue_reveal_at": "PAST"}, "เวลาเปิดเผยสถานที่ผ่านไปแล้ว"),
    ({"ends_at": "EARLIER"}, "เวลาสิ้นสุดต้องอยู่หลังเวลาเริ่ม"),
])
def test_bad_event_input_is_refused_in_thai(staff, fields, error) -> None:  # type: ignore[no-untyped-def]
    times = {"LATER": _local(timedelta(days=4)), "PAST": _local(timedelta(hours=-1)),
             "EARLIER": _local(timedelta(days=2))}
    data = {"title": "ประชุม", "mode": "offline", "starts_at": _local(timedelta(days=3)), "venue": VENUE,
            "online_url": "https://meet.example.org/abc"}
    data.update({k: times.get(v, v) for k, v in fields.items()})
    resp = staff.post(NEW, data)
    assert resp.status_code == 400 and error in resp.content.decode()
    assert not Event.objects.exists()


def test_edit_event_and_record_minutes(staff, watchdog, make_org, client) -> None:  # type: ignore[no-untyped-def]
    e = actions.create_event(organisation=watchdog, title="เดิม", starts_at=timezone.now() + timedelta(days=3),
                             venue=VENUE)
    theirs = actions.create_campaign(organisation=make_org("other-ngo"), slug="theirs", title="ของเขา", issue="-")
    url = f"/coalition/staff/watchdog/events/{e.public_id}/"
    form = {"form": "edit", "title": "เวทีประชาคม", "mode": "offline", "starts_at": _local(timedelta(days=5)),
            "capacity": "20", "agenda": "สรุปข้อมูลสัญญา"}
    # Another organisation's campaign is not a choice: nothing changes.
    assert staff.post(url, {**form, "campaign": theirs.pk}).status_code == 400
    e.refresh_from_db()
    assert e.title == "เดิม"
    assert staff.post(url, form).status_code == 302
    e.refresh_from_db()
    assert (e.title, e.capacity, e.agenda, e.venue) == ("เวทีประชาคม", 20, "สรุปข้อมูลสัญญา", VENUE)
    assert staff.post(url, {"form": "minutes", "minutes": "มติ: ยื่นหนังสือต่อจังหวัดภายใน 7 วัน"}).status_code == 302
    assert "มติ: ยื่นหนังสือต่อจังหวัดภายใน 7 วัน" in client.get(f"/coalition/events/{e.public_id}/").content.decode()
    assert AuditEntry.objects.filter(action="event.minutes", target_id=str(e.pk)).exists()


def test_venue_change_after_reveal_reaches_confirmed_participants(staff, watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    line, tg, _sms = channels
    now = timezone.now()
    e = actions.create_event(organisation=watchdog, title="ชุมนุม", starts_at=now + timedelta(hours=3), venue=VENUE,
                             venue_reveal_at=now + timedelta(hours=1))
    actions.rsvp(e, NewRsvp("ฝน", [("line", "U-confirmed"), ("telegram", "70001")]))
    gone, _t = actions.rsvp(e, NewRsvp("", [("telegram", "70002")]))
    actions.cancel_rsvp(gone)
    assert actions.reveal_due_venues(now=e.venue_reveal_at) == 1
    drain()
    before = len(tg.messages)
    url = f"/coalition/staff/watchdog/events/{e.public_id}/"
    resp = staff.post(url, {"form": "venue", "venue": "ใต้สะพานพระราม 8", "online_url": ""})
    assert resp.status_code == 302
    drain()
    assert [m["chat_id"] for m in tg.messages[before:]] == ["70001"]
    assert "ใต้สะพานพระราม 8" in tg.messages[-1]["text"]
    assert line.pushes[-1]["to"] == "U-confirmed" and "ใต้สะพานพระราม 8" in line.pushes[-1]["messages"][0]["text"]
    e.refresh_from_db()
    assert e.venue == "ใต้สะพานพระราม 8" and e.venue_version == 2


def test_other_organisations_are_refused(watchdog, make_org, make_user, verified_client) -> None:  # type: ignore[no-untyped-def]
    other = make_org("other-ngo")
    e = actions.create_event(organisation=watchdog, title="ของเรา", starts_at=timezone.now() + timedelta(days=1),
                             venue=VENUE)
    outsider = verified_client(make_user("outsider", org=other, role="admin"))
    url = f"/coalition/staff/watchdog/events/{e.public_id}/"
    assert outsider.get(NEW).status_code == 403
    assert outsider.get(url).status_code == 403
    assert outsider.post(url, {"form": "venue", "venue": "ที่อื่น"}).status_code == 403
    assert outsider.post(url, {"form": "minutes", "minutes": "ปลอม"}).status_code == 403
    assert outsider.get(f"/coalition/staff/other-ngo/events/{e.public_id}/").status_code == 404
    e.refresh_from_db()
    assert (e.venue, e.minutes) == (VENUE, "")
