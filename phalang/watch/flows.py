"""Watch in the chat: report (แจ้งเรื่อง), status (ติดตามเรื่อง) and add information, on LINE and
Telegram as a dialog and on SMS as one-message commands.

Every step calls ``watch.actions``, so a report from the chat meets the web's rules (description
length, files through the vault with its limits, places from the gazetteer).
"""

from __future__ import annotations

from typing import Any

from phalang.chat import attachments, sms
from phalang.chat.dialog import (
    CONFIRM_NAV,
    NAV,
    P_CANCEL,
    P_CONFIRM,
    P_DONE,
    P_NO,
    P_SKIP,
    P_YES,
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
    register_receipt_lookup,
)
from phalang.lib import clients, ratelimit
from phalang.lib.crypto import keyed_hash
from phalang.lib.numbers import small_int, typed_number
from phalang.messaging import cards
from phalang.places.lookup import ResolvedPlace, resolve_address
from phalang.watch import actions, chatlink, notices, receipts, throttle, vault, workflow
from phalang.watch.models import Category, Channel, Evidence, Status

P_REPORT = "act=report"
P_FOLLOW = "act=follow"
P_MINE = "act=mine"
P_ADD = "act=add"
P_NEW = "act=new"  # file a new report although nearby cases were shown
METOO = "metoo="  # + a shown case's public id

KEYWORDS = {
    P_REPORT: {"แจ้งเรื่อง", "แจ้ง", "report", "/report"},
    P_FOLLOW: {"ติดตามเรื่อง", "ติดตาม", "สถานะ", "status", "/status"},
    P_MINE: {"เรื่องของฉัน", "my reports"},
    P_ADD: {"เพิ่มข้อมูล", "ตอบกลับ", "add information", "reply"},
}
STEPS = frozenset({"cat", "desc", "loc", "nearby", "photos", "confirm", "follow", "followed", "add", "fix_photo"})
MIN_DESCRIPTION = 10  # the same as actions._validate; checked there too
DONE_NAV = [("เสร็จ", P_DONE), *NAV]


# --- what the steps ask -------------------------------------------------------------------------------

def categories() -> list[tuple[str, str]]:
    return [(c.name_th, f"cat={c.slug}") for c in Category.objects.filter(active=True)]


def resolve_province(text: str) -> str | None:
    place = resolve_address(text.strip()[:200])
    return place.province.name_th if place and place.province else None


def place_label(text: str) -> str:
    """The place typed, as the summary shows it: "อำเภอแม่ริม จังหวัดเชียงใหม่" (district kept)."""
    place = resolve_address(text.strip()[:200])
    if place is None or place.province is None:
        return ""
    bangkok = place.province.name_th == "กรุงเทพมหานคร"  # แขวง and เขต there, not ตำบล and อำเภอ
    parts = [f"{'แขวง' if bangkok else 'ตำบล'}{place.subdistrict.name_th}" if place.subdistrict else "",
             f"{'เขต' if bangkok else 'อำเภอ'}{place.district.name_th}" if place.district else "",
             place.province.name_th if bangkok else f"จังหวัด{place.province.name_th}"]
    return " ".join(p for p in parts if p)


def prompt(chat: Chat, state: State) -> Reply:
    step = state["step"]
    if step == "cat":
        # The first question of a report, so also where the reporter learns what is kept.
        return Reply(notices.CHAT_START + "\n\nแจ้งเรื่องเกี่ยวกับอะไร? เลือกประเภท", [*categories(), *NAV])
    if step == "desc":
        return Reply("เล่าเรื่องที่เกิดขึ้น: ใคร ทำอะไร ที่ไหน เมื่อไร (ไม่ต้องใส่ชื่อของคุณเอง)", NAV)
    if step == "loc":
        return Reply("เกิดขึ้นที่ไหน? ส่งตำแหน่ง (Location) หรือพิมพ์ชื่อจังหวัด", [("ข้าม", P_SKIP), *NAV])
    if step == "nearby":
        lines = [f"{i}. {r['status']} · {r['text']}\n{r['url']}" for i, r in enumerate(state["draft"]["nearby"], 1)]
        return Reply("มีเรื่องแบบเดียวกันที่เผยแพร่แล้วใกล้ ๆ นี้ ถ้าเป็นปัญหาเดียวกัน กด \"ฉันก็เจอ\" แทนการแจ้งใหม่ "
                     "เสียงของคุณจะถูกนับ และเรื่องจะถูกติดตามเหมือนเดิม\n\n" + "\n\n".join(lines),
                     [*((f"ฉันก็เจอ ข้อ {i}", METOO + r["id"]) for i, r in enumerate(state["draft"]["nearby"], 1)),
                      ("แจ้งเรื่องใหม่", P_NEW), *NAV])
    if step == "photos":
        n = len(state["draft"].get("evidence", []))
        extra = f" (ได้รับแล้ว {n} ไฟล์)" if n else ""
        return Reply(f"มีรูปหรือหลักฐานไหม? ส่งรูป วิดีโอ เสียง หรือไฟล์ได้สูงสุด {vault.max_files()} ไฟล์ "
                     f"แล้วกด \"เสร็จ\"{extra}", DONE_NAV)
    if step == "confirm":
        d = state["draft"]
        where = d.get("place_label") or d.get("province") or ("ตำแหน่งที่ส่งมา" if d.get("lat") is not None else "ไม่ระบุ")
        return Reply(
            "ตรวจสอบก่อนส่ง\n"
            f"ประเภท: {d.get('category_label', '')}\n"
            f"เรื่อง: {d.get('description', '')[:300]}\n"
            f"สถานที่: {where}\n"
            f"หลักฐาน: {len(d.get('evidence', []))} ไฟล์",
            CONFIRM_NAV)
    if step == "follow":
        return Reply("พิมพ์รหัสติดตาม 20 หลัก หรือกด \"เรื่องของฉัน\"", [("เรื่องของฉัน", P_MINE), ("ยกเลิก", P_CANCEL)])
    if step == "fix_photo":
        return Reply(FIX_PHOTO_QUESTION, FIX_PHOTO_NAV)
    return Reply("พิมพ์ข้อมูลที่ต้องการเพิ่ม หรือส่งรูป", [("ยกเลิก", P_CANCEL)])


