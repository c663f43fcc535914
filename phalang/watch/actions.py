"""Every change to a report goes through here: validated, written, audited in one transaction.

Channels (web form, API, LINE, Telegram, SMS, staff entry) all call ``file_report``; none of them
holds a business rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from phalang.audit.log import record
from phalang.lib import ratelimit
from phalang.lib.crypto import encrypt, keyed_hash
from phalang.lib.errors import FieldErrors
from phalang.lib.numbers import small_int
from phalang.places.lookup import complete_place
from phalang.places.models import District, Province, Subdistrict
from phalang.watch import access, notices, receipts, vault
from phalang.watch.models import (
    Anonymity,
    Category,
    Channel,
    Evidence,
    FixAnswer,
    FixCheck,
    MessageDirection,
    Report,
    ReportMessage,
    ReportUpdate,
    Status,
)

MAX_DESCRIPTION = 5000
MAX_MESSAGE = 2000


class ReportInvalid(FieldErrors):
    """A report's fields are invalid (Thai and English messages per field)."""


@dataclass
class NewReport:
    """What any channel collects. Validation happens in ``file_report``."""

    category: str
    description: str
    anonymity: str = Anonymity.ANONYMOUS
    channel: str = Channel.WEB
    channel_detail: str = ""
    province: str | int | None = None
    district: str | int | None = None
    subdistrict: str | int | None = None
    lat: float | None = None
    lon: float | None = None
    occurred_on: date | None = None
    related_project: str = ""
    contact: str = ""
    reporter_name: str = ""
    channel_user_id: str = ""
    reply_address: str = ""
    files: list[bytes] = field(default_factory=list)
    # Photos already stored in the vault during a chat dialog: their ids and the session's key.
    pending_evidence: list[int] = field(default_factory=list)
    pending_session: str = ""
    is_demo: bool = False


def _place(model: Any, value: str | int | None, **scope: Any) -> Any:
    if value in (None, ""):
        return None
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        pk = small_int(value)  # an id too large for the database is simply unknown
        return model.objects.filter(pk=pk, **scope).first() if pk is not None else None
    return model.objects.filter(name_th=str(value).strip(), **scope).first()


def _validate(data: NewReport) -> tuple[dict[str, Any], dict[str, tuple[str, str]]]:
    errors: dict[str, tuple[str, str]] = {}
    clean: dict[str, Any] = {}
    cat = Category.objects.filter(slug=data.category, active=True).first()
    if cat is None:
        errors["category"] = ("กรุณาเลือกประเภทเรื่อง", "Choose a category.")
    clean["category"] = cat
    desc = (data.description or "").strip()
    if len(desc) < 10:
        errors["description"] = ("กรุณาเล่าเรื่องที่เกิดขึ้นอย่างน้อย 10 ตัวอักษร",
                                 "Describe what happened in at least 10 characters.")
    elif len(desc) > MAX_DESCRIPTION:
        errors["description"] = (f"รายละเอียดยาวเกิน {MAX_DESCRIPTION} ตัวอักษร",
                                 f"The description is longer than {MAX_DESCRIPTION} characters.")
    clean["description"] = desc
    if data.anonymity not in Anonymity.values:
        errors["anonymity"] = ("กรุณาเลือกวิธีเปิดเผยตัวตน", "Choose how to identify yourself.")
    contact = (data.contact or "").strip()[:200]
    if data.anonymity in (Anonymity.CONFIDENTIAL, Anonymity.NAMED) and not contact:
        errors["contact"] = ("กรุณาให้ช่องทางติดต่อ (หรือเลือกไม่เปิดเผยตัวตน)",
                             "Give a contact, or choose anonymous.")
    if data.anonymity == Anonymity.ANONYMOUS:
        contact = ""  # an anonymous report keeps no contact, even if one was typed
    clean["contact"] = contact
    clean["reporter_name"] = (data.reporter_name or "").strip()[:150] if data.anonymity == Anonymity.NAMED else ""
    if data.channel not in Channel.values:
        errors["channel"] = ("ช่องทางไม่ถูกต้อง", "Unknown channel.")

    province = _place(Province, data.province)
    if data.province not in (None, "") and province is None:
        errors["province"] = ("ไม่พบจังหวัดนี้", "Unknown province.")
    district = _place(District, data.district, **({"province": province} if province else {}))
    if data.district not in (None, "") and district is None:
        errors["district"] = ("ไม่พบอำเภอนี้ในจังหวัดที่เลือก", "Unknown district for that province.")
    subdistrict = _place(Subdistrict, data.subdistrict, **({"district": district} if district else {}))
    if data.subdistrict not in (None, "") and subdistrict is None:
        errors["subdistrict"] = ("ไม่พบตำบลนี้ในอำเภอที่เลือก", "Unknown subdistrict for that district.")
    lat, lon = data.lat, data.lon
    place, point_error = complete_place(province, district, subdistrict, lat, lon)
    if point_error:
        errors["lat"] = point_error
    # A pin outside the chosen province keeps the province and guesses no district (complete_place).
    clean.update(province=place.province, district=place.district, subdistrict=place.subdistrict, lat=lat, lon=lon)
    if data.occurred_on and data.occurred_on > timezone.localdate():
        errors["occurred_on"] = ("วันที่เกิดเหตุต้องไม่อยู่ในอนาคต", "The date cannot be in the future.")
    clean["occurred_on"] = data.occurred_on
    clean["related_project"] = (data.related_project or "").strip()[:120]
    return clean, errors


