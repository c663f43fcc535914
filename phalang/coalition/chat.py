"""Event RSVPs, campaign follows and announcement subscriptions over LINE and Telegram.

``coalition/flows.py`` wires these into the chat (``phalang.chat``). Each function takes the chat's ``channel``
("line" or "telegram") and the platform's own ``user_id`` (LINE user id, Telegram chat id), calls
the coalition actions and returns Thai text ready to send. The chat itself becomes the
participant's or subscriber's contact, so the late-revealed venue, a venue change and
broadcasts reach the person where they signed up.

A chat RSVP's ticket token is derived from (channel, user id, event) under the ticket key, so the
same chat finds its own RSVP again ("my events", cancel) without any address being stored in
clear or searched by decryption; only the token's keyed hash is kept, as for web tickets.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from phalang.audit.log import record
from phalang.coalition import actions
from phalang.coalition.models import Campaign, Event, Rsvp, Subscriber
from phalang.coalition.texts import short_title
from phalang.lib.crypto import keyed_hash
from phalang.lib.thaidate import format_datetime
from phalang.messaging import cards

CHAT_CHANNELS = ("line", "telegram", "sms")
# Event codes are the events' public ids (secrets.token_urlsafe(6): 8 characters); a little slack.
EVENT_CODE = re.compile(r"[A-Za-z0-9_-]{4,16}")
CAMPAIGN_SLUG = re.compile(r"[A-Za-z0-9_-]{1,80}")
# "My events" looks this far back, so an event under way today is still listed.
MY_EVENTS_SINCE = timedelta(hours=12)
MY_EVENTS_MAX = 10
STOP_HINT = "เลิกรับข่าวได้ทุกเมื่อ พิมพ์ \"หยุด\""
UNKNOWN_PROVINCE = "ไม่พบจังหวัดนี้ กรุณาพิมพ์ชื่อจังหวัดอีกครั้ง เช่น เชียงราย หรือกด \"ทุกพื้นที่\""


class ChatError(Exception):
    """A refused command; ``message_th`` is ready to send back to the person."""

    def __init__(self, message_th: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_th, self.message_en = message_th, message_en


def _check(channel: str, user_id: str) -> None:
    if channel not in CHAT_CHANNELS or not user_id:
        raise ValueError(f"not a chat user: {channel!r}")


def clean_code(text: str) -> str:
    """What a person typed as a code, without the decoration people add (#, <>, quotes)."""
    return text.strip().strip("#<>\"'“”[]()")


def find_event(code: str) -> Event | None:
    """The event with this code; a code typed in the wrong case still finds a single match."""
    code = clean_code(code)
    if not EVENT_CODE.fullmatch(code):
        return None
    qs = Event.objects.select_related("organisation")
    event = qs.filter(public_id=code).first()
    if event is None:
        matches = list(qs.filter(public_id__iexact=code)[:2])
        event = matches[0] if len(matches) == 1 else None
    return event


def find_campaign(ref: str) -> Campaign | None:
    ref = clean_code(ref).lower()
    if not CAMPAIGN_SLUG.fullmatch(ref):
        return None
    return Campaign.objects.select_related("organisation").filter(slug=ref).first()


def _chat_token(channel: str, user_id: str, event: Event) -> str:
    return actions.chat_ticket_token(channel, user_id, event)


def _token_hash(token: str) -> str:
    return keyed_hash("coalition-ticket", token)


def ticket_url(event: Event, token: str) -> str:
    return settings.SITE_URL + reverse("coalition:ticket", args=[event.public_id, token])


def _when(value: datetime) -> str:
    return format_datetime(timezone.localtime(value))


def _ended(event: Event, now: datetime) -> bool:
    return (event.ends_at or event.starts_at) < now


def chat_rsvp(channel: str, user_id: str, event: Event) -> Rsvp | None:
    """This chat's RSVP to the event (any status), if any."""
    _check(channel, user_id)
    return Rsvp.objects.filter(event=event, token_hash=_token_hash(_chat_token(channel, user_id, event))).first()


@dataclass
class Preview:
    text: str
    ok: bool  # False: nothing to confirm (unknown, already signed up, over); the text says why


@translation.override("th")
def event_preview(channel: str, user_id: str, code: str, now: datetime | None = None) -> Preview:
    """What the bot shows before asking to confirm."""
    event = find_event(code)
    if event is None:
        return Preview(unknown_event_text(code), False)
    now = now or timezone.now()
    lines = [f"กิจกรรม: {event.title}", f"จัดโดย: {event.organisation.name_th}",
             f"เวลา: {_when(event.starts_at)}" + (f" ถึง {_when(event.ends_at)}" if event.ends_at else ""),
             f"รูปแบบ: {Event.Mode(event.mode).label}"]
    if event.venue_reveal_at is not None:
        # Like the event page: a late-revealed venue is never shown to whoever has the code,
        # not even after the reveal; it goes to confirmed participants only.
        if event.venue_hidden:
            lines.append(f"สถานที่: แจ้งผู้ที่ได้รับการยืนยันทางแชตนี้ เวลา {_when(event.venue_reveal_at)}")
        else:
            lines.append("สถานที่: ส่งให้ผู้ที่ได้รับการยืนยันทางแชตนี้")
    elif event.venue:
        lines.append(f"สถานที่: {event.venue}")
    mine = chat_rsvp(channel, user_id, event)
    if mine is not None and mine.status != Rsvp.Status.CANCELLED:
        lines.append(f"\nคุณลงชื่อไว้แล้ว สถานะ: {mine.get_status_display()}")
        lines.append(f"ตั๋วของคุณ: {ticket_url(event, _chat_token(channel, user_id, event))}")
        lines.append(f"ยกเลิกการลงชื่อ: พิมพ์ \"ยกเลิก {event.public_id}\"")
        return Preview("\n".join(lines), False)
    if _ended(event, now):
        lines.append("\nกิจกรรมนี้ผ่านไปแล้ว ลงชื่อไม่ได้")
        return Preview("\n".join(lines), False)
    confirmed = event.rsvps.filter(status=Rsvp.Status.CONFIRMED).count()
    if event.pledging:
        lines.append(f"\n{_pledge_text(event)}")
    elif event.capacity is not None and confirmed >= event.capacity:
        lines.append(f"\nที่นั่งเต็มแล้ว ({event.capacity} คน) ลงชื่อรอได้ หากมีที่ว่าง ผู้จัดอาจยืนยันให้")
    elif event.requires_approval:
        lines.append("\nผู้จัดจะตรวจสอบและยืนยันการลงชื่อ")
    elif event.capacity is not None:
        lines.append(f"\nเหลือที่ว่าง {event.capacity - confirmed} ที่")
    lines.append("\nกด \"ยืนยัน\" เพื่อลงชื่อเข้าร่วม ผู้จัดจะไม่เห็นชื่อบัญชีของคุณ")
    return Preview("\n".join(lines), True)


@transaction.atomic
def rsvp_from_chat(channel: str, user_id: str, event: Event) -> tuple[Rsvp, str, bool]:
    """Sign this chat up for the event with the chat as its contact (``actions.rsvp``: confirmed
    at once under capacity without approval, otherwise waiting). Returns (RSVP, ticket token,
    created); an RSVP this chat already holds is returned as it is."""
    _check(channel, user_id)
    token = _chat_token(channel, user_id, event)
    old = Rsvp.objects.select_for_update().filter(token_hash=_token_hash(token)).first()
    if old is not None and old.status != Rsvp.Status.CANCELLED:
        return old, token, False
    if old is not None:
        # Signing up again after cancelling: the old ticket is retired, the new one takes its token.
        old.token_hash = _token_hash(secrets.token_urlsafe(18))
        old.save(update_fields=["token_hash"])
    r, _token = actions.rsvp(event, actions.NewRsvp(name="", contacts=[(channel, user_id)]), token=token)
    record("event.rsvp_chat", target=event, data={"rsvp": r.pk, "channel": channel,
                                                  "again": old.pk if old is not None else None})
    return r, token, True


def _pledge_text(event: Event) -> str:
    """How a pledge works, with the count so far (the event happens only if enough pledge)."""
    pledged = event.rsvps.filter(status=Rsvp.Status.PLEDGED).count()
    return (f"กิจกรรมนี้จะเกิดขึ้นเมื่อมีผู้ลงชื่อครบ {event.pledge_threshold} คน "
            f"(ตอนนี้ {pledged}/{event.pledge_threshold}) เมื่อครบแล้วเราจะแจ้งทุกคนที่ลงชื่อทางแชตนี้")


@translation.override("th")
def rsvp_text(channel: str, user_id: str, code: str, now: datetime | None = None) -> str:
    """Carry out a confirmed RSVP and say what happened, with the ticket link."""
    event = find_event(code)
    if event is None:
        return unknown_event_text(code)
    if _ended(event, now or timezone.now()):
        return f"กิจกรรม \"{event.title}\" ผ่านไปแล้ว ลงชื่อไม่ได้"
    r, token, created = rsvp_from_chat(channel, user_id, event)
    url = ticket_url(event, token)
    if not created:
        return f"คุณลงชื่อ \"{event.title}\" ไว้แล้ว สถานะ: {r.get_status_display()}\nตั๋วของคุณ: {url}"
    if r.status == Rsvp.Status.CONFIRMED:
        head = f"ลงชื่อเข้าร่วม \"{event.title}\" แล้ว สถานะ: ยืนยันแล้ว"
        if event.venue_hidden:
            head += "\nเราจะส่งสถานที่ให้ทางแชตนี้เมื่อถึงเวลาเปิดเผย"
    elif r.status == Rsvp.Status.PLEDGED:
        head = f"ลงชื่อแบบมีเงื่อนไขใน \"{event.title}\" แล้ว\n{_pledge_text(event)}"
    elif r.status == Rsvp.Status.WAITLISTED:
        head = (f"ที่นั่ง \"{event.title}\" เต็มแล้ว คุณอยู่ในรายชื่อรอ (ยังไม่ได้รับการยืนยัน)\n"
                "หากมีที่ว่าง ผู้จัดอาจยืนยันให้ ดูสถานะได้ที่ตั๋ว หรือพิมพ์ \"กิจกรรมของฉัน\"")
    else:
        head = (f"ลงชื่อ \"{event.title}\" แล้ว รอผู้จัดยืนยัน\n"
                "ดูสถานะได้ที่ตั๋ว หรือพิมพ์ \"กิจกรรมของฉัน\"")
    if r.status != Rsvp.Status.CONFIRMED and event.venue_reveal_at is not None:
        head += "\nสถานที่จะส่งให้ทางแชตนี้ เมื่อได้รับการยืนยันและถึงเวลาเปิดเผย"
    return (f"{head}\nตั๋วและคิวอาร์โค้ดสำหรับเช็กอินหน้างาน (เก็บลิงก์นี้ไว้): {url}\n"
            f"ยกเลิกได้ พิมพ์ \"ยกเลิก {event.public_id}\" · ดูทั้งหมด พิมพ์ \"กิจกรรมของฉัน\"")


@translation.override("th")
def ticket_card(channel: str, user_id: str, code: str, buttons: list[tuple[str, str]]) -> dict[str, Any] | None:
    """This chat's ticket for the event as a card (LINE shows it as a Flex Message): when, how,
    where (a late-revealed venue only as a promise), the status and the ticket link; None when
    the chat holds no ticket."""
    event = find_event(code)
    r = chat_rsvp(channel, user_id, event) if event is not None else None
    if event is None or r is None or r.status == Rsvp.Status.CANCELLED:
        return None
    lines = [("เวลา", _when(event.starts_at)), ("รูปแบบ", str(Event.Mode(event.mode).label))]
    if event.venue_reveal_at is not None:
        lines.append(("สถานที่", "ส่งให้ทางแชตนี้เมื่อได้รับการยืนยันและถึงเวลาเปิดเผย"))
    elif event.venue:
        lines.append(("สถานที่", event.venue))
    lines.append(("สถานะ", str(r.get_status_display())))
    url = ticket_url(event, _chat_token(channel, user_id, event))
    return cards.card(event.title, lines=lines, buttons=buttons, links=[("เปิดตั๋ว", url)])


def unknown_event_text(code: str) -> str:
    shown = clean_code(code)[:20]
    return (f"ไม่พบกิจกรรมรหัส \"{shown}\" กรุณาตรวจสอบรหัสจากหน้ากิจกรรมบนเว็บ "
            "(ตัวพิมพ์เล็ก-ใหญ่ต้องตรงกัน) แล้วพิมพ์ เช่น \"ร่วม AbC12xYz\"")


def cancel_from(channel: str, user_id: str, event: Event) -> str:
    """Withdraw this chat's (or number's) RSVP to the event (``actions.cancel_rsvp``): no more messages
    about it. A web sign-up that gave this address (a phone number, say) is this person's too: STOP's
    reply tells them to cancel it this way. Returns ``cancelled``, ``already`` (it was cancelled
    before) or ``none`` (no sign-up from this address)."""
    r = chat_rsvp(channel, user_id, event)
    was_cancelled = r is not None and r.status == Rsvp.Status.CANCELLED
    if r is None or was_cancelled:
        # Unproven ones too: the message comes from the address itself, so its owner may withdraw one.
        r = next((s for s in actions.signups_of(channel, user_id, unproven=True) if s.event_id == event.pk), None)
    if r is None:
        was_cancelled = was_cancelled or any(
            s.event_id == event.pk for s in actions.signups_of(channel, user_id, unproven=True, cancelled=True))
        return "already" if was_cancelled else "none"
    actions.cancel_rsvp(r)
    return "cancelled"


@translation.override("th")
def cancel_text(channel: str, user_id: str, code: str) -> str:
    """"ยกเลิก <code>" in a chat (``cancel_from``), worded for the chat."""
    event = find_event(code)
    if event is None:
        return unknown_event_text(code)
    done = cancel_from(channel, user_id, event)
    if done == "already":
        return f"การลงชื่อ \"{event.title}\" ยกเลิกไปแล้ว\nลงชื่อใหม่ พิมพ์ \"ร่วม {event.public_id}\""
    if done == "none":
        return f"คุณไม่ได้ลงชื่อ \"{event.title}\" ไว้จากบัญชีนี้"
    return (f"ยกเลิกการลงชื่อ \"{event.title}\" แล้ว คุณจะไม่ได้รับข้อความเกี่ยวกับกิจกรรมนี้อีก\n"
            f"เปลี่ยนใจ พิมพ์ \"ร่วม {event.public_id}\"")


SMS_CHARS = 70  # one SMS in Thai (UCS-2): 70 characters


def _fit(head: str, title: str, tail: str) -> str:
    """``head`` + the title shortened to what one SMS leaves + ``tail``."""
    return head + short_title(title, max(8, SMS_CHARS - len(head) - len(tail))) + tail


@translation.override("th")
def rsvp_sms(number: str, event: Event, r: Rsvp) -> str:
    """The reply to "ร่วม <code>" by SMS, in one SMS."""
    return _fit("พลัง: ลงชื่อ ", event.title, f" แล้ว ({r.get_status_display()}) ถอน ส่ง ยกเลิก {event.public_id}")


def unknown_event_sms(code: str) -> str:
    """A code that names no event, by SMS: which code, and where the right one is written (one SMS)."""
    return f"พลัง: ไม่พบกิจกรรมรหัส {clean_code(code)[:16]} ดูรหัสที่หน้ากิจกรรมหรือบัตร"


def cancel_sms(number: str, code: str) -> str:
    """"ยกเลิก <code>" by SMS (``cancel_from``), in one SMS; an SMS user has no account: "this number"."""
    event = find_event(code)
    if event is None:
        return unknown_event_sms(code)
    done = cancel_from("sms", number, event)
    if done == "already":
        return _fit("พลัง: การลงชื่อ ", event.title, f" ยกเลิกไปแล้ว ลงใหม่ ส่ง ร่วม {event.public_id}")
    if done == "none":
        return _fit("พลัง: เบอร์นี้ไม่ได้ลงชื่อ ", event.title, "")
    return _fit("พลัง: ยกเลิกการลงชื่อ ", event.title, f" แล้ว ลงใหม่ ส่ง ร่วม {event.public_id}")


@translation.override("th")
def my_events(channel: str, user_id: str, now: datetime | None = None) -> tuple[str, list[tuple[str, str]]]:
    """This chat's current sign-ups: (text, [(short title, event code)]) for cancel buttons."""
    _check(channel, user_id)
    now = now or timezone.now()
    since = now - MY_EVENTS_SINCE
    events = list(Event.objects.filter(Q(ends_at__gte=since) | Q(ends_at__isnull=True, starts_at__gte=since))
                  .order_by("starts_at")[:500])
    tokens = {_token_hash(_chat_token(channel, user_id, e)): e for e in events}
    mine = (Rsvp.objects.filter(token_hash__in=list(tokens)).exclude(status=Rsvp.Status.CANCELLED)
            .order_by("event__starts_at")[:MY_EVENTS_MAX])
    if not mine:
        return "ยังไม่มีกิจกรรมที่คุณลงชื่อไว้จากบัญชีนี้\nลงชื่อได้ พิมพ์ \"ร่วม <รหัสกิจกรรม>\" (รหัสอยู่บนหน้ากิจกรรม)", []
    lines = ["กิจกรรมที่คุณลงชื่อไว้:"]
    buttons = []
    for r in mine:
        e = tokens[r.token_hash]
        lines.append(f"• {e.title} ({e.public_id})\n  {_when(e.starts_at)} · {r.get_status_display()}\n"
                     f"  ตั๋ว: {ticket_url(e, _chat_token(channel, user_id, e))}")
        buttons.append((e.title, e.public_id))
    lines.append("ยกเลิก: พิมพ์ \"ยกเลิก <รหัสกิจกรรม>\" หรือกดปุ่มด้านล่าง")
    return "\n".join(lines), buttons


# --- Following campaigns and subscribing to announcements ------------------------------------------

def _subscriber(channel: str, user_id: str) -> Subscriber | None:
    return actions.find_subscriber(channel, user_id)


def campaign_preview(ref: str) -> Preview:
    campaign = find_campaign(ref)
    if campaign is None:
        return Preview(unknown_campaign_text(ref), False)
    return Preview(f"แคมเปญ: {campaign.title}\nโดย: {campaign.organisation.name_th}\n"
            "เมื่อติดตาม คุณจะได้รับข่าวความคืบหน้าของแคมเปญนี้ทางแชตนี้\n"
            f"{STOP_HINT}\nกด \"ยืนยัน\" เพื่อติดตาม", True)


def unknown_campaign_text(ref: str) -> str:
    return (f"ไม่พบแคมเปญ \"{clean_code(ref)[:40]}\" กรุณาตรวจสอบชื่อย่อแคมเปญจากหน้าแคมเปญบนเว็บ "
            "แล้วพิมพ์ เช่น \"ติดตาม flood-chiang-rai\"")


def follow_text(channel: str, user_id: str, ref: str) -> str:
    """Follow a campaign (``actions.follow_campaign``): an opt-in with its consent record."""
    _check(channel, user_id)
    campaign = find_campaign(ref)
    if campaign is None:
        return unknown_campaign_text(ref)
    actions.follow_campaign(campaign, channel, user_id)
    return f"ติดตามแคมเปญ \"{campaign.title}\" แล้ว ข่าวความคืบหน้าจะส่งมาที่แชตนี้\n{STOP_HINT}"


def resolve_province(text: str) -> tuple[int, str] | None:
    from phalang.places.lookup import resolve_address

    place = resolve_address(text.strip()[:200])
    if place is None or place.province is None:
        return None
    return place.province.pk, place.province.name_th


def subscribe_preview(place_text: str) -> Preview:
    """What the person agrees to before opting in (not ok: the place is not a known province)."""
    if place_text.strip():
        found = resolve_province(place_text)
        if found is None:
            return Preview(UNKNOWN_PROVINCE, False)
        where = f"ในจังหวัด{found[1]}"
    else:
        where = "ทั่วไป (ไม่ระบุจังหวัด)"
    return Preview(f"รับข่าวประกาศ{where} จากภาคีบนพลัง ทางแชตนี้\n"
                   "เราบันทึกความยินยอมของคุณ (เวลาและช่องทาง)\n"
                   f"{STOP_HINT}\nกด \"ยืนยัน\" เพื่อสมัครรับข่าว", True)


def subscribe_text(channel: str, user_id: str, place_text: str) -> str:
    """Opt in to announcements (``actions.subscribe``), for a province or, with no place, in general."""
    _check(channel, user_id)
    from phalang.places.models import Province

    province = None
    if place_text.strip():
        found = resolve_province(place_text)
        if found is None:
            return UNKNOWN_PROVINCE
        province = Province.objects.get(pk=found[0])
    actions.subscribe(channel, user_id, province=province,
                      purpose=f"announcements:{province.pk if province else 'all'}")
    where = f"ในจังหวัด{province.name_th}" if province else "ทั่วไป"
    return f"สมัครรับข่าวประกาศ{where}ทางแชตนี้แล้ว\n{STOP_HINT}"


def unsubscribe_text(channel: str, user_id: str) -> str:
    """STOP from a chat: the same rule as every channel (``actions.stop``), recorded with this
    chat's channel; the reply names each sign-up STOP left, and how to cancel it."""
    _check(channel, user_id)
    done = actions.stop(channel, user_id)
    if done.stopped_now:
        lines = ["พลัง: หยุดส่งข่าวประกาศ ข่าวแคมเปญ และประกาศของกิจกรรมถึงคุณแล้ว ทุกช่องทาง"]
    else:
        lines = ["พลัง: คุณไม่ได้รับข่าวประกาศจากเราอยู่แล้ว (รวมประกาศของกิจกรรม)"]
    for r in done.signups:
        lines.append(f"การลงชื่อ \"{r.event.title}\" ยังอยู่ ยกเลิกได้ ส่ง \"ยกเลิก {r.event.public_id}\"")
    lines.append("กลับมารับข่าว ส่ง \"รับข่าว\"")
    return "\n".join(lines)


def unsubscribe_sms(number: str) -> str:
    """STOP by SMS, the same rule, worded to fit one Thai SMS (70 characters): a single sign-up
    left is named by its code, several are counted and listed by "กิจกรรมของฉัน"."""
    done = actions.stop("sms", number)
    head = "พลัง: หยุดส่งข่าวแล้ว" if done.stopped_now else "พลัง: หยุดส่งข่าวไว้แล้ว"
    if not done.signups:
        return f"{head} รับอีก ส่ง รับข่าว"
    if len(done.signups) == 1:
        return f"{head} ยังลงชื่อ 1 กิจกรรม ถอน ส่ง ยกเลิก {done.signups[0].event.public_id}"
    return f"{head} ยังลงชื่อ {len(done.signups)} กิจกรรม ดู ส่ง กิจกรรมของฉัน"


def my_events_sms(number: str) -> str:
    """"กิจกรรมของฉัน" by SMS: the codes of this number's live sign-ups (by SMS, or on the web with
    this number once proved at the ticket link), short; more than three run past one SMS rather than hide any."""
    mine = actions.signups_of("sms", number)
    if not mine:
        return "พลัง: ยังไม่ได้ลงชื่อกิจกรรมใด ลงชื่อ ส่ง ร่วม <รหัสกิจกรรม>"
    codes = " ".join(r.event.public_id for r in sorted(mine, key=lambda r: r.event.starts_at))
    return f"พลัง: ลงชื่อไว้ {codes} ถอน ส่ง ยกเลิก <รหัส>"
