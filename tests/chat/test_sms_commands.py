"""Every command over SMS, for feature phones and internet shutdowns: report, status, add
information, ask for help, RSVP and cancel, subscribe and STOP, in Thai and
English, each driven through the SMS webhook and answered on the fake SMS gateway (volunteer
tasks: tests/aid/test_volunteer_sms_commands.py)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from phalang.aid.models import HelpRequest
from phalang.coalition import actions as coalition_actions
from phalang.coalition.models import Rsvp, Subscriber
from phalang.watch.models import Report
from tests.chat.helpers import sms_send

PHONE = "+66 89 111 2222"
NUMBER = "0891112222"


def _last(sms) -> str:  # type: ignore[no-untyped-def]
    return str(sms.messages[-1]["text"])


def test_report_status_and_add_by_sms(client, gazetteer, channels) -> None:  # type: ignore[no-untyped-def]
    _line, _tg, sms = channels
    sms_send(client, "report Lampang the bus stop roof fell onto the road", sender=PHONE)
    assert "รหัสติดตาม" in _last(sms) and sms.messages[-1]["to"] == NUMBER
    receipt = _last(sms).split("รหัสติดตาม ")[1][:24]
    sms_send(client, f"status {receipt}", sender=PHONE)
    assert "สถานะ:" in _last(sms)
    sms_send(client, f"ตอบ {receipt} เกิดเมื่อคืนวันศุกร์", sender=PHONE)
    assert Report.objects.get().messages.get().body == "เกิดเมื่อคืนวันศุกร์"


def test_help_request_by_sms(client, gazetteer, channels, make_org) -> None:  # type: ignore[no-untyped-def]
    _line, _tg, sms = channels
    group = make_org("volunteers", kind="volunteer_group")
    group.verified = True
    group.save()
    sms_send(client, "ขอความช่วยเหลือ", sender=PHONE)
    assert "จำนวนคน" in str(sms.messages[-2]["text"]) and "ยา" in _last(sms)  # how to ask, and the words
    sms_send(client, "ขอความช่วยเหลือ ยา 2 ต.บางพลีใหญ่ อ.บางพลี จ.สมุทรปราการ", sender=PHONE)
    req = HelpRequest.objects.get()
    assert req.need == "medicine" and req.people == 2 and req.channel == "sms"
    receipt_sms = str(sms.messages[-2]["text"])  # then the kit's first question, one SMS each
    assert "ได้รับคำขอ" in receipt_sms and len(receipt_sms) <= 70
    assert "ตอบ ใช่/ไม่" in _last(sms) and len(_last(sms)) <= 70


def test_rsvp_cancel_subscribe_and_stop_by_sms(client, gazetteer, channels, make_org) -> None:  # type: ignore[no-untyped-def]
    _line, _tg, sms = channels
    org = make_org("watchdog")
    event = coalition_actions.create_event(organisation=org, title="เวทีชาวบ้านเรื่องน้ำ",
                                           starts_at=timezone.now() + timedelta(days=3), venue="ศาลาวัด")
    sms_send(client, f"ร่วม {event.public_id}", sender=PHONE)
    assert Rsvp.objects.get(event=event).status == Rsvp.Status.CONFIRMED
    assert "ลงชื่อ" in _last(sms) and len(_last(sms)) <= 70
    sms_send(client, f"cancel {event.public_id}", sender=PHONE)
    assert Rsvp.objects.get(event=event).status == Rsvp.Status.CANCELLED
    sms_send(client, "รับข่าว เชียงราย", sender=PHONE)
    sub = Subscriber.objects.get()
    assert sub.active and sub.province.name_th == "เชียงราย" and len(_last(sms)) <= 70
    sms_send(client, "STOP", sender=PHONE)
    sub.refresh_from_db()
    assert not sub.active and len(_last(sms)) <= 70
    sms_send(client, "รับข่าว", sender=PHONE)
    sms_send(client, "หยุด", sender=PHONE)
    sub.refresh_from_db()
    assert not sub.active


def test_stop_by_sms_keeps_event_sign_ups_and_says_so_in_one_sms(client, gazetteer, channels, make_org) -> None:  # type: ignore[no-untyped-def]
    """STOP/หยุด means "no more messages", the same on every channel (``actions.stop``): a seat is
    never cancelled by it. The one-SMS answer (70 characters) says how many sign-ups are left and
    how to see them; "กิจกรรมของฉัน" lists their codes, web sign-ups with this number included."""
    _line, _tg, sms = channels
    org = make_org("watchdog")
    soon = timezone.now() + timedelta(days=3)
    small = coalition_actions.create_event(organisation=org, title="เวทีชาวบ้านเรื่องน้ำ", starts_at=soon,
                                           venue="ศาลาวัด", capacity=1)
    web = coalition_actions.create_event(organisation=org, title="อบรมอาสาสมัคร", starts_at=soon, venue="โรงเรียน")
    sms_send(client, f"ร่วม {small.public_id}", sender=PHONE)
    by_web = coalition_actions.web_rsvp(web, coalition_actions.NewRsvp(name="", contacts=[("sms", NUMBER)]))
    coalition_actions.prove_rsvp(by_web)
    sms_send(client, "หยุด", sender=PHONE)
    reply = _last(sms)
    assert "หยุด" in reply and "2 กิจกรรม" in reply and "กิจกรรมของฉัน" in reply and len(reply) <= 70, reply
    assert Rsvp.objects.filter(event=small).get().status == Rsvp.Status.CONFIRMED
    by_web.refresh_from_db()
    assert by_web.status == Rsvp.Status.CONFIRMED
    sms_send(client, "กิจกรรมของฉัน", sender=PHONE)
    assert small.public_id in _last(sms) and web.public_id in _last(sms) and len(_last(sms)) <= 70, _last(sms)
    sms_send(client, f"ยกเลิก {small.public_id}", sender=PHONE)
    sms_send(client, "STOP", sender=PHONE)  # one left, named by its code, still one SMS
    assert f"ยกเลิก {web.public_id}" in _last(sms) and len(_last(sms)) <= 70, _last(sms)
    sms_send(client, f"cancel {web.public_id}", sender=PHONE)
    sms_send(client, "my events", sender=PHONE)
    assert "ยังไม่ได้ลงชื่อ" in _last(sms)


def test_the_other_language_of_each_command(client, gazetteer, channels, make_org) -> None:  # type: ignore[no-untyped-def]
    """Each command above is driven in one language; here in the other one (Thai or English)."""
    _line, _tg, sms = channels
    group = make_org("volunteers", kind="volunteer_group")
    group.verified = True
    group.save()
    sms_send(client, "แจ้ง ท่อประปาแตกหน้าตลาดมาสามวันแล้ว", sender=PHONE)
    receipt = _last(sms).split("รหัสติดตาม ")[1][:24]
    sms_send(client, f"สถานะ {receipt}", sender=PHONE)
    assert "สถานะ:" in _last(sms)
    sms_send(client, f"add {receipt} water everywhere on the road", sender=PHONE)
    assert Report.objects.get().messages.get().body == "water everywhere on the road"
    sms_send(client, "help me medicine 2 ต.บางพลีใหญ่ อ.บางพลี จ.สมุทรปราการ", sender=PHONE)
    assert HelpRequest.objects.get().need == "medicine"
    org = make_org("watchdog")
    event = coalition_actions.create_event(organisation=org, title="Town hall on water",
                                           starts_at=timezone.now() + timedelta(days=3), venue="ศาลาวัด")
    sms_send(client, f"join {event.public_id}", sender=PHONE)
    assert Rsvp.objects.get(event=event).status == Rsvp.Status.CONFIRMED
    sms_send(client, f"ยกเลิก {event.public_id}", sender=PHONE)
    assert Rsvp.objects.get(event=event).status == Rsvp.Status.CANCELLED
    sms_send(client, "subscribe", sender=PHONE)
    assert Subscriber.objects.get().active
    sms_send(client, "my tasks", sender=PHONE)
    assert "อาสาสมัคร" in _last(sms) and len(_last(sms)) <= 70, _last(sms)
    sms_send(client, "งานของฉัน", sender=PHONE)
    assert "อาสาสมัคร" in _last(sms)


def test_a_web_sign_up_nobody_proved_is_not_counted_as_this_numbers(client, gazetteer, channels, make_org) -> None:  # type: ignore[no-untyped-def]
    """Anyone can type a phone number on an event page: until its owner presses the ticket link's
    button the sign-up is not theirs. Before: STOP's reply and "กิจกรรมของฉัน" by SMS counted and
    listed it, telling the number it was signed up for something a stranger typed. Its owner can
    still withdraw it with "ยกเลิก <code>" from the number."""
    _line, _tg, sms = channels
    org = make_org("watchdog")
    soon = timezone.now() + timedelta(days=3)
    mine = coalition_actions.create_event(organisation=org, title="เวทีชาวบ้าน", starts_at=soon)
    typed = coalition_actions.create_event(organisation=org, title="อบรม", starts_at=soon)
    sms_send(client, f"ร่วม {mine.public_id}", sender=PHONE)
    stranger = coalition_actions.web_rsvp(typed, coalition_actions.NewRsvp(name="", contacts=[("sms", NUMBER)]))
    assert stranger.status == Rsvp.Status.UNPROVEN

    sms_send(client, "หยุด", sender=PHONE)
    assert f"ยกเลิก {mine.public_id}" in _last(sms) and "2 กิจกรรม" not in _last(sms), _last(sms)
    sms_send(client, "กิจกรรมของฉัน", sender=PHONE)
    assert mine.public_id in _last(sms) and typed.public_id not in _last(sms), _last(sms)
    assert [r.pk for r in coalition_actions.signups_of("sms", NUMBER)] == [Rsvp.objects.get(event=mine).pk]

    sms_send(client, f"ยกเลิก {typed.public_id}", sender=PHONE)  # the owner of the number withdraws it
    stranger.refresh_from_db()
    assert stranger.status == Rsvp.Status.CANCELLED and "ยกเลิกการลงชื่อ" in _last(sms)
    assert Rsvp.objects.get(event=mine).status == Rsvp.Status.CONFIRMED


LONG_TITLE = "เวทีประชาคมน้ำท่วมเชียงรายครั้งที่สองเรื่องการฟื้นฟูหลังอุทกภัย"


def test_rsvp_and_cancel_replies_fit_one_sms_and_cut_titles_at_a_word(  # type: ignore[no-untyped-def]
        client, gazetteer, channels, make_org) -> None:
    """User trial: "ยกเลิก <code>" replies were 93-156 characters (the full title); the ร่วม reply
    cut the title mid-syllable ("เวทีประชาคมน้") and said "ยกเลิกส่ง ยกเลิก". Both now fit one SMS,
    the title cut after a whole word with "…"."""
    _line, _tg, sms = channels
    org = make_org("watchdog")
    event = coalition_actions.create_event(organisation=org, title=LONG_TITLE,
                                           starts_at=timezone.now() + timedelta(days=3), venue="ศาลาวัด")
    sms_send(client, f"ร่วม {event.public_id}", sender=PHONE)
    joined = _last(sms)
    assert len(joined) <= 70 and "…" in joined and "ยกเลิกส่ง" not in joined, joined
    assert f"ส่ง ยกเลิก {event.public_id}" in joined, joined
    shown = joined.split("ลงชื่อ ", 1)[1].split("…", 1)[0]
    assert LONG_TITLE.startswith(shown) and shown in ("เวที", "เวทีประชาคม", "เวทีประชาคมน้ำท่วม",
                                                      "เวทีประชาคมน้ำท่วมเชียงราย"), shown
    sms_send(client, f"ยกเลิก {event.public_id}", sender=PHONE)
    cancelled = _last(sms)
    assert Rsvp.objects.get(event=event).status == Rsvp.Status.CANCELLED
    assert len(cancelled) <= 70 and "ยกเลิกการลงชื่อ" in cancelled and "…" in cancelled, cancelled
    # Twice: it says it was cancelled already, not "not signed up from this account".
    sms_send(client, f"ยกเลิก {event.public_id}", sender=PHONE)
    again = _last(sms)
    assert len(again) <= 70 and "ยกเลิกไปแล้ว" in again and "บัญชี" not in again, again
    other = coalition_actions.create_event(organisation=org, title="อบรม", starts_at=timezone.now() + timedelta(days=3))
    sms_send(client, f"ยกเลิก {other.public_id}", sender=PHONE)
    assert "เบอร์นี้" in _last(sms) and "บัญชี" not in _last(sms) and len(_last(sms)) <= 70, _last(sms)


def test_a_web_sign_up_cancelled_twice_by_sms_says_already(  # type: ignore[no-untyped-def]
        client, gazetteer, channels, make_org) -> None:
    _line, _tg, sms = channels
    org = make_org("watchdog")
    event = coalition_actions.create_event(organisation=org, title=LONG_TITLE,
                                           starts_at=timezone.now() + timedelta(days=3))
    r = coalition_actions.web_rsvp(event, coalition_actions.NewRsvp(name="", contacts=[("sms", NUMBER)]))
    coalition_actions.prove_rsvp(r)
    sms_send(client, f"ยกเลิก {event.public_id}", sender=PHONE)
    sms_send(client, f"ยกเลิก {event.public_id}", sender=PHONE)
    assert "ยกเลิกไปแล้ว" in _last(sms) and len(_last(sms)) <= 70, _last(sms)


def test_multi_word_commands_accept_a_space_inside(client, gazetteer, channels, make_org) -> None:  # type: ignore[no-untyped-def]
    """User trial: "กิจกรรม ของฉัน" typed with a space got the 293-character help menu (5 SMS)."""
    _line, _tg, sms = channels
    org = make_org("watchdog")
    event = coalition_actions.create_event(organisation=org, title="เวที", starts_at=timezone.now() + timedelta(days=3))
    sms_send(client, f"ร่วม กิจกรรม {event.public_id}", sender=PHONE)
    assert Rsvp.objects.get(event=event).status == Rsvp.Status.CONFIRMED
    for typed in ("กิจกรรม ของฉัน", "กิจกรรม  ของ ฉัน"):
        sms_send(client, typed, sender=PHONE)
        assert event.public_id in _last(sms) and len(_last(sms)) <= 70, _last(sms)


def test_an_unknown_event_code_says_where_to_find_the_right_one(client, gazetteer, channels) -> None:  # type: ignore[no-untyped-def]
    """A mistyped code (trial finding): the reply names the code it did not find and says where the
    code is written, in one SMS, for joining and for cancelling alike."""
    _line, _tg, sms = channels
    for command in ("ร่วม ABCD-1234", "ยกเลิก ABCD-1234", "join abcd1234"):
        sms_send(client, command, sender=PHONE)
        reply = _last(sms)
        assert "ไม่พบกิจกรรมรหัส" in reply and "ABCD" in reply.upper(), (command, reply)
        assert "หน้ากิจกรรม" in reply and len(reply) <= 70, (command, reply)
    sms_send(client, "ร่วม", sender=PHONE)
    assert "ร่วม <รหัสกิจกรรม>" in _last(sms) and len(_last(sms)) <= 70
