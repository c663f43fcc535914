"""Mutual aid in the chat: ask for help (ขอความช่วยเหลือ) with the triage questions, and volunteers'
tasks (งานของฉัน, accept, decline, en route, done). Every step calls ``aid.actions`` through
``aid.chat``, so the chat meets the web's rules (one phone normaliser, the same triage)."""

from __future__ import annotations

import re
from typing import Any

from phalang.aid import actions
from phalang.aid import chat as aid_chat
from phalang.chat import sms
from phalang.chat.dialog import (
    CONFIRM_NAV,
    NAV,
    P_CANCEL,
    P_CONFIRM,
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
    menu,
    register,
    register_receipt_lookup,
)
from phalang.lib import clients, ratelimit
from phalang.lib import phone as phones
from phalang.lib.numbers import typed_number
from phalang.places.lookup import resolve_address

P_AID = "act=aid"
P_TASKS = "act=tasks"
KEYWORDS = {
    P_AID: {"ขอความช่วยเหลือ", "ขอความช่วยเหลือฉุกเฉิน", "help me", "/aid"},
    P_TASKS: {"งานของฉัน", "my tasks", "/tasks"},
}
STEPS = frozenset({"aid_need", "aid_q", "aid_people", "aid_loc", "aid_phone", "aid_consent", "aid_confirm"})


def needs() -> list[tuple[str, str]]:
    """The needs the crisis kit in force offers (a flood: evacuation, boat, water...), as buttons
    (a label longer than LINE's 20 characters is replaced by the kit's own shorter word for it)."""
    return [(label if len(label) <= 20 else aid_chat.short_label(value, label), f"need={value}")
            for value, label in aid_chat.needs_for()]


ADDRESS_HINT = "\nพิมพ์ให้มี ตำบล อำเภอ จังหวัด ด้วย เช่น 12 หมู่ 3 ต.ป่าแดด อ.เมืองเชียงใหม่ จ.เชียงใหม่"


def _question(d: State) -> tuple[str, str, str]:
    key, text, kind = d["questions"][d.get("q", 0)]
    return key, text, kind


def prompt(chat: Chat, state: State) -> Reply:
    step, d = state["step"], state["draft"]
    if step == "aid_need":
        return Reply("ต้องการความช่วยเหลือด้านใด?", [*needs(), ("ยกเลิก", P_CANCEL)])
    if step == "aid_loc":
        return Reply(aid_chat.ADDRESS_QUESTION + ADDRESS_HINT, NAV)
    if step == "aid_q":
        _key, text, kind = _question(d)
        number = f"คำถาม {d.get('q', 0) + 1}/{len(d['questions'])}: "
        if kind == "yes_no":
            return Reply(number + text, [("ใช่", P_YES), ("ไม่ใช่", P_NO), *NAV])
        return Reply(number + text + " (พิมพ์ตัวเลข หรือกด \"ข้าม\")", [("ข้าม", P_SKIP), *NAV])
    if step == "aid_people":
        return Reply("กี่คนที่ต้องการความช่วยเหลือ? (พิมพ์ตัวเลข)", NAV)
    if step == "aid_phone":
        return Reply("เบอร์โทรที่ติดต่อได้ (เห็นเฉพาะผู้ประสานงาน และอาสาสมัครที่รับงานหากคุณยินยอม)",
                     [("ข้าม", P_SKIP), *NAV])
    if step == "aid_consent":
        return Reply(aid_chat.CONSENT_QUESTION, [("ยินยอม", P_YES), ("ไม่ยินยอม", P_NO), *NAV])
    return Reply("ตรวจสอบก่อนส่ง: " + d.get("need_label", "") + f" {d.get('people', 1)} คน", CONFIRM_NAV)


def start(chat: Chat) -> Result:
    state = fresh()
    go(state, "aid_need")
    return state, [prompt(chat, state)]


