"""The chat dialog shared by LINE and Telegram, as a pure state machine.

``step(state, incoming, ctx)`` takes the session's state (a JSON-able dict), one normalised
incoming message and a context that performs commands (file a report, look up a receipt...),
and returns the new state and the replies. No Django, no HTTP: channel adapters translate
platform events into ``Incoming`` and ``Reply`` into platform messages.

Thai first: every reply is Thai; keywords are accepted in Thai and English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from phalang.watch import notices

# Postback payloads (LINE rich menu / quick replies, Telegram callback data).
P_REPORT = "act=report"
P_FOLLOW = "act=follow"
P_HELP = "act=help"
P_CANCEL = "act=cancel"
P_BACK = "act=back"
P_DONE = "act=done"
P_SKIP = "act=skip"
P_CONFIRM = "act=confirm"
P_MINE = "act=mine"
P_ADD = "act=add"
P_AID = "act=aid"
P_TALK = "act=talk"
P_TASKS = "act=tasks"
P_YES = "act=yes"
P_NO = "act=no"
P_JOIN = "act=join"
P_EVENTS = "act=events"
P_NEWS = "act=news"
P_STOP = "act=stop"

KEYWORDS = {
    P_REPORT: {"แจ้งเรื่อง", "แจ้ง", "report", "/report"},
    P_FOLLOW: {"ติดตามเรื่อง", "ติดตาม", "สถานะ", "status", "/status"},
    P_HELP: {"ช่วยเหลือ", "วิธีใช้", "help", "/help", "/start", "เมนู", "menu"},
    P_CANCEL: {"ยกเลิก", "cancel", "/cancel"},
    P_BACK: {"ย้อนกลับ", "กลับ", "back", "/back"},
    P_DONE: {"เสร็จ", "เสร็จแล้ว", "ไม่มีรูป", "ไม่มี", "done", "no photos"},
    P_SKIP: {"ข้าม", "skip", "ทุกพื้นที่"},
    P_CONFIRM: {"ยืนยัน", "ส่ง", "confirm", "send"},
    P_MINE: {"เรื่องของฉัน", "my reports"},
    P_ADD: {"เพิ่มข้อมูล", "ตอบกลับ", "add information", "reply"},
    P_AID: {"ขอความช่วยเหลือ", "ขอความช่วยเหลือฉุกเฉิน", "help me", "/aid"},
    P_TALK: {"ร่วมแสดงความเห็น", "แสดงความเห็น", "โหวต", "/talk"},
    P_TASKS: {"งานของฉัน", "my tasks", "/tasks"},
    P_YES: {"ใช่", "yes", "ยินยอม"},
    P_NO: {"ไม่ใช่", "ไม่", "no", "ไม่ยินยอม"},
    P_JOIN: {"ร่วมกิจกรรม", "ร่วม", "join", "/join", "rsvp"},
    P_EVENTS: {"กิจกรรมของฉัน", "my events", "/events"},
    P_NEWS: {"รับข่าว", "สมัครรับข่าว", "subscribe", "/subscribe"},
    P_STOP: {"หยุด", "stop", "/stop", "ยกเลิกรับข่าว", "เลิกรับข่าว", "unsubscribe", "/unsubscribe"},
}

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
# Steps where the person types free text that must not be read as a command.
_FREE_TEXT_STEPS = {"desc", "add"}

MAX_PHOTOS = 10
MIN_DESCRIPTION = 10


@dataclass
class Incoming:
    kind: str  # "text" | "postback" | "location" | "image" | "follow" | "blocked"
    text: str = ""
    data: str = ""
    lat: float | None = None
    lon: float | None = None
    evidence_id: int | None = None  # set once the adapter has stored the photo in the vault
    evidence_error: str = ""


@dataclass
class Reply:
    text: str
    quick: list[tuple[str, str]] = field(default_factory=list)  # (label, postback payload)


class Context(Protocol):
    def categories(self) -> list[tuple[str, str]]: ...
    def resolve_province(self, text: str) -> str | None: ...
    def file_report(self, draft: dict[str, Any]) -> str: ...
    def status_text(self, receipt: str) -> tuple[int, str] | None: ...
    def my_reports_text(self) -> str: ...
    def add_info(self, report_id: int, text: str, evidence_id: int | None) -> None: ...
    def receipt_in(self, text: str) -> str | None: ...
    def blocked(self) -> bool: ...
    def failed_lookup(self) -> None: ...
    # Mutual aid (phalang.aid.chat)
    def aid_needs(self) -> list[tuple[str, str]]: ...
    def aid_questions(self) -> list[tuple[str, str, str]]: ...
    def aid_consent_question(self) -> str: ...
    def aid_request(self, draft: dict[str, Any]) -> str: ...
    def aid_tasks_text(self) -> str: ...
    def aid_update_task(self, task_id: int, state: str) -> str: ...
    def aid_link(self, code: str) -> str: ...
    def aid_state_words(self) -> dict[str, str]: ...
    # Opinion mapping (phalang.deliberation.chat)
    def talk_conversations(self) -> list[tuple[int, str]]: ...
    def talk_next(self, conversation_id: int) -> tuple[int, str] | None: ...
    def talk_vote(self, conversation_id: int, statement_id: int, value: int) -> str | None: ...
    def talk_summary(self, conversation_id: int) -> str: ...
    # Coalition: events, campaigns, announcements (phalang.coalition.chat)
    # The previews return (text, ok): ok False means nothing to confirm (unknown code, already
    # signed up, event over, unknown province) and the text says why.
    def event_preview(self, code: str) -> tuple[str, bool]: ...
    def event_rsvp(self, code: str) -> str: ...
    def event_cancel(self, code: str) -> str: ...
    def my_events(self) -> tuple[str, list[tuple[str, str]]]: ...
    def campaign_preview(self, ref: str) -> tuple[str, bool]: ...
    def campaign_follow(self, ref: str) -> str: ...
    def subscribe_preview(self, place_text: str) -> tuple[str, bool]: ...
    def subscribe(self, place_text: str) -> str: ...
    def unsubscribe(self) -> str: ...


MENU = [("แจ้งเรื่อง", P_REPORT), ("ติดตามเรื่อง", P_FOLLOW), ("ขอความช่วยเหลือ", P_AID),
        ("ร่วมแสดงความเห็น", P_TALK), ("ร่วมกิจกรรม", P_JOIN), ("วิธีใช้", P_HELP)]
NAV = [("ย้อนกลับ", P_BACK), ("ยกเลิก", P_CANCEL)]

HELP_TEXT = (
    "พลัง: แจ้งเบาะแสการทุจริตและปัญหาบริการสาธารณะ\n"
    "• แจ้งเรื่อง: เล่าเรื่อง บอกสถานที่ แนบรูป แล้วรับรหัสติดตาม\n"
    "• ติดตามเรื่อง: พิมพ์รหัสติดตาม 20 หลัก เพื่อดูสถานะ เพิ่มข้อมูล หรือตอบคำถามเจ้าหน้าที่\n"
    "• ขอความช่วยเหลือ: อาหาร ยา รถรับส่ง เตียง ออกซิเจน และอื่น ๆ\n"
    "• ร่วมแสดงความเห็น: โหวตเห็นด้วย/ไม่เห็นด้วยกับความเห็นในวงสนทนา\n"
    "• ร่วมกิจกรรม: พิมพ์ \"ร่วม <รหัสกิจกรรม>\" · \"ยกเลิก <รหัสกิจกรรม>\" · \"กิจกรรมของฉัน\"\n"
    "• ข่าวสาร: \"ติดตาม <ชื่อย่อแคมเปญ>\" · \"รับข่าว <จังหวัด>\" · เลิกรับข่าว พิมพ์ \"หยุด\"\n"
    "• อาสาสมัคร: พิมพ์ \"งานของฉัน\" หรือ \"เชื่อมบัญชี <รหัส 6 หลัก>\"\n"
    "• พิมพ์ \"ยกเลิก\" หรือ \"ย้อนกลับ\" ได้ทุกขั้นตอน\n"
    "เราไม่เปิดเผยตัวตนของคุณ และลบข้อมูลซ่อนในรูป (เช่น พิกัด GPS) ก่อนเผยแพร่"
)


def intent(msg: Incoming) -> str | None:
    if msg.kind == "postback" and msg.data.startswith("act="):
        return msg.data
    if msg.kind == "text":
        word = msg.text.strip().lower()
        for payload, words in KEYWORDS.items():
            if word in words:
                return payload
    return None


def fresh() -> dict[str, Any]:
    return {"step": "idle", "draft": {}, "history": []}


def _go(state: dict[str, Any], step: str) -> None:
    state.setdefault("history", []).append(state["step"])
    state["step"] = step


def _prompt(state: dict[str, Any], ctx: Context) -> Reply:
    step = state["step"]
    if step.startswith("aid_"):
        return _aid_prompt(state, ctx)
    if step in _COALITION_STEPS:
        return _coalition_prompt(state, ctx)
    if step == "cat":
        # The first question of a report, so also where the reporter learns what is kept.
        return Reply(notices.CHAT_START + "\n\nแจ้งเรื่องเกี่ยวกับอะไร? เลือกประเภท", [*ctx.categories(), *NAV])
    if step == "desc":
        return Reply("เล่าเรื่องที่เกิดขึ้น: ใคร ทำอะไร ที่ไหน เมื่อไร (ไม่ต้องใส่ชื่อของคุณเอง)", NAV)
    if step == "loc":
        return Reply("เกิดขึ้นที่ไหน? ส่งตำแหน่ง (Location) หรือพิมพ์ชื่อจังหวัด", [("ข้าม", P_SKIP), *NAV])
    if step == "photos":
        n = len(state["draft"].get("evidence", []))
        extra = f" (ได้รับแล้ว {n} รูป)" if n else ""
        return Reply(f"มีรูปหรือหลักฐานไหม? ส่งรูปได้สูงสุด {MAX_PHOTOS} รูป แล้วกด \"เสร็จ\"{extra}",
                     [("เสร็จ", P_DONE), *NAV])
    if step == "confirm":
        d = state["draft"]
        where = d.get("province") or ("ตำแหน่งที่ส่งมา" if d.get("lat") is not None else "ไม่ระบุ")
        return Reply(
            "ตรวจสอบก่อนส่ง\n"
            f"ประเภท: {d.get('category_label', '')}\n"
            f"เรื่อง: {d.get('description', '')[:300]}\n"
            f"สถานที่: {where}\n"
            f"หลักฐาน: {len(d.get('evidence', []))} รูป",
            [("ยืนยัน", P_CONFIRM), *NAV])
    if step == "follow":
        return Reply("พิมพ์รหัสติดตาม 20 หลัก หรือกด \"เรื่องของฉัน\"", [("เรื่องของฉัน", P_MINE), ("ยกเลิก", P_CANCEL)])
    if step == "add":
        return Reply("พิมพ์ข้อมูลที่ต้องการเพิ่ม หรือส่งรูป", [("ยกเลิก", P_CANCEL)])
    return Reply("สวัสดีครับ/ค่ะ ต้องการทำอะไร?", MENU)


def step(state: dict[str, Any] | None, msg: Incoming, ctx: Context) -> tuple[dict[str, Any], list[Reply]]:
    state = dict(state or fresh())
    state.setdefault("history", [])
    state.setdefault("draft", {})
    what = intent(msg)

    if msg.kind == "follow":
        return fresh(), [Reply("ขอบคุณที่เพิ่มเพื่อน\n" + HELP_TEXT, MENU)]
    if msg.kind == "blocked":  # blocking the bot is an opt-out; a blocked chat gets no reply
        ctx.unsubscribe()
        return fresh(), []
    if what == P_CANCEL:
        return fresh(), [Reply("ยกเลิกแล้ว ข้อมูลที่ยังไม่ได้ส่งถูกลบ", MENU)]
    if what == P_HELP:
        return state, [Reply(HELP_TEXT, MENU if state["step"] == "idle" else NAV)]
    if what == P_BACK:
        if state["history"]:
            state["step"] = state["history"].pop()
        else:
            state = fresh()
        return state, [_prompt(state, ctx)]
    if what == P_REPORT:
        state = fresh()
        _go(state, "cat")
        return state, [_prompt(state, ctx)]
    if what == P_FOLLOW:
        state = fresh()
        _go(state, "follow")
        return state, [_prompt(state, ctx)]
    if what == P_AID:
        state = fresh()
        _go(state, "aid_need")
        return state, [_aid_prompt(state, ctx)]
    if what == P_TALK:
        return _talk_start(ctx)
    if what == P_TASKS:
        return fresh(), [Reply(ctx.aid_tasks_text(), MENU)]
    if what == P_STOP:
        return fresh(), [Reply(ctx.unsubscribe(), MENU)]
    if what == P_EVENTS:
        return _my_events(ctx)
    if what in (P_JOIN, P_NEWS):
        state = fresh()
        _go(state, "rsvp_code" if what == P_JOIN else "sub_area")
        return state, [_coalition_prompt(state, ctx)]
    if msg.kind == "text" and what is None and state["step"] not in _FREE_TEXT_STEPS:
        done = _arg_command(msg.text, ctx)
        if done is not None:
            return done
    if msg.kind == "postback" and msg.data.startswith(("rsvp=", "unrsvp=", "camp=")):
        kind, _, arg = msg.data.partition("=")
        if kind == "rsvp":
            return _event_preview(fresh(), arg, ctx)
        if kind == "unrsvp":
            return fresh(), [Reply(ctx.event_cancel(arg), MENU)]
        return _campaign_preview(fresh(), arg, ctx)
    if msg.kind == "text":
        words = msg.text.strip().split()
        if len(words) == 2 and words[0] in ("เชื่อมบัญชี", "link") and words[1].isdigit():
            return fresh(), [Reply(ctx.aid_link(words[1]), MENU)]
        if len(words) >= 3 and words[0] in ("งาน", "task") and words[1].lstrip("#").isdigit():
            wanted = " ".join(words[2:])
            for key, label in ctx.aid_state_words().items():
                if wanted in (label, key) or label.startswith(wanted):
                    return fresh(), [Reply(ctx.aid_update_task(int(words[1].lstrip("#")), key), MENU)]
    if msg.kind == "postback" and msg.data.startswith(("conv=", "vote=", "sum=")):
        return _talk_postback(msg.data, ctx)

    handler = _HANDLERS.get(state["step"], _idle)
    return handler(state, msg, what, ctx)


def _idle(state: dict[str, Any], msg: Incoming, what: str | None, ctx: Context) -> tuple[dict[str, Any], list[Reply]]:
    receipt = ctx.receipt_in(msg.text) if msg.kind == "text" else None
    if receipt:
        return _lookup(fresh(), receipt, ctx)
    if what == P_MINE:
        return state, [Reply(ctx.my_reports_text(), MENU)]
    return fresh(), [_prompt(fresh(), ctx)]


def _category(state: dict[str, Any], msg: Incoming, what: str | None, ctx: Context) -> tuple[dict[str, Any], list[Reply]]:
    choices = ctx.categories()
    chosen = None
    for label, payload in choices:
        if (msg.kind == "postback" and msg.data == payload) or (msg.kind == "text" and msg.text.strip() == label):
            chosen = (label, payload)
    if chosen is None and msg.kind == "text" and msg.text.strip().isdigit():
        idx = int(msg.text.strip()) - 1
        if 0 <= idx < len(choices):
            chosen = choices[idx]
    if chosen is None:
        return state, [Reply("กรุณาเลือกประเภทจากปุ่มด้านล่าง", [*choices, *NAV])]
    state["draft"]["category"] = chosen[1].split("=", 1)[1]
    state["draft"]["category_label"] = chosen[0]
    _go(state, "desc")
    return state, [_prompt(state, ctx)]


def _description(state: dict[str, Any], msg: Incoming, what: str | None, ctx: Context) -> tuple[dict[str, Any], list[Reply]]:
    if msg.kind != "text" or len(msg.text.strip()) < MIN_DESCRIPTION:
        return state, [Reply(f"กรุณาพิมพ์เล่าเรื่องอย่างน้อย {MIN_DESCRIPTION} ตัวอักษร", NAV)]
    state["draft"]["description"] = msg.text.strip()[:5000]
    _go(state, "loc")
    return state, [_prompt(state, ctx)]


def _location(state: dict[str, Any], msg: Incoming, what: str | None, ctx: Context) -> tuple[dict[str, Any], list[Reply]]:
    if msg.kind == "location" and msg.lat is not None and msg.lon is not None:
        state["draft"]["lat"], state["draft"]["lon"] = msg.lat, msg.lon
    elif what == P_SKIP:
        pass
    elif msg.kind == "text":
        province = ctx.resolve_province(msg.text)
        if province is None:
            return state, [Reply("ไม่พบจังหวัดนี้ กรุณาพิมพ์ชื่อจังหวัดอีกครั้ง เช่น เชียงราย หรือส่งตำแหน่ง",
                                 [("ข้าม", P_SKIP), *NAV])]
        state["draft"]["province"] = province
        state["draft"]["place_text"] = msg.text.strip()[:200]
    else:
        return state, [_prompt(state, ctx)]
    _go(state, "photos")
    return state, [_prompt(state, ctx)]


def _photos(state: dict[str, Any], msg: Incoming, what: str | None, ctx: Context) -> tuple[dict[str, Any], list[Reply]]:
    evidence = state["draft"].setdefault("evidence", [])
    if msg.kind == "image":
        if msg.evidence_error:
            return state, [Reply(msg.evidence_error, [("เสร็จ", P_DONE), *NAV])]
        if len(evidence) >= MAX_PHOTOS:
            return state, [Reply(f"ส่งรูปได้สูงสุด {MAX_PHOTOS} รูป กด \"เสร็จ\" เพื่อไปต่อ", [("เสร็จ", P_DONE), *NAV])]
        if msg.evidence_id is not None and msg.evidence_id not in evidence:
            evidence.append(msg.evidence_id)
        return state, [Reply(f"ได้รับรูปที่ {len(evidence)} แล้ว ส่งเพิ่มได้ หรือกด \"เสร็จ\"", [("เสร็จ", P_DONE), *NAV])]
    if what in (P_DONE, P_SKIP):
        _go(state, "confirm")
        return state, [_prompt(state, ctx)]
    return state, [_prompt(state, ctx)]


def _confirm(state: dict[str, Any], msg: Incoming, what: str | None, ctx: Context) -> tuple[dict[str, Any], list[Reply]]:
    if what != P_CONFIRM:
        return state, [_prompt(state, ctx)]
    receipt = ctx.file_report(state["draft"])
    return fresh(), [
        Reply("ได้รับเรื่องแล้ว ขอบคุณที่แจ้ง\nรหัสติดตามของคุณ (แสดงครั้งเดียว โปรดจดหรือบันทึกภาพหน้าจอไว้):"),
        Reply(receipt),
        Reply("ใช้รหัสนี้ที่ \"ติดตามเรื่อง\" ในแชตนี้ บนเว็บไซต์ หรือทาง SMS เพื่อดูสถานะและตอบคำถามเจ้าหน้าที่\n\n"
              + notices.CHAT_RECEIPT, MENU),
    ]


def _lookup(state: dict[str, Any], receipt: str, ctx: Context) -> tuple[dict[str, Any], list[Reply]]:
    if ctx.blocked():
        return fresh(), [Reply("ลองรหัสผิดหลายครั้งเกินไป กรุณารอ 15 นาทีแล้วลองใหม่", MENU)]
    found = ctx.status_text(receipt)
    if found is None:
        ctx.failed_lookup()
        return state, [Reply("ไม่พบเรื่องที่ใช้รหัสนี้ กรุณาตรวจสอบตัวเลขอีกครั้ง", [("ยกเลิก", P_CANCEL)])]
    report_id, text = found
    if report_id < 0:  # a help request: status only, information is added by the coordinators
        return fresh(), [Reply(text, MENU)]
    new = fresh()
    new["report_id"] = report_id
    new["step"] = "followed"
    return new, [Reply(text, [("เพิ่มข้อมูล", P_ADD), ("ยกเลิก", P_CANCEL)])]


def _follow(state: dict[str, Any], msg: Incoming, what: str | None, ctx: Context) -> tuple[dict[str, Any], list[Reply]]:
    if what == P_MINE:
        return fresh(), [Reply(ctx.my_reports_text(), MENU)]
    receipt = ctx.receipt_in(msg.text) if msg.kind == "text" else None
    if receipt is None:
        return state, [Reply("รหัสติดตามมี 20 หลัก เช่น 1234-5678-9012-3456-7890 กรุณาพิมพ์อีกครั้ง",
                             [("เรื่องของฉัน", P_MINE), ("ยกเลิก", P_CANCEL)])]
    return _lookup(state, receipt, ctx)


def _followed(state: dict[str, Any], msg: Incoming, what: str | None, ctx: Context) -> tuple[dict[str, Any], list[Reply]]:
    if what == P_ADD:
        new = dict(state)
        new["step"] = "add"
        return new, [_prompt(new, ctx)]
    receipt = ctx.receipt_in(msg.text) if msg.kind == "text" else None
    if receipt:
        return _lookup(fresh(), receipt, ctx)
    return fresh(), [_prompt(fresh(), ctx)]


def _add(state: dict[str, Any], msg: Incoming, what: str | None, ctx: Context) -> tuple[dict[str, Any], list[Reply]]:
    report_id = state.get("report_id")
    if report_id is None:
        return fresh(), [_prompt(fresh(), ctx)]
    if msg.kind == "image":
        if msg.evidence_error:
            return state, [Reply(msg.evidence_error, [("ยกเลิก", P_CANCEL)])]
        ctx.add_info(report_id, "", msg.evidence_id)
        return state, [Reply("ได้รับรูปแล้ว ส่งเพิ่มได้ หรือพิมพ์ข้อความ", [("เสร็จ", P_CANCEL)])]
    if msg.kind != "text" or not msg.text.strip():
        return state, [_prompt(state, ctx)]
    ctx.add_info(report_id, msg.text.strip()[:2000], None)
    return fresh(), [Reply("บันทึกข้อมูลเพิ่มเติมแล้ว เจ้าหน้าที่จะเห็นข้อความนี้ ขอบคุณครับ/ค่ะ", MENU)]


# --- Mutual aid: ขอความช่วยเหลือ -----------------------------------------------------------------

def _aid_prompt(state: dict[str, Any], ctx: Context) -> Reply:
    step, d = state["step"], state["draft"]
    if step == "aid_need":
        return Reply("ต้องการความช่วยเหลือด้านใด?", [*ctx.aid_needs(), ("ยกเลิก", P_CANCEL)])
    if step == "aid_q":
        _key, text, kind = ctx.aid_questions()[d.get("q", 0)]
        if kind == "yes_no":
            return Reply(text, [("ใช่", P_YES), ("ไม่ใช่", P_NO), *NAV])
        return Reply(text + " (พิมพ์ตัวเลข หรือกด \"ข้าม\")", [("ข้าม", P_SKIP), *NAV])
    if step == "aid_people":
        return Reply("กี่คนที่ต้องการความช่วยเหลือ? (พิมพ์ตัวเลข)", NAV)
    if step == "aid_loc":
        return Reply("อยู่ที่ไหน? ส่งตำแหน่ง (Location) หรือพิมพ์ ตำบล อำเภอ จังหวัด", NAV)
    if step == "aid_phone":
        return Reply("เบอร์โทรที่ติดต่อได้ (เห็นเฉพาะผู้ประสานงาน และอาสาสมัครที่รับงานหากคุณยินยอม)",
                     [("ข้าม", P_SKIP), *NAV])
    if step == "aid_consent":
        return Reply(ctx.aid_consent_question(), [("ยินยอม", P_YES), ("ไม่ยินยอม", P_NO), *NAV])
    return Reply("ตรวจสอบก่อนส่ง: " + d.get("need_label", "") + f" {d.get('people', 1)} คน", [("ยืนยัน", P_CONFIRM), *NAV])


def _aid(state: dict[str, Any], msg: Incoming, what: str | None, ctx: Context) -> tuple[dict[str, Any], list[Reply]]:
    step, d = state["step"], state["draft"]
    if step == "aid_need":
        chosen = next(((label, payload) for label, payload in ctx.aid_needs()
                       if (msg.kind == "postback" and msg.data == payload)
                       or (msg.kind == "text" and msg.text.strip() == label)), None)
        if chosen is None:
            return state, [_aid_prompt(state, ctx)]
        d["need"], d["need_label"], d["q"], d["answers"] = chosen[1].split("=", 1)[1], chosen[0], 0, {}
        _go(state, "aid_q")
    elif step == "aid_q":
        key, _text, kind = ctx.aid_questions()[d.get("q", 0)]
        if kind == "yes_no":
            if what not in (P_YES, P_NO):
                return state, [_aid_prompt(state, ctx)]
            d["answers"][key] = what == P_YES
        elif what != P_SKIP:
            try:
                d["answers"][key] = float(msg.text.strip())
            except ValueError:
                return state, [_aid_prompt(state, ctx)]
        d["q"] = d.get("q", 0) + 1
        if d["q"] >= len(ctx.aid_questions()):
            _go(state, "aid_people")
    elif step == "aid_people":
        text = msg.text.strip() if msg.kind == "text" else ""
        if not text.isdigit() or not 1 <= int(text) <= 500:
            return state, [Reply("กรุณาพิมพ์จำนวนคนเป็นตัวเลข เช่น 3", NAV)]
        d["people"] = int(text)
        _go(state, "aid_loc")
    elif step == "aid_loc":
        if msg.kind == "location" and msg.lat is not None:
            d["lat"], d["lon"] = msg.lat, msg.lon
        elif msg.kind == "text" and ctx.resolve_province(msg.text):
            d["place_text"] = msg.text.strip()[:200]
        else:
            return state, [Reply("ไม่พบสถานที่นี้ กรุณาส่งตำแหน่ง หรือพิมพ์ ตำบล อำเภอ จังหวัด", NAV)]
        _go(state, "aid_phone")
    elif step == "aid_phone":
        if what != P_SKIP:
            digits = "".join(ch for ch in msg.text if ch.isdigit())
            if not 9 <= len(digits) <= 10:
                return state, [Reply("เบอร์โทรต้องมี 9-10 หลัก เช่น 0812345678 หรือกด \"ข้าม\"", [("ข้าม", P_SKIP), *NAV])]
            d["phone"] = digits
        _go(state, "aid_consent")
    elif step == "aid_consent":
        if what not in (P_YES, P_NO):
            return state, [_aid_prompt(state, ctx)]
        d["consent"] = what == P_YES
        _go(state, "aid_confirm")
    elif step == "aid_confirm":
        if what != P_CONFIRM:
            return state, [_aid_prompt(state, ctx)]
        try:
            receipt = ctx.aid_request(d)
        except ValueError as exc:
            return state, [Reply(f"ส่งคำขอไม่สำเร็จ: {exc}", NAV)]
        return fresh(), [Reply("ได้รับคำขอความช่วยเหลือแล้ว ผู้ประสานงานจะติดต่อกลับ\nรหัสติดตาม (แสดงครั้งเดียว):"),
                         Reply(receipt), Reply("ใช้รหัสนี้ที่ \"ติดตามเรื่อง\" เพื่อดูสถานะ", MENU)]
    return state, [_aid_prompt(state, ctx)]


# --- Opinion mapping: ร่วมแสดงความเห็น ---------------------------------------------------------------

def _statement_reply(ctx: Context, conversation_id: int) -> Reply:
    nxt = ctx.talk_next(conversation_id)
    if nxt is None:
        return Reply("คุณโหวตครบทุกความเห็นแล้ว ขอบคุณ\n\n" + ctx.talk_summary(conversation_id), MENU)
    sid, text = nxt
    base = f"vote={conversation_id}:{sid}:"
    return Reply(f"ความเห็น: {text}", [("เห็นด้วย", base + "1"), ("ไม่เห็นด้วย", base + "-1"), ("ผ่าน", base + "0"),
                                      ("ผลสรุป", f"sum={conversation_id}"), ("ยกเลิก", P_CANCEL)])


def _talk_start(ctx: Context) -> tuple[dict[str, Any], list[Reply]]:
    convs = ctx.talk_conversations()
    if not convs:
        return fresh(), [Reply("ตอนนี้ยังไม่มีวงสนทนาที่เปิดอยู่", MENU)]
    if len(convs) == 1:
        return fresh(), [_statement_reply(ctx, convs[0][0])]
    return fresh(), [Reply("เลือกวงสนทนา", [(title[:20], f"conv={cid}") for cid, title in convs[:12]])]


def _talk_postback(data: str, ctx: Context) -> tuple[dict[str, Any], list[Reply]]:
    kind, _, rest = data.partition("=")
    try:
        parts = [int(x) for x in rest.split(":")]
    except ValueError:
        return fresh(), [_prompt(fresh(), ctx)]
    if kind == "conv" and len(parts) == 1:
        return fresh(), [_statement_reply(ctx, parts[0])]
    if kind == "sum" and len(parts) == 1:
        return fresh(), [Reply(ctx.talk_summary(parts[0]), [("โหวตต่อ", f"conv={parts[0]}"), *MENU])]
    if kind == "vote" and len(parts) == 3 and parts[2] in (-1, 0, 1):
        error = ctx.talk_vote(parts[0], parts[1], parts[2])
        if error:
            return fresh(), [Reply(error, MENU)]
        return fresh(), [_statement_reply(ctx, parts[0])]
    return fresh(), [_prompt(fresh(), ctx)]


# --- Coalition: ร่วมกิจกรรม, ติดตามแคมเปญ, รับข่าว / หยุด ------------------------------------------------

_COALITION_STEPS = {"rsvp_code", "rsvp_confirm", "camp_confirm", "sub_area", "sub_confirm"}
CONFIRM_NAV = [("ยืนยัน", P_CONFIRM), *NAV]


def _coalition_prompt(state: dict[str, Any], ctx: Context) -> Reply:
    step, d = state["step"], state["draft"]
    if step in ("rsvp_confirm", "camp_confirm", "sub_confirm"):
        text, ok = (ctx.event_preview(d.get("event", "")) if step == "rsvp_confirm"
                    else ctx.campaign_preview(d.get("campaign", "")) if step == "camp_confirm"
                    else ctx.subscribe_preview(d.get("place_text", "")))
        return Reply(text, CONFIRM_NAV if ok else NAV)
    if step == "sub_area":
        return Reply("รับข่าวประกาศจากภาคีในจังหวัดใด? พิมพ์ชื่อจังหวัด หรือกด \"ทุกพื้นที่\"",
                     [("ทุกพื้นที่", P_SKIP), *NAV])
    return Reply("พิมพ์รหัสกิจกรรม (อยู่บนหน้ากิจกรรมบนเว็บ) เช่น AbC12xYz หรือกด \"กิจกรรมของฉัน\"",
                 [("กิจกรรมของฉัน", P_EVENTS), ("ยกเลิก", P_CANCEL)])


def _arg_command(text: str, ctx: Context) -> tuple[dict[str, Any], list[Reply]] | None:
    """"ร่วม <code>" and the like, typed at any step but free text; None: not such a command."""
    m = _ARG_COMMAND.match(text.strip())
    if m is None:
        return None
    kind = _ARG_KIND[(m.group(1) or m.group(3)).lower()]
    arg = (m.group(2) or m.group(4)).strip()
    code = _CODE.fullmatch(arg)
    if kind == "stop":
        return fresh(), [Reply(ctx.unsubscribe(), MENU)]
    if kind == "join":
        return None if code is None else _event_preview(fresh(), code.group(1), ctx)
    if kind == "unrsvp":
        if code is None:  # "ยกเลิก ครับ": the plain cancel, said politely
            return fresh(), [Reply("ยกเลิกแล้ว ข้อมูลที่ยังไม่ได้ส่งถูกลบ", MENU)]
        return fresh(), [Reply(ctx.event_cancel(code.group(1)), MENU)]
    if kind == "follow":
        receipt = ctx.receipt_in(arg)
        if receipt:
            return _lookup(fresh(), receipt, ctx)
        slug = _SLUG.fullmatch(arg)
        return None if slug is None else _campaign_preview(fresh(), slug.group(1), ctx)
    state = fresh()
    _go(state, "sub_area")
    return _subscribe_area(state, arg, ctx)


def _event_preview(state: dict[str, Any], code: str, ctx: Context) -> tuple[dict[str, Any], list[Reply]]:
    text, ok = ctx.event_preview(code)
    if not ok:
        if state["step"] == "rsvp_code":  # a mistyped code: ask again
            return state, [Reply(text, [("กิจกรรมของฉัน", P_EVENTS), ("ยกเลิก", P_CANCEL)])]
        return fresh(), [Reply(text, MENU)]
    state["draft"]["event"] = code
    _go(state, "rsvp_confirm")
    return state, [Reply(text, CONFIRM_NAV)]


def _campaign_preview(state: dict[str, Any], ref: str, ctx: Context) -> tuple[dict[str, Any], list[Reply]]:
    text, ok = ctx.campaign_preview(ref)
    if not ok:
        return fresh(), [Reply(text, MENU)]
    state["draft"]["campaign"] = ref
    _go(state, "camp_confirm")
    return state, [Reply(text, CONFIRM_NAV)]


def _subscribe_area(state: dict[str, Any], place_text: str, ctx: Context) -> tuple[dict[str, Any], list[Reply]]:
    text, ok = ctx.subscribe_preview(place_text)
    if not ok:
        return state, [Reply(text, [("ทุกพื้นที่", P_SKIP), *NAV])]
    state["draft"]["place_text"] = place_text.strip()[:200]
    _go(state, "sub_confirm")
    return state, [Reply(text, CONFIRM_NAV)]


def _my_events(ctx: Context) -> tuple[dict[str, Any], list[Reply]]:
    text, mine = ctx.my_events()
    buttons = [(f"ยกเลิก {title}", f"unrsvp={code}") for title, code in mine[:8]]
    return fresh(), [Reply(text, [*buttons, ("วิธีใช้", P_HELP)] if buttons else MENU)]


def _coalition(state: dict[str, Any], msg: Incoming, what: str | None, ctx: Context) -> tuple[dict[str, Any], list[Reply]]:
    step, d = state["step"], state["draft"]
    if step == "rsvp_code":
        code = _CODE.fullmatch(msg.text.strip()) if msg.kind == "text" else None
        if code is None:
            return state, [_coalition_prompt(state, ctx)]
        return _event_preview(state, code.group(1), ctx)
    if step == "sub_area":
        if what == P_SKIP:
            return _subscribe_area(state, "", ctx)
        if msg.kind != "text" or not msg.text.strip():
            return state, [_coalition_prompt(state, ctx)]
        return _subscribe_area(state, msg.text, ctx)
    if what != P_CONFIRM:
        return state, [_coalition_prompt(state, ctx)]
    if step == "rsvp_confirm":
        return fresh(), [Reply(ctx.event_rsvp(d.get("event", "")), MENU)]
    if step == "camp_confirm":
        return fresh(), [Reply(ctx.campaign_follow(d.get("campaign", "")), MENU)]
    return fresh(), [Reply(ctx.subscribe(d.get("place_text", "")), MENU)]


_HANDLERS = {
    "idle": _idle,
    "cat": _category,
    "desc": _description,
    "loc": _location,
    "photos": _photos,
    "confirm": _confirm,
    "follow": _follow,
    "followed": _followed,
    "add": _add,
    **{step: _aid for step in ("aid_need", "aid_q", "aid_people", "aid_loc", "aid_phone", "aid_consent",
                               "aid_confirm")},
    **{step: _coalition for step in _COALITION_STEPS},
}
