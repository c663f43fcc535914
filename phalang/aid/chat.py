"""Plain functions the LINE/Telegram dialog (aid/flows.py in phalang.chat) calls for
"ขอความช่วยเหลือ" (ask for help) and for volunteers' tasks. No business rule lives in the
channel: everything goes through ``phalang.aid.actions``.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation

from phalang.aid import actions, kits
from phalang.aid.models import HelpRequest, Need, State

# The dialog's steps, in order: need -> people/vulnerable -> triage questions -> place -> phone -> consent.
NEEDS: list[tuple[str, str]] = [
    (Need.FOOD, "อาหาร"),
    (Need.MEDICINE, "ยา"),
    (Need.MEDICAL_TRANSPORT, "รถไปโรงพยาบาล"),
    (Need.BED, "เตียง/ที่แยกกักตัว"),
    (Need.OXYGEN, "ออกซิเจน"),
    (Need.SUPPLIES, "ของใช้จำเป็น"),
    (Need.CASH, "เงินช่วยเหลือ"),
    (Need.OTHER, "อื่นๆ"),
]
VULNERABLE: list[tuple[str, str]] = [("elderly", "ผู้สูงอายุ"), ("children", "เด็ก"), ("disability", "ผู้พิการ")]
# (key, Thai question, "yes_no" or "number"): the default kit's, for a flow that does not yet pass
# the need. A flow should call ``questions_for(need, ...)``: the group's kit, that need only.
TRIAGE_QUESTIONS: list[tuple[str, str, str]] = [(q.key, q.text_th, q.kind)
                                                for q in kits.get(kits.DEFAULT_KIT).questions_for()]
ADDRESS_QUESTION = kits.ADDRESS_QUESTION.text_th


def questions_for(need: str, place_text: str = "", lat: float | None = None,
                  lon: float | None = None) -> list[tuple[str, str, str]]:
    """What to ask after the need, in order: the kit's triage questions for this need, then the
    address ("text"; a shared location answers it too). The kit is that of the group the place
    routes to, so the chat asks what the form asks."""
    org = None
    if place_text or lat is not None:
        from phalang.places.lookup import nearest_subdistrict, resolve_address

        place = resolve_address(place_text[:200]) if place_text else None
        province = place.province if place else None
        if province is None and lat is not None and lon is not None:
            near = nearest_subdistrict(lat, lon)
            province = near.subdistrict.district.province if near else None
        org = actions.route_organisation(province)
    return [(q.key, q.text_th, q.kind) for q in actions.intake_questions(need, org)]


def needs_for(place_text: str = "") -> list[tuple[str, str]]:
    """The needs the kit in force offers, with Thai labels, for quick replies."""
    with translation.override("th"):
        return [(n, str(Need(n).label)) for n in actions.kit_for(None).needs]


def need_in_text(text: str) -> str | None:
    """The need a typed word names, through the kit in force's words ("น้ำดื่ม", "เรือ", "boat")."""
    found = actions.kit_for(None).needs_in_text(text)
    return found[0] if found else None


def need_words() -> list[str]:
    """For each need the kit in force offers, the shortest Thai word that names it (for SMS)."""
    words = actions.kit_for(None).all_synonyms()
    out = []
    for need in actions.kit_for(None).needs:
        thai = [w for w, n in words.items() if n == need and any("\u0e00" <= c <= "\u0e7f" for c in w)]
        if thai:
            out.append(min(thai, key=len))
    return out


def short_label(need: str, label: str, limit: int = 20) -> str:
    """The longest of the kit's Thai words for ``need`` that fits a button (``label`` cut otherwise)."""
    words = [w for w, n in actions.kit_for(None).all_synonyms().items()
             if n == need and len(w) <= limit and any("\u0e00" <= c <= "\u0e7f" for c in w)]
    return max(words, key=len) if words else label[:limit]


def awaiting_answers(channel: str, user_id: str) -> tuple[HelpRequest, Any] | None:
    """This chat's (or number's) latest request of the last day that still has a kit question
    to answer, with that question (``actions.next_triage_question``)."""
    from datetime import timedelta

    from django.utils import timezone

    from phalang.lib.crypto import keyed_hash

    recent = (HelpRequest.objects.filter(channel=channel, state=State.NEW,
                                         channel_user_hash=keyed_hash("channel", f"{channel}:{user_id}"),
                                         created_at__gte=timezone.now() - timedelta(days=1))
              .order_by("-created_at", "-pk").first())
    if recent is None:
        return None
    question = actions.next_triage_question(recent)
    return (recent, question) if question is not None else None