def _start(step: str) -> Any:
    def start(chat: Chat) -> Result:
        state = fresh()
        go(state, step)
        return state, [prompt(chat, state)]
    return start


# --- reporting ----------------------------------------------------------------------------------------

def _category(chat: Chat, state: State, msg: Incoming, what: str | None) -> Result:
    choices = categories()
    chosen = None
    for label, payload in choices:
        if (msg.kind == "postback" and msg.data == payload) or (msg.kind == "text" and msg.text.strip() == label):
            chosen = (label, payload)
    number = typed_number(msg.text) if chosen is None and msg.kind == "text" else None
    if number is not None and 0 < number <= len(choices):
        chosen = choices[number - 1]
    if chosen is None:
        return state, [Reply("กรุณาเลือกประเภทจากปุ่มด้านล่าง", [*choices, *NAV])]
    state["draft"]["category"] = chosen[1].split("=", 1)[1]
    state["draft"]["category_label"] = chosen[0]
    go(state, "desc")
    return state, [prompt(chat, state)]


def _description(chat: Chat, state: State, msg: Incoming, what: str | None) -> Result:
    text = msg.text.strip() if msg.kind == "text" else ""
    if len(text) < MIN_DESCRIPTION:
        return state, [Reply(f"กรุณาพิมพ์เล่าเรื่องอย่างน้อย {MIN_DESCRIPTION} ตัวอักษร", NAV)]
    if len(text) > actions.MAX_DESCRIPTION:
        return state, [Reply(f"เรื่องยาวเกิน {actions.MAX_DESCRIPTION} ตัวอักษร กรุณาย่อแล้วส่งอีกครั้ง", NAV)]
    state["draft"]["description"] = text
    go(state, "loc")
    return state, [prompt(chat, state)]


def _location(chat: Chat, state: State, msg: Incoming, what: str | None) -> Result:
    if msg.kind == "location" and msg.lat is not None and msg.lon is not None:
        state["draft"]["lat"], state["draft"]["lon"] = msg.lat, msg.lon
    elif what == P_SKIP:
        pass
    elif msg.kind == "text":
        province = resolve_province(msg.text)
        if province is None:
            return state, [Reply("ไม่พบจังหวัดนี้ กรุณาพิมพ์ชื่อจังหวัดอีกครั้ง เช่น เชียงราย หรือส่งตำแหน่ง",
                                 [("ข้าม", P_SKIP), *NAV])]
        state["draft"]["province"] = province
        state["draft"]["place_text"] = msg.text.strip()[:200]
        state["draft"]["place_label"] = place_label(msg.text)
    else:
        return state, [prompt(chat, state)]
    shown = _nearby_cases(state["draft"])
    if shown:
        state["draft"]["nearby"] = shown
        go(state, "nearby")
    else:
        go(state, "photos")
    return state, [prompt(chat, state)]


def _nearby_cases(draft: dict[str, Any]) -> list[dict[str, str]]:
    """The web form's rule (``board.nearby``) for the place given in the chat."""
    from django.conf import settings

    from phalang.places.models import Province
    from phalang.watch import board

    province = Province.objects.filter(name_th=draft["province"]).values_list("pk", flat=True).first() \
        if draft.get("province") else None
    cases = board.nearby(draft["category"], province=province, lat=draft.get("lat"), lon=draft.get("lon"))
    return [{"id": r.public_id, "status": str(dict(Status.choices)[r.status]),
             "text": r.public_text[:80] + ("…" if len(r.public_text) > 80 else ""),
             "url": f"{settings.SITE_URL}/reports/{r.public_id}/"} for r in cases]