def handle(chat: Chat, state: State, msg: Incoming, what: str | None) -> Result:
    step, d = state["step"], state["draft"]
    text = msg.text.strip() if msg.kind == "text" else ""
    if step == "aid_need":
        offered = needs()
        chosen = next(((label, payload) for label, payload in offered
                       if (msg.kind == "postback" and msg.data == payload) or text == label), None)
        typed = aid_chat.need_in_text(text) if chosen is None and text else None
        if chosen is None and typed is not None:
            chosen = next(((label, payload) for label, payload in offered if payload == f"need={typed}"), None)
        if chosen is None:
            return state, [prompt(chat, state)]
        d["need"], d["need_label"], d["q"], d["answers"] = chosen[1].split("=", 1)[1], chosen[0], 0, {}
        go(state, "aid_loc")  # where first, always: the kit's questions are those of the group there
    elif step == "aid_loc":
        if msg.kind == "location" and msg.lat is not None:
            d["lat"], d["lon"] = msg.lat, msg.lon
        elif text and (place := resolve_address(text[:200])) is not None and place.province is not None:
            d["place_text"], d["address"] = text[:200], text[:500]
        else:
            return state, [Reply("ไม่พบสถานที่นี้ กรุณาส่งตำแหน่ง หรือพิมพ์ ตำบล อำเภอ จังหวัด", NAV)]
        # The kit's triage questions for this need (the address question is this step's).
        d["questions"] = [list(q) for q in aid_chat.questions_for(d["need"], d.get("place_text", ""),
                                                                   d.get("lat"), d.get("lon")) if q[2] != "text"]
        d["q"] = 0
        go(state, "aid_q" if d["questions"] else "aid_people")
    elif step == "aid_q":
        key, _text, kind = _question(d)
        if kind == "yes_no":
            if what not in (P_YES, P_NO):
                return state, [prompt(chat, state)]
            d["answers"][key] = what == P_YES
        elif what != P_SKIP:
            try:
                d["answers"][key] = float(text)
            except ValueError:
                return state, [prompt(chat, state)]
        d["q"] = d.get("q", 0) + 1
        if d["q"] >= len(d["questions"]):
            go(state, "aid_people")
        else:
            return state, [prompt(chat, state)]  # the next question; "back" returns to the place
    elif step == "aid_people":
        people = typed_number(text, maximum=500)  # 0-9 and ๐-๙ only: "²".isdigit() but int("²") raises
        if people is None or people < 1:
            return state, [Reply("กรุณาพิมพ์จำนวนคนเป็นตัวเลข เช่น 3", NAV)]
        d["people"] = people
        go(state, "aid_phone")
    elif step == "aid_phone":
        if what != P_SKIP:
            number = actions.normalise_phone(text)  # the action's own normaliser: what it accepts, we accept
            if not phones.valid(number):
                return state, [Reply("เบอร์โทรต้องมี 9-10 หลัก เช่น 0812345678 หรือกด \"ข้าม\"", [("ข้าม", P_SKIP), *NAV])]
            d["phone"] = number
        go(state, "aid_consent")
    elif step == "aid_consent":
        if what not in (P_YES, P_NO):
            return state, [prompt(chat, state)]
        d["consent"] = what == P_YES
        go(state, "aid_confirm")
    elif step == "aid_confirm":
        if what != P_CONFIRM:
            return state, [prompt(chat, state)]
        try:
            receipt = aid_chat.request_help_from_chat(chat.channel, chat.user_id, d, address=chat.user_id,
                                                      client=clients.chat_client(chat.session_key))
        except ratelimit.RateLimited as exc:
            return state, ([Reply(exc.chat_message_th, NAV)] if exc.first else [])  # once a window
        except aid_chat.ChatInvalid as exc:
            return state, [Reply(f"ส่งคำขอไม่สำเร็จ: {exc.message_th}", NAV)]
        return fresh(), [Reply("ได้รับคำขอความช่วยเหลือแล้ว ผู้ประสานงานจะติดต่อกลับ\nรหัสติดตาม (แสดงครั้งเดียว):"),
                         Reply(receipt), Reply("ใช้รหัสนี้ที่ \"ติดตามเรื่อง\" เพื่อดูสถานะ", menu())]
    return state, [prompt(chat, state)]


