"""Every change of state in mutual aid goes through here: validated, written, audited, and the
requester (and the volunteer) told on their channel, in one transaction.

Audit entries hold ids and codes only, never a name, phone, address or chat id.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from phalang.aid import kits, triage
from phalang.aid.models import (
    CLOSED_STATES,
    HELD_STATES,
    Channel,
    Claim,
    DeliveryRun,
    Exclusion,
    HelpRequest,
    Hub,
    Item,
    KitChoice,
    Need,
    Skill,
    State,
    Stock,
    StockMovement,
    Suggestion,
    VehicleKind,
    VolunteerProfile,
)
from phalang.audit.log import record
from phalang.engines import matching
from phalang.lib import phone as phones
from phalang.lib import ratelimit
from phalang.lib.crypto import decrypt, encrypt, keyed_hash
from phalang.lib.errors import FieldErrors
from phalang.lib.numbers import small_int
from phalang.messaging import cards, notify
from phalang.orgs.models import Organisation
from phalang.places.lookup import (
    complete_place,
    nearest_subdistrict,
    resolve_to_subdistrict,
)
from phalang.places.models import District, Province, Subdistrict
from phalang.watch import receipts

SUGGESTION_MINUTES = 20  # the default
CLAIM_MINUTES = 30  # a claim's lock: long enough to read the task and set off
DUPLICATE_WINDOW = timedelta(hours=72)  # one crisis wave; older requests are new needs
MAX_DETAILS = 2000


class AidInvalid(FieldErrors):
    """A help request's or volunteer's fields are invalid (Thai and English messages per field)."""



SMS_CHARS = 70  # one Thai SMS (UCS-2)

def _require(by: Any, perm: str, obj: Any) -> None:
    if by is not None and not by.has_perm(perm, obj):
        raise PermissionDenied(perm)


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


# --- notifications ---------------------------------------------------------------------------

STATE_TEXT = {
    State.TRIAGED: "คำขอความช่วยเหลือของคุณได้รับการคัดกรองแล้ว กำลังหาอาสาสมัครให้",
    State.MATCHED: "มีอาสาสมัครในพื้นที่พร้อมช่วยเหลือคุณแล้ว กำลังรอยืนยัน",
    State.ACCEPTED: "อาสาสมัครรับเรื่องของคุณแล้ว และจะติดต่อไปเร็วๆ นี้",
    State.EN_ROUTE: "อาสาสมัครกำลังเดินทางไปหาคุณ",
    State.FULFILLED: "อาสาสมัครแจ้งว่าช่วยเหลือเรียบร้อยแล้ว ขอให้ปลอดภัยนะคะ",
    State.FAILED: "ขออภัย ครั้งนี้ยังช่วยเหลือไม่สำเร็จ ผู้ประสานงานจะติดต่อกลับ",
    State.CANCELLED: "คำขอความช่วยเหลือของคุณถูกยกเลิกแล้ว",
}


def _tell_requester(req: HelpRequest, event: str, text: str) -> None:
    notify.notify(req.channel, text, address_enc=req.reply_address_enc, key=notify.key("aid", req.pk, event))


def _tell_volunteer(vol: VolunteerProfile, event: str, text: str, quick: list[tuple[str, str]] | None = None,
                    card: dict[str, Any] | None = None) -> None:
    notify.notify(vol.chat_channel, text, address_enc=vol.chat_address_enc, key=notify.key("aid-vol", vol.pk, event),
                  quick=quick or (), card=card)


def _set_state(req: HelpRequest, state: str, *, by: Any, now: datetime, note: str = "",
               data: dict[str, Any] | None = None) -> None:
    before = req.state
    req.state = state
    fields = ["state"]
    if req.first_response_at is None and state != State.NEW:
        req.first_response_at = now
        fields.append("first_response_at")
    if state in CLOSED_STATES:
        req.closed_at = now
        fields.append("closed_at")
    if note:
        req.outcome_note = note[:300]
        fields.append("outcome_note")
    req.save(update_fields=fields)
    record(f"aid.request.{state}", actor=by, target=req,
           data={"from": before, "to": state, **(data or {})})
    if state in STATE_TEXT:
        _tell_requester(req, f"{state}:{now.isoformat()}", STATE_TEXT[State(state)])


# --- crisis kits ------------------------------------------------------------------------------

def kit_for(org: Organisation | None) -> kits.Kit:
    """The kit a group works with now (with its own words), else the one most recently chosen."""
    choice = (KitChoice.objects.filter(organisation=org).first() if org is not None else None) or \
        KitChoice.objects.order_by("-updated_at").first()
    if choice is None:
        return kits.get(settings.PHALANG.get("AID_KIT", kits.DEFAULT_KIT))  # type: ignore[arg-type]
    return kits.get(choice.kit, choice.extra_words, needs=choice.needs or None, vehicles=choice.vehicles or None,
                    questions=choice.questions or None)


@transaction.atomic
def set_kit(org: Organisation, kit: str, *, by: Any, extra_words: dict[str, str] | None = None,
            needs: list[str] | None = None, vehicles: list[str] | None = None,
            questions: list[str] | None = None) -> KitChoice:
    """A coordinator picks the crisis kit for their group, and may change what it offers and asks.

    ``needs``, ``vehicles`` and ``questions`` replace the kit's own (None keeps them); the words
    people write for needs may name only needs the group offers. Every question key keeps its
    meaning (triage.py), and every kit still asks for an address or a location.
    """
    _require(by, "aid.coordinate", org)
    if kit not in kits.KITS:
        raise AidInvalid({"kit": ("ไม่พบชุดรับมือภัยนี้", "Unknown crisis kit.")})
    errors: dict[str, tuple[str, str]] = {}
    known = {"needs": {n.value for n in Need}, "vehicles": {v.value for v in VehicleKind},
             "questions": set(kits.QUESTIONS)}
    chosen = {"needs": needs, "vehicles": vehicles, "questions": questions}
    for name, values in chosen.items():
        unknown = sorted(set(values or []) - known[name])
        if unknown:
            errors[name] = (f"ไม่รู้จัก: {', '.join(unknown)}", f"Unknown: {', '.join(unknown)}.")
    if needs is not None and not needs:
        errors["needs"] = ("เลือกความต้องการอย่างน้อยหนึ่งอย่าง", "Choose at least one need.")
    if vehicles is not None and not vehicles:
        errors["vehicles"] = ("เลือกพาหนะอย่างน้อยหนึ่งอย่าง", "Choose at least one vehicle.")
    if errors:
        raise AidInvalid(errors)
    base = kits.KITS[kit]
    custom = base.customised(needs=needs, vehicles=vehicles, questions=questions)
    words = {str(k).strip().lower(): str(v) for k, v in (extra_words or {}).items() if str(k).strip()}
    bad = sorted(v for v in words.values() if v not in custom.needs)
    if bad:
        raise AidInvalid({"extra_words": (f"ความต้องการ {', '.join(bad)} ไม่อยู่ในชุดนี้",
                                          f"Needs not in this kit: {', '.join(bad)}.")})
    # Store a selection only where it differs from the kit's own.
    selection = {name: list(getattr(custom, name)) if getattr(custom, name) != getattr(base, name) else []
                 for name in ("needs", "vehicles", "questions")}
    before = KitChoice.objects.filter(organisation=org).first()
    choice, _ = KitChoice.objects.update_or_create(organisation=org,
                                                   defaults={"kit": kit, "extra_words": words, **selection})
    record("aid.kit.set", actor=by, target=org, data={
        "kit": kit, "from_kit": before.kit if before else "", "words": len(words),
        **{name: list(getattr(custom, name)) for name in ("needs", "vehicles", "questions")}})
    return choice


def intake_questions(need: str = "", org: Organisation | None = None) -> list[Any]:
    """What every channel asks for this need: the kit's triage questions, then where to go.

    The chat flow and the forms both call this, so a food request in a flood asks about water
    and food, not oxygen, and every request asks for an address or a location.
    """
    return [*kit_for(org).questions_for(need), kits.ADDRESS_QUESTION]


def next_triage_question(req: HelpRequest) -> kits.Question | None:
    """The next of its kit's questions (yes/no or a number) a request filed without them (by SMS:
    one message, no dialog) has not answered or skipped yet; None when all are answered or the
    request has moved on."""
    if req.state != State.NEW:
        return None
    answered = set((req.triage or {}).get("answers", {}))
    return next((q for q in kits.get(req.kit or kits.DEFAULT_KIT).questions_for(req.need)
                 if q.key not in answered), None)


@transaction.atomic
def answer_triage_question(req: HelpRequest, key: str, value: bool | float | None, *,
                           channel: str) -> HelpRequest:
    """The requester answers one of the kit's questions after filing (None: skipped, e.g. nobody
    measured the SpO2): the answer is kept and the computed urgency follows it (a coordinator's own
    tier stands). A number outside the question's range is refused, nothing saved."""
    req = HelpRequest.objects.select_for_update().get(pk=req.pk)
    if req.state != State.NEW:
        raise AidInvalid({"state": ("คำขอนี้คัดกรองแล้ว", "This request was already triaged.")})
    question = {q.key: q for q in kits.get(req.kit or kits.DEFAULT_KIT).questions_for(req.need)}.get(key)
    if question is None:
        raise AidInvalid({"answers": ("ไม่มีคำถามนี้สำหรับคำขอนี้", "No such question for this request.")})
    answer: bool | int | None
    if value is None:
        answer = None
    elif question.kind == "number":
        low, high = question.low, question.high
        if isinstance(value, bool) or not low <= float(value) <= high:
            raise AidInvalid({key: (f"กรุณาตอบเป็นตัวเลข {low} ถึง {high}", f"Answer with a number from {low} to {high}.")})
        answer = int(float(value))
    else:
        answer = bool(value)
    triage_data = dict(req.triage or {})
    answers = {**triage_data.get("answers", {}), key: answer}
    computed, reasons = triage.urgency(answers, req.need, req.elderly or req.children or req.disability)
    req.triage = {**triage_data, "answers": answers, "reasons": reasons}
    fields = ["triage", "urgency_computed"]
    if req.urgency == req.urgency_computed:  # not overridden by a coordinator
        req.urgency, req.priority_at = computed, priority_at(req.created_at, computed)
        fields += ["urgency", "priority_at"]
    req.urgency_computed = computed
    req.save(update_fields=fields)
    # The log keeps no health reading (it is never purged): a yes/no, or whether a number was given.
    logged = answer if question.kind != "number" or answer is None else "given"
    record("aid.request.triage_answer", target=req, data={"key": key, "value": logged, "channel": channel,
                                                         "urgency": req.urgency})
    return req