def _nearby(chat: Chat, state: State, msg: Incoming, what: str | None) -> Result:
    if what in (P_NEW, P_SKIP):
        go(state, "photos")
        return state, [prompt(chat, state)]
    shown = [r["id"] for r in state["draft"].get("nearby", [])]
    chosen = None
    number = typed_number(msg.text) if msg.kind == "text" else None
    if msg.kind == "postback" and msg.data.startswith(METOO) and msg.data[len(METOO):] in shown:
        chosen = msg.data[len(METOO):]
    elif number is not None and 0 < number <= len(shown):
        chosen = shown[number - 1]
    if chosen is None:
        if msg.kind == "text":  # neither a button nor one of the numbers shown: say what is asked
            return state, [Reply(f"กรุณากด \"ฉันก็เจอ\" หรือพิมพ์เลขข้อ 1-{len(shown)} "
                                 "หรือกด \"แจ้งเรื่องใหม่\"", prompt(chat, state).quick)]
        return state, [prompt(chat, state)]
    return fresh(), [Reply(_me_too(chat, chosen), menu())]


def _me_too(chat: Chat, public_id: str) -> str:
    """"Me too" from the chat: the action holds the rule (one per chat account and case a day)."""
    from django.conf import settings

    from phalang.watch import board

    report = board.published().filter(public_id=public_id).first()
    if report is None:
        return "เรื่องนี้ไม่ได้เผยแพร่แล้ว พิมพ์ \"แจ้งเรื่อง\" เพื่อแจ้งเรื่องใหม่"
    actions.me_too(report, clients.chat_client(chat.session_key), channel=chat.channel)
    return ("ขอบคุณ นับว่าคุณพบปัญหานี้ด้วยแล้ว ไม่ได้แจ้งเป็นเรื่องใหม่\n"
            f"ดูความคืบหน้าได้ที่ {settings.SITE_URL}/reports/{report.public_id}/")


FILE_KINDS = ("image", "video", "audio", "file")
NOUNS = {"image": "รูป", "video": "วิดีโอ", "audio": "คลิปเสียง", "file": "ไฟล์"}


def _noun(kind: str) -> str:
    return NOUNS.get(kind, "ไฟล์")


def _photos(chat: Chat, state: State, msg: Incoming, what: str | None) -> Result:
    evidence = state["draft"].setdefault("evidence", [])
    if msg.kind in FILE_KINDS:
        if msg.evidence_error:
            return state, [Reply(msg.evidence_error, DONE_NAV)]
        if len(evidence) >= vault.max_files():
            return state, [Reply(f"ส่งไฟล์ได้สูงสุด {vault.max_files()} ไฟล์ กด \"เสร็จ\" เพื่อไปต่อ", DONE_NAV)]
        if msg.evidence_id is not None and msg.evidence_id not in evidence:
            evidence.append(msg.evidence_id)
        return state, [Reply(f"ได้รับ{_noun(msg.kind)}ที่ {len(evidence)} แล้ว ส่งเพิ่มได้ หรือกด \"เสร็จ\"", DONE_NAV)]
    if what in (P_DONE, P_SKIP):
        go(state, "confirm")
        return state, [prompt(chat, state)]
    if msg.kind == "text" and what is None and msg.text.strip():
        # More of the story, typed while sending photos: kept with the description, not dropped.
        story = f"{state['draft'].get('description', '')}\n{msg.text.strip()}".strip()
        if len(story) > actions.MAX_DESCRIPTION:
            return state, [Reply(f"เรื่องยาวเกิน {actions.MAX_DESCRIPTION} ตัวอักษร ข้อความล่าสุดจึงไม่ได้เพิ่ม "
                                 "ส่งรูปต่อได้ หรือกด \"เสร็จ\"", DONE_NAV)]
        state["draft"]["description"] = story
        return state, [Reply("เพิ่มข้อความนี้ในเรื่องแล้ว ส่งรูปต่อได้ หรือกด \"เสร็จ\"", DONE_NAV)]
    return state, [prompt(chat, state)]


def _confirm(chat: Chat, state: State, msg: Incoming, what: str | None) -> Result:
    if what != P_CONFIRM:
        return state, [prompt(chat, state)]
    draft = state["draft"]
    place = resolve_address(draft["place_text"]) if draft.get("place_text") else None
    try:
        report, receipt = actions.file_report(actions.NewReport(
            category=draft["category"], description=draft["description"], channel=chat.channel,
            province=place.province.pk if place and place.province else None,
            district=place.district.pk if place and place.district else None,
            subdistrict=place.subdistrict.pk if place and place.subdistrict else None,
            lat=draft.get("lat"), lon=draft.get("lon"), channel_user_id=chat.user_id,
            reply_address=chat.user_id, pending_evidence=list(draft.get("evidence", [])),
            pending_session=chat.session_key), client=clients.chat_client(chat.session_key))
    except ratelimit.RateLimited as exc:
        return state, refusal(exc, NAV)  # the draft stays: confirm again after the wait
    except actions.ReportInvalid as exc:
        return state, [Reply("ส่งเรื่องไม่สำเร็จ: " + " ".join(th for th, _en in exc.errors.values()), NAV)]
    # On LINE the first message is a card (the code with a copy button, and a status button); its
    # text is what Telegram and old LINE clients show. The code also comes alone, easy to copy.
    return fresh(), [
        Reply("ได้รับเรื่องแล้ว ขอบคุณที่แจ้ง\nรหัสติดตามของคุณ (แสดงครั้งเดียว โปรดจดหรือบันทึกภาพหน้าจอไว้):",
              card=receipt_card(report, receipt, draft.get("category_label", ""))),
        Reply(receipt),
        Reply("ใช้รหัสนี้ที่ \"ติดตามเรื่อง\" ในแชตนี้ บนเว็บไซต์ หรือทาง SMS เพื่อดูสถานะและตอบคำถามเจ้าหน้าที่\n\n"
              + notices.CHAT_RECEIPT, menu()),
    ]