CONSENT_QUESTION = "ยินยอมให้อาสาสมัครที่รับงานเห็นเบอร์โทรและที่อยู่ของคุณ เพื่อเดินทางไปช่วยเหลือหรือไม่"
VOLUNTEER_STATES: dict[str, str] = {
    State.ACCEPTED: "รับงาน", "decline": "ปฏิเสธงาน", State.EN_ROUTE: "กำลังเดินทาง",
    State.FULFILLED: "ช่วยเหลือเสร็จแล้ว", State.FAILED: "ช่วยเหลือไม่สำเร็จ",
}


class ChatInvalid(ValueError):
    """The draft is incomplete or wrong; ``message_th`` says what to ask again, ``field`` which step."""

    def __init__(self, field: str, message_th: str) -> None:
        super().__init__(message_th)
        self.field, self.message_th = field, message_th


def request_help_from_chat(channel: str, user_id: str, draft: dict[str, Any], address: str = "",
                           client: str = "") -> str:
    """File a help request from a finished dialog and return its receipt.

    ``draft`` keys: need, people, elderly/children/disability (bool), answers (triage key ->
    value), place_text or lat+lon, name, phone, address, details, consent (bool). ``address``
    is where replies go (LINE user id or Telegram chat id; default ``user_id``). ``client``: the
    sender for the per-client limit (lib/clients.chat_client); ratelimit.RateLimited when over.
    """
    try:
        _req, receipt = actions.file_help_request(actions.NewHelpRequest(
            need=str(draft.get("need", "")), details=str(draft.get("details", "")),
            people=int(draft.get("people") or 1), elderly=bool(draft.get("elderly")),
            children=bool(draft.get("children")), disability=bool(draft.get("disability")),
            answers=dict(draft.get("answers") or {}), place_text=str(draft.get("place_text", "")),
            lat=draft.get("lat"), lon=draft.get("lon"), name=str(draft.get("name", "")),
            phone=str(draft.get("phone", "")), address=str(draft.get("address", "")),
            consent_share=bool(draft.get("consent")), channel=channel, channel_user_id=user_id,
            reply_address=address or user_id), client=client)
    except actions.AidInvalid as exc:
        key, (th, _en) = next(iter(exc.errors.items()))
        raise ChatInvalid(key, th) from exc
    return receipt


@translation.override("th")
def help_status_text(receipt: str) -> str | None:
    """The status of a request by receipt, or None if no request has it."""
    req = actions.find_by_receipt(receipt)
    if req is None:
        return None
    view = actions.status_view(req)
    return f"สถานะ: {view['state_label']}\nความช่วยเหลือ: {view['need_label']}\nพื้นที่: {view['area']}"


@translation.override("th")
def my_requests_text(channel: str, user_id: str) -> str:
    from phalang.lib.crypto import keyed_hash

    mine = HelpRequest.objects.filter(channel_user_hash=keyed_hash("channel", f"{channel}:{user_id}"))[:5]
    if not mine:
        return "ยังไม่มีคำขอความช่วยเหลือจากบัญชีนี้"
    return "\n".join(["คำขอของคุณ:"] + [f"• {Need(r.need).label}: {State(r.state).label}" for r in mine])


def link_volunteer(channel: str, user_id: str, code: str, address: str = "") -> str:
    """A volunteer types the 6-digit code from the web page "my tasks" to get tasks here."""
    vol = actions.link_volunteer_chat(channel, user_id, address, code)
    if vol is None:
        return "รหัสไม่ถูกต้องหรือหมดอายุ ขอรหัสใหม่ได้ที่หน้า งานของฉัน บนเว็บ"
    return "เชื่อมบัญชีอาสาสมัครเรียบร้อย คุณจะได้รับแจ้งงานใหม่ที่นี่ พิมพ์ \"งานของฉัน\" เพื่อดูงาน"