def priority_at(created_at: datetime, tier: int) -> datetime:
    return created_at - timedelta(hours=triage.AGING_HOURS * tier)


def _name_words(name: str, *, both: bool) -> set[str]:
    """The words of a name, a title glued to the first word ("นางบัวผัน") taken off too."""
    out: set[str] = set()
    for w in name.replace(".", " ").lower().split():
        if w in NAME_TITLES:
            continue
        bare = next((w[len(t):] for t in NAME_PREFIXES if w.startswith(t) and len(w) - len(t) >= 2), w)
        out |= {w, bare} if both else {bare}
    return out


def name_tokens(name: str, *, query: bool = False) -> str:
    """Keyed hashes of each word of a name, for search without the name in clear.

    Stored with and without a glued title; a query is looked up by its bare words.
    """
    return " ".join(sorted({keyed_hash("contact", "name:" + w)[:16] for w in _name_words(name, both=not query)}))


NAME_TITLES = {"นาย", "นาง", "นางสาว", "น", "ส", "ด", "ช", "ญ", "คุณ", "ป้า", "ลุง", "ยาย", "ตา", "mr", "mrs",
               "ms", "miss", "ผญบ", "กำนัน"}
# Longest first: "นางสาว" before "นาง".
NAME_PREFIXES = ("นางสาว", "นาย", "นาง", "คุณ", "ป้า", "ลุง", "ยาย")


# --- filing a request ------------------------------------------------------------------------

@dataclass
class NewHelpRequest:
    """What any channel collects; ``file_help_request`` validates it."""

    need: str
    details: str = ""
    people: int = 1
    elderly: bool = False
    children: bool = False
    disability: bool = False
    answers: dict[str, Any] = field(default_factory=dict)
    province: str | int | None = None
    district: str | int | None = None
    subdistrict: str | int | None = None
    place_text: str = ""
    lat: float | None = None
    lon: float | None = None
    name: str = ""
    phone: str = ""
    address: str = ""
    consent_share: bool = False
    channel: str = Channel.WEB
    channel_user_id: str = ""
    reply_address: str = ""
    proxy_detail: str = ""
    organisation: str = ""  # a slug; empty: routed by province
    urgency: int | None = None  # set by a spreadsheet import; otherwise from the answers
    skills_required: list[str] = field(default_factory=list)
    vehicle_required: str = ""
    created_at: datetime | None = None
    is_demo: bool = False


# What a need usually takes, so the matcher only proposes volunteers who can do it.
NEED_DEFAULTS: dict[str, tuple[list[str], str]] = {
    Need.MEDICAL_TRANSPORT: ([Skill.DRIVER], VehicleKind.CAR),
    Need.BED: ([Skill.DRIVER], VehicleKind.CAR),
    Need.OXYGEN: ([], VehicleKind.MOTORCYCLE),
    Need.MEDICINE: ([], VehicleKind.MOTORCYCLE),
    Need.SUPPLIES: ([], VehicleKind.MOTORCYCLE),
}


def normalise_phone(text: str) -> str:
    return phones.normalise(text)  # +66 8x... and 08x... are the same number


def _address_key(text: str) -> str:
    return "".join((text or "").lower().split())


def _place(model: Any, value: str | int | None, **scope: Any) -> Any:
    if value in (None, ""):
        return None
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        pk = small_int(value)  # an id too large for the database is simply unknown
        return model.objects.filter(pk=pk, **scope).first() if pk is not None else None
    return model.objects.filter(name_th=str(value).strip(), **scope).first()


def route_organisation(province: Province | None, slug: str = "") -> Organisation | None:
    """The volunteer group that coordinates a request: named, else the one in its province."""
    groups = Organisation.objects.filter(kind="volunteer_group", verified=True)
    if slug:
        return groups.filter(slug=slug).first()
    if province is not None:
        local = groups.filter(province=province).order_by("pk").first()
        if local is not None:
            return local
    return groups.order_by("pk").first()


def _validate(data: NewHelpRequest) -> tuple[dict[str, Any], dict[str, tuple[str, str]]]:
    errors: dict[str, tuple[str, str]] = {}
    clean: dict[str, Any] = {}
    if data.need not in Need.values:
        errors["need"] = ("กรุณาเลือกความช่วยเหลือที่ต้องการ", "Choose what help is needed.")
    details = (data.details or "").strip()
    if len(details) > MAX_DETAILS:
        errors["details"] = (f"รายละเอียดยาวเกิน {MAX_DETAILS} ตัวอักษร", f"Details longer than {MAX_DETAILS}.")
    clean["details"] = details
    try:
        people = int(data.people)
    except (TypeError, ValueError):
        people = 0
    if not 1 <= people <= 500:
        errors["people"] = ("จำนวนคนต้องอยู่ระหว่าง 1 ถึง 500", "People must be between 1 and 500.")
    clean["people"] = people
    if data.channel not in Channel.values:
        errors["channel"] = ("ช่องทางไม่ถูกต้อง", "Unknown channel.")
    phone = normalise_phone(data.phone)
    if data.phone and not phones.valid(phone):
        errors["phone"] = ("เบอร์โทรศัพท์ไม่ถูกต้อง (9-10 หลัก)", "The phone number must have 9 or 10 digits.")
    clean["phone"] = phone
    spo2 = data.answers.get("spo2")
    if spo2 not in (None, "") and triage.spo2_value(spo2) is None:
        errors["spo2"] = ("ค่าออกซิเจนต้องเป็นตัวเลข 50-100", "SpO2 must be a number from 50 to 100.")

    province = _place(Province, data.province)
    if data.province not in (None, "") and province is None:
        errors["province"] = ("ไม่พบจังหวัดนี้", "Unknown province.")
    district = _place(District, data.district, **({"province": province} if province else {}))
    subdistrict = _place(Subdistrict, data.subdistrict, **({"district": district} if district else {}))
    if data.place_text.strip() and subdistrict is None:
        hint = f"{data.place_text} จ.{province.name_th}" if province else data.place_text
        place = resolve_to_subdistrict(hint.strip()[:200])
        if place is not None:
            province = place.province or province
            district, subdistrict = place.district or district, place.subdistrict
    lat, lon = data.lat, data.lon
    resolved, point_error = complete_place(province, district, subdistrict, lat, lon)
    if point_error:
        errors["lat"] = point_error
    province, district, subdistrict = resolved.province, resolved.district, resolved.subdistrict
    if subdistrict is None and lat is None and "lat" not in errors:
        # The matcher needs a point: a subdistrict's centre or a pin.
        errors["place"] = ("กรุณาระบุตำบล/อำเภอ หรือปักหมุดตำแหน่ง", "Give the subdistrict or a location pin.")
    clean.update(province=province, district=district, subdistrict=subdistrict, lat=lat, lon=lon)
    # A subdistrict alone is a search, not a visit: a volunteer must find the place, by an address
    # or a pin. Every form and chat asks for one (issue 15); only a coordinator's spreadsheet row
    # may give a phone instead, since the coordinator phones it for the address.
    if not (data.address.strip() or data.lat is not None) and "place" not in errors:
        if data.channel != Channel.CSV:
            errors["address"] = ("กรุณาให้ที่อยู่ หรือปักหมุดตำแหน่ง อย่างน้อยหนึ่งอย่าง เพื่อให้อาสาสมัครหาบ้านพบ",
                                 "Give the address or a location pin, so that a volunteer can find the place.")
        elif not phone:
            errors["address"] = ("กรุณาให้ที่อยู่ ตำแหน่ง หรือเบอร์โทรที่ติดต่อได้ อย่างน้อยหนึ่งอย่าง",
                                 "Give an address, a location or a phone number: at least one.")
    org = route_organisation(province, data.organisation)
    if org is None:
        errors["organisation"] = ("ยังไม่มีกลุ่มอาสาที่รับเรื่องในพื้นที่นี้", "No volunteer group takes requests here.")
    clean["organisation"] = org
    if data.urgency is not None and not 1 <= int(data.urgency) <= 4:
        errors["urgency"] = ("ระดับความเร่งด่วนต้องเป็น 1-4", "Urgency must be 1 to 4.")
    return clean, errors