def file_report(data: NewReport, *, by: Any = None, client: str = "", app: str = "") -> tuple[Report, str]:
    """File a report from any channel. Returns the report and its receipt (shown once).

    ``client`` (lib/clients.py) limits anonymous filing per client: ratelimit.RateLimited.
    ``app`` names an app's server filing for many people (Open311): besides its per-device
    ``client``, which the app itself chooses, all its filings share one ceiling (``report_app``)."""
    ratelimit.hit("report", client)
    ratelimit.hit("report_app", app)
    clean, errors = _validate(data)
    checked: list[vault.Checked] = []
    if data.files:
        try:
            checked = vault.check_files(data.files)
        except vault.VaultError as exc:
            errors["files"] = (exc.message_th, exc.message_en)
    if errors:
        raise ReportInvalid(errors)

    for _attempt in range(5):
        receipt = receipts.generate()
        try:
            with transaction.atomic():
                report = Report.objects.create(
                    receipt_hash=receipts.receipt_hash(receipt),
                    category=clean["category"], description=clean["description"],
                    province=clean["province"], district=clean["district"],
                    subdistrict=clean["subdistrict"], lat=clean["lat"], lon=clean["lon"],
                    occurred_on=clean["occurred_on"], related_project=clean["related_project"],
                    anonymity=data.anonymity, contact_enc=encrypt(clean["contact"]),
                    reporter_name_enc=encrypt(clean["reporter_name"]),
                    channel=data.channel, channel_detail=data.channel_detail[:32],
                    channel_user_hash=keyed_hash("channel", f"{data.channel}:{data.channel_user_id}")
                    if data.channel_user_id else "",
                    reply_address_enc=encrypt(data.reply_address, "channel") if data.reply_address else "",
                    filed_by=by if by is not None and getattr(by, "is_authenticated", False) else None,
                    is_demo=data.is_demo,
                )
                for item in checked:
                    vault.store(item, report=report)
                if data.pending_evidence:
                    Evidence.objects.filter(pk__in=data.pending_evidence[:vault.max_files()],
                                            pending_session=data.pending_session, report=None).update(
                        report=report, pending_session="")
                ReportUpdate.objects.create(report=report, status_to=Status.RECEIVED, public=True)
                from phalang.watch.workflow import apply_routing

                apply_routing(report)
                record("report.file", actor=by, target=report,
                       data={"channel": data.channel, "category": clean["category"].slug,
                             "anonymity": data.anonymity, "files": len(checked)})
            return report, receipt
        except IntegrityError:
            continue  # a receipt collision (1 in 10^20); draw again
    raise RuntimeError("could not allocate a unique receipt")


