"""RSVP to an event by LINE and Telegram chat; the late-revealed venue then reaches that chat.

Everything goes through the real webhook endpoints (signed LINE bodies, Telegram's secret header),
the durable inbox, the dialog, the coalition actions and the outbox, to the fake API servers.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from phalang.chat.loops import drain
from phalang.coalition import actions
from phalang.coalition.models import Rsvp, RsvpContact
from phalang.lib.crypto import decrypt
from tests.coalition.conftest import TELEGRAM_SECRET
from tests.fakes import line as fl
from tests.fakes import telegram as ft

LINE_SECRET = "line-channel-secret-for-tests"  # what the coalition `channels` fixture sets
VENUE = "ลานหน้าศาลากลาง ประตูฝั่งตะวันออก"


def line_send(client, user, *, text=None, data=None):  # type: ignore[no-untyped-def]
    event = fl.text_event(text, user=user) if text is not None else fl.postback_event(data, user=user)
    body, headers = fl.signed_webhook(LINE_SECRET, [event])
    assert client.post("/webhooks/line", body, content_type="application/json",
                       HTTP_X_LINE_SIGNATURE=headers["X-Line-Signature"]).status_code == 200
    drain()


def tg_send(client, chat, *, text=None, data=None):  # type: ignore[no-untyped-def]
    update = ft.message_update(text, chat_id=chat) if text is not None else ft.callback_query_update(data, chat_id=chat)
    assert client.post("/webhooks/telegram", json.dumps(update), content_type="application/json",
                       HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN=TELEGRAM_SECRET).status_code == 200
    drain()


def line_last(line):  # type: ignore[no-untyped-def]
    """The last message of the last reply; a card's "text" is its alternative text (its plain text)."""
    message = dict(line.replies[-1]["messages"][-1])
    if message["type"] == "flex":
        message["text"] = message["altText"]
    return message


def line_quick(line) -> list[str]:  # type: ignore[no-untyped-def]
    return [i["action"]["data"] for i in (line_last(line).get("quickReply") or {}).get("items", [])]


def tg_quick(tg) -> list[str]:  # type: ignore[no-untyped-def]
    keyboard = (tg.messages[-1].get("reply_markup") or {}).get("inline_keyboard", [])
    return [b["callback_data"] for row in keyboard for b in row]


def ticket_path(text: str) -> str:
    m = re.search(r"https?://[^/\s]+(/coalition/events/[^/\s]+/ticket/[^/\s]+/)", text)
    assert m, text
    return m.group(1)


@pytest.fixture
def hidden_event(watchdog):  # type: ignore[no-untyped-def]
    now = timezone.now()
    return actions.create_event(organisation=watchdog, title="ชุมนุมเรียกร้องความโปร่งใส", mode="hybrid",
                                starts_at=now + timedelta(hours=3), venue=VENUE,
                                venue_reveal_at=now + timedelta(hours=1), capacity=2)


def venue_texts_line(line, user):  # type: ignore[no-untyped-def]
    return [m["text"] for p in line.pushes if p["to"] == user for m in p["messages"] if VENUE in m["text"]
            or "ใต้สะพานพระราม 8" in m["text"]]