def _duplicate(phone_hash: str, address_hash: str, now: datetime) -> HelpRequest | None:
    cond = Q()
    if phone_hash:
        cond |= Q(phone_hash=phone_hash)
    if address_hash:
        cond |= Q(address_hash=address_hash)
    if not cond:
        return None
    return (HelpRequest.objects.filter(cond, created_at__gte=now - DUPLICATE_WINDOW)
            .order_by("created_at").first())


def file_help_request(data: NewHelpRequest, *, by: Any = None, client: str = "") -> tuple[HelpRequest, str]:
    ratelimit.hit("help_request", client)  # per client (lib/clients.py); RateLimited when over
    """File a request from any channel. Returns it and its receipt (shown once)."""
    clean, errors = _validate(data)
    if errors:
        raise AidInvalid(errors)
    vulnerable = data.elderly or data.children or data.disability
    computed, reasons = triage.urgency(data.answers, data.need, vulnerable)
    tier = int(data.urgency) if data.urgency is not None else computed
    skills, vehicle = NEED_DEFAULTS.get(Need(data.need), ([], VehicleKind.NONE))
    kit = kit_for(clean["organisation"])
    vehicle = kit.need_vehicles.get(data.need, vehicle)
    now = data.created_at or timezone.now()
    phone_hash = keyed_hash("contact", "phone:" + clean["phone"]) if clean["phone"] else ""
    address_hash = keyed_hash("contact", "address:" + _address_key(data.address)) if data.address.strip() else ""
    for _attempt in range(5):
        receipt = receipts.generate()
        try:
            with transaction.atomic():
                dup = _duplicate(phone_hash, address_hash, now)
                req = HelpRequest.objects.create(
                    receipt_hash=receipts.receipt_hash(receipt), organisation=clean["organisation"],
                    need=data.need, details=clean["details"], urgency=tier, urgency_computed=computed,
                    triage={"answers": {k: v for k, v in data.answers.items() if v not in (None, "")},
                            "reasons": reasons},
                    people=clean["people"], elderly=data.elderly, children=data.children,
                    disability=data.disability,
                    skills_required=sorted(set(data.skills_required or skills)),
                    vehicle_required=data.vehicle_required or vehicle,
                    province=clean["province"], district=clean["district"], subdistrict=clean["subdistrict"],
                    lat=clean["lat"], lon=clean["lon"], name_enc=encrypt(data.name.strip()[:150]),
                    phone_enc=encrypt(clean["phone"]), address_enc=encrypt(data.address.strip()[:500]),
                    phone_hash=phone_hash, address_hash=address_hash, consent_share=data.consent_share,
                    channel=data.channel,
                    channel_user_hash=keyed_hash("channel", f"{data.channel}:{data.channel_user_id}")
                    if data.channel_user_id else "",
                    reply_address_enc=encrypt(data.reply_address, "channel") if data.reply_address else "",
                    proxy_by=by if by is not None and getattr(by, "is_authenticated", False) else None,
                    proxy_detail=data.proxy_detail[:120], duplicate_of=dup, created_at=now,
                    priority_at=priority_at(now, tier), kit=kit.slug, name_tokens=name_tokens(data.name),
                    is_demo=data.is_demo)
                record("aid.request.file", actor=by, target=req,
                       data={"channel": data.channel, "need": data.need, "urgency": tier,
                             "organisation": req.organisation_id, "duplicate_of": dup.pk if dup else None})
                if not (data.channel == Channel.SMS and data.channel_user_id):
                    # A request sent by SMS is answered by SMS with its receipt: telling the person
                    # again would cost them an SMS for nothing.
                    _tell_requester(req, "filed", "ได้รับคำขอความช่วยเหลือแล้ว ผู้ประสานงานจะคัดกรองและหาอาสาสมัครให้"
                                    "โดยเร็ว เก็บรหัสติดตามไว้เพื่อดูสถานะ")
            return req, receipt
        except IntegrityError:
            continue  # a receipt collision (1 in 10^20); draw again
    raise RuntimeError("could not allocate a unique receipt")


def find_by_receipt(receipt: str) -> HelpRequest | None:
    if receipts.normalize(receipt) is None:
        return None
    return HelpRequest.objects.filter(receipt_hash=receipts.receipt_hash(receipt)).first()


def status_view(req: HelpRequest) -> dict[str, Any]:
    """What the requester sees with the receipt: no contact, no volunteer identity."""
    return {"state": req.state, "state_label": str(State(req.state).label), "need": req.need,
            "need_label": str(Need(req.need).label), "urgency": req.urgency, "area": req.area,
            "filed_at": req.created_at.isoformat(),
            "closed_at": req.closed_at.isoformat() if req.closed_at else None}


# --- coordinators -----------------------------------------------------------------------------

@transaction.atomic
def triage_request(req: HelpRequest, *, by: Any, urgency: int | None = None, reason: str = "",
                   now: datetime | None = None) -> HelpRequest:
    """Confirm the tier the questions gave, or override it with a reason."""
    _require(by, "aid.coordinate", req)
    if req.state != State.NEW:
        raise AidInvalid({"state": ("คำขอนี้คัดกรองไปแล้ว", "This request was already triaged.")})
    if urgency is not None and urgency != req.urgency:
        if not 1 <= urgency <= 4:
            raise AidInvalid({"urgency": ("ระดับความเร่งด่วนต้องเป็น 1-4", "Urgency must be 1 to 4.")})
        if not reason.strip():
            raise AidInvalid({"reason": ("กรุณาให้เหตุผลที่เปลี่ยนระดับความเร่งด่วน",
                                         "Give a reason for changing the urgency.")})
        req.urgency, req.urgency_reason = urgency, reason.strip()[:300]
        req.priority_at = priority_at(req.created_at, urgency)
        req.save(update_fields=["urgency", "urgency_reason", "priority_at"])
    _set_state(req, State.TRIAGED, by=by, now=_now(now),
               data={"urgency": req.urgency, "overridden": req.urgency != req.urgency_computed})
    return req


@transaction.atomic
def cancel_request(req: HelpRequest, *, by: Any, reason: str = "", now: datetime | None = None) -> None:
    _require(by, "aid.coordinate", req)
    if req.is_closed:
        return
    _release_holds(req, now=_now(now))
    _set_state(req, State.CANCELLED, by=by, now=_now(now), note=reason)


def queue(org: Organisation, now: datetime | None = None) -> list[HelpRequest]:
    """Open requests not yet with a volunteer, most pressing first (urgency plus waiting).

    ``priority_at`` orders exactly as ``triage.priority`` does, whatever the clock says; ``now``
    only sets the ``priority`` shown.
    """
    now = _now(now)
    open_ = list(HelpRequest.objects.filter(organisation=org, state__in=[State.NEW, State.TRIAGED])
                 .order_by("priority_at", "created_at").select_related("subdistrict", "district", "province"))
    for r in open_:
        r.priority = triage.priority(r.urgency, r.created_at, now)  # type: ignore[attr-defined]
    return open_


@transaction.atomic
def bulk_triage(reqs: list[HelpRequest], *, by: Any, now: datetime | None = None,
                include_duplicates: bool = False) -> tuple[int, list[HelpRequest]]:
    """Confirm the computed tier of many new requests at once (an override needs the one-by-one page).

    A request flagged as a possible duplicate is skipped unless the coordinator asked for them:
    one of the two is usually cancelled, and a triaged pair would send two volunteers. Returns
    how many were triaged and the duplicates skipped."""
    done, skipped = 0, []
    for req in reqs:
        if req.state != State.NEW:
            continue
        if req.duplicate_of_id and not include_duplicates:
            skipped.append(req)
            continue
        triage_request(req, by=by, now=now)
        done += 1
    return done, skipped


def confirm_suggestions(suggestions: list[Suggestion], *, by: Any,
                        now: datetime | None = None) -> tuple[int, list[tuple[Suggestion, AidInvalid]]]:
    """Confirm many suggestions: each in its own transaction, so one expired pair spoils no other."""
    now = _now(now)
    confirmed, failed = 0, []
    for s in suggestions:
        try:
            confirm_suggestion(s, by=by, now=now)
            confirmed += 1
        except AidInvalid as exc:
            failed.append((s, exc))
    return confirmed, failed