def refusal(exc: ratelimit.RateLimited, quick: Any = None) -> list[Reply]:
    """Over a filing limit: said once a window (``RateLimited.first``), then nothing, so a flood is
    not answered message by message."""
    return [Reply(exc.chat_message_th, quick)] if exc.first else []


# --- following a report -------------------------------------------------------------------------------

def render_status(report: actions.Report) -> str:
    view = actions.status_view(report, "th")
    lines = [f"สถานะ: {view['status_label']}", f"ประเภท: {view['category']}"]
    public = [t for t in view["timeline"] if t["text"]]
    if public:
        lines.append("ความคืบหน้า: " + public[-1]["text"])
    messages = [m for m in view["messages"] if m["from"] != "reporter"]
    if messages:
        lines.append("ข้อความถึงคุณ:")
        lines.extend(f"• {m['sender']}: {m['text']}" for m in messages[-3:])
    if view["partner_warning"]:
        lines.append(view["partner_warning"])
    return "\n".join(lines)


def receipt_card(report: actions.Report, receipt: str, category: str) -> dict[str, Any]:
    """The receipt as a card: the code with a copy button, and a button for the case's status (a
    postback this chat's own reports answer to, ``command``). Nothing in it says who reported."""
    return cards.receipt("ได้รับเรื่องแล้ว", receipt, [("ประเภท", category)], [("ดูสถานะ", f"case={report.pk}")],
                         note="รหัสนี้แสดงครั้งเดียว กด \"คัดลอกรหัส\" หรือบันทึกภาพหน้าจอไว้")


def _thai_date(iso: str) -> str:
    from datetime import datetime

    from django.utils import timezone

    at = timezone.localtime(datetime.fromisoformat(iso))
    return f"{at:%d/%m}/{at.year + 543}"


def status_card(report: actions.Report) -> dict[str, Any]:
    """A case's status with its public timeline, for the reporter who holds its receipt."""
    view = actions.status_view(report, "th")
    lines = [("สถานะ", view["status_label"]), ("ประเภท", view["category"])]
    written = [m for m in view["messages"] if m["from"] != "reporter"]
    if written:
        lines.append((written[-1]["sender"], written[-1]["text"]))
    if view["partner_warning"]:
        lines.append(("โปรดระวัง", view["partner_warning"]))
    timeline = [(_thai_date(view["filed_on"]), "ได้รับเรื่อง")]
    timeline += [(_thai_date(t["at"]), t["text"] or t["status_label"]) for t in view["timeline"]]
    # The button works right after the status is shown (the session follows this report).
    button = ("ตอบคำถาม" if report.status == Status.NEEDS_INFO else "เพิ่มข้อมูล", P_ADD)
    return cards.status("สถานะเรื่องของคุณ", lines, timeline, [button])


def my_reports_text(chat: Chat) -> str:
    mine = actions.reports_for_channel_user(chat.channel, chat.user_id)
    if not mine:
        return "ยังไม่มีเรื่องที่แจ้งจากบัญชีนี้"
    labels = dict(Status.choices)
    lines = ["เรื่องที่คุณแจ้งจากบัญชีนี้ (ใช้รหัสติดตามเพื่อดูรายละเอียด):"]
    for r in mine:
        lines.append(f"• {r.created_at:%d/%m}/{r.created_at.year + 543} {r.category.name_th}: {labels[r.status]}")
    return "\n".join(lines)


def _throttle_key(chat: Chat) -> str:
    return f"{chat.channel}:{chat.session_key}"


def _lookup(chat: Chat, state: State, receipt: str) -> Result:
    if throttle.is_blocked(_throttle_key(chat), receipt):
        return done("ลองรหัสผิดหลายครั้งเกินไป กรุณารอ 15 นาทีแล้วลองใหม่")
    report = actions.find_by_receipt(receipt)
    if report is None:
        elsewhere = lookup_receipt(chat, receipt, exclude="watch")
        if elsewhere is not None:
            return elsewhere
        throttle.record_failure(_throttle_key(chat), receipt)
        return state, [Reply("ไม่พบเรื่องที่ใช้รหัสนี้ กรุณาตรวจสอบตัวเลขอีกครั้ง", [("ยกเลิก", P_CANCEL)])]
    return _status(report)


def _status(report: actions.Report) -> Result:
    new = fresh()
    new["report_id"] = report.pk
    new["step"] = "followed"
    if actions.status_view(report)["fix_question"]:  # the question, where a push could not reach
        return new, [Reply(render_status(report) + f"\n\nหน่วยงานแจ้งว่าแก้ไขแล้ว {workflow.FIX_QUESTION_TH}",
                           [("ใช่ แก้แล้ว", workflow.fix_payload(report.pk, True)),
                            ("ยังไม่ได้แก้", workflow.fix_payload(report.pk, False)), ("ยกเลิก", P_CANCEL)])]
    return new, [Reply(render_status(report), [("เพิ่มข้อมูล", P_ADD), ("ยกเลิก", P_CANCEL)], card=status_card(report))]