CONFIRM_FAILED = "confirm_failed"
# What a volunteer may type after "งาน <number>" (Thai and English), for each move of a task.
TASK_WORDS: dict[str, set[str]] = {
    "accepted": {"รับ", "รับงาน", "ตกลง", "accept", "ok"},
    "decline": {"ไม่รับ", "ไม่รับงาน", "ปฏิเสธ", "ปฏิเสธงาน", "decline", "no"},
    "en_route": {"กำลังไป", "กำลังเดินทาง", "เดินทาง", "ออกเดินทาง", "on my way", "en route"},
    "fulfilled": {"เสร็จ", "เสร็จแล้ว", "ช่วยเสร็จแล้ว", "ช่วยเหลือเสร็จแล้ว", "done"},
    "failed": {"ไม่สำเร็จ", "ช่วยไม่สำเร็จ", "ช่วยเหลือไม่สำเร็จ", "failed"},
    # the answer to the question "could not help" asks first (actions.update_task)
    CONFIRM_FAILED: {aid_chat.FAILED_CONFIRM_WORD, "ยืนยันช่วยไม่สำเร็จ", "confirm failed"},
}
_TASK = re.compile(r"^(?:งาน|task)\s*#?\s*([0-9๐-๙]+)\s*(.+)$", re.IGNORECASE)


def task_buttons(chat: Chat, task_id: int) -> list[tuple[str, str]]:
    """A button per move the task allows now ("รับงาน", "ไม่รับ", …), as postbacks task=<id>:<move>."""
    return [(f"#{task_id} {label}"[:20], f"task={task_id}:{move}")
            for label, move in aid_chat.task_actions(chat.channel, chat.user_id, task_id)]


def tasks(chat: Chat) -> Result:
    text = aid_chat.volunteer_tasks_text(chat.channel, chat.user_id)
    ids = [int(m) for m in re.findall(r"^#(\d+) ", text, re.MULTILINE)]
    buttons = [b for task_id in ids[:4] for b in task_buttons(chat, task_id)]
    return fresh(), [Reply(text, buttons[:12] or menu())]


def _update(chat: Chat, task_id: int, move: str) -> Result:
    confirmed = move == CONFIRM_FAILED
    new_state = "failed" if confirmed else move
    text = aid_chat.update_task_from_chat(chat.channel, chat.user_id, task_id, new_state, confirmed=confirmed)
    if new_state == "failed" and text == aid_chat.failed_question(task_id):
        # "Could not help" closes the task: asked first, as the web page does (a mistaken tap in a
        # user trial left a household without help). Not closing is the other button.
        return fresh(), [Reply(text, [(f"#{task_id} {aid_chat.FAILED_CONFIRM_WORD}"[:20], f"task={task_id}:{CONFIRM_FAILED}"),
                                      ("ยังไม่ปิดงาน", P_TASKS)])]
    buttons = task_buttons(chat, task_id)
    return fresh(), [Reply(text, buttons or menu())]


CHECKIN_WORDS = {"ยังต้องการ": True, "ยังต้องการความช่วยเหลือ": True, "still need help": True,
                 "ไม่ต้องการแล้ว": False, "ไม่ต้องการ": False, "no longer needed": False}


def _checkin(chat: Chat, still_needs: bool) -> Result | None:
    """The answer to "do you still need help?" (``actions.answer_checkin``), for this chat's requests."""
    if not actions.answer_checkin_from_chat(chat.channel, chat.user_id, still_needs):
        return None
    return done("ขอบคุณ คำขอของคุณยังอยู่ในคิว อาสาสมัครจะติดต่อไป" if still_needs
                else "ขอบคุณที่แจ้ง เราปิดคำขอแล้ว เพื่อให้อาสาสมัครไปช่วยคนที่ยังรออยู่")