@transaction.atomic
def resolve_duplicate(req: HelpRequest, *, by: Any, duplicate: bool, confirmed: bool = False,
                      now: datetime | None = None) -> None:
    """A coordinator's decision on a possible duplicate (อาจซ้ำ): the same household (the request is
    cancelled) or a different one (the flag is cleared, and matching may take it).

    "The same household" cancels the request, so it asks first (ConfirmFirst, nothing changed; call
    again with ``confirmed=True``), and what the duplicate says that the original does not (its
    note, another need, another contact) is carried to the original first, so nothing a caller
    said is lost (audited as aid.request.duplicate_merged, without the personal values).

    "The same household" only while the original is still open: cancelled as a duplicate of a
    request that was cancelled or closed, the household would get no help at all; and only once the
    original is not itself an undecided duplicate. A closed request has nothing left to decide."""
    _require(by, "aid.coordinate", req)
    req = HelpRequest.objects.select_for_update().get(pk=req.pk)
    if req.is_closed:
        raise AidInvalid({"state": ("คำขอนี้ปิดไปแล้ว", "This request is already closed.")})
    if req.duplicate_of_id is None:
        return
    before = req.duplicate_of_id
    if duplicate:
        original = HelpRequest.objects.select_for_update().get(pk=before)
        if original.is_closed:
            with translation.override("th"):
                state_th = str(State(original.state).label)
            with translation.override("en"):
                state_en = str(State(original.state).label)
            raise AidInvalid({"duplicate": (
                f"คำขอเดิม #{before} ปิดไปแล้ว ({state_th}) ยกเลิกคำขอนี้ว่าซ้ำไม่ได้ เพราะจะไม่มีใครได้รับความช่วยเหลือ "
                "เลือก \"คนละครัวเรือน\" เพื่อให้คำขอนี้ได้อาสาสมัคร",
                f"The original request #{before} is already closed ({state_en}): cancelled as its duplicate, "
                "nobody would get help. Choose \"another household\" so that this request is matched.")})
        if original.duplicate_of_id is not None:
            # A chain (this matched B, B matched A, B undecided): merged into B, it could then be
            # cancelled as A's duplicate in turn. B is decided first.
            raise AidInvalid({"duplicate": (
                f"คำขอเดิม #{before} เองยังรอการตัดสินว่าซ้ำกับคำขอ #{original.duplicate_of_id} หรือไม่ "
                f"ตัดสินคำขอ #{before} ก่อน แล้วจึงตัดสินคำขอนี้",
                f"The original request #{before} is itself waiting for a decision (a possible duplicate of "
                f"#{original.duplicate_of_id}): decide #{before} first, then this one.")})
        if not confirmed:
            raise ConfirmFirst({"confirm": (
                f"ยืนยันก่อน: คำขอนี้จะถูกยกเลิก และข้อมูลที่ต่างจากคำขอเดิม #{before} จะถูกเพิ่มไปที่คำขอเดิม",
                f"Confirm first: this request is cancelled, and what differs from the original #{before} "
                "is added to the original.")})
        _carry_to_original(req, original, by=by)
        cancel_request(req, by=by, reason="ซ้ำ / duplicate", now=now)
        return
    req.duplicate_of = None
    req.save(update_fields=["duplicate_of"])
    record("aid.request.not_duplicate", actor=by, target=req, data={"was_duplicate_of": before})


_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def _same_words(a: str, b: str) -> bool:
    """Two contacts as a person would compare them: "112 หมู่ ๓" is "112 หมู่ 3"."""
    def norm(x: str) -> str:
        return re.sub(r"[\s\-.,]+", "", (x or "").translate(_DIGITS).lower())
    return norm(a) == norm(b)


def _carry_to_original(dup: HelpRequest, original: HelpRequest, *, by: Any) -> list[str]:
    """Add to ``original`` what ``dup`` says and it does not: the note, another need, a contact.

    A contact the original lacks is copied encrypted into its own field. A different one is never
    written out in the details (plain text, where a phone or an address must not be): the details
    point to the duplicate, whose contact stays encrypted and readable by coordinators until purged."""
    added: list[str] = []
    lines: list[str] = []
    note = (dup.details or "").strip()
    if note and note not in (original.details or ""):
        lines.append(f"หมายเหตุ: {note}")
        added.append("details")
    if dup.need != original.need:
        with translation.override("th"):
            lines.append(f"ความต้องการเพิ่ม: {Need(dup.need).label}" if dup.need in Need.values
                         else f"ความต้องการเพิ่ม: {dup.need}")
        added.append("need")
    theirs, ours = contact(dup), contact(original)
    fields: list[str] = []
    # The same household: what the duplicate says of who is there and how urgent it is counts for
    # the original too (a re-trial merged a bedridden grandmother's request and kept urgency 1).
    for flag in ("elderly", "children", "disability"):
        if getattr(dup, flag) and not getattr(original, flag):
            setattr(original, flag, True)
            fields.append(flag)
    if dup.urgency > original.urgency:
        original.urgency = dup.urgency
        original.priority_at = priority_at(original.created_at, dup.urgency)
        fields += ["urgency", "priority_at"]
        added.append("urgency")
    if dup.urgency_computed > original.urgency_computed:
        original.urgency_computed = dup.urgency_computed
        fields.append("urgency_computed")
    if fields and "urgency" not in added:
        added.append("urgency")
    different: list[str] = []
    for key, enc, hashed in (("name", "name_enc", ""), ("phone", "phone_enc", "phone_hash"),
                             ("address", "address_enc", "address_hash")):
        if not theirs[key] or _same_words(theirs[key], ours[key]):
            continue
        if not ours[key]:
            setattr(original, enc, getattr(dup, enc))
            fields.append(enc)
            if hashed:
                setattr(original, hashed, getattr(dup, hashed))
                fields.append(hashed)
            if key == "name":
                original.name_tokens = dup.name_tokens
                fields.append("name_tokens")
        else:
            different.append({"name": "ชื่อ", "phone": "เบอร์โทร", "address": "ที่อยู่"}[key])
    if fields or different:
        added.append("contact")
    if different:
        lines.append(f"{'/'.join(different)}อีกชุด ดูที่คำขอ #{dup.pk}")
    if lines:
        block = "\n".join([f"[จากคำขอซ้ำ #{dup.pk}]", *lines])  # one line each, as the page shows them
        original.details = "\n".join(x for x in ((original.details or "").strip(), block) if x)
        fields.append("details")
    if fields:
        original.save(update_fields=sorted(set(fields)))
    if added:
        record("aid.request.duplicate_merged", actor=by, target=original, data={"from": dup.pk, "added": added})
    return added


def request_point(req: HelpRequest) -> tuple[float, float] | None:
    if req.lat is not None and req.lon is not None:
        return req.lat, req.lon
    if req.subdistrict is not None:
        return req.subdistrict.lat, req.subdistrict.lon
    return None


def in_window(vol: VolunteerProfile, now: datetime) -> bool:
    """Whether ``now`` falls in the volunteer's days and hours.

    A window that ends before it starts crosses midnight (20:00-02:00): its early hours belong to
    the evening before, so 01:00 on Tuesday needs Monday among the days.
    """
    local = timezone.localtime(now)
    start, end, t = vol.available_from, vol.available_until, local.time()
    if isinstance(start, str):  # a profile built in memory, not read back yet
        start = datetime.strptime(start[:5], "%H:%M").time()
    if isinstance(end, str):
        end = datetime.strptime(end[:5], "%H:%M").time()
    if start <= end:
        return str(local.weekday()) in vol.available_days and start <= t <= end
    if t >= start:
        return str(local.weekday()) in vol.available_days
    if t <= end:
        return str((local.weekday() - 1) % 7) in vol.available_days
    return False


def is_available(vol: VolunteerProfile, now: datetime) -> bool:
    return vol.active and vol.verified and in_window(vol, now)


def load_today(vol: VolunteerProfile, now: datetime) -> int:
    """Tasks held now, plus those finished today, plus pending suggestions: the day's load."""
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    held = HelpRequest.objects.filter(volunteer=vol).filter(
        Q(state__in=HELD_STATES) | Q(state__in=[State.FULFILLED, State.FAILED], closed_at__gte=start)).count()
    pending = vol.suggestions.filter(status=Suggestion.Status.PENDING).count()
    return held + pending


@dataclass
class Instance:
    """What the matcher sees, and how to get back from its ids to rows."""

    requests: list[matching.Request]
    volunteers: list[matching.Volunteer]
    exclusions: set[tuple[str, str]]
    by_request: dict[str, HelpRequest]
    by_volunteer: dict[str, VolunteerProfile]


def _engine_volunteer(vol: VolunteerProfile, now: datetime) -> matching.Volunteer:
    return matching.Volunteer(
        str(vol.pk), vol.home_lat, vol.home_lon, radius_km=vol.radius_km, capacity=vol.max_tasks_per_day,
        load=min(load_today(vol, now), vol.max_tasks_per_day), skills=frozenset(vol.skills),
        vehicle=matching.Vehicle.parse(vol.vehicle), available=is_available(vol, now))


def _engine_request(req: HelpRequest, now: datetime) -> matching.Request | None:
    point = request_point(req)
    if point is None:
        return None
    return matching.Request(
        str(req.pk), point[0], point[1], urgency=req.urgency, need=req.need, people=req.people,
        waiting_hours=triage.waiting_hours(req.created_at, now),
        skills_required=frozenset(req.skills_required), vehicle_required=matching.Vehicle.parse(req.vehicle_required))


