"""The case workflow: screening, verifying, forwarding, resolving and publishing reports.

Every step is one function here. It checks the actor's permission on the report, requires a
reason where the issue asks for one, writes the timeline and the audit log, appends to the
signed public log when the report is published, and queues notifications in the durable outbox,
all in one transaction.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from phalang.audit.log import record
from phalang.engines import redaction
from phalang.lib import conf
from phalang.lib.crypto import decrypt
from phalang.messaging import notify
from phalang.orgs.models import Organisation
from phalang.watch import notices, publiclog
from phalang.watch.models import (
    CLOSED_STATUSES,
    Anonymity,
    CaseNote,
    Channel,
    Evidence,
    FixCheck,
    MessageDirection,
    Report,
    ReportMessage,
    ReportUpdate,
    RoutingRule,
    Status,
)

S = Status
ALLOWED: dict[str, set[str]] = {
    S.RECEIVED: {S.SCREENING, S.NEEDS_INFO, S.VERIFIED, S.CLOSED_UNFOUNDED, S.CLOSED_DUPLICATE, S.REJECTED_SPAM},
    S.SCREENING: {S.NEEDS_INFO, S.VERIFIED, S.CLOSED_UNFOUNDED, S.CLOSED_DUPLICATE, S.REJECTED_SPAM},
    S.NEEDS_INFO: {S.SCREENING, S.VERIFIED, S.CLOSED_UNFOUNDED, S.CLOSED_DUPLICATE, S.REJECTED_SPAM},
    S.VERIFIED: {S.FORWARDED, S.IN_PROGRESS, S.RESOLVED, S.CLOSED_UNFOUNDED, S.CLOSED_DUPLICATE},
    S.FORWARDED: {S.IN_PROGRESS, S.RESOLVED, S.CLOSED_UNFOUNDED},
    S.IN_PROGRESS: {S.RESOLVED, S.CLOSED_UNFOUNDED},
}
# What partner staff of an organisation a case was forwarded to may do (the rest is moderators').
PARTNER_MOVES = {(S.FORWARDED, S.IN_PROGRESS), (S.FORWARDED, S.RESOLVED), (S.IN_PROGRESS, S.RESOLVED),
                 (S.FORWARDED, S.CLOSED_UNFOUNDED), (S.IN_PROGRESS, S.CLOSED_UNFOUNDED)}
NEEDS_REASON = CLOSED_STATUSES | {S.NEEDS_INFO}

STATUS_TEXT_TH = dict(S.choices)


class WorkflowError(ValidationError):
    pass


def _require(user: Any, perm: str, report: Report) -> None:
    if user is None or not user.has_perm(perm, report):
        raise PermissionDenied(perm)


# --- routing -----------------------------------------------------------------------------------

def route(report: Report) -> list[Organisation]:
    """The screening organisations for a new report, from the most specific matching rules."""
    rules = list(RoutingRule.objects.filter(
        Q(category__isnull=True) | Q(category=report.category_id),
        Q(province__isnull=True) | Q(province=report.province_id),
        Q(district__isnull=True) | Q(district=report.district_id),
    ).prefetch_related("organisations"))
    if not rules:
        return []
    best = max(r.specificity for r in rules)
    orgs: dict[int, Organisation] = {}
    for rule in rules:
        if rule.specificity == best:
            orgs.update({o.pk: o for o in rule.organisations.all()})
    return list(orgs.values())


def apply_routing(report: Report) -> None:
    orgs = route(report)
    if orgs:
        report.handling_organisations.add(*orgs)


@transaction.atomic
def save_routing_rule(*, by: Any, organisations: list[Organisation], category: Any = None, province: Any = None,
                      district: Any = None, rule: RoutingRule | None = None) -> RoutingRule:
    if by is None or not by.is_superuser:
        raise PermissionDenied("only platform administrators edit routing rules")
    if not organisations:
        raise ValidationError({"organisations": "เลือกอย่างน้อยหนึ่งองค์กร / choose at least one organisation"})
    rule = rule or RoutingRule()
    rule.category, rule.province, rule.district = category, province, district
    rule.save()
    rule.organisations.set(organisations)
    record("watch.routing_rule", actor=by, target=rule,
           data={"category": getattr(category, "slug", None), "province": getattr(province, "pk", None),
                 "district": getattr(district, "pk", None), "organisations": [o.pk for o in organisations]})
    return rule


@transaction.atomic
def delete_routing_rule(rule: RoutingRule, *, by: Any) -> None:
    if by is None or not by.is_superuser:
        raise PermissionDenied("only platform administrators edit routing rules")
    record("watch.routing_rule_delete", actor=by, target=rule)
    rule.delete()


# --- notifications -----------------------------------------------------------------------------

def notify_reporter(report: Report, text: str, cause: str, quick: list[tuple[str, str]] | None = None) -> None:
    """Tell the reporter on their channel, where they can be reached (``messaging.notify``).
    Web and API reporters see it at their next status check."""
    notify.notify(report.channel, "พลัง: " + text, address_enc=report.reply_address_enc,
                  key=notify.key("reporter", report.pk, cause), quick=quick or ())


def notify_partner_staff(org: Organisation, subject: str, text: str, cause: str) -> None:
    from phalang.orgs.roles import ROLE_PERMISSIONS

    roles = [r for r, perms in ROLE_PERMISSIONS.items() if "report.view" in perms]
    emails = set(org.memberships.filter(active=True, role__in=roles).exclude(user__email="")
                 .values_list("user__email", flat=True))
    for email in sorted(emails):
        notify.notify("email", text, subject=subject, address=email, key=notify.key("staff", org.pk, email, cause))


# --- transitions -------------------------------------------------------------------------------

def _timeline(report: Report, by: Any, old: str, new: str, reason: str, public: bool = True) -> ReportUpdate:
    return ReportUpdate.objects.create(report=report, status_from=old, status_to=new, text=reason, public=public,
                                       actor=by if getattr(by, "is_authenticated", False) else None)


def _is_partner_move(user: Any, report: Report, old: str, new: str) -> bool:
    return (old, new) in PARTNER_MOVES and user.has_perm("report.update_status", report)


@transaction.atomic
def change_status(report: Report, new: str, *, by: Any, reason: str = "", public_reason: bool = True) -> ReportUpdate:
    report = Report.objects.select_for_update().get(pk=report.pk)
    old = report.status
    if new not in ALLOWED.get(old, set()):
        raise WorkflowError(f"{old} → {new} is not an allowed step")
    if not (by.has_perm("report.moderate", report) or _is_partner_move(by, report, old, new)):
        raise PermissionDenied("report.moderate")
    reason = (reason or "").strip()
    if new in NEEDS_REASON and not reason:
        raise WorkflowError("ต้องระบุเหตุผล / a reason is required")
    now = timezone.now()
    report.status = new
    fields = ["status", "updated_at"]
    if new in CLOSED_STATUSES:
        report.closed_at = now
        fields.append("closed_at")
    if report.forwarded_at and not report.first_response_at and by.has_perm("report.update_status", report) \
            and report.forwarded_to.filter(pk__in=_org_ids(by)).exists():
        report.first_response_at = now
        fields.append("first_response_at")
    report.save(update_fields=fields)
    update = _timeline(report, by, old, new, reason, public_reason)
    record("report.status", actor=by, target=report, data={"from": old, "to": new})
    if report.published:
        publiclog.append(report.public_id, "status", new)
    if new == S.RESOLVED:
        _ask_if_fixed(report, by, update)
    else:
        notify_reporter(report, f"เรื่องของคุณเปลี่ยนสถานะเป็น \"{STATUS_TEXT_TH[new]}\"", f"status:{update.pk}")
    if new in CLOSED_STATUSES and new != S.RESOLVED:
        # After the news above is queued. A resolved case keeps the address while the reporter is
        # asked whether it was really fixed (``answer_fix_check`` forgets it, or the question expires).
        forget_reporter(report)
    return update


# The question the reporter is asked on every channel when a case is marked resolved.
FIX_QUESTION_TH = "แก้ไขแล้วจริงไหม?"
FIX_QUESTION_EN = "Was it really fixed?"


def fix_payload(report_id: int, fixed: bool) -> str:
    """The postback of the yes/no buttons under the question on LINE and Telegram."""
    return f"fix={report_id}:{'yes' if fixed else 'no'}"


def _ask_if_fixed(report: Report, by: Any, update: ReportUpdate) -> FixCheck:
    """Open a fix check for this resolution and ask the reporter on their channel: buttons on
    LINE and Telegram, the words ใช่/ไม่ by SMS (web and API reporters see the question at their
    next status check, with their receipt)."""
    agency = report.forwarded_to.filter(pk__in=_org_ids(by)).first() if getattr(by, "is_authenticated", False) \
        else None
    check = FixCheck.objects.create(report=report, organisation=agency)
    record("report.fix_asked", actor=by, target=report, data={"check": check.pk,
                                                               "organisation": getattr(agency, "pk", None)})
    note = f" ({update.text})" if update.public and update.text else ""
    head = f"หน่วยงานแจ้งว่าเรื่องของคุณแก้ไขแล้ว{note} {FIX_QUESTION_TH}"
    quick: list[tuple[str, str]] = []
    if report.channel in (Channel.LINE, Channel.TELEGRAM):
        text = f"{head} กดปุ่มด้านล่าง หากยังไม่ได้แก้ ส่งรูปถ่ายสภาพตอนนี้ประกอบได้"
        quick = [("ใช่ แก้แล้ว", fix_payload(report.pk, True)), ("ยังไม่ได้แก้", fix_payload(report.pk, False))]
    elif report.channel == Channel.SMS:
        text = f"{head} ตอบ ใช่ หรือ ไม่"
    else:
        text = f"{head} ตอบ \"ใช่\" หรือ \"ไม่\" พร้อมรูปถ่ายได้ด้วยรหัสติดตามของคุณ"
    notify_reporter(report, text, f"fixcheck:{check.pk}", quick=quick)
    return check


def fix_check_deadline() -> Any:
    """Questions asked before this have expired (unanswered)."""
    return timezone.now() - timedelta(days=int(conf.phalang("FIX_CHECK_DAYS")))


def open_fix_check(report: Report) -> FixCheck | None:
    """The unanswered question for the current resolution, if the case is still resolved and the
    question has not expired."""
    if report.status != S.RESOLVED:
        return None
    return (report.fix_checks.filter(answer="", asked_at__gte=fix_check_deadline())
            .order_by("-asked_at", "-id").first())


def forget_reporter(report: Report) -> None:
    """An anonymous report keeps where its reporter is (the reply address, and the keyed hash
    behind "my reports") only while the case is open, as the reporter was told
    (watch/notices.py). The closing news is already queued with its own encrypted copy of the
    address, which the outbox empties once it is sent."""
    if report.anonymity == Anonymity.ANONYMOUS and (report.reply_address_enc or report.channel_user_hash):
        Report.objects.filter(pk=report.pk).update(reply_address_enc="", channel_user_hash="")
        report.reply_address_enc = report.channel_user_hash = ""


def _org_ids(user: Any) -> set[int]:
    return set(user.memberships.filter(active=True).values_list("organisation_id", flat=True))


@transaction.atomic
def reopen(report: Report, *, by: Any, reason: str) -> ReportUpdate:
    _require(by, "report.moderate", report)
    if not report.is_closed:
        raise WorkflowError("only a closed report can be reopened")
    if not (reason or "").strip():
        raise WorkflowError("ต้องระบุเหตุผลในการเปิดเรื่องใหม่ / reopening needs a reason")
    old = report.status
    report.status, report.closed_at = S.SCREENING, None
    report.save(update_fields=["status", "closed_at", "updated_at"])
    update = _timeline(report, by, old, S.SCREENING, reason.strip())
    record("report.reopen", actor=by, target=report, data={"from": old})
    if report.published:
        publiclog.append(report.public_id, "reopen", S.SCREENING)
    return update


@transaction.atomic
def request_info(report: Report, *, by: Any, question: str) -> ReportMessage:
    """Ask the reporter something: the case waits in needs_info until they answer."""
    msg = message_reporter(report, by=by, body=question)
    if report.status != S.NEEDS_INFO:
        change_status(report, S.NEEDS_INFO, by=by, reason="ขอข้อมูลเพิ่มเติมจากผู้แจ้ง", public_reason=True)
    return msg


@transaction.atomic
def message_reporter(report: Report, *, by: Any, body: str) -> ReportMessage:
    if not (by.has_perm("report.reply", report) or by.has_perm("report.moderate", report)):
        raise PermissionDenied("report.reply")
    body = (body or "").strip()
    if not body or len(body) > 2000:
        raise WorkflowError("ข้อความต้องมี 1-2000 ตัวอักษร / a message is 1-2000 characters")
    partner = _partner_of(report, by)
    msg = ReportMessage.objects.create(report=report, direction=MessageDirection.TO_REPORTER, body=body,
                                       channel=report.channel, author=by, partner=partner)
    if report.forwarded_at and not report.first_response_at and report.forwarded_to.filter(
            pk__in=_org_ids(by)).exists():
        report.first_response_at = timezone.now()
        report.save(update_fields=["first_response_at"])
    record("report.message_to_reporter", actor=by, target=report)
    # The chat's reply button (watch/flows.py): the answer goes to this case.
    # The reporter is told who asks: a partner organisation by name, with the warning (notices.py).
    text = f"มีข้อความจาก{notices.sender(partner.name_th if partner else None)}: {body[:500]}"
    if partner is not None:
        text += "\n" + notices.partner_warning()
    notify_reporter(report, text + "\nกด \"ตอบกลับ\" หรือพิมพ์คำตอบได้เลย",
                    f"message:{msg.pk}", quick=[("ตอบกลับ", f"answer={report.pk}")])
    return msg


def _partner_of(report: Report, by: Any) -> Organisation | None:
    """The forwarded organisation a staff member writes for; None for the platform's moderators
    (a member of an organisation handling the case, or a superuser)."""
    mine = _org_ids(by)
    if by.is_superuser or mine & set(report.handling_organisations.values_list("pk", flat=True)):
        return None
    return report.forwarded_to.filter(pk__in=mine).order_by("pk").first()


@transaction.atomic
def reporter_answered(report: Report) -> None:
    """Called when the reporter adds information: a case waiting for it goes back to screening."""
    if report.status == S.NEEDS_INFO:
        old = report.status
        report.status = S.SCREENING
        report.save(update_fields=["status", "updated_at"])
        _timeline(report, None, old, S.SCREENING, "ผู้แจ้งส่งข้อมูลเพิ่มเติมแล้ว")
        # The reporter has no account: the entry names the role, never the person.
        record("report.status", target=report, data={"from": old, "to": S.SCREENING, "by": "reporter"})
        if report.published:
            publiclog.append(report.public_id, "status", S.SCREENING)


MAX_NOTE = 4000


@transaction.atomic
def add_note(report: Report, *, by: Any, body: str, shared: bool = False) -> CaseNote:
    """An internal note by a moderator or partner staff member: never public, never shown to the
    reporter. Private to the author's own organisation unless ``shared``, an explicit choice per
    note: a note written before a forward may name a source the forwarded organisation must not
    read (issue 12)."""
    _require(by, "report.view", report)
    body = (body or "").strip()
    if not body or len(body) > MAX_NOTE:
        raise WorkflowError(f"บันทึกภายในต้องมี 1-{MAX_NOTE} ตัวอักษร / an internal note is 1-{MAX_NOTE} characters")
    org_id = next(iter(sorted(report.governing_organisation_ids() & _org_ids(by))), None)
    note = CaseNote.objects.create(report=report, author=by, organisation_id=org_id, shared=shared, body=body)
    record("report.note", actor=by, target=report, data={"note": note.pk, "shared": shared})
    return note


def notes_for(report: Report, user: Any) -> list[CaseNote]:
    """The internal notes this user may read: shared ones, and their own organisation's."""
    if user is None or not user.has_perm("report.view", report):
        return []
    mine = Q(shared=True) | Q(organisation_id__in=_org_ids(user)) | Q(author=user)
    if user.is_superuser:
        mine = Q()
    return list(report.notes.filter(mine).select_related("author", "organisation"))