@translation.override("th")
def volunteer_tasks_text(channel: str, user_id: str) -> str:
    """The volunteer's open tasks; contact details only where the requester consented."""
    vol = actions.volunteer_for_chat(channel, user_id)
    if vol is None:
        return ("บัญชีนี้ยังไม่ได้เชื่อมกับอาสาสมัคร พิมพ์ \"เชื่อมบัญชี <รหัส 6 หลัก>\" "
                "(รหัสอยู่ที่หน้า งานของฉัน บนเว็บ)")
    tasks = list(vol.tasks.filter(state__in=[State.MATCHED, State.ACCEPTED, State.EN_ROUTE])
                 .select_related("subdistrict", "district", "province"))
    if not tasks:
        return "ตอนนี้ยังไม่มีงานของคุณ"
    lines = ["งานของคุณ:"]
    for t in tasks:
        # Until accepted: area, need and distance only (actions.task_view decides).
        view = actions.task_view(t, vol)
        far = f" (ห่าง {view['distance_km']} กม.)" if view["distance_km"] is not None else ""
        lines.append(f"#{t.pk} {view['need_th']} ที่ {t.area}{far} - {State(t.state).label}")
        if "contact" in view:
            c = view["contact"]
            lines.append(f"   {t.people} คน ความเร่งด่วน {t.urgency}")
            lines.append(f"   ติดต่อ: {c['name']} {c['phone']} {c['address']}".rstrip())
    first = tasks[0].pk
    lines.append(f"อัปเดตงาน: กดปุ่ม หรือพิมพ์ เช่น \"งาน {first} รับ\" · \"งาน {first} ไม่รับ\" · "
                 f"\"งาน {first} กำลังไป\" · \"งาน {first} เสร็จ\"")
    return "\n".join(lines)


def task_actions(channel: str, user_id: str, task_id: int) -> list[tuple[str, str]]:
    """Quick-reply buttons (label, new_state) for the moves the task allows now."""
    vol = actions.volunteer_for_chat(channel, user_id)
    task = vol.tasks.filter(pk=task_id).first() if vol else None
    if task is None:
        return []
    moves = actions.VOLUNTEER_MOVES.get(State(task.state), set())
    return [(label, key) for key, label in VOLUNTEER_STATES.items() if key in moves]


FAILED_CONFIRM_WORD = "ยืนยันไม่สำเร็จ"


def failed_question(task_id: int) -> str:
    """Asked before "could not help" closes a task (one SMS with "พลัง: " in front)."""
    return f"ยืนยันว่าช่วยงาน #{task_id} ไม่สำเร็จ? ตอบ งาน {task_id} {FAILED_CONFIRM_WORD}"


def update_task_from_chat(channel: str, user_id: str, task_id: int, new_state: str, *,
                          confirmed: bool = False) -> str:
    """Accept, decline, en route, fulfilled or failed, from the chat. Returns the reply text:
    for "could not help" not yet ``confirmed``, the question (``actions.update_task`` asks it)."""
    vol = actions.volunteer_for_chat(channel, user_id)
    if vol is None:
        return "บัญชีนี้ยังไม่ได้เชื่อมกับอาสาสมัคร"
    task = vol.tasks.filter(pk=task_id).first()
    if task is None:
        return f"ไม่พบงาน #{task_id} ของคุณ"
    try:
        actions.update_task(task, new_state, by=vol.user, confirmed=confirmed)
    except actions.ConfirmFirst:
        return failed_question(task_id)
    except actions.AidInvalid:
        return f"เปลี่ยนสถานะงาน #{task_id} เป็น \"{VOLUNTEER_STATES.get(new_state, new_state)}\" ไม่ได้"
    return f"บันทึกแล้ว: งาน #{task_id} {VOLUNTEER_STATES.get(new_state, new_state)}"


__all__ = [
    "ADDRESS_QUESTION",
    "CONSENT_QUESTION",
    "FAILED_CONFIRM_WORD",
    "NEEDS",
    "TRIAGE_QUESTIONS",
    "VOLUNTEER_STATES",
    "VULNERABLE",
    "ChatInvalid",
    "failed_question",
    "help_status_text",
    "link_volunteer",
    "my_requests_text",
    "needs_for",
    "questions_for",
    "request_help_from_chat",
    "task_actions",
    "update_task_from_chat",
    "volunteer_tasks_text",
]