def build_instance(org: Organisation, now: datetime | None = None) -> Instance:
    now = _now(now)
    # A possible duplicate waits for a coordinator: matched too, one household would get two volunteers.
    reqs = (HelpRequest.objects.filter(organisation=org, state=State.TRIAGED, duplicate_of__isnull=True)
            .exclude(suggestions__status=Suggestion.Status.PENDING).select_related("subdistrict"))
    vols = VolunteerProfile.objects.filter(organisation=org, active=True, verified_at__isnull=False)
    by_request = {str(r.pk): r for r in reqs}
    by_volunteer = {str(v.pk): v for v in vols}
    engine_requests = [e for r in by_request.values() if (e := _engine_request(r, now)) is not None]
    engine_volunteers = [_engine_volunteer(v, now) for v in by_volunteer.values()]
    exclusions = {(str(r), str(v)) for r, v in Exclusion.objects.filter(
        request__organisation=org).values_list("request_id", "volunteer_id")}
    # A coordinator who turned a pair down once should not be asked again.
    exclusions |= {(str(r), str(v)) for r, v in Suggestion.objects.filter(
        request__organisation=org, status=Suggestion.Status.REJECTED).values_list("request_id", "volunteer_id")}
    return Instance(engine_requests, engine_volunteers, exclusions, by_request, by_volunteer)


@transaction.atomic
def suggest_matches(org: Organisation, *, by: Any, now: datetime | None = None,
                    minutes: int = SUGGESTION_MINUTES) -> list[Suggestion]:
    """Run the matcher over the triaged pool and propose a volunteer for each request it can."""
    _require(by, "aid.coordinate", org)
    now = _now(now)
    inst = build_instance(org, now)
    result = matching.match(inst.requests, inst.volunteers, exclusions=inst.exclusions)
    made = []
    for a in result.assignments:
        made.append(Suggestion.objects.create(
            request=inst.by_request[a.request], volunteer=inst.by_volunteer[a.volunteer],
            distance_km=a.distance_km, created_at=now, expires_at=now + timedelta(minutes=minutes)))
    record("aid.suggest", actor=by, target=org,
           data={"suggestions": [s.pk for s in made], "unassigned": len(result.unassigned)})
    return made


@transaction.atomic
def confirm_suggestion(s: Suggestion, *, by: Any, now: datetime | None = None) -> HelpRequest:
    now = _now(now)
    req = HelpRequest.objects.select_for_update().get(pk=s.request_id)
    _require(by, "aid.coordinate", req)
    if s.status != Suggestion.Status.PENDING or s.expires_at <= now:
        raise AidInvalid({"suggestion": ("ข้อเสนอนี้หมดอายุหรือถูกตัดสินไปแล้ว",
                                         "This suggestion expired or was already decided.")})
    if req.state != State.TRIAGED:
        raise AidInvalid({"state": ("คำขอนี้ไม่ได้รออาสาสมัครแล้ว", "This request no longer waits for a volunteer.")})
    Suggestion.objects.filter(pk=s.pk).update(status=Suggestion.Status.CONFIRMED, decided_by=by)
    _assign(req, s.volunteer, by=by, now=now, how="suggestion")
    return req


def _assign(req: HelpRequest, vol: VolunteerProfile, *, by: Any, now: datetime, how: str) -> None:
    req.volunteer, req.matched_at = vol, now
    req.save(update_fields=["volunteer", "matched_at"])
    _set_state(req, State.MATCHED, by=by, now=now, data={"volunteer": vol.pk, "how": how})
    with translation.override("th"):  # chat messages are Thai first
        need = str(Need(req.need).label)
    # The chat's task buttons (aid/flows.py): accept or decline right here. On LINE a card shows
    # what the text says (the need and the area: who asked and where exactly only after accepting).
    buttons = [("รับงาน", f"task={req.pk}:accepted"), ("ไม่รับ", f"task={req.pk}:decline")]
    if vol.chat_channel == "sms":  # one SMS (70 Thai characters), the command to answer with
        reply = f" ตอบ งาน {req.pk} รับ/ไม่รับ"  # one SMS (70 Thai characters) whatever the id's length
        text = f"พลัง: งานใหม่ #{req.pk} {need} {req.area}"[:SMS_CHARS - len(reply)].rstrip() + reply
    else:
        text = f"มีงานใหม่ให้คุณ: {need} ที่ {req.area} (งาน #{req.pk}) เปิดดูและกดรับงานได้ที่หน้า งานของฉัน"
    _tell_volunteer(vol, f"task:{req.pk}:{now.isoformat()}", text,
                    card=cards.card(f"งานใหม่ #{req.pk}", lines=[("ความช่วยเหลือ", need), ("พื้นที่", req.area),
                                                                 ("จำนวนคน", str(req.people))],
                                    buttons=buttons, note="รับงานแล้วจึงจะเห็นว่าใครขอ และอยู่ที่ไหน"))


@transaction.atomic
def reject_suggestion(s: Suggestion, *, by: Any) -> None:
    _require(by, "aid.coordinate", s.request)
    if s.status == Suggestion.Status.PENDING:
        Suggestion.objects.filter(pk=s.pk).update(status=Suggestion.Status.REJECTED, decided_by=by)
        record("aid.suggestion.reject", actor=by, target=s.request, data={"suggestion": s.pk})


@transaction.atomic
def add_conflict(req: HelpRequest, vol: VolunteerProfile, *, by: Any) -> None:
    """A conflict of interest (a relative, a dispute): never match this pair."""
    _require(by, "aid.coordinate", req)
    Exclusion.objects.get_or_create(request=req, volunteer=vol, defaults={"kind": Exclusion.Kind.CONFLICT})
    record("aid.exclusion.conflict", actor=by, target=req, data={"volunteer": vol.pk})


def _release_holds(req: HelpRequest, *, now: datetime) -> None:
    req.suggestions.filter(status=Suggestion.Status.PENDING).update(status=Suggestion.Status.EXPIRED)
    req.claims.filter(status=Claim.Status.HELD).update(status=Claim.Status.RELEASED)


def _back_to_pool(req: HelpRequest, *, by: Any, now: datetime, why: str) -> None:
    req.volunteer = None
    req.save(update_fields=["volunteer"])
    before = req.state
    req.state = State.TRIAGED
    req.save(update_fields=["state"])
    record("aid.request.returned", actor=by, target=req, data={"from": before, "why": why})


@transaction.atomic
def expire_suggestions(now: datetime | None = None) -> int:
    """Expired suggestions and claim locks give their requests back to the pool."""
    now = _now(now)
    count = Suggestion.objects.filter(status=Suggestion.Status.PENDING, expires_at__lte=now).update(
        status=Suggestion.Status.EXPIRED)
    for claim in Claim.objects.filter(status=Claim.Status.HELD, expires_at__lte=now).select_related("request"):
        Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.EXPIRED)
        req = claim.request
        if req.state == State.MATCHED and req.volunteer_id == claim.volunteer_id:
            _back_to_pool(req, by=None, now=now, why="claim_expired")
        count += 1
    if count:
        record("aid.expire", data={"expired": count})
    return count


# --- volunteers -------------------------------------------------------------------------------

@dataclass
class VolunteerData:
    home_lat: float | None = None
    home_lon: float | None = None
    place_text: str = ""
    skills: list[str] = field(default_factory=list)
    vehicle: str = VehicleKind.NONE
    vehicle_capacity: int = 0
    radius_km: float = 10
    available_days: str = "0123456"
    available_from: str = "08:00"
    available_until: str = "20:00"
    max_tasks_per_day: int = 2
    phone: str = ""


@transaction.atomic
def sign_up_volunteer(username: str, password: str, display_name: str, org: Organisation,
                      data: VolunteerData) -> Any:
    """A new account and its volunteer profile, or neither: a refused profile rolls the account
    (and its audit entry) back, so nothing has to be deleted afterwards.

    The username always gets a random suffix (``somchai.482913``), shown to the volunteer: the
    public sign-up never tells whether a username exists, so staff accounts cannot be found
    through it (issue 12)."""
    import secrets

    from phalang.accounts import actions as account_actions
    from phalang.accounts.models import User

    for _attempt in range(20):
        candidate = f"{username[:33]}.{secrets.randbelow(10**6):06d}"
        if not User.objects.filter(username__iexact=candidate).exists():
            break
    else:
        raise RuntimeError("no free username")
    user = account_actions.create_user(candidate, password, display_name=display_name)
    register_volunteer(user, org, data)
    return user


def vehicles_for(org: Organisation | None, user: Any = None) -> list[str]:
    """The vehicles a volunteer of ``org`` may give: on foot, those of the group's kit, in its
    order, and the vehicle the volunteer already has when the kit no longer lists it (a change of
    kit must not make a profile impossible to save)."""
    offered = [VehicleKind.NONE.value, *(v for v in kit_for(org).vehicles if v in VehicleKind.values)]
    current = (VolunteerProfile.objects.filter(user_id=user.pk).values_list("vehicle", flat=True).first()
               if user is not None and getattr(user, "pk", None) else None)
    if current in VehicleKind.values and current not in offered:
        offered.append(current)
    return list(dict.fromkeys(offered))