@transaction.atomic
def forward(report: Report, *, to: list[Organisation], by: Any, reason: str = "",
            shared_text: str | None = None) -> ReportUpdate:
    """Send the case on to other organisations. They see ``shared_text`` (stored as the public
    text: the moderator's redacted version; the automatic redaction when none was written yet)
    and the published evidence, nothing else unless the reporter agrees (watch/access.py)."""
    _require(by, "report.forward", report)
    if not to:
        raise WorkflowError("เลือกองค์กรที่จะส่งต่อ / choose an organisation")
    unverified = [o for o in to if not o.verified]
    if unverified:
        # The rule lives here, not only in the form: a hand-made POST cannot reach an unverified org.
        names = ", ".join(o.name_th for o in unverified)
        raise WorkflowError(f"ส่งต่อได้เฉพาะองค์กรที่ยืนยันตัวตนแล้ว: {names} / "
                            f"only verified organisations can receive cases: {names}")
    report.refresh_from_db()  # the caller's copy may predate an earlier forward
    text = (shared_text or "").strip() or report.public_text or redaction.redact(report.description).public_text
    if text != report.public_text:
        report.public_text = text[:5000]
        report.save(update_fields=["public_text", "updated_at"])
    report.forwarded_to.add(*to)
    if not report.forwarded_at:
        report.forwarded_at = timezone.now()
        report.save(update_fields=["forwarded_at"])
    names = ", ".join(o.name_th for o in to)
    if report.status in (S.RECEIVED, S.SCREENING, S.NEEDS_INFO):
        # No reason of its own: the timeline shows the status label, and "ตรวจสอบแล้ว" again
        # read "ตรวจสอบแล้ว: ตรวจสอบแล้ว" (user trial, issue 12).
        change_status(report, S.VERIFIED, by=by)
        report.refresh_from_db()
    update = change_status(report, S.FORWARDED, by=by, reason=reason or f"ส่งต่อถึง {names}") \
        if report.status != S.FORWARDED else _timeline(report, by, S.FORWARDED, S.FORWARDED, f"ส่งต่อถึง {names}")
    record("report.forward", actor=by, target=report, data={"to": [o.pk for o in to]})
    for org in to:
        notify_partner_staff(org, f"[พลัง] เรื่องใหม่ส่งต่อถึง {org.name_th}",
                             f"มีเรื่องร้องเรียนส่งต่อถึงองค์กรของคุณ เปิดดูได้ที่ {settings.SITE_URL}/partner/{report.public_id}/",
                             f"forward:{report.pk}")
    return update


