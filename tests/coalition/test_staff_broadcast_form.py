"""Staff schedule a broadcast (text, segment, channels, time) and follow its delivery and failure
counts on its page; other organisations are refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from phalang.chat.loops import drain
from phalang.coalition import actions
from phalang.coalition.models import Broadcast
from phalang.places.models import Province

NEW = "/coalition/staff/watchdog/broadcasts/new/"


@pytest.fixture
def staff(watchdog, make_user, verified_client):  # type: ignore[no-untyped-def]
    return verified_client(make_user("wd-coord", org=watchdog, role="coordinator"))


def test_schedule_segment_and_counts(staff, watchdog, admin_of, channels) -> None:  # type: ignore[no-untyped-def]
    _line, tg, _sms = channels
    cr = Province.objects.get(name_th="เชียงราย")
    coalition = actions.create_coalition(slug="north", name="เครือข่ายภาคเหนือ", lead=watchdog)
    actions.subscribe("telegram", "61001", province=cr, tags=[("coalition", str(coalition.pk))])
    actions.subscribe("telegram", "61002", province=cr)  # not in the coalition segment
    actions.subscribe("email", "a@example.org", province=cr, tags=[("coalition", str(coalition.pk))])  # not on Telegram
    gone = actions.subscribe("telegram", "61003", province=cr, tags=[("coalition", str(coalition.pk))])
    actions.unsubscribe(gone)
    form = staff.get(NEW).content.decode()
    assert f'value="coalition:{coalition.pk}"' in form
    resp = staff.post(NEW, {"text": "ประชุมใหญ่วันเสาร์นี้", "province": cr.pk, "segment": f"coalition:{coalition.pk}",
                            "channels": ["telegram"]})
    assert resp.status_code == 302
    b = Broadcast.objects.get()
    assert resp["Location"] == f"/coalition/staff/watchdog/broadcasts/{b.pk}/"
    assert (b.tag_kind, b.tag_value, b.channels, b.province) == ("coalition", str(coalition.pk), ["telegram"], cr)
    assert b.created_by is not None and b.created_by.username == "wd-coord"
    assert actions.queue_due_broadcasts() == 1
    drain()
    assert [m["chat_id"] for m in tg.messages] == ["61001"]
    page = staff.get(resp["Location"]).content.decode()
    delivery = page.split('id="delivery"')[1].split("</p>")[0]
    assert "ส่งถึงแล้ว <strong>1</strong>" in delivery and "ส่งไม่สำเร็จหรือถอนคืน <strong>0</strong>" in delivery
    assert 'id="recipients">1<' in page and "เครือข่ายภาคเหนือ" in page


def test_scheduled_for_later_and_cancelled(staff, watchdog) -> None:  # type: ignore[no-untyped-def]
    actions.subscribe("telegram", "62001", tags=[("interest", "procurement")])
    later = timezone.localtime() + timedelta(days=1)
    resp = staff.post(NEW, {"text": "สรุปงบประมาณ", "segment": "interest:procurement",
                            "send_at": later.strftime("%Y-%m-%dT%H:%M")})
    assert resp.status_code == 302
    b = Broadcast.objects.get()
    assert (b.tag_kind, b.tag_value, b.state) == ("interest", "procurement", "scheduled")
    assert abs((b.send_at - later).total_seconds()) < 60
    assert actions.queue_due_broadcasts() == 0  # not due yet
    assert staff.post(resp["Location"], {"form": "cancel"}).status_code == 302
    b.refresh_from_db()
    assert b.state == "cancelled"
    assert actions.queue_due_broadcasts(now=later + timedelta(minutes=1)) == 0


def test_bad_input_is_refused_in_thai(staff) -> None:  # type: ignore[no-untyped-def]
    resp = staff.post(NEW, {"text": "x", "segment": "interest:food"})  # not an offered interest
    assert resp.status_code == 400
    resp = staff.post(NEW, {"text": "", "segment": ""})
    assert resp.status_code == 400 and "จำเป็น" in resp.content.decode()
    resp = staff.post(NEW, {"text": "x", "segment": "campaign:99999"})  # not one of ours
    assert resp.status_code == 400
    assert not Broadcast.objects.exists()


def test_other_organisations_are_refused(watchdog, make_org, make_user, verified_client) -> None:  # type: ignore[no-untyped-def]
    actions.subscribe("telegram", "62002")
    b = actions.schedule_broadcast(organisation=watchdog, text="ของเรา")
    other = make_org("other-ngo")
    outsider = verified_client(make_user("outsider", org=other, role="admin"))
    url = f"/coalition/staff/watchdog/broadcasts/{b.pk}/"
    assert outsider.get(NEW).status_code == 403
    assert outsider.post(NEW, {"text": "ยึด"}).status_code == 403
    assert outsider.get(url).status_code == 403
    assert outsider.post(url, {"form": "cancel"}).status_code == 403
    assert outsider.get(f"/coalition/staff/other-ngo/broadcasts/{b.pk}/").status_code == 404
    b.refresh_from_db()
    assert b.state == "scheduled" and Broadcast.objects.count() == 1
