"""Follow a campaign, subscribe to area announcements and unsubscribe by LINE and Telegram chat.

The opt-out is honoured at once on every channel of the subscriber, with a consent record; the
deliveries are counted at the fake LINE and Telegram servers.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from phalang.chat.loops import drain
from phalang.coalition import actions
from phalang.coalition.models import ConsentRecord, Subscriber, SubscriberTag
from phalang.messaging.models import OutboundMessage
from phalang.places.models import Province
from tests.coalition.test_chat_rsvp import line_last, line_quick, line_send, tg_quick, tg_send
from tests.fakes import line as fl


@pytest.fixture(autouse=True)
def fast(settings):  # type: ignore[no-untyped-def]
    settings.COALITION_BROADCAST_RATES = {"line": 1e9, "telegram": 1e9, "email": 1e9, "sms": 1e9}


def broadcast(org, text, **audience):  # type: ignore[no-untyped-def]
    """Schedule, queue and send a broadcast, letting any retry back-off pass. One that would reach
    nobody is refused (None): nothing is sent either way."""
    try:
        b = actions.schedule_broadcast(organisation=org, text=text, **audience)
    except ValidationError:
        return None
    actions.queue_broadcast(b)
    for _ in range(10):
        OutboundMessage.objects.filter(state="pending").update(next_attempt_at=timezone.now(), claimed_until=None)
        drain()
        if not OutboundMessage.objects.filter(state="pending").exists():
            break
    return b


def own_text(text: str) -> str:
    """A broadcast's own text, without what every broadcast adds (who sent it, how to stop, consents)."""
    return text.split("\n— ส่งโดย ", 1)[0].split("\n\nเลิกรับข่าว", 1)[0]


def pushed_to(line, user) -> list[str]:  # type: ignore[no-untyped-def]
    """Texts LINE accepted for this user, by push or within a multicast (sorted)."""
    bodies = [*line.pushes, *line.multicasts]
    return sorted(own_text(m["text"]) for body in bodies if user in ([body["to"]] if isinstance(body["to"], str) else body["to"])
                  for m in body["messages"])


def tg_to(tg, chat) -> list[str]:  # type: ignore[no-untyped-def]
    return [own_text(m["text"]) for m in tg.messages if m["chat_id"] == str(chat)]