def test_event_page_tells_how_to_rsvp_by_chat(client, hidden_event) -> None:  # type: ignore[no-untyped-def]
    page = client.get(f"/coalition/events/{hidden_event.public_id}/", HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert f'id="event-code">{hidden_event.public_id}<' in page
    # The code is marked as a code (translate="no"): typed as it is, in no language.
    code = f'<span translate="no">{hidden_event.public_id}</span>'
    assert f"ร่วม {code}" in page and f"ยกเลิก {code}" in page
    assert VENUE not in page


def test_rsvp_by_line_and_telegram_then_the_venue_reaches_only_confirmed_chats(  # type: ignore[no-untyped-def]
        client, hidden_event, channels, admin_of) -> None:
    line, tg, _sms = channels
    code = hidden_event.public_id
    confirmed_line, cancelled_line = fl.user_id(), fl.user_id()
    confirmed_tg, waiting_tg = 81001, 81002

    # LINE: the bot shows the event (Thai Buddhist-era time, type, venue hidden) and asks to confirm.
    line_send(client, confirmed_line, text=f"ร่วม {code}")
    preview = line_last(line)["text"]
    start = timezone.localtime(hidden_event.starts_at)
    assert hidden_event.title in preview and f"{start.year + 543} {start:%H:%M}" in preview
    assert "ผสมออนไลน์และในสถานที่" in preview and VENUE not in preview
    assert "act=confirm" in line_quick(line)
    assert Rsvp.objects.count() == 0  # nothing recorded before the confirmation
    line_send(client, confirmed_line, data="act=confirm")
    done = line_last(line)["text"]
    assert "ยืนยันแล้ว" in done and VENUE not in done
    ticket = client.get(ticket_path(done)).content.decode()
    assert 'id="qr"' in ticket and "ยืนยันแล้ว" in ticket and VENUE not in ticket

    # A second LINE user signs up, then cancels by "ยกเลิก <code>": the place is free again.
    line_send(client, cancelled_line, text=f"ร่วม{code}")  # Thai is often typed without a space
    line_send(client, cancelled_line, text="ยืนยัน")
    line_send(client, cancelled_line, text=f"ยกเลิก {code}")
    assert "ยกเลิกการลงชื่อ" in line_last(line)["text"]

    # Telegram: the second place; then the event is full and the next one waits.
    tg_send(client, confirmed_tg, text=f"/join {code}")
    assert "act=confirm" in tg_quick(tg)
    tg_send(client, confirmed_tg, data="act=confirm")
    assert "ยืนยันแล้ว" in tg.messages[-1]["text"]
    tg_send(client, waiting_tg, text=f"ร่วม {code}")
    assert "ที่นั่งเต็มแล้ว" in tg.messages[-1]["text"]
    tg_send(client, waiting_tg, data="act=confirm")
    assert "รายชื่อรอ" in tg.messages[-1]["text"]

    statuses = sorted(Rsvp.objects.values_list("status", flat=True))
    assert statuses == ["cancelled", "confirmed", "confirmed", "waitlisted"]
    # Each chat RSVP has that chat as its one contact, for the venue push.
    contacts = {(c.channel, decrypt(c.address_enc, "channel")) for c in RsvpContact.objects.all()}
    assert contacts == {("line", confirmed_line), ("line", cancelled_line), ("telegram", str(confirmed_tg)),
                        ("telegram", str(waiting_tg))}

    # The reveal: the venue goes to the confirmed LINE user and the confirmed Telegram chat only.
    tg_before = len(tg.messages)
    assert line.pushes == []
    assert actions.reveal_due_venues(now=hidden_event.venue_reveal_at) == 1
    drain()
    assert [p["to"] for p in line.pushes] == [confirmed_line]
    assert len(venue_texts_line(line, confirmed_line)) == 1
    revealed = tg.messages[tg_before:]
    assert [m["chat_id"] for m in revealed] == [str(confirmed_tg)] and VENUE in revealed[0]["text"]

    # A last-minute change reaches everyone confirmed again, and still nobody else.
    organiser = admin_of(hidden_event.organisation)
    actions.change_venue(hidden_event, venue="ใต้สะพานพระราม 8", by=organiser)
    drain()
    assert [p["to"] for p in line.pushes] == [confirmed_line, confirmed_line]
    assert "ใต้สะพานพระราม 8" in line.pushes[-1]["messages"][0]["text"]
    changed = tg.messages[tg_before + 1:]
    assert [m["chat_id"] for m in changed] == [str(confirmed_tg)] and "ใต้สะพานพระราม 8" in changed[0]["text"]
    assert line.recipients() == [confirmed_line, confirmed_line]  # pushes and multicasts alike
    assert all(m["chat_id"] != str(waiting_tg) for m in tg.messages[tg_before:])

    # The organiser confirms the waiting one: the venue follows on their chat at once.
    actions.confirm_rsvp(Rsvp.objects.get(status="waitlisted"), by=organiser)
    drain()
    assert tg.messages[-1]["chat_id"] == str(waiting_tg) and "ใต้สะพานพระราม 8" in tg.messages[-1]["text"]

    # After the reveal, the code alone still does not show the venue; the confirmed sign-up gets it.
    hidden_event.capacity = None
    hidden_event.save(update_fields=["capacity"])
    late = fl.user_id()
    line_send(client, late, text=f"ร่วม {code}")
    assert "ใต้สะพานพระราม 8" not in line_last(line)["text"] and "act=confirm" in line_quick(line)
    line_send(client, late, data="act=confirm")
    assert "ใต้สะพานพระราม 8" not in line_last(line)["text"]
    assert line.pushes[-1]["to"] == late and "ใต้สะพานพระราม 8" in line.pushes[-1]["messages"][0]["text"]


def test_my_events_cancel_by_button_and_sign_up_again(client, hidden_event, channels) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    user, code = fl.user_id(), hidden_event.public_id
    line_send(client, user, text="กิจกรรมของฉัน")
    assert "ยังไม่มีกิจกรรม" in line_last(line)["text"]
    line_send(client, user, text=f"join {code}")
    line_send(client, user, data="act=confirm")
    first_ticket = ticket_path(line_last(line)["text"])

    # Asking again does not sign up twice: it shows the status and the same ticket.
    line_send(client, user, text=f"ร่วม {code}")
    assert "ลงชื่อไว้แล้ว" in line_last(line)["text"] and "act=confirm" not in line_quick(line)
    assert ticket_path(line_last(line)["text"]) == first_ticket
    assert Rsvp.objects.count() == 1

    line_send(client, user, text="กิจกรรมของฉัน")
    listing = line_last(line)["text"]
    assert hidden_event.title in listing and code in listing and ticket_path(listing) == first_ticket
    assert f"unrsvp={code}" in line_quick(line)
    line_send(client, user, data=f"unrsvp={code}")
    assert Rsvp.objects.get().status == "cancelled"
    assert "ไม่ได้รับข้อความเกี่ยวกับกิจกรรมนี้อีก" in line_last(line)["text"]
    assert client.get(first_ticket).status_code == 200  # the cancelled ticket still says so
    line_send(client, user, text="กิจกรรมของฉัน")
    assert "ยังไม่มีกิจกรรม" in line_last(line)["text"]

    # Changing one's mind: a new RSVP, confirmed, behind the same ticket link (the old RSVP's is retired).
    line_send(client, user, text=f"ร่วม {code}")
    line_send(client, user, data="act=confirm")
    assert "ยืนยันแล้ว" in line_last(line)["text"]
    assert sorted(Rsvp.objects.values_list("status", flat=True)) == ["cancelled", "confirmed"]
    assert ticket_path(line_last(line)["text"]) == first_ticket
    assert 'id="qr"' in client.get(first_ticket).content.decode()


def test_unknown_code_back_and_cancel_record_nothing(client, hidden_event, channels) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    user, code = fl.user_id(), hidden_event.public_id
    line_send(client, user, text="ร่วม ZZzz9999")
    assert "ไม่พบกิจกรรมรหัส" in line_last(line)["text"]

    # From the menu: ask for the code, a wrong code is asked again, back returns to the question.
    line_send(client, user, data="act=join")
    assert "พิมพ์รหัสกิจกรรม" in line_last(line)["text"]
    line_send(client, user, text="nope-0000")
    assert "ไม่พบกิจกรรมรหัส" in line_last(line)["text"]
    line_send(client, user, text=code.swapcase())  # the wrong case still finds the one event
    assert hidden_event.title in line_last(line)["text"] and "act=confirm" in line_quick(line)
    line_send(client, user, text="ย้อนกลับ")
    assert "พิมพ์รหัสกิจกรรม" in line_last(line)["text"]
    line_send(client, user, text=code)
    line_send(client, user, text="ยกเลิก")
    assert "ยกเลิกแล้ว" in line_last(line)["text"]
    line_send(client, user, text="ยืนยัน")  # after cancelling, confirming does nothing
    line_send(client, user, text=f"ยกเลิก {code}")
    assert "ไม่ได้ลงชื่อ" in line_last(line)["text"]
    assert Rsvp.objects.count() == 0

    # "ยกเลิก ครับ" is still a plain cancel, not an event code.
    line_send(client, user, text=f"ร่วม {code}")
    line_send(client, user, text="ยกเลิก ครับ")
    line_send(client, user, data="act=confirm")
    assert Rsvp.objects.count() == 0


def test_approval_waits_for_the_organiser_and_a_past_event_refuses(  # type: ignore[no-untyped-def]
        client, watchdog, channels, admin_of) -> None:
    _line, tg, _sms = channels
    now = timezone.now()
    open_venue = actions.create_event(organisation=watchdog, title="เวทีประชาคม", starts_at=now + timedelta(days=2),
                                      venue="หอประชุมอำเภอ", requires_approval=True)
    tg_send(client, 82001, text=f"ร่วม {open_venue.public_id}")
    assert "หอประชุมอำเภอ" in tg.messages[-1]["text"]  # a venue that is not hidden is shown
    assert "ผู้จัดจะตรวจสอบ" in tg.messages[-1]["text"]
    tg_send(client, 82001, data="act=confirm")
    assert "รอผู้จัดยืนยัน" in tg.messages[-1]["text"]
    assert Rsvp.objects.get().status == "pending"
    actions.confirm_rsvp(Rsvp.objects.get(), by=admin_of(watchdog))
    tg_send(client, 82001, text="กิจกรรมของฉัน")
    assert "ยืนยันแล้ว" in tg.messages[-1]["text"]

    past = actions.create_event(organisation=watchdog, title="ประชุมเมื่อวาน", starts_at=now - timedelta(days=1))
    tg_send(client, 82002, text=f"ร่วม {past.public_id}")
    assert "ผ่านไปแล้ว" in tg.messages[-1]["text"] and "act=confirm" not in tg_quick(tg)
    tg_send(client, 82002, data="act=confirm")
    assert Rsvp.objects.filter(event=past).count() == 0