CANCEL_CONFIRM_WORD = "ยืนยันยกเลิก"


def _ask_cancel(chat: Chat) -> Result | None:
    """One tap must not cancel an urgent request: "no longer needed" asks to confirm first."""
    if not actions.checkins_awaiting_chat(chat.channel, chat.user_id).exists():
        return None
    return fresh(), [Reply("ยืนยันยกเลิกคำขอ? ถ้ายกเลิก อาสาสมัครจะไม่ไปหาคุณ",
                           [(CANCEL_CONFIRM_WORD, "checkin=cancel"), ("ไม่ยกเลิก ยังต้องการ", "checkin=yes")])]


def command(chat: Chat, state: State, msg: Incoming) -> Result | None:
    """"เชื่อมบัญชี 123456" (link a volunteer), "งาน 12 รับ" / "งาน 12 เสร็จ" (update a task), the
    task buttons (task=12:accepted) and the still-need-help answers, at any step."""
    if msg.kind == "postback" and msg.data in ("checkin=yes", "checkin=cancel"):
        return _checkin(chat, msg.data == "checkin=yes") or done("ไม่มีคำขอที่รอคำตอบนี้แล้ว")
    if msg.kind == "postback" and msg.data == "checkin=no":
        return _ask_cancel(chat) or done("ไม่มีคำขอที่รอคำตอบนี้แล้ว")
    if msg.kind == "text" and msg.text.strip() == CANCEL_CONFIRM_WORD:
        found = _checkin(chat, False)
        if found is not None:
            return found
    if msg.kind == "text" and msg.text.strip().lower() in CHECKIN_WORDS:
        still = CHECKIN_WORDS[msg.text.strip().lower()]
        found = _checkin(chat, True) if still else _ask_cancel(chat)
        if found is not None:
            return found
    if msg.kind == "postback" and msg.data.startswith("task="):
        number, _, move = msg.data[5:].partition(":")
        task_id = typed_number(number)  # a forged postback "task=²:…" must not crash the step
        if task_id is not None and move in TASK_WORDS:
            return _update(chat, task_id, move)
        return None
    if msg.kind != "text":
        return None
    words = msg.text.strip().split()
    if len(words) == 2 and words[0] in ("เชื่อมบัญชี", "link") and words[1].isdigit():
        return done(aid_chat.link_volunteer(chat.channel, chat.user_id, words[1], address=chat.user_id))
    m = _TASK.match(msg.text.strip())
    if m is None:
        return None
    task_id = int(m.group(1).translate(_THAI_DIGITS))
    wanted = " ".join(m.group(2).lower().split())
    for move, words_ in TASK_WORDS.items():
        if wanted in words_:
            return _update(chat, task_id, move)
    return fresh(), [Reply(f"ไม่เข้าใจคำสั่งงาน #{task_id} พิมพ์ เช่น \"งาน {task_id} รับ\", \"งาน {task_id} ไม่รับ\", "
                           f"\"งาน {task_id} กำลังไป\" หรือ \"งาน {task_id} เสร็จ\" หรือกดปุ่ม",
                           task_buttons(chat, task_id) or menu())]


_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


# --- SMS: the same commands, one message each -------------------------------------------------------

def sms_task(chat: Chat, rest: str) -> str:
    """"งาน 12 รับ" / "task 12 done"; "งาน" or "งานของฉัน" alone lists the tasks."""
    rest = rest.strip()
    if not rest or rest.startswith("ของฉัน") or rest.lower() in ("my tasks", "list"):
        if actions.volunteer_for_chat(chat.channel, chat.user_id) is None:
            return "พลัง: เบอร์นี้ยังไม่ได้เชื่อมกับอาสาสมัคร ส่ง เชื่อมบัญชี <รหัส6หลัก>"
        return "พลัง: " + aid_chat.volunteer_tasks_text(chat.channel, chat.user_id)
    result = command(chat, fresh(), Incoming("text", text=f"งาน {rest}"))
    return "พลัง: " + (result[1][0].text if result else aid_chat.volunteer_tasks_text(chat.channel, chat.user_id))


