"""Coalition in the chat: RSVP to an event (ร่วม <รหัส>), cancel it, my events, follow a campaign
(ติดตาม <ชื่อย่อ>), subscribe to announcements (รับข่าว <จังหวัด>) and STOP (หยุด), through
``coalition.chat`` and its actions. Blocking the bot is an opt-out everywhere."""

from __future__ import annotations

import re

from django.utils import timezone

from phalang.chat import sms
from phalang.chat.dialog import (
    CANCELLED,
    CONFIRM_NAV,
    NAV,
    P_CANCEL,
    P_CONFIRM,
    P_HELP,
    P_SKIP,
    Chat,
    Flow,
    Incoming,
    Reply,
    Result,
    State,
    done,
    fresh,
    go,
    lookup_receipt,
    menu,
    register,
)
from phalang.coalition import actions
from phalang.coalition import chat as coalition_chat

P_JOIN = "act=join"
P_EVENTS = "act=events"
P_NEWS = "act=news"
P_STOP = "act=stop"
KEYWORDS = {
    P_JOIN: {"ร่วมกิจกรรม", "ร่วม", "join", "/join", "rsvp"},
    P_EVENTS: {"กิจกรรมของฉัน", "my events", "/events"},
    P_NEWS: {"รับข่าว", "สมัครรับข่าว", "subscribe", "/subscribe"},
    P_STOP: {"หยุด", "stop", "/stop", "ยกเลิกรับข่าว", "เลิกรับข่าว", "unsubscribe", "/unsubscribe"},
}
STEPS = frozenset({"rsvp_code", "rsvp_confirm", "camp_confirm", "sub_area", "sub_confirm"})

# Commands with an argument: "ร่วม <event code>", "ยกเลิก <event code>", "ติดตาม <campaign>",
# "รับข่าว <province>". Thai is written without spaces, so the Thai words may touch the argument.
# "หยุด…" and "ยกเลิกรับข่าว…" with anything after them (ครับ, ค่ะ, ส่ง…) still mean stop.
_ARG_COMMAND = re.compile(r"^(ร่วมกิจกรรม|ร่วม|ยกเลิกรับข่าว|เลิกรับข่าว|ยกเลิก|ติดตามแคมเปญ|ติดตาม|รับข่าว|หยุด)\s*(\S.*)$"
                          r"|^/?(join|rsvp|cancel|follow|subscribe|stop|unsubscribe)\s+(\S.*)$",
                          re.IGNORECASE | re.DOTALL)
_ARG_KIND = {"ร่วมกิจกรรม": "join", "ร่วม": "join", "join": "join", "rsvp": "join", "ยกเลิก": "unrsvp",
             "cancel": "unrsvp", "ติดตามแคมเปญ": "follow", "ติดตาม": "follow", "follow": "follow",
             "รับข่าว": "news", "subscribe": "news", "หยุด": "stop", "ยกเลิกรับข่าว": "stop",
             "เลิกรับข่าว": "stop", "stop": "stop", "unsubscribe": "stop"}
# How an event code or a campaign's short name looks (event public ids, campaign slugs).
_CODE = re.compile(r"[#<\"']?([A-Za-z0-9_-]{4,16})[>\"']?")
_SLUG = re.compile(r"[#<\"']?([A-Za-z0-9_-]{1,80})[>\"']?")


def prompt(chat: Chat, state: State) -> Reply:
    step, d = state["step"], state["draft"]
    if step in ("rsvp_confirm", "camp_confirm", "sub_confirm"):
        p = (coalition_chat.event_preview(chat.channel, chat.user_id, d.get("event", "")) if step == "rsvp_confirm"
             else coalition_chat.campaign_preview(d.get("campaign", "")) if step == "camp_confirm"
             else coalition_chat.subscribe_preview(d.get("place_text", "")))
        return Reply(p.text, CONFIRM_NAV if p.ok else NAV)
    if step == "sub_area":
        return Reply("รับข่าวประกาศจากภาคีในจังหวัดใด? พิมพ์ชื่อจังหวัด หรือกด \"ทุกพื้นที่\"",
                     [("ทุกพื้นที่", P_SKIP), *NAV])
    return Reply("พิมพ์รหัสกิจกรรม (อยู่บนหน้ากิจกรรมบนเว็บ) เช่น AbC12xYz หรือกด \"กิจกรรมของฉัน\"",
                 [("กิจกรรมของฉัน", P_EVENTS), ("ยกเลิก", P_CANCEL)])


def _start(step: str):  # type: ignore[no-untyped-def]
    def start(chat: Chat) -> Result:
        state = fresh()
        go(state, step)
        return state, [prompt(chat, state)]
    return start