def test_follow_a_campaign_by_line_and_receive_its_updates(client, watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    line, tg, _sms = channels
    campaign = actions.create_campaign(organisation=watchdog, slug="flood-cr", title="จับตาจัดซื้อป้องกันน้ำท่วมเชียงราย",
                                       issue="ผู้เสนอราคารายเดียวหลายโครงการ")
    user = fl.user_id()
    line_send(client, user, text="ติดตาม no-such-campaign")
    assert "ไม่พบแคมเปญ" in line_last(line)["text"]
    line_send(client, user, text="ติดตาม")  # the word alone still follows a report by its receipt
    assert "รหัสติดตาม 20 หลัก" in line_last(line)["text"]

    line_send(client, user, text="ติดตาม FLOOD-CR")
    assert campaign.title in line_last(line)["text"] and "act=confirm" in line_quick(line)
    line_send(client, user, text="ย้อนกลับ")
    assert Subscriber.objects.count() == 0  # nothing before the confirmation
    line_send(client, user, text="ติดตาม flood-cr")
    line_send(client, user, data="act=confirm")
    assert "ติดตามแคมเปญ" in line_last(line)["text"] and "หยุด" in line_last(line)["text"]
    consent = ConsentRecord.objects.get()
    assert (consent.action, consent.channel, consent.purpose) == ("opt_in", "line", f"campaign:{campaign.pk}")
    assert consent.at is not None
    assert list(SubscriberTag.objects.values_list("kind", "value")) == [("campaign", str(campaign.pk))]

    actions.subscribe("telegram", "90002")  # subscribed, but not following this campaign
    actions.post_campaign_update(campaign, "ยื่นหนังสือแล้ว")
    actions.queue_due_broadcasts()
    broadcast(watchdog, "ประกาศทั่วไป")
    assert pushed_to(line, user) == sorted([f"[{campaign.title}] ยื่นหนังสือแล้ว", "ประกาศทั่วไป"])
    assert tg_to(tg, 90002) == ["ประกาศทั่วไป"]


def test_subscribe_to_area_announcements_by_telegram(client, gazetteer, watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    _line, tg, _sms = channels
    chat, elsewhere = 91001, 91009
    tg_send(client, chat, text="รับข่าว")
    assert "จังหวัดใด" in tg.messages[-1]["text"]
    tg_send(client, chat, text="ไม่มีจังหวัดนี้จริง")
    assert "ไม่พบจังหวัด" in tg.messages[-1]["text"]
    tg_send(client, chat, text="เชียงราย")
    assert "เชียงราย" in tg.messages[-1]["text"] and "act=confirm" in tg_quick(tg)
    tg_send(client, chat, text="ยกเลิก")  # cancelled at the last step: nothing recorded
    assert Subscriber.objects.count() == 0

    tg_send(client, chat, text="รับข่าวเชียงราย")
    tg_send(client, chat, data="act=confirm")
    assert "สมัครรับข่าวประกาศในจังหวัดเชียงราย" in tg.messages[-1]["text"]
    sub = Subscriber.objects.get()
    assert sub.province is not None and sub.province.name_th == "เชียงราย"
    assert list(sub.consents.values_list("action", "channel")) == [("opt_in", "telegram")]

    tg_send(client, elsewhere, text="/subscribe")
    tg_send(client, elsewhere, data="act=skip")  # every area: no province
    tg_send(client, elsewhere, data="act=confirm")
    assert Subscriber.objects.get(province__isnull=True).active

    broadcast(watchdog, "น้ำป่าเชียงราย", province=Province.objects.get(name_th="เชียงราย"))
    broadcast(watchdog, "ประชุมน่าน", province=Province.objects.get(name_th="น่าน"))
    assert tg_to(tg, chat)[-1] == "น้ำป่าเชียงราย"
    assert "ประชุมน่าน" not in tg_to(tg, chat) and "น้ำป่าเชียงราย" not in tg_to(tg, elsewhere)


def test_stop_on_telegram_stops_line_and_telegram_at_once(client, watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    line, tg, _sms = channels
    user, chat, other = fl.user_id(), 92001, 92002
    line_send(client, user, text="รับข่าว")
    line_send(client, user, text="ทุกพื้นที่")  # the button's label typed: no province
    assert "ทั่วไป" in line_last(line)["text"]
    line_send(client, user, text="ยืนยัน")
    sub = Subscriber.objects.get()
    actions.add_address(sub, "telegram", str(chat))  # the same person, with Telegram linked too
    actions.subscribe("telegram", str(other))

    broadcast(watchdog, "ประกาศแรก")
    assert pushed_to(line, user) == ["ประกาศแรก"] and tg_to(tg, chat) == ["ประกาศแรก"]
    # Queued but not yet sent when the person says STOP: withdrawn too.
    queued = actions.schedule_broadcast(organisation=watchdog, text="ประกาศที่สอง")
    actions.queue_broadcast(queued)

    tg_send(client, chat, text="STOP")
    assert "หยุดส่งข่าว" in tg_to(tg, chat)[-1]
    sub.refresh_from_db()
    assert not sub.active
    assert list(sub.consents.order_by("at", "pk").values_list("action", "channel")) == [
        ("opt_in", "line"), ("opt_in", "telegram"), ("opt_out", "telegram")]

    broadcast(watchdog, "ประกาศที่สาม")
    assert pushed_to(line, user) == ["ประกาศแรก"] and line.recipients() == [user]  # nothing more on LINE
    assert [t for t in tg_to(tg, chat) if t.startswith("ประกาศ")] == ["ประกาศแรก"]  # nor on Telegram
    assert tg_to(tg, other) == ["ประกาศแรก", "ประกาศที่สอง", "ประกาศที่สาม"]
    counts = actions.delivery_counts(queued)
    assert (counts["pending"], counts["sent"], counts["failed"]) == (0, 1, 2)  # two withdrawn

    # Saying it again changes nothing; subscribing again by chat opts back in.
    tg_send(client, chat, text="หยุด")
    assert "ไม่ได้รับข่าวประกาศจากเราอยู่แล้ว" in tg.messages[-1]["text"]
    assert sub.consents.count() == 3
    line_send(client, user, text="รับข่าว")
    line_send(client, user, data="act=skip")
    line_send(client, user, data="act=confirm")
    sub.refresh_from_db()
    assert sub.active and sub.consents.filter(action="opt_in", channel="line").count() == 2


def test_stop_is_honoured_in_the_middle_of_another_dialog(client, db, channels) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    user = fl.user_id()
    sub = actions.subscribe("line", user)
    line_send(client, user, data="act=report")
    assert "เลือกประเภท" in line_last(line)["text"]
    line_send(client, user, text="ยกเลิกรับข่าวครับ")
    sub.refresh_from_db()
    assert not sub.active and "หยุดส่งข่าว" in line_last(line)["text"]
    # The dialog it interrupted is over; the menu is back.
    line_send(client, user, text="สวัสดี")
    assert "ต้องการทำอะไร" in line_last(line)["text"]
