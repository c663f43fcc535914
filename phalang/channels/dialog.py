"""The chat dialog shared by LINE and Telegram, as a pure state machine.

``step(state, incoming, ctx)`` takes the session's state (a JSON-able dict), one normalised
incoming message and a context that performs commands (file a report, look up a receipt...),
and returns the new state and the replies. No Django, no HTTP: channel adapters translate
platform events into ``Incoming`` and ``Reply`` into platform messages.

Thai first: every reply is Thai; keywords are accepted in Thai and English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

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

KEYWORDS = {
    P_REPORT: {"แจ้งเรื่อง", "แจ้ง", "report", "/report"},
    P_FOLLOW: {"ติดตามเรื่อง", "ติดตาม", "สถานะ", "status", "/status"},
    P_HELP: {"ช่วยเหลือ", "วิธีใช้", "help", "/help", "/start", "เมนู", "menu"},
    P_CANCEL: {"ยกเลิก", "cancel", "/cancel"},
    P_BACK: {"ย้อนกลับ", "กลับ", "back", "/back"},
    P_DONE: {"เสร็จ", "เสร็จแล้ว", "ไม่มีรูป", "ไม่มี", "done", "no photos"},
    P_SKIP: {"ข้าม", "skip"},
    P_CONFIRM: {"ยืนยัน", "ส่ง", "confirm", "send"},
    P_MINE: {"เรื่องของฉัน", "my reports"},
    P_ADD: {"เพิ่มข้อมูล", "ตอบกลับ", "add information", "reply"},
}

MAX_PHOTOS = 10
MIN_DESCRIPTION = 10


@dataclass
class Incoming:
    kind: str  # "text" | "postback" | "location" | "image" | "follow"
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


MENU = [("แจ้งเรื่อง", P_REPORT), ("ติดตามเรื่อง", P_FOLLOW), ("วิธีใช้", P_HELP)]
NAV = [("ย้อนกลับ", P_BACK), ("ยกเลิก", P_CANCEL)]

HELP_TEXT = (
    "พลัง: แจ้งเบาะแสการทุจริตและปัญหาบริการสาธารณะ\n"
    "• แจ้งเรื่อง: เล่าเรื่อง บอกสถานที่ แนบรูป แล้วรับรหัสติดตาม\n"
    "• ติดตามเรื่อง: พิมพ์รหัสติดตาม 20 หลัก เพื่อดูสถานะ เพิ่มข้อมูล หรือตอบคำถามเจ้าหน้าที่\n"
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
    if step == "cat":
        return Reply("แจ้งเรื่องเกี่ยวกับอะไร? เลือกประเภท", [*ctx.categories(), *NAV])
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
        Reply("ใช้รหัสนี้ที่ \"ติดตามเรื่อง\" ในแชตนี้ บนเว็บไซต์ หรือทาง SMS เพื่อดูสถานะและตอบคำถามเจ้าหน้าที่", MENU),
    ]


def _lookup(state: dict[str, Any], receipt: str, ctx: Context) -> tuple[dict[str, Any], list[Reply]]:
    if ctx.blocked():
        return fresh(), [Reply("ลองรหัสผิดหลายครั้งเกินไป กรุณารอ 15 นาทีแล้วลองใหม่", MENU)]
    found = ctx.status_text(receipt)
    if found is None:
        ctx.failed_lookup()
        return state, [Reply("ไม่พบเรื่องที่ใช้รหัสนี้ กรุณาตรวจสอบตัวเลขอีกครั้ง", [("ยกเลิก", P_CANCEL)])]
    report_id, text = found
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
}