def sms_link(chat: Chat, rest: str) -> str:
    return "พลัง: " + aid_chat.link_volunteer(chat.channel, chat.user_id, rest, address=chat.user_id)


def sms_help_request(chat: Chat, rest: str) -> str | list[str]:
    """"ขอความช่วยเหลือ <ความช่วยเหลือ> <จำนวนคน> <ที่อยู่>": filed at once, then the kit's yes/no
    questions one SMS each (``sms_triage``); a coordinator calls back for anything else."""
    words = rest.split()
    need = aid_chat.need_in_text(words[0]) if words else None
    people = typed_number(words[1], maximum=500) if len(words) >= 3 else None
    if need is None or people is None or people < 1:
        return ["พลัง: ส่ง ขอความช่วยเหลือ <ต้องการอะไร> <จำนวนคน> <ตำบล อำเภอ จังหวัด>",
                _fit("ต้องการอะไร เช่น", aid_chat.need_words())]
    try:
        receipt = aid_chat.request_help_from_chat(chat.channel, chat.user_id, {
            "need": need, "people": people, "place_text": " ".join(words[2:])[:200],
            "address": " ".join(words[2:])[:500], "phone": chat.user_id, "consent": False}, address=chat.user_id,
            client=clients.chat_client(chat.session_key))
    except ratelimit.RateLimited as exc:
        return [f"พลัง: {exc.chat_message_th}"] if exc.first else []  # one SMS a window, then silence
    except aid_chat.ChatInvalid as exc:
        if exc.field in SMS_PLACE_FIELDS:
            # The form's words ask for a pin; an SMS has no map: say what to type instead.
            return list(SMS_PLACE_REFUSAL)
        return f"พลัง: ส่งคำขอไม่สำเร็จ {exc.message_th}"
    filed = f"พลัง: ได้รับคำขอแล้ว รหัส {receipt} จะมีคนโทรกลับ"
    waiting = aid_chat.awaiting_answers(chat.channel, chat.user_id)
    return [filed, _sms_question(waiting[1])] if waiting else filed


SMS_PLACE_FIELDS = ("place", "address", "lat")
SMS_PLACE_REFUSAL = ("พลัง: ไม่พบที่อยู่นี้ ส่งใหม่ให้มี ตำบล อำเภอ จังหวัด",
                     "เช่น ขอความช่วยเหลือ อาหาร 3 ต.ป่าแดด อ.เมืองเชียงใหม่ จ.เชียงใหม่")


def _fit(head: str, words: list[str], limit: int = 70) -> str:
    """``head`` and as many whole words as one Thai SMS holds."""
    text = head
    for word in words:
        if len(text) + 1 + len(word) > limit:
            break
        text += " " + word
    return text


def _sms_question(question: Any) -> str:
    """The kit's question in one SMS (70 Thai characters): without its examples in brackets."""
    text = re.sub(r"\s*\([^)]*\)", "", question.text_th).removesuffix("หรือไม่").strip()
    if question.kind == "number":
        return f"พลัง: {text}? ตอบเป็นตัวเลข หรือ ข้าม"
    return f"พลัง: {text}? ตอบ ใช่/ไม่"


SMS_TRIAGE_WORDS = {"ใช่": True, "มี": True, "yes": True, "y": True, "ไม่": False, "ไม่ใช่": False, "ไม่มี": False,
                    "no": False, "n": False}