def register_volunteer(user: Any, org: Organisation, data: VolunteerData, *, is_demo: bool = False) -> VolunteerProfile:
    """Sign-up (or profile update): the partner organisation must verify before any match."""
    errors: dict[str, tuple[str, str]] = {}
    lat, lon, sub = data.home_lat, data.home_lon, None
    if lat is None or lon is None:
        place = resolve_to_subdistrict(data.place_text.strip()[:200]) if data.place_text.strip() else None
        sub = place.subdistrict if place else None
        if sub is None:
            errors["place"] = ("ไม่พบตำบลนี้ กรุณาพิมพ์ ตำบล อำเภอ จังหวัด", "Unknown place: give subdistrict, district, province.")
        else:
            lat, lon = sub.lat, sub.lon
    else:
        near = nearest_subdistrict(lat, lon)
        sub = near.subdistrict if near else None
    if not set(data.skills) <= set(Skill.values):
        errors["skills"] = ("ทักษะไม่ถูกต้อง", "Unknown skill.")
    if data.vehicle not in vehicles_for(org, user):
        errors["vehicle"] = ("กลุ่มนี้ไม่ได้ใช้ยานพาหนะนี้ เลือกจากรายการของกลุ่ม",
                             "This group does not use this vehicle: choose one from its list.")
    if not 0.5 <= float(data.radius_km) <= 200:
        errors["radius_km"] = ("รัศมีต้องอยู่ระหว่าง 0.5-200 กม.", "Radius must be 0.5 to 200 km.")
    if not 1 <= int(data.max_tasks_per_day) <= 20:
        errors["max_tasks_per_day"] = ("จำนวนงานต่อวันต้องเป็น 1-20", "Tasks per day must be 1 to 20.")
    if errors:
        raise AidInvalid(errors)
    assert lat is not None and lon is not None
    with transaction.atomic():
        fields = dict(organisation=org, skills=sorted(set(data.skills)), vehicle=data.vehicle,
                      vehicle_capacity=data.vehicle_capacity, home_lat=lat, home_lon=lon, home_subdistrict=sub,
                      radius_km=float(data.radius_km), available_days=data.available_days or "0123456",
                      available_from=data.available_from, available_until=data.available_until,
                      max_tasks_per_day=int(data.max_tasks_per_day),
                      phone_enc=encrypt(normalise_phone(data.phone)), is_demo=is_demo)
        vol, created = VolunteerProfile.objects.update_or_create(user=user, defaults=fields)
        if vol.organisation_id != org.pk and vol.verified_at:
            vol.verified_at = None  # verified by one group does not carry over to another
            vol.save(update_fields=["verified_at"])
        record("aid.volunteer.register" if created else "aid.volunteer.update", actor=user, target=vol,
               data={"organisation": org.pk})
    return vol


@transaction.atomic
def verify_volunteer(vol: VolunteerProfile, *, by: Any, trusted: bool = False, now: datetime | None = None) -> None:
    _require(by, "aid.coordinate", vol)
    from phalang.orgs import actions as org_actions
    from phalang.orgs.roles import Role

    vol.verified_at, vol.verified_by, vol.trusted = _now(now), by, trusted
    vol.save(update_fields=["verified_at", "verified_by", "trusted"])
    # Our own check above is the authority (aid.coordinate); a coordinator lacks org.manage_members.
    org_actions.add_member(vol.organisation, vol.user, Role.VOLUNTEER, by=None)
    record("aid.volunteer.verify", actor=by, target=vol, data={"trusted": trusted})


def new_link_code(vol: VolunteerProfile) -> str:
    """A one-time code the volunteer types in LINE/Telegram to receive tasks there."""
    code = "".join(secrets.choice("0123456789") for _ in range(6))
    VolunteerProfile.objects.filter(pk=vol.pk).update(chat_link_code=code)
    return code


@transaction.atomic
def link_volunteer_chat(channel: str, user_id: str, address: str, code: str) -> VolunteerProfile | None:
    code = "".join(c for c in code if c.isdigit())
    if len(code) != 6:
        return None
    vol = VolunteerProfile.objects.filter(chat_link_code=code).first()
    if vol is None:
        return None
    vol.chat_channel, vol.chat_link_code = channel, ""
    vol.chat_user_hash = keyed_hash("channel", f"{channel}:{user_id}")
    vol.chat_address_enc = encrypt(address or user_id, "channel")
    vol.save(update_fields=["chat_channel", "chat_link_code", "chat_user_hash", "chat_address_enc"])
    record("aid.volunteer.link_chat", actor=vol.user, target=vol, data={"channel": channel})
    return vol


def volunteer_for_chat(channel: str, user_id: str) -> VolunteerProfile | None:
    return VolunteerProfile.objects.filter(chat_user_hash=keyed_hash("channel", f"{channel}:{user_id}")).first()


def claimable(vol: VolunteerProfile, now: datetime | None = None) -> list[HelpRequest]:
    """Open tasks a trusted volunteer could take: feasible, not excluded, nearest first."""
    now = _now(now)
    if not (vol.trusted and vol.verified):
        return []
    me = _engine_volunteer(vol, now)
    if me.remaining <= 0:
        return []  # not available now, or the day's tasks are full
    excluded = set(vol.exclusions.values_list("request_id", flat=True))
    out = []
    for req in (HelpRequest.objects.filter(organisation=vol.organisation_id, state=State.TRIAGED,
                                           duplicate_of__isnull=True)
                .exclude(suggestions__status=Suggestion.Status.PENDING)
                .select_related("subdistrict", "district", "province")):
        engine_req = _engine_request(req, now)
        if engine_req is None or req.pk in excluded or not matching.is_feasible(engine_req, me):
            continue
        req.distance_km = float(matching.haversine_km(me.lat, me.lon, engine_req.lat, engine_req.lon))  # type: ignore[attr-defined]
        out.append(req)
    return sorted(out, key=lambda r: (-r.urgency, r.distance_km))  # type: ignore[attr-defined]


@transaction.atomic
def claim_task(vol: VolunteerProfile, req: HelpRequest, *, now: datetime | None = None) -> Claim:
    now = _now(now)
    req = HelpRequest.objects.select_for_update().get(pk=req.pk)
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    if not (vol.trusted and vol.verified):
        raise PermissionDenied("aid.claim")
    if vol.claims.filter(created_at__gte=start).count() >= vol.max_claims_per_day:
        raise AidInvalid({"claim": ("วันนี้คุณรับงานเองครบจำนวนแล้ว", "You reached today's limit of claims.")})
    if req.pk not in {r.pk for r in claimable(vol, now)}:
        raise AidInvalid({"claim": ("งานนี้ไม่ว่างหรืออยู่นอกเงื่อนไขของคุณ", "This task is taken or outside your limits.")})
    claim = Claim.objects.create(request=req, volunteer=vol, created_at=now,
                                 expires_at=now + timedelta(minutes=CLAIM_MINUTES))
    _assign(req, vol, by=vol.user, now=now, how="claim")
    return claim


VOLUNTEER_MOVES: dict[str, set[str]] = {
    State.MATCHED: {State.ACCEPTED, "decline"},
    State.ACCEPTED: {State.EN_ROUTE, State.FULFILLED, State.FAILED, "decline"},
    State.EN_ROUTE: {State.FULFILLED, State.FAILED},
}


class ConfirmFirst(AidInvalid):
    """The move closes the task for good ("could not help"): ask the volunteer, then call again
    with ``confirmed=True``. Nothing was changed."""


@transaction.atomic
def update_task(req: HelpRequest, new_state: str, *, by: Any, note: str = "", confirmed: bool = False,
                now: datetime | None = None) -> HelpRequest:
    """The assigned volunteer (or a coordinator) moves a task: accept, decline, en route, done, failed.

    "Could not help" (failed) closes the request and ends the volunteer's part: a mistaken tap (it
    happened in a user trial) would leave a household without help, so it needs ``confirmed``
    on every channel; without it nothing changes and ``ConfirmFirst`` is raised."""
    now = _now(now)
    req = HelpRequest.objects.select_for_update(of=("self",)).select_related("volunteer").get(pk=req.pk)
    is_volunteer = req.volunteer is not None and by is not None and req.volunteer.user_id == by.pk
    if not is_volunteer:
        _require(by, "aid.coordinate", req)
    if new_state not in VOLUNTEER_MOVES.get(State(req.state), set()):
        raise AidInvalid({"state": ("เปลี่ยนสถานะแบบนี้ไม่ได้", f"Cannot go from {req.state} to {new_state}.")})
    if new_state == State.FAILED and not confirmed:
        raise ConfirmFirst({"confirm": ("ยืนยันก่อนว่าช่วยไม่สำเร็จ งานจะถูกปิด", "Confirm first: could not help "
                                        "closes the task.")})
    vol = req.volunteer
    assert vol is not None
    if new_state == "decline":
        Exclusion.objects.get_or_create(request=req, volunteer=vol, defaults={"kind": Exclusion.Kind.REFUSED})
        req.claims.filter(status=Claim.Status.HELD).update(status=Claim.Status.RELEASED)
        _back_to_pool(req, by=by, now=now, why="declined")
        return req
    if new_state == State.ACCEPTED:
        req.claims.filter(status=Claim.Status.HELD).update(status=Claim.Status.ACCEPTED)
    _set_state(req, new_state, by=by, now=now, note=note, data={"volunteer": vol.pk})
    return req