@transaction.atomic
def open_identity(report: Report, *, by: Any) -> tuple[str, str]:
    """The reporter's contact and name, for someone entitled to them; every opening is audited
    with the organisation it was made for, and the reporter sees it with their receipt."""
    from phalang.watch import access

    if by is None or not access.may_open_identity(by, report):
        raise PermissionDenied("report.view_contact")
    record(access.IDENTITY_VIEWED, actor=by, target=report,
           data={"organisation": access.acting_organisation(by, report, "contact")})
    return decrypt(report.contact_enc), decrypt(report.reporter_name_enc)


@transaction.atomic
def open_original(evidence: Evidence, *, by: Any) -> bytes:
    """An original evidence file (with its metadata), audited like an identity."""
    from phalang.watch import access, vault

    report = evidence.report
    if by is None or report is None or not access.may_open_original_file(by, report):
        raise PermissionDenied("report.moderate")
    record("evidence.view_original", actor=by, target=report,
           data={"evidence": evidence.pk, "organisation": access.acting_organisation(by, report, "original")})
    return vault.read_original(evidence)


@transaction.atomic
def assign(report: Report, *, to: Any, by: Any) -> None:
    _require(by, "report.moderate", report)
    if to is not None and not to.has_perm("report.view", report):
        raise WorkflowError("ผู้รับมอบหมายต้องเข้าถึงเรื่องนี้ได้ / the assignee cannot see this report")
    report.assignee = to
    report.save(update_fields=["assignee"])
    record("report.assign", actor=by, target=report, data={"to": getattr(to, "pk", None)})