SMS_SKIP_WORDS = ("ข้าม", "skip")
# A number question (SpO2 in %) is answered with the number, in Arabic or Thai digits, "%" or not.
# SMS commands are words, so each number up to SMS_NUMBER_MAX is one; out of range is answered.
SMS_NUMBER_MAX = 199
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def sms_triage(chat: Chat, word: str, rest: str) -> str | None:
    """ใช่/ไม่, a number or ข้าม by SMS: the answer to the kit question last asked of this number
    (None: no question waits, so the word is not for us)."""
    if rest.strip() not in ("", "ครับ", "ค่ะ", "คะ", "จ้า"):
        return None
    waiting = aid_chat.awaiting_answers(chat.channel, chat.user_id)
    if waiting is None:
        return None
    req, question = waiting
    value: bool | float | None
    if word in SMS_SKIP_WORDS:
        value = None
    elif word in SMS_TRIAGE_WORDS:
        if question.kind != "yes_no":
            return _sms_question(question)  # ใช่ where a number is asked: ask again
        value = SMS_TRIAGE_WORDS[word]
    else:
        if question.kind != "number":
            return _sms_question(question)  # a number where ใช่/ไม่ is asked
        value = float(word.translate(THAI_DIGITS).rstrip("%"))
    try:
        actions.answer_triage_question(req, question.key, value, channel=chat.channel)
    except actions.AidInvalid as exc:
        return "พลัง: " + next(iter(exc.errors.values()))[0]
    after = aid_chat.awaiting_answers(chat.channel, chat.user_id)
    if after is not None:
        return _sms_question(after[1])
    return "พลัง: ขอบคุณ ได้รับคำตอบครบแล้ว ผู้ประสานงานจะโทรกลับ"


def _sms_triage_for(word: str) -> sms.SmsHandler:
    return lambda chat, rest: sms_triage(chat, word, rest)


def receipt_status(chat: Chat, receipt: str) -> Result | None:
    """A help request's receipt typed where a report's is asked: its status (coordinators add information)."""
    text = aid_chat.help_status_text(receipt)
    return done(text) if text else None


def register_flows() -> None:
    register(Flow(
        name="aid", steps=STEPS, keywords=KEYWORDS, handle=handle, prompt=prompt, command=command,
        has_draft=lambda state: bool((state.get("draft") or {}).get("need")),
        starts={P_AID: start, P_TASKS: tasks},
        menu=[(30, "ขอความช่วยเหลือ", P_AID)], rich_menu=[(35, "งานอาสา", P_TASKS)],
        help=[(30, "• ขอความช่วยเหลือ: เลือกสิ่งที่ต้องการ บอกที่อยู่ ตอบคำถามสั้น ๆ แล้วรับรหัสติดตาม"),
              (70, "• อาสาสมัคร: พิมพ์ \"งานของฉัน\" หรือ \"เชื่อมบัญชี <รหัส 6 หลัก>\"")]))
    register_receipt_lookup("aid", receipt_status)
    sms.register(sms.SmsCommand("aid", ("ขอความช่วยเหลือ", "help me"), sms_help_request,
                                "\"ขอความช่วยเหลือ <อาหาร/ยา/...> <จำนวนคน> <ที่อยู่>\"", 40))
    for word in (*SMS_TRIAGE_WORDS, *SMS_SKIP_WORDS):  # after the fix question (watch, order 5), before opt-in "yes"
        sms.register(sms.SmsCommand(f"triage:{word}", (word,), _sms_triage_for(word), order=6))
    for n in range(SMS_NUMBER_MAX + 1):
        arabic, thai = str(n), str(n).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
        sms.register(sms.SmsCommand(f"triage:{n}", (arabic, thai, arabic + "%", thai + "%"),
                                    _sms_triage_for(arabic), order=6))
    sms.register(sms.SmsCommand("task", ("งาน", "งานของฉัน", "task", "my tasks"), sms_task,
                                "อาสา: \"งาน <เลข> รับ/ไม่รับ/เสร็จ\"", 70))
    sms.register(sms.SmsCommand("link", ("เชื่อมบัญชี", "link"), sms_link))