def _follow(chat: Chat, state: State, msg: Incoming, what: str | None) -> Result:
    if what == P_MINE:
        return done(my_reports_text(chat))
    receipt = receipts.find_in_text(msg.text) if msg.kind == "text" else None
    if receipt is None:
        return state, [Reply("รหัสติดตามมี 20 หลัก เช่น 1234-5678-9012-3456-7890 กรุณาพิมพ์อีกครั้ง",
                             [("เรื่องของฉัน", P_MINE), ("ยกเลิก", P_CANCEL)])]
    return _lookup(chat, state, receipt)


def _followed(chat: Chat, state: State, msg: Incoming, what: str | None) -> Result:
    if what == P_ADD:
        new = dict(state)
        new["step"] = "add"
        return new, [prompt(chat, new)]
    receipt = receipts.find_in_text(msg.text) if msg.kind == "text" else None
    if receipt:
        return _lookup(chat, fresh(), receipt)
    # Typed after looking at the status: an answer, if a question waits (``idle``).
    return idle(chat, msg, what) or (fresh(), [Reply("สวัสดีครับ/ค่ะ ต้องการทำอะไร?", menu())])


def _add(chat: Chat, state: State, msg: Incoming, what: str | None) -> Result:
    report_id = state.get("report_id")
    report = actions.Report.objects.filter(pk=report_id).first() if report_id is not None else None
    if report is None:
        return fresh(), [Reply("สวัสดีครับ/ค่ะ ต้องการทำอะไร?", menu())]
    if msg.kind in FILE_KINDS:
        if msg.evidence_error:
            return state, [Reply(msg.evidence_error, [("ยกเลิก", P_CANCEL)])]
        try:
            actions.add_reporter_message(report, "", channel=chat.channel,
                                         pending_evidence=[msg.evidence_id] if msg.evidence_id else None,
                                         pending_session=chat.session_key)
        except actions.ReportInvalid as exc:
            return state, [Reply(" ".join(th for th, _en in exc.errors.values()), [("เสร็จ", P_CANCEL)])]
        return state, [Reply(f"ได้รับ{_noun(msg.kind)}แล้ว ส่งเพิ่มได้ หรือพิมพ์ข้อความ", [("เสร็จ", P_CANCEL)])]
    if msg.kind != "text" or not msg.text.strip():
        return state, [prompt(chat, state)]
    try:
        actions.add_reporter_message(report, msg.text.strip(), channel=chat.channel)
    except actions.ReportInvalid as exc:
        return state, [Reply(" ".join(th for th, _en in exc.errors.values()), [("ยกเลิก", P_CANCEL)])]
    return done("บันทึกข้อมูลเพิ่มเติมแล้ว เจ้าหน้าที่จะเห็นข้อความนี้ ขอบคุณครับ/ค่ะ")


# --- "แก้ไขแล้วจริงไหม?": the reporter's answer to a resolution (watch.actions.answer_fix_check) ------

FIX_PHOTO_QUESTION = ("เสียใจที่ยังไม่ได้แก้ไข ส่งรูปถ่ายสภาพตอนนี้ได้ 1 รูป เพื่อใช้เป็นหลักฐาน "
                      "หรือกด \"ส่งโดยไม่มีรูป\"")
FIX_PHOTO_NAV = [("ส่งโดยไม่มีรูป", P_SKIP), ("ยกเลิก", P_CANCEL)]
FIX_CONFIRMED = "ขอบคุณที่ยืนยันว่าแก้ไขแล้วจริง เรื่องนี้ปิดแล้ว"
FIX_DISPUTED = "เปิดเรื่องอีกครั้งแล้ว หน่วยงานจะได้รับแจ้งว่ายังไม่ได้แก้ไข"
FIX_NONE = "ไม่มีคำถามเรื่องการแก้ไขที่รอคำตอบจากคุณแล้ว"


def _fix_waiting(chat: Chat, report_id: int | None = None) -> actions.Report | None:
    """This chat's report (the latest, or ``report_id``) whose fix question waits for an answer."""
    mine = ([r for r in [_own_report(chat, report_id)] if r is not None] if report_id is not None
            else actions.reports_for_channel_user(chat.channel, chat.user_id))
    return next((r for r in mine if workflow.open_fix_check(r) is not None), None)


def _answer_fix(chat: Chat, report: actions.Report, fixed: bool, evidence_id: int | None = None) -> Result:
    try:
        actions.answer_fix_check(report, fixed=fixed, channel=chat.channel,
                                 pending_evidence=[evidence_id] if evidence_id is not None else None,
                                 pending_session=chat.session_key)
    except actions.ReportInvalid as exc:
        return done(" ".join(th for th, _en in exc.errors.values()))
    return done(FIX_CONFIRMED if fixed else FIX_DISPUTED)