@transaction.atomic
def publish(report: Report, *, by: Any, public_text: str, show_exact_location: bool = False,
            evidence_ids: list[int] | None = None) -> None:
    _require(by, "report.publish", report)
    text = (public_text or "").strip()
    if len(text) < 10:
        raise WorkflowError("ข้อความสาธารณะต้องมีอย่างน้อย 10 ตัวอักษร / the public text needs 10+ characters")
    report.public_text = text[:5000]
    report.show_exact_location = show_exact_location
    first = not report.published
    report.published = True
    report.published_at = report.published_at or timezone.now()
    report.save(update_fields=["public_text", "show_exact_location", "published", "published_at", "updated_at"])
    if evidence_ids is not None:
        report.evidence.update(published=False)
        # Only files with a public copy: video and sound are kept as originals only (vault.is_media).
        report.evidence.filter(pk__in=evidence_ids).exclude(public_file="").update(published=True)
    record("report.publish", actor=by, target=report, data={"evidence": evidence_ids or []})
    publiclog.append(report.public_id, "published" if first else "republished", report.status)


@transaction.atomic
def unpublish(report: Report, *, by: Any, reason: str) -> None:
    _require(by, "report.publish", report)
    if not (reason or "").strip():
        raise WorkflowError("ต้องระบุเหตุผล / a reason is required")
    report.published = False
    report.save(update_fields=["published", "updated_at"])
    _timeline(report, by, report.status, report.status, reason.strip(), public=False)
    record("report.unpublish", actor=by, target=report)
    # The entry stays in the public log: withdrawing a report is itself public history.
    publiclog.append(report.public_id, "unpublished", report.status)