def stop(chat: Chat) -> Result:
    return done(coalition_chat.unsubscribe_text(chat.channel, chat.user_id))


def my_events(chat: Chat) -> Result:
    text, mine = coalition_chat.my_events(chat.channel, chat.user_id)
    buttons = [(f"ยกเลิก {title}", f"unrsvp={code}") for title, code in mine[:8]]
    return fresh(), [Reply(text, [*buttons, ("วิธีใช้", P_HELP)] if buttons else menu())]


def _event_preview(chat: Chat, state: State, code: str) -> Result:
    p = coalition_chat.event_preview(chat.channel, chat.user_id, code)
    if not p.ok:
        if state["step"] == "rsvp_code":  # a mistyped code: ask again
            return state, [Reply(p.text, [("กิจกรรมของฉัน", P_EVENTS), ("ยกเลิก", P_CANCEL)])]
        return done(p.text)
    state["draft"]["event"] = code
    go(state, "rsvp_confirm")
    return state, [Reply(p.text, CONFIRM_NAV)]


def _campaign_preview(chat: Chat, state: State, ref: str) -> Result:
    p = coalition_chat.campaign_preview(ref)
    if not p.ok:
        return done(p.text)
    state["draft"]["campaign"] = ref
    go(state, "camp_confirm")
    return state, [Reply(p.text, CONFIRM_NAV)]


def _subscribe_area(chat: Chat, state: State, place_text: str) -> Result:
    p = coalition_chat.subscribe_preview(place_text)
    if not p.ok:
        return state, [Reply(p.text, [("ทุกพื้นที่", P_SKIP), *NAV])]
    state["draft"]["place_text"] = place_text.strip()[:200]
    go(state, "sub_confirm")
    return state, [Reply(p.text, CONFIRM_NAV)]


def _arg_command(chat: Chat, text: str) -> Result | None:
    """"ร่วม <code>" and the like, typed at any step but free text; None: not such a command."""
    m = _ARG_COMMAND.match(text.strip())
    if m is None:
        return None
    kind = _ARG_KIND[(m.group(1) or m.group(3)).lower()]
    arg = (m.group(2) or m.group(4)).strip()
    code = _CODE.fullmatch(arg)
    if kind == "stop":
        return stop(chat)
    if kind == "join":
        return None if code is None else _event_preview(chat, fresh(), code.group(1))
    if kind == "unrsvp":
        if code is None:  # "ยกเลิก ครับ": the plain cancel, said politely
            return done(CANCELLED)
        return done(coalition_chat.cancel_text(chat.channel, chat.user_id, code.group(1)))
    if kind == "follow":
        found = lookup_receipt(chat, arg)  # "ติดตาม <receipt>" follows a report
        if found is not None:
            return found
        slug = _SLUG.fullmatch(arg)
        return None if slug is None else _campaign_preview(chat, fresh(), slug.group(1))
    state = fresh()
    go(state, "sub_area")
    return _subscribe_area(chat, state, arg)


def command(chat: Chat, state: State, msg: Incoming) -> Result | None:
    if msg.kind == "text":
        return _arg_command(chat, msg.text)
    if msg.kind == "postback" and msg.data.startswith(("rsvp=", "unrsvp=", "camp=")):
        kind, _, arg = msg.data.partition("=")
        if kind == "rsvp":
            return _event_preview(chat, fresh(), arg)
        if kind == "unrsvp":
            return done(coalition_chat.cancel_text(chat.channel, chat.user_id, arg))
        return _campaign_preview(chat, fresh(), arg)
    return None


def handle(chat: Chat, state: State, msg: Incoming, what: str | None) -> Result:
    step, d = state["step"], state["draft"]
    if step == "rsvp_code":
        code = _CODE.fullmatch(msg.text.strip()) if msg.kind == "text" else None
        if code is None:
            return state, [prompt(chat, state)]
        return _event_preview(chat, state, code.group(1))
    if step == "sub_area":
        if what == P_SKIP:
            return _subscribe_area(chat, state, "")
        if msg.kind != "text" or not msg.text.strip():
            return state, [prompt(chat, state)]
        return _subscribe_area(chat, state, msg.text)
    if what != P_CONFIRM:
        return state, [prompt(chat, state)]
    if step == "rsvp_confirm":
        code = d.get("event", "")
        text = coalition_chat.rsvp_text(chat.channel, chat.user_id, code)
        # The ticket as a card (LINE), with its buttons (Telegram); the text alone on SMS.
        ticket = coalition_chat.ticket_card(chat.channel, chat.user_id, code,
                                            [("ยกเลิกการลงชื่อ", f"unrsvp={code}"), ("กิจกรรมของฉัน", P_EVENTS)])
        return fresh(), [Reply(text, menu(), card=ticket)]
    if step == "camp_confirm":
        return done(coalition_chat.follow_text(chat.channel, chat.user_id, d.get("campaign", "")))
    return done(coalition_chat.subscribe_text(chat.channel, chat.user_id, d.get("place_text", "")))