def can_see_contact(user: Any, req: HelpRequest) -> bool:
    """Coordinators of the request's group, and its assigned volunteer after assignment with consent."""
    if not getattr(user, "is_authenticated", False) or req.purged_at is not None:
        return False
    if user.has_perm("aid.view_contact", req):
        return True
    # Not while only proposed (MATCHED): a volunteer who declines must not have seen who asked.
    return (req.consent_share and req.volunteer is not None and req.volunteer.user_id == user.pk
            and req.state in (State.ACCEPTED, State.EN_ROUTE))


def task_view(req: HelpRequest, vol: VolunteerProfile, user: Any = None) -> dict[str, Any]:
    """What a volunteer sees of a task: area, need and distance; the contact once accepted."""
    point = request_point(req)
    distance = (round(float(matching.haversine_km(vol.home_lat, vol.home_lon, point[0], point[1])), 1)
                if point else None)
    with translation.override("th"):
        need_th = str(Need(req.need).label)
    view: dict[str, Any] = {"id": req.pk, "need": req.need, "need_th": need_th, "area": req.area,
                            "distance_km": distance, "state": req.state}
    if can_see_contact(user if user is not None else vol.user, req):
        view["contact"] = contact(req)
    return view


def contact(req: HelpRequest) -> dict[str, Any]:
    return {"name": decrypt(req.name_enc), "phone": decrypt(req.phone_enc), "address": decrypt(req.address_enc),
            "lat": req.lat, "lon": req.lon}


# --- hubs and supplies ------------------------------------------------------------------------

@transaction.atomic
def create_hub(org: Organisation, *, by: Any, name: str, lat: float, lon: float, is_demo: bool = False) -> Hub:
    _require(by, "aid.coordinate", org)
    if not name.strip():
        raise AidInvalid({"name": ("กรุณาใส่ชื่อศูนย์", "Give the hub a name.")})
    near = nearest_subdistrict(lat, lon)
    hub = Hub.objects.create(organisation=org, name=name[:150], lat=lat, lon=lon,
                             subdistrict=near.subdistrict if near else None, is_demo=is_demo)
    record("aid.hub.create", actor=by, target=hub, data={"organisation": org.pk})
    return hub


@transaction.atomic
def create_item(*, by: Any, slug: str, name_th: str, name_en: str = "", unit: str = "ชิ้น") -> Item:
    """A kind of goods every group's hubs may stock (water packs, food packs, medicine kits)."""
    _require(by, "aid.coordinate", None)
    errors: dict[str, tuple[str, str]] = {}
    slug = slug.strip().lower()
    if not slug or not all(c.isalnum() or c in "-_" for c in slug) or not slug.isascii():
        errors["slug"] = ("รหัสสินค้าใช้ได้เฉพาะ a-z 0-9 - _", "The item code may hold only a-z, 0-9, - and _.")
    elif Item.objects.filter(slug=slug).exists():
        errors["slug"] = ("มีรหัสสินค้านี้แล้ว", "An item with this code exists.")
    if not name_th.strip():
        errors["name_th"] = ("กรุณาใส่ชื่อสินค้าภาษาไทย", "Give the item's Thai name.")
    if errors:
        raise AidInvalid(errors)
    item = Item.objects.create(slug=slug[:40], name_th=name_th.strip()[:100], name_en=name_en.strip()[:100],
                               unit=(unit or "ชิ้น").strip()[:30])
    record("aid.item.create", actor=by, target=item, data={"slug": item.slug})
    return item


def hub_place(place_text: str, lat: float | None, lon: float | None) -> tuple[float, float]:
    """A hub's point: the pin, else the centre of the subdistrict typed."""
    if lat is not None and lon is not None:
        return lat, lon
    place = resolve_to_subdistrict(place_text.strip()[:200]) if place_text.strip() else None
    if place is None or place.subdistrict is None:
        raise AidInvalid({"place": ("ไม่พบตำบลนี้ กรุณาพิมพ์ ตำบล อำเภอ จังหวัด", "Unknown place: give subdistrict, "
                                    "district, province.")})
    return place.subdistrict.lat, place.subdistrict.lon


@transaction.atomic
def set_site_capacity(hub: Hub, *, by: Any, beds_total: int, beds_used: int, isolation_total: int,
                      isolation_used: int) -> None:
    _require(by, "aid.coordinate", hub)
    if beds_used > beds_total or isolation_used > isolation_total or min(beds_used, isolation_used) < 0:
        raise AidInvalid({"capacity": ("จำนวนที่ใช้ต้องไม่เกินจำนวนทั้งหมด", "Used cannot exceed the total.")})
    Hub.objects.filter(pk=hub.pk).update(beds_total=beds_total, beds_used=beds_used,
                                         isolation_total=isolation_total, isolation_used=isolation_used)
    record("aid.hub.capacity", actor=by, target=hub,
           data={"beds": [beds_used, beds_total], "isolation": [isolation_used, isolation_total]})


@transaction.atomic
def set_stock(hub: Hub, item: Item, *, by: Any, quantity: int, minimum: int) -> Stock:
    """A stock count: what is on the shelf now, and the level below which to alert."""
    _require(by, "aid.coordinate", hub)
    stock, _ = Stock.objects.select_for_update().get_or_create(hub=hub, item=item)
    if quantity < stock.committed or quantity < 0 or minimum < 0:
        raise AidInvalid({"quantity": ("จำนวนน้อยกว่าที่จองไว้แล้ว", "Less than already committed.")})
    stock.quantity, stock.minimum = quantity, minimum
    stock.save(update_fields=["quantity", "minimum"])
    record("aid.stock.count", actor=by, target=hub, data={"item": item.pk, "quantity": quantity, "minimum": minimum})
    return stock


def low_stock(org: Organisation) -> list[Stock]:
    return [s for s in Stock.objects.filter(hub__organisation=org).select_related("hub", "item") if s.low]


@transaction.atomic
def commit_stock(hub: Hub, item: Item, quantity: int, *, by: Any, request: HelpRequest | None = None,
                 to_hub: Hub | None = None) -> StockMovement:
    _require(by, "aid.coordinate", hub)
    stock = Stock.objects.select_for_update().filter(hub=hub, item=item).first()
    if quantity <= 0 or stock is None or stock.available < quantity:
        raise AidInvalid({"quantity": ("ของในคลังไม่พอ", "Not enough in stock.")})
    Stock.objects.filter(pk=stock.pk).update(committed=F("committed") + quantity)
    mv = StockMovement.objects.create(hub=hub, item=item, quantity=quantity, request=request, to_hub=to_hub)
    record("aid.stock.commit", actor=by, target=mv,
           data={"hub": hub.pk, "item": item.pk, "quantity": quantity, "request": request.pk if request else None,
                 "to_hub": to_hub.pk if to_hub else None})
    return mv


@transaction.atomic
def dispatch_movement(mv: StockMovement, *, by: Any) -> None:
    _require(by, "aid.coordinate", mv.hub)
    if mv.status != StockMovement.Status.COMMITTED:
        raise AidInvalid({"status": ("ส่งออกได้เฉพาะรายการที่จองไว้", "Only a committed movement can be dispatched.")})
    Stock.objects.filter(hub=mv.hub, item=mv.item).update(committed=F("committed") - mv.quantity,
                                                         quantity=F("quantity") - mv.quantity)
    StockMovement.objects.filter(pk=mv.pk).update(status=StockMovement.Status.DISPATCHED)
    record("aid.stock.dispatch", actor=by, target=mv, data={"quantity": mv.quantity})


@transaction.atomic
def receive_movement(mv: StockMovement, *, by: Any) -> None:
    target_hub = mv.to_hub or mv.hub
    _require(by, "aid.coordinate", target_hub)
    if mv.status != StockMovement.Status.DISPATCHED:
        raise AidInvalid({"status": ("รับได้เฉพาะรายการที่ส่งออกแล้ว", "Only a dispatched movement can be received.")})
    if mv.to_hub is not None:
        stock, _ = Stock.objects.get_or_create(hub=mv.to_hub, item=mv.item)
        Stock.objects.filter(pk=stock.pk).update(quantity=F("quantity") + mv.quantity)
    StockMovement.objects.filter(pk=mv.pk).update(status=StockMovement.Status.RECEIVED)
    record("aid.stock.receive", actor=by, target=mv, data={"quantity": mv.quantity})


@dataclass
class RunVehicle:
    id: str
    capacity: int
    shift_start: int | None = None  # minutes after the run day's midnight; None: now today, 08:00 a later day
    shift_end: int | None = None  # None: RUN_HOURS after the start, by midnight
    speed_kmh: float = 30.0