def _fix_answer(chat: Chat, report: actions.Report | None, fixed: bool) -> Result:
    """Yes closes the question; no asks for an optional photo first."""
    if report is None:
        return done(FIX_NONE)
    if fixed:
        return _answer_fix(chat, report, True)
    state = fresh()
    state["report_id"], state["step"] = report.pk, "fix_photo"
    return state, [Reply(FIX_PHOTO_QUESTION, FIX_PHOTO_NAV)]


def _fix_photo(chat: Chat, state: State, msg: Incoming, what: str | None) -> Result:
    report = _fix_waiting(chat, state.get("report_id"))
    if report is None:
        return done(FIX_NONE)
    if msg.kind in FILE_KINDS:
        if msg.evidence_error:
            return state, [Reply(msg.evidence_error, FIX_PHOTO_NAV)]
        return _answer_fix(chat, report, False, msg.evidence_id)
    if what in (P_SKIP, P_DONE, P_NO):
        return _answer_fix(chat, report, False)
    return state, [prompt(chat, state)]


_HANDLERS = {"cat": _category, "desc": _description, "loc": _location, "nearby": _nearby, "photos": _photos, "confirm": _confirm,
             "follow": _follow, "followed": _followed, "add": _add, "fix_photo": _fix_photo}


def _early_file(chat: Chat, state: State, msg: Incoming) -> Result:
    """A photo or file sent before the evidence step: kept for the report, and the question stands."""
    if msg.evidence_error:
        return state, [Reply(msg.evidence_error), prompt(chat, state)]
    evidence = state["draft"].setdefault("evidence", [])
    if len(evidence) >= vault.max_files():
        return state, [Reply(f"ส่งไฟล์ได้สูงสุด {vault.max_files()} ไฟล์"), prompt(chat, state)]
    if msg.evidence_id is not None and msg.evidence_id not in evidence:
        evidence.append(msg.evidence_id)
    return state, [Reply(f"ได้รับ{_noun(msg.kind)}แล้ว จะแนบไปกับเรื่องนี้"), prompt(chat, state)]


def handle(chat: Chat, state: State, msg: Incoming, what: str | None) -> Result:
    if msg.kind in FILE_KINDS and state["step"] in ("cat", "desc", "loc"):
        return _early_file(chat, state, msg)
    if msg.kind in FILE_KINDS and state["step"] == "followed":
        state["step"] = "add"
    return _HANDLERS[state["step"]](chat, state, msg, what)


def _own_report(chat: Chat, report_id: int) -> actions.Report | None:
    """The report, if this chat filed it (the keyed hash of the chat user is on the report)."""
    return actions.Report.objects.filter(
        pk=report_id, channel_user_hash=keyed_hash("channel", f"{chat.channel}:{chat.user_id}")).first()


ANSWER_SENT = "ส่งคำตอบถึงเจ้าหน้าที่แล้ว ขอบคุณครับ/ค่ะ"


def _answer(chat: Chat, report: actions.Report, text: str) -> Result:
    try:
        actions.add_reporter_message(report, text, channel=chat.channel)
    except actions.ReportInvalid as exc:
        return fresh(), [Reply(" ".join(th for th, _en in exc.errors.values()), menu())]
    return done(ANSWER_SENT)


def _which_case(text: str, waiting: list[actions.Report]) -> Result:
    """Several cases wait for an answer: keep the typed text and ask which case it is for (the
    reply buttons, ``command``)."""
    state = fresh()
    state["draft"]["answer"] = text
    buttons = [(f"{r.created_at:%d/%m} {r.category.name_th}"[:20], f"answer={r.pk}") for r in waiting[:10]]
    return state, [Reply(f"มีคำถามจากเจ้าหน้าที่รอคำตอบ {len(waiting)} เรื่อง ข้อความนี้ตอบเรื่องไหน?",
                         [*buttons, ("ยกเลิก", P_CANCEL)])]


def command(chat: Chat, state: State, msg: Incoming) -> Result | None:
    """The reply button of a moderator's message (answer=<report>), the receipt card's status
    button (case=<report>) and the yes/no buttons of "แก้ไขแล้วจริงไหม?" (fix=<report>:yes), at any
    step; only for a report this chat filed."""
    if msg.kind == "postback" and msg.data.startswith("fix="):
        number, _, answer = msg.data[4:].partition(":")
        report_id = small_int(number)
        if report_id is None or answer not in ("yes", "no"):
            return None
        return _fix_answer(chat, _fix_waiting(chat, report_id), answer == "yes")
    if msg.kind != "postback" or not msg.data.startswith(("answer=", "case=")):
        return None
    kind, _, number = msg.data.partition("=")
    report_id = small_int(number)
    report = _own_report(chat, report_id) if report_id is not None else None
    if report is None:
        return done("ไม่พบเรื่องนี้ในบัญชีของคุณ")
    if kind == "case":
        return _status(report)
    typed = str(state.get("draft", {}).get("answer") or "")
    if typed:  # the case picked for an answer already typed (``_which_case``)
        return _answer(chat, report, typed)
    new = fresh()
    new["report_id"], new["step"] = report.pk, "add"
    return new, [Reply("พิมพ์คำตอบถึงเจ้าหน้าที่ หรือส่งรูปเพิ่มเติม", [("ยกเลิก", P_CANCEL)])]