# --- SMS: one message each, short answers (a feature phone pays per message) ---------------------------

def sms_rsvp(chat: Chat, rest: str) -> str:
    code = rest.split()[0] if rest.split() else ""
    if not code:
        return "พลัง: ส่ง ร่วม <รหัสกิจกรรม> รหัสอยู่ที่หน้ากิจกรรม"
    event = coalition_chat.find_event(code)
    if event is None:
        return coalition_chat.unknown_event_sms(code)
    if coalition_chat._ended(event, timezone.now()):
        return "พลัง: กิจกรรมนี้ผ่านไปแล้ว"
    r, _token, _created = coalition_chat.rsvp_from_chat(chat.channel, chat.user_id, event)
    return coalition_chat.rsvp_sms(chat.user_id, event, r)


def sms_cancel(chat: Chat, rest: str) -> str:
    code = rest.split()[0] if rest.split() else ""
    if not code:
        return "พลัง: ส่ง ยกเลิก <รหัสกิจกรรม>"
    return coalition_chat.cancel_sms(chat.user_id, code)


def sms_subscribe(chat: Chat, rest: str) -> str:
    text = coalition_chat.subscribe_text(chat.channel, chat.user_id, rest)
    if text == coalition_chat.UNKNOWN_PROVINCE:
        return "พลัง: ไม่พบจังหวัดนี้ ส่ง รับข่าว <จังหวัด> หรือ รับข่าว"
    return "พลัง: สมัครรับข่าวแล้ว เลิกรับ ส่ง หยุด"


def sms_stop(chat: Chat, rest: str) -> str:
    # The same STOP as every channel (``actions.stop``): no seat is cancelled.
    return coalition_chat.unsubscribe_sms(chat.user_id)


def sms_my_events(chat: Chat, rest: str) -> str:
    return coalition_chat.my_events_sms(chat.user_id)


def sms_yes(chat: Chat, rest: str) -> str:
    """"ใช่"/"YES": the double opt-in asked of a number typed on the web (``confirm_by_reply``)."""
    if actions.confirm_by_reply(chat.channel, chat.user_id, "yes") is None:
        return sms.help_text()
    return "พลัง: ยืนยันการรับข่าวแล้ว เลิกรับเมื่อใดก็ได้ ส่ง หยุด"


def blocked(chat: Chat) -> None:
    coalition_chat.unsubscribe_text(chat.channel, chat.user_id)


def register_flows() -> None:
    sms.register(sms.SmsCommand("rsvp", ("ร่วมกิจกรรม", "ร่วม", "join", "rsvp"), sms_rsvp, "\"ร่วม <รหัสกิจกรรม>\"", 50))
    sms.register(sms.SmsCommand("unrsvp", ("ยกเลิก", "cancel"), sms_cancel))
    sms.register(sms.SmsCommand("subscribe", ("รับข่าว", "subscribe"), sms_subscribe, "\"รับข่าว <จังหวัด>\"", 60))
    sms.register(sms.SmsCommand("stop", ("หยุด", "ยกเลิกรับข่าว", "เลิกรับข่าว", "เลิกรับ", "stop", "unsubscribe"),
                                sms_stop, "\"หยุด\" เลิกรับข่าว", 61))
    sms.register(sms.SmsCommand("myevents", ("กิจกรรมของฉัน", "my events"), sms_my_events,
                                "\"กิจกรรมของฉัน\"", 55))
    sms.register(sms.SmsCommand("yes", ("ใช่", "ยืนยัน", "ตกลง", "yes", "y"), sms_yes))
    register(Flow(
        name="coalition", steps=STEPS, keywords=KEYWORDS, handle=handle, prompt=prompt, command=command,
        on_blocked=blocked,
        starts={P_JOIN: _start("rsvp_code"), P_NEWS: _start("sub_area"), P_EVENTS: my_events, P_STOP: stop},
        menu=[(50, "ร่วมกิจกรรม", P_JOIN)], rich_menu=[(55, "รับข่าว", P_NEWS)],
        help=[(50, "• ร่วมกิจกรรม: พิมพ์ \"ร่วม <รหัสกิจกรรม>\" · \"ยกเลิก <รหัสกิจกรรม>\" · \"กิจกรรมของฉัน\""),
              (60, "• ข่าวสาร: \"ติดตาม <ชื่อย่อแคมเปญ>\" · \"รับข่าว <จังหวัด>\" · เลิกรับข่าว พิมพ์ \"หยุด\"")]))