def find_by_receipt(receipt: str) -> Report | None:
    if receipts.normalize(receipt) is None:
        return None
    report = Report.objects.filter(receipt_hash=receipts.receipt_hash(receipt)).first()
    # A merged duplicate's receipt leads to the report it was merged into.
    for _ in range(5):
        if report is None or report.merged_into_id is None:
            break
        report = report.merged_into
    return report


def reports_for_channel_user(channel: str, user_id: str) -> list[Report]:
    return list(Report.objects.filter(channel_user_hash=keyed_hash("channel", f"{channel}:{user_id}"))
                .select_related("category").order_by("-created_at")[:10])


def awaits_reporter(report: Report) -> bool:
    """Whether a question to the reporter is open on this case: it waits for information
    (needs_info), or the last message of the conversation is to the reporter, unanswered. The
    chat takes a reporter's typed message as the answer to such a case (watch/flows.py)."""
    if report.is_closed:
        return False
    if report.status == Status.NEEDS_INFO:
        return True
    last = report.messages.order_by("-created_at", "-id").values_list("direction", flat=True).first()
    return last == MessageDirection.TO_REPORTER


def awaiting_answer(channel: str, user_id: str) -> list[Report]:
    """This chat account's cases with an open question (``awaits_reporter``), latest first."""
    return [r for r in reports_for_channel_user(channel, user_id) if awaits_reporter(r)]


@transaction.atomic
def add_reporter_message(report: Report, body: str, *, channel: str, files: list[bytes] | None = None,
                         pending_evidence: list[int] | None = None, pending_session: str = "") -> ReportMessage:
    """The reporter adds information or answers a moderator, by receipt, on any channel."""
    body = (body or "").strip()
    errors: dict[str, tuple[str, str]] = {}
    if pending_evidence:
        # Files sent in a chat follow-up count against the report's limit like web uploads.
        room = vault.max_files() - report.evidence.count()
        if len(pending_evidence) > room:
            raise ReportInvalid({"files": (f"เรื่องนี้แนบไฟล์ได้อีก {max(room, 0)} ไฟล์",
                                           f"This report can take {max(room, 0)} more files.")})
        attached = Evidence.objects.filter(pk__in=pending_evidence, pending_session=pending_session,
                                           report=None).update(report=report, pending_session="")
        if attached and not body:
            record("report.reporter_evidence", target=report, data={"channel": channel, "files": attached})
            return ReportMessage.objects.create(report=report, direction=MessageDirection.FROM_REPORTER,
                                                body="(รูปเพิ่มเติม / more photos)", channel=channel)
    if not body and not files:
        errors["message"] = ("กรุณาพิมพ์ข้อความ", "Write a message.")
    elif len(body) > MAX_MESSAGE:
        errors["message"] = (f"ข้อความยาวเกิน {MAX_MESSAGE} ตัวอักษร", f"Longer than {MAX_MESSAGE} characters.")
    checked = []
    if files:
        existing = report.evidence.count()
        try:
            checked = vault.check_files(files)
            if existing + len(checked) > vault.max_files():
                raise vault.VaultError("too_many_files", f"เรื่องนี้แนบไฟล์ได้อีก {vault.max_files() - existing} ไฟล์",
                                       f"This report can take {vault.max_files() - existing} more files.")
        except vault.VaultError as exc:
            errors["files"] = (exc.message_th, exc.message_en)
    if errors:
        raise ReportInvalid(errors)
    msg = ReportMessage.objects.create(report=report, direction=MessageDirection.FROM_REPORTER,
                                       body=body or "(ไฟล์แนบ / attachment)", channel=channel)
    for item in checked:
        vault.store(item, report=report)
    record("report.reporter_message", target=report, data={"channel": channel, "files": len(checked)})
    from phalang.watch.workflow import reporter_answered

    reporter_answered(report)
    return msg