def idle(chat: Chat, msg: Incoming, what: str | None) -> Result | None:
    if msg.kind == "postback" and msg.data.startswith(METOO):  # a "me too" button pressed later
        return done(_me_too(chat, msg.data[len(METOO):][:16]))
    if what in (P_YES, P_NO):
        waiting_fix = _fix_waiting(chat)
        if waiting_fix is not None:  # "ใช่"/"ไม่" typed instead of tapping a button
            return _fix_answer(chat, waiting_fix, what == P_YES)
    if msg.kind == "text" and what is None and msg.text.strip() and not receipts.find_in_text(msg.text):
        # A question waits (the message said "พิมพ์คำตอบได้เลย"): what the reporter types is the
        # answer to that case; with several, the bot asks which.
        waiting = actions.awaiting_answer(chat.channel, chat.user_id)
        if len(waiting) == 1:
            return _answer(chat, waiting[0], msg.text.strip())
        if waiting:
            return _which_case(msg.text.strip(), waiting)
    if msg.kind in FILE_KINDS:
        # A photo sent out of the blue is most likely evidence: start a report with it.
        if msg.evidence_error:
            return done(msg.evidence_error)
        state = fresh()
        go(state, "cat")
        state["draft"]["evidence"] = [msg.evidence_id] if msg.evidence_id is not None else []
        return state, [Reply("ได้รับไฟล์แล้ว ต้องการแจ้งเรื่องใช่ไหม? เลือกประเภทเพื่อเริ่ม หรือพิมพ์ \"ยกเลิก\""),
                       prompt(chat, state)]
    receipt = receipts.find_in_text(msg.text) if msg.kind == "text" else None
    if receipt:
        return _lookup(chat, fresh(), receipt)
    if what == P_MINE:
        return done(my_reports_text(chat))
    return None


# --- evidence files sent in the chat: the vault, with the web's limits ---------------------------------

class VaultAttachments:
    def check(self, data: bytes) -> vault.Checked:
        try:
            return vault.check_files([data])[0]
        except vault.VaultError as exc:
            raise attachments.AttachmentRefused(exc.message_th) from exc

    def store(self, checked: vault.Checked, session_key: str) -> int:
        try:
            return vault.store(checked, pending_session=session_key).pk
        except vault.VaultError as exc:
            raise attachments.AttachmentRefused(exc.message_th) from exc

    def discard(self, session_key: str) -> int:
        n = 0
        for ev in Evidence.objects.filter(pending_session=session_key, report=None):
            ev.original.delete(save=False)
            if ev.public_file:
                ev.public_file.delete(save=False)
            ev.delete()
            n += 1
        return n

    def max_bytes(self) -> int:
        return vault.max_bytes()


# --- SMS ----------------------------------------------------------------------------------------------

PLACE_MARKERS = ("จังหวัด", "จ.", "อำเภอ", "อ.", "เขต", "province", "district", ",")


def _place_words(words: list[str]) -> tuple[ResolvedPlace, int] | None:
    """The place the first words name ("เชียงราย", "จ.น่าน", "เชียงใหม่ แม่ริม", "Khon Kaen"), and how
    many words it took, or None. The words must be nothing but the place's names (Thai or English), so
    a story's first word is never taken for one."""
    for n in range(min(4, len(words)), 0, -1):
        text = " ".join(words[:n])
        place = resolve_address(text)
        if place is None:
            continue
        names = [x for level in (place.province, place.district, place.subdistrict) if level is not None
                 for x in (level.name_th, level.name_en) if x]
        rest = text.lower()
        for name in sorted(names, key=len, reverse=True):
            rest = rest.replace(name.lower(), " ")
        for marker in PLACE_MARKERS:
            rest = rest.replace(marker, " ")
        if not rest.strip():
            return place, n
    return None


def sms_report(chat: Chat, rest: str) -> str | list[str]:
    """แจ้ง [จังหวัด [อำเภอ]] <เรื่อง>: the place first if the person gave one (in Thai or English),
    otherwise it is all story."""
    words = rest.split()
    found = _place_words(words)
    place = found[0] if found else None
    story = " ".join(words[found[1]:]) if found else rest.strip()
    try:
        _r, receipt = actions.file_report(actions.NewReport(
            category="other", description=story, channel=Channel.SMS,
            province=place.province.pk if place and place.province else None,
            district=place.district.pk if place and place.district else None,
            channel_user_id=chat.user_id, reply_address=chat.user_id), client=clients.chat_client(chat.session_key))
    except ratelimit.RateLimited as exc:
        return [f"พลัง: {r.text}" for r in refusal(exc)]  # one SMS a window, then silence
    except actions.ReportInvalid as exc:
        return "พลัง: ส่งเรื่องไม่สำเร็จ " + " ".join(th for th, _en in exc.errors.values()) + "\n" + sms.help_text()
    return (f"พลัง: ได้รับเรื่องแล้ว รหัสติดตาม {receipt} (เก็บไว้ ใช้ส่ง \"สถานะ {receipt}\") "
            + notices.SMS_RECEIPT)