RUN_HOURS = 10
DAY_MINUTES = 24 * 60


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _run_fleet(hub: Hub, vehicles: list[RunVehicle], day: date, now: datetime) -> list[matching.DeliveryVehicle]:
    """The engine's vehicles for a run on ``day``, none of them starting before ``now``."""
    local = timezone.localtime(now)
    today = local.date()
    if day < today:
        raise AidInvalid({"day": ("วันที่ของรอบส่งของผ่านไปแล้ว เลือกวันนี้หรือวันถัดไป",
                                  "The run's day is past: choose today or a later day.")})
    earliest = local.hour * 60 + local.minute + (1 if local.second or local.microsecond else 0) if day == today else 0
    fleet = []
    for v in vehicles:
        start = v.shift_start if v.shift_start is not None else (earliest if day == today else 8 * 60)
        end = v.shift_end if v.shift_end is not None else min(start + RUN_HOURS * 60, DAY_MINUTES)
        if start < earliest:
            raise AidInvalid({"shift_start": (
                f"เวลาเริ่มรอบส่งของ {_clock(start)} ผ่านไปแล้ว เลือกเวลาตั้งแต่ {_clock(earliest)} เป็นต้นไป",
                f"The run cannot start in the past ({_clock(start)}): choose {_clock(earliest)} or later.")})
        if not 0 <= start < end <= DAY_MINUTES:
            raise AidInvalid({"shift_end": ("เวลาสิ้นสุดต้องหลังเวลาเริ่ม และไม่เกินเที่ยงคืน",
                                            "The run must end after it starts, by midnight.")})
        if v.capacity < 1:
            raise AidInvalid({"capacity": ("รถแต่ละคันต้องบรรทุกได้อย่างน้อย 1 ชุด", "Each vehicle must carry at least one parcel.")})
        fleet.append(matching.DeliveryVehicle(v.id, v.capacity, hub.lat, hub.lon, start, end, v.speed_kmh))
    return fleet


@transaction.atomic
def plan_delivery_run(hub: Hub, requests: list[HelpRequest], vehicles: list[RunVehicle], *, by: Any,
                      day: date | None = None, now: datetime | None = None, time_limit_s: float = 1.0) -> DeliveryRun:
    """Route a food or supply run from the hub through the engine (haversine × 1.4).

    The run is on ``day`` (today by default); each vehicle's shift is in minutes after that day's
    midnight, from now (today) or 08:00 (a later day) unless given. A run never starts in the past:
    planned at 14:00 with the old fixed 08:00 start, a run's first stops were already hours late."""
    _require(by, "aid.coordinate", hub)
    now = _now(now)
    day = day or timezone.localtime(now).date()
    fleet = _run_fleet(hub, vehicles, day, now)
    stops = []
    for req in requests:
        point = request_point(req)
        if point is not None:
            # One unit per person: a household of four takes four food parcels.
            stops.append(matching.Stop(str(req.pk), point[0], point[1], demand=req.people, urgency=req.urgency))
    plan = matching.plan_routes(stops, fleet, time_limit_s=time_limit_s)
    run = DeliveryRun.objects.create(hub=hub, created_by=by, plan={**plan.to_dict(), "day": day.isoformat()})
    run.requests.set([r for r in requests if str(r.pk) not in set(plan.dropped)])
    record("aid.run.plan", actor=by, target=run,
           data={"hub": hub.pk, "stops": len(stops), "dropped": len(plan.dropped), "day": day.isoformat()})
    return run


# --- still need help? ---------------------------------------------------------------------------

# Half a day: a flood request can resolve itself (water goes down, a neighbour helps) within one.
CHECKIN_HOURS = 12.0
CHECKIN_TEXT = ("คุณยังต้องการความช่วยเหลือจากคำขอที่ส่งไว้หรือไม่ ตอบ \"ยังต้องการ\" หรือ \"ไม่ต้องการแล้ว\" "
                "(เพื่อให้อาสาสมัครไปหาคนที่ยังรออยู่ก่อน)")


def send_checkins(*, older_than_hours: float = CHECKIN_HOURS, now: datetime | None = None) -> tuple[int, int]:
    """Ask requests waiting longer than the limit whether they still need help.

    Chat requesters get the question on their channel; proxy, spreadsheet and SMS requests go on
    the coordinator's call list (a text cannot be answered with a button, and a proxy must phone).
    Each request is asked once per period. Returns (asked on chat, put on the call list).
    """
    now = _now(now)
    cutoff = now - timedelta(hours=older_than_hours)
    due = HelpRequest.objects.filter(state__in=[State.NEW, State.TRIAGED], created_at__lte=cutoff).filter(
        Q(last_checkin_at__isnull=True) | Q(last_checkin_at__lte=cutoff))
    asked = called = 0
    for req in list(due[:5000]):
        with transaction.atomic():
            req.last_checkin_at = now
            if req.channel in (Channel.LINE, Channel.TELEGRAM) and req.reply_address_enc:
                notify.notify(req.channel, CHECKIN_TEXT, address_enc=req.reply_address_enc,
                              key=notify.key("aid", req.pk, f"checkin:{now.isoformat()}"),
                              # the chat's answer buttons (aid/flows.py)
                              quick=[("ยังต้องการ", "checkin=yes"), ("ไม่ต้องการแล้ว", "checkin=no")])
                req.save(update_fields=["last_checkin_at"])
                asked += 1
            else:
                req.on_call_list = True
                req.save(update_fields=["last_checkin_at", "on_call_list"])
                called += 1
            record("aid.checkin.ask", target=req, data={"how": "call" if req.on_call_list else req.channel})
    return asked, called


@transaction.atomic
def answer_checkin(req: HelpRequest, still_needs: bool, *, by: Any = None, note: str = "",
                   now: datetime | None = None) -> HelpRequest:
    """The requester's answer (by chat, or told to a coordinator on the phone) updates the request."""
    if by is not None and getattr(by, "is_authenticated", False):
        _require(by, "aid.coordinate", req)
    now = _now(now)
    req = HelpRequest.objects.select_for_update().get(pk=req.pk)
    if req.is_closed:
        raise AidInvalid({"state": ("คำขอนี้ปิดไปแล้ว", "This request is already closed.")})
    req.on_call_list, req.last_checkin_at = False, now
    req.save(update_fields=["on_call_list", "last_checkin_at"])
    record("aid.checkin.answer", actor=by, target=req, data={"still_needs": still_needs})
    if not still_needs:
        _release_holds(req, now=now)
        _set_state(req, State.CANCELLED, by=by, now=now, note=note or "ผู้ขอแจ้งว่าไม่ต้องการความช่วยเหลือแล้ว")
    return req


def checkins_awaiting_chat(channel: str, user_id: str) -> Any:
    """The open requests of this chat user that were asked "do you still need help?"."""
    return HelpRequest.objects.filter(channel=channel, state__in=[State.NEW, State.TRIAGED],
                                      channel_user_hash=keyed_hash("channel", f"{channel}:{user_id}"),
                                      last_checkin_at__isnull=False)


def answer_checkin_from_chat(channel: str, user_id: str, still_needs: bool) -> int:
    """Apply a chat answer to every open request of this chat user; returns how many it updated."""
    reqs = checkins_awaiting_chat(channel, user_id)
    n = 0
    for req in reqs:
        answer_checkin(req, still_needs)
        n += 1
    return n


@transaction.atomic
def complete_run_stop(run: DeliveryRun, req: HelpRequest, *, by: Any, delivered: bool = True, note: str = "",
                      now: datetime | None = None) -> HelpRequest:
    """A stop of a delivery run was served (or not): the request closes as fulfilled (or failed)."""
    _require(by, "aid.coordinate", run.hub)
    req = HelpRequest.objects.select_for_update().get(pk=req.pk)
    if not run.requests.filter(pk=req.pk).exists():
        raise AidInvalid({"request": ("คำขอนี้ไม่อยู่ในรอบส่งของนี้", "This request is not on this run.")})
    if req.state not in (State.NEW, State.TRIAGED):
        raise AidInvalid({"state": ("คำขอนี้ปิดหรือมีอาสาสมัครแล้ว", "This request is closed or with a volunteer.")})
    _release_holds(req, now=_now(now))
    _set_state(req, State.FULFILLED if delivered else State.FAILED, by=by, now=_now(now), note=note,
               data={"run": run.pk})
    return req


# --- PDPA ---------------------------------------------------------------------------------------

def purge_closed_requests(now: datetime | None = None) -> int:
    """Blank the personal fields of requests closed longer than the retention period."""
    cutoff = _now(now) - timedelta(days=settings.PHALANG["PDPA_RETENTION_DAYS"])  # type: ignore[arg-type]
    ids = list(HelpRequest.objects.filter(state__in=CLOSED_STATES, closed_at__lt=cutoff, purged_at__isnull=True)
               .values_list("pk", flat=True))
    if ids:
        with transaction.atomic():
            HelpRequest.objects.filter(pk__in=ids).update(
                details="", name_enc="", phone_enc="", address_enc="", phone_hash="", address_hash="",
                reply_address_enc="", channel_user_hash="", lat=None, lon=None, triage={}, proxy_detail="",
                outcome_note="", purged_at=_now(now))
            record("aid.purge", data={"requests": len(ids)})
    return len(ids)


def purge_import_results(now: datetime | None = None) -> int:
    """Blank the kept results of import runs older than the retention period: they quote the
    sheet's cells (a wrong phone, a place). The run itself (a SHA-256 and a count) stays."""
    from phalang.aid.models import ImportedFile

    cutoff = _now(now) - timedelta(days=settings.PHALANG["PDPA_RETENTION_DAYS"])  # type: ignore[arg-type]
    n = ImportedFile.objects.filter(imported_at__lt=cutoff).exclude(result={}).update(result={})
    if n:
        record("aid.purge", data={"import_results": n})
    return n