@transaction.atomic
def set_sharing(report: Report, organisation_id: int, *, contact: bool, original: bool, channel: str) -> None:
    """The reporter, with their receipt, chooses what one forwarded organisation may see beyond
    the shared text and the published evidence. Withdrawing works the same way."""
    from phalang.watch.models import SharingConsent

    if not report.forwarded_to.filter(pk=organisation_id).exists():
        raise ReportInvalid({"organisation": ("เรื่องนี้ไม่ได้ส่งต่อถึงองค์กรนี้",
                                              "This report was not forwarded to that organisation.")})
    SharingConsent.objects.update_or_create(report=report, organisation_id=organisation_id,
                                            defaults={"contact": contact, "original": original})
    record("report.sharing", target=report, data={"organisation": organisation_id, "contact": contact,
                                                  "original": original, "channel": channel})


@transaction.atomic  # the row lock below needs a transaction (PostgreSQL refuses it outside one)
def answer_fix_check(report: Report, *, fixed: bool, channel: str, files: list[bytes] | None = None,
                     pending_evidence: list[int] | None = None, pending_session: str = "") -> FixCheck:
    """The reporter's answer to "แก้ไขแล้วจริงไหม?", on any channel (the web with the receipt, LINE,
    Telegram, SMS). Yes confirms the fix; no reopens the case (back to the agency it was
    forwarded to, or to screening) with the photo, if any, as evidence. One answer per resolution."""
    from phalang.watch import publiclog, workflow

    report = Report.objects.select_for_update().get(pk=report.pk)
    check = workflow.open_fix_check(report)
    errors: dict[str, tuple[str, str]] = {}
    if check is None:
        errors["fix"] = ("เรื่องนี้ไม่มีคำถามเรื่องการแก้ไขที่รอคำตอบ", "This report has no fix waiting for your answer.")
    checked: list[vault.Checked] = []
    if files:
        try:
            checked = vault.check_files(files[:1])
            if len(files) > 1:
                raise vault.VaultError("too_many_files", "แนบรูปได้ 1 รูป", "Attach one photo.")
        except vault.VaultError as exc:
            errors["files"] = (exc.message_th, exc.message_en)
    if errors:
        raise ReportInvalid(errors)
    assert check is not None
    photo: Evidence | None = None
    for item in checked:
        photo = vault.store(item, report=report)
    if pending_evidence and photo is None:
        photo = Evidence.objects.filter(pk__in=pending_evidence[:1], pending_session=pending_session,
                                        report=None).first()
        if photo is not None:
            photo.report, photo.pending_session = report, ""
            photo.save(update_fields=["report", "pending_session"])
    check.answer = FixAnswer.CONFIRMED if fixed else FixAnswer.DISPUTED
    check.answered_at = timezone.now()
    check.channel = channel
    check.evidence = photo
    check.save(update_fields=["answer", "answered_at", "channel", "evidence"])
    record("report.fix_answer", target=report, data={"check": check.pk, "answer": check.answer,
                                                     "channel": channel, "photo": photo is not None})
    if fixed:
        ReportUpdate.objects.create(report=report, status_from=report.status, status_to=report.status,
                                    text="ผู้แจ้งยืนยันว่าแก้ไขแล้วจริง", public=True)
        if report.published:
            publiclog.append(report.public_id, "fix_confirmed", report.status)
        # The case is over for its reporter: an anonymous one is forgotten now (kept until this
        # answer so that a "no" could still reach them).
        workflow.forget_reporter(report)
        return check
    old = report.status
    back_to = Status.FORWARDED if report.forwarded_to.exists() else Status.SCREENING
    report.status, report.closed_at = back_to, None
    fields = ["status", "closed_at", "updated_at"]
    if report.forwarded_at:
        # The response clock starts again: the agency owes a new first answer, and its reminders
        # count from the dispute, not from the first forwarding.
        report.forwarded_at, report.first_response_at, report.reminders_sent = timezone.now(), None, 0
        fields += ["forwarded_at", "first_response_at", "reminders_sent"]
    report.save(update_fields=fields)
    ReportUpdate.objects.create(report=report, status_from=old, status_to=back_to, public=True,
                                text="ผู้แจ้งแจ้งว่ายังไม่ได้แก้ไขจริง เปิดเรื่องอีกครั้ง"
                                + (" (มีรูปถ่ายประกอบ)" if photo else ""))
    record("report.status", target=report, data={"from": old, "to": back_to, "by": "reporter"})
    if report.published:
        publiclog.append(report.public_id, "fix_disputed", back_to)
    for org in report.forwarded_to.all():
        workflow.notify_partner_staff(
            org, "[พลัง] ผู้แจ้งแจ้งว่าเรื่องยังไม่ได้แก้ไข",
            f"ผู้แจ้งเรื่อง {report.public_id} แจ้งว่ายังไม่ได้แก้ไขจริง เรื่องถูกเปิดอีกครั้ง "
            f"{settings.SITE_URL}/partner/{report.public_id}/", f"fixdispute:{check.pk}")
    return check