def _sms_report_by_receipt(chat: Chat, receipt_text: str) -> tuple[actions.Report | None, str]:
    client = f"sms:{chat.session_key}"
    if throttle.is_blocked(client, receipt_text):
        return None, "พลัง: ลองรหัสผิดหลายครั้งเกินไป กรุณารอ 15 นาที"
    report = actions.find_by_receipt(receipt_text) if receipts.normalize(receipt_text) else None
    if report is None:
        throttle.record_failure(client, receipt_text)
        return None, "พลัง: ไม่พบเรื่องที่ใช้รหัสนี้"
    return report, ""


def sms_status(chat: Chat, rest: str) -> str:
    report, error = _sms_report_by_receipt(chat, rest)
    return error if report is None else "พลัง: " + render_status(report)


def sms_add(chat: Chat, rest: str) -> str:
    receipt = receipts.find_in_text(rest)
    text = rest
    if receipt is not None:
        digits = 0
        for i, ch in enumerate(rest):  # the message is what follows the receipt's 20th digit
            if ch.isdigit() or "๐" <= ch <= "๙":
                digits += 1
                if digits == 20:
                    text = rest[i + 1:]
                    break
    report, error = _sms_report_by_receipt(chat, receipt or rest)
    if report is None:
        return error
    try:
        actions.add_reporter_message(report, text.strip(" -"), channel=Channel.SMS)
    except actions.ReportInvalid:
        return "พลัง: กรุณาพิมพ์ข้อความหลังรหัส เช่น เพิ่ม <รหัส> <ข้อความ>"
    return "พลัง: บันทึกข้อมูลเพิ่มเติมแล้ว ขอบคุณ"


POLITE = {"", "ครับ", "ค่ะ", "คะ", "จ้า", "จ้ะ", "นะ", "นะครับ", "นะคะ", "ค่า"}
SMS_FIX_WORDS = {"ใช่": True, "แก้แล้ว": True, "yes": True, "ไม่": False, "ไม่ใช่": False, "ยังไม่แก้": False,
                 "ยังไม่ได้แก้": False, "no": False}


def sms_fix(chat: Chat, word: str, rest: str) -> str | None:
    """"ใช่"/"ไม่" by SMS: the answer to "แก้ไขแล้วจริงไหม?" when one waits for this number (the
    latest case), otherwise not this command's (None: "ใช่" may confirm a subscription)."""
    if rest.strip().lower() not in POLITE:
        return None
    report = _fix_waiting(chat)
    if report is None:
        return None
    fixed = SMS_FIX_WORDS[word]
    try:
        actions.answer_fix_check(report, fixed=fixed, channel=Channel.SMS)
    except actions.ReportInvalid:
        return None
    return "พลัง: " + (FIX_CONFIRMED if fixed else FIX_DISPUTED)


def _sms_fix_for(word: str) -> sms.SmsHandler:
    return lambda chat, rest: sms_fix(chat, word, rest)


def receipt_status(chat: Chat, text: str) -> Result | None:
    """A receipt, or the status page's short-lived chat code ("ติดตาม <code>", ``chatlink``)."""
    receipt = receipts.find_in_text(text)
    if receipt:
        return _lookup(chat, fresh(), receipt)
    report = chatlink.report_for(text.strip())
    return _status(report) if report is not None else None


def has_draft(state: State) -> bool:
    d = state.get("draft") or {}
    return bool(d.get("description") or d.get("evidence"))


def register_flows() -> None:
    register_receipt_lookup("watch", receipt_status)
    register(Flow(
        name="watch", steps=STEPS, keywords=KEYWORDS, handle=handle, prompt=prompt, idle=idle, command=command,
        starts={P_REPORT: _start("cat"), P_FOLLOW: _start("follow")},
        free_text_steps=frozenset({"desc", "add"}), has_draft=has_draft,
        menu=[(10, "แจ้งเรื่อง", P_REPORT), (20, "ติดตามเรื่อง", P_FOLLOW)],
        help=[(10, "• แจ้งเรื่อง: เล่าเรื่อง บอกสถานที่ แนบรูป แล้วรับรหัสติดตาม"),
              (20, "• ติดตามเรื่อง: พิมพ์รหัสติดตาม 20 หลัก เพื่อดูสถานะ เพิ่มข้อมูล หรือตอบคำถามเจ้าหน้าที่")]))
    attachments.register(VaultAttachments())
    sms.register(sms.SmsCommand("report", ("แจ้งเรื่อง", "แจ้ง", "report"), sms_report,
                                "\"แจ้ง <จังหวัด> <เรื่อง>\" เพื่อแจ้งเรื่อง", 10))
    sms.register(sms.SmsCommand("status", ("สถานะ", "status"), sms_status, "\"สถานะ <รหัส>\" เพื่อดูสถานะ", 20))
    sms.register(sms.SmsCommand("add", ("เพิ่ม", "ตอบ", "add", "reply"), sms_add,
                                "\"เพิ่ม <รหัส> <ข้อความ>\" เพื่อเพิ่มข้อมูล", 30))
    for word in SMS_FIX_WORDS:  # one command per word: the handler needs to know which was sent
        sms.register(sms.SmsCommand(f"fix:{word}", (word,), _sms_fix_for(word), order=5))