@transaction.atomic
def merge(report: Report, *, into: Report, by: Any) -> None:
    """Close a duplicate into another report; its receipt keeps working (it leads to ``into``)."""
    _require(by, "report.moderate", report)
    _require(by, "report.moderate", into)
    if into.pk == report.pk or into.merged_into_id == report.pk:
        raise WorkflowError("cannot merge a report into itself")
    report.merged_into = into
    was_published = report.published
    report.published = False  # its public page now leads to the report it was merged into
    report.save(update_fields=["merged_into", "published"])
    if was_published:
        publiclog.append(report.public_id, "merged", report.status)
    if report.status != S.CLOSED_DUPLICATE:
        change_status(report, S.CLOSED_DUPLICATE, by=by, reason=f"รวมกับเรื่อง {into.public_id}")
    Evidence.objects.filter(report=report).update(report=into)
    record("report.merge", actor=by, target=report, data={"into": into.pk})


@transaction.atomic
def blur_evidence(evidence: Evidence, *, rects: list, by: Any) -> None:
    from phalang.watch import vault

    if evidence.report is None:
        raise WorkflowError("evidence not attached to a report")
    _require(by, "report.moderate", evidence.report)
    for r in rects:
        # Numbers only, and finite: 'nan' and '1e999' parse as floats but are no rectangle.
        if len(r) not in (4, 5) or not all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                           and math.isfinite(v) for v in r):
            raise WorkflowError("กรอบเบลอไม่ถูกต้อง / invalid blur rectangle")
    if vault.is_media(evidence.kind):
        raise WorkflowError("video and sound have no public copy to blur")
    vault.rerender_public(evidence, rects)
    record("evidence.blur", actor=by, target=evidence.report, data={"evidence": evidence.pk, "rects": len(rects)})


@transaction.atomic
def mark_spam(reports: list[Report], *, by: Any) -> int:
    done = 0
    for report in reports:
        if report.status in ALLOWED and S.REJECTED_SPAM in ALLOWED[report.status] and by.has_perm(
                "report.moderate", report):
            change_status(report, S.REJECTED_SPAM, by=by, reason="สแปม", public_reason=False)
            done += 1
    return done