def status_view(report: Report, language: str = "th") -> dict[str, Any]:
    """What a reporter may see with their receipt: status, public timeline, the conversation."""
    labels = dict(Status.choices)
    from phalang.watch.workflow import open_fix_check

    messages = list(report.messages.select_related("partner"))

    return {
        "receipt_ok": True,
        # True while the reporter is asked "แก้ไขแล้วจริงไหม?"; answer with ``answer_fix_check``.
        "fix_question": open_fix_check(report) is not None,
        "status": report.status,
        "status_label": str(labels.get(report.status, report.status)),
        "category": report.category.label(language),
        "filed_on": report.created_at.isoformat(),
        "timeline": [
            {"at": u.created_at.isoformat(), "status": u.status_to,
             "status_label": str(labels.get(u.status_to, u.status_to)), "text": u.text}
            for u in report.updates.filter(public=True)
        ],
        # Who wrote each message: the moderators, or a partner organisation by name (notices.sender).
        "messages": [
            {"at": m.created_at.isoformat(),
             "from": "reporter" if m.direction != MessageDirection.TO_REPORTER else "partner" if m.partner
             else "moderator",
             "sender": notices.sender(m.partner.display_name(language) if m.partner else None, language)
             if m.direction == MessageDirection.TO_REPORTER else "",
             "organisation": m.partner.display_name(language) if m.partner else None, "text": m.body}
            for m in messages
        ],
        "partner_warning": notices.partner_warning(language) if any(m.partner for m in messages) else "",
        "forwarded_to": [
            {"organisation": c["organisation"].slug, "name": c["organisation"].display_name(language),
             "shares_contact": c["contact"], "shares_original": c["original"]}
            for c in access.sharing_choices(report)
        ],
        # Who opened the reporter's contact or name, and when (an empty list for anonymous reports).
        "identity_opened": [
            {"organisation": v["organisation"].display_name(language) if v["organisation"] else None,
             "at": v["at"].isoformat()}
            for v in access.identity_views(report)
        ],
    }


ME_TOO_SECONDS = 24 * 3600


def me_too(report: Report, client: str, *, channel: str) -> bool:
    """A citizen says "me too" on a published case, from the web (the case page, the report
    form's nearby cases) or the chat. One per client and case a day: ``client`` is the web
    visitor's pseudonym (lib/clients.client_key) or the chat sender's (lib/clients.chat_client),
    so a web visit and a chat account count apart (nothing links the two, on purpose). Returns
    whether this one counted; a repeat within the day changes nothing and writes nothing.

    The counter lives in the cache under a keyed hash for the day; the audit entry names the
    channel only, never the client, so the log holds no address or account."""
    from django.core.cache import cache
    from django.db.models import F

    if not report.published or report.merged_into_id is not None:
        raise ReportInvalid({"report": ("เรื่องนี้ไม่ได้เผยแพร่แล้ว", "This case is not published.")})
    if client and not cache.add("metoo:" + keyed_hash("ratelimit", f"{client}:{report.pk}")[:32], 1,
                                ME_TOO_SECONDS):
        return False
    with transaction.atomic():
        Report.objects.filter(pk=report.pk).update(me_too=F("me_too") + 1)
        record("report.me_too", target=report, data={"channel": channel})
    return True
