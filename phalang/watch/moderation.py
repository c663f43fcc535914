"""The moderation workspace: the queue and the case page, for moderators and partner staff.

Every view checks the permission on the report itself; a report the user may not see is a 404,
so staff of one organisation cannot even learn that another's cases exist.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, npgettext, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phalang.engines import redaction
from phalang.engines.thaitext import rank_similar
from phalang.lib.numbers import small_int
from phalang.orgs.backends import org_ids_with_perm
from phalang.orgs.models import Organisation
from phalang.places.models import Province
from phalang.watch import access, vault, workflow
from phalang.watch.models import (
    Category,
    Channel,
    Evidence,
    MessageDirection,
    Report,
    RoutingRule,
    Status,
)


def visible_reports(user: Any) -> QuerySet[Report]:
    qs = Report.objects.select_related("category", "province", "district", "subdistrict", "assignee")
    if user.is_superuser:
        return qs
    orgs = org_ids_with_perm(user, "report.view")
    return qs.filter(Q(handling_organisations__in=orgs) | Q(forwarded_to__in=orgs)).distinct()


def _case(request: HttpRequest, public_id: str) -> Report:
    report = visible_reports(request.user).filter(public_id=public_id).first()
    if report is None:
        raise Http404
    return report


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    if not (request.user.is_superuser or org_ids_with_perm(request.user, "report.view")):
        raise PermissionDenied
    qs = visible_reports(request.user)
    f = request.GET
    if f.get("status"):
        qs = qs.filter(status=f["status"])
    else:
        qs = qs.exclude(status__in=[Status.RESOLVED, Status.CLOSED_UNFOUNDED, Status.CLOSED_DUPLICATE,
                                    Status.REJECTED_SPAM])
    if f.get("category"):
        qs = qs.filter(category__slug=f["category"])
    province = small_int(f.get("province"))
    if province is not None:
        qs = qs.filter(province_id=province)
    if f.get("channel"):
        qs = qs.filter(channel=f["channel"])
    age = small_int(f.get("age"), maximum=36_500)
    if age is not None:
        qs = qs.filter(created_at__lte=timezone.now() - timedelta(days=age))
    if f.get("assignee") == "me":
        qs = qs.filter(assignee_id=request.user.pk)
    elif f.get("assignee") == "none":
        qs = qs.filter(assignee__isnull=True)
    page = Paginator(qs.order_by("created_at"), 50).get_page(f.get("page"))
    return render(request, "watch/mod_queue.html", {
        "page": page, "statuses": Status.choices, "categories": Category.objects.all(),
        "provinces": Province.objects.all(), "channels": Channel.choices, "f": f,
    })


@login_required
@require_POST
def bulk_spam(request: HttpRequest) -> HttpResponse:
    ids = request.POST.getlist("report")
    reports = list(visible_reports(request.user).filter(public_id__in=ids))
    done = workflow.mark_spam(reports, by=request.user)
    messages.success(request, _("%(n)s reports marked as spam.") % {"n": done})
    return redirect("watch:mod_queue")


def _duplicates(report: Report) -> list[tuple[Report, float]]:
    near = (Report.objects.exclude(pk=report.pk).exclude(status=Status.REJECTED_SPAM)
            .filter(created_at__gte=report.created_at - timedelta(days=180)))
    if report.district_id:
        near = near.filter(district_id=report.district_id)
    elif report.province_id:
        near = near.filter(province_id=report.province_id)
    candidates = {r.pk: r for r in near.order_by("-created_at")[:300]}
    ranked = rank_similar(report.description, {pk: r.description for pk, r in candidates.items()},
                          limit=5, min_score=0.25)
    return [(candidates[pk], score) for pk, score in ranked]


def _shared_notes_text(n: int) -> str:
    """Under the forward form: how many internal notes the organisation will read (those shared)."""
    if not n:
        return pgettext("forward form", "No internal note is shared: the organisation will read none of them.")
    return npgettext("forward form", "%(n)s internal note, marked shared, will be readable by the organisation.",
                     "%(n)s internal notes, marked shared, will be readable by the organisation.", n) % {"n": n}


@login_required
def case(request: HttpRequest, public_id: str) -> HttpResponse:
    report = _case(request, public_id)
    user = request.user
    can_moderate = user.has_perm("report.moderate", report)
    # Need to know: an organisation the case was only forwarded to sees the shared text and the
    # published evidence; the original and the conversation only with the reporter's consent.
    original = access.sees_original(user, report)
    proposal = redaction.redact(report.description) if original else None
    evidence = report.evidence.all()
    if not original:
        evidence = evidence.filter(published=True)
    own_orgs = org_ids_with_perm(user, "report.view")
    conversation = report.messages.select_related("author")
    if not original:
        conversation = conversation.filter(direction=MessageDirection.TO_REPORTER,
                                           author__memberships__organisation__in=own_orgs).distinct()
    context = {
        "report": report, "can_moderate": can_moderate, "sees_original": original,
        "can_publish": user.has_perm("report.publish", report),
        "can_forward": user.has_perm("report.forward", report),
        "can_reply": user.has_perm("report.reply", report) or can_moderate,
        "proposal": proposal, "public_text": report.public_text or (proposal.public_text if proposal else ""),
        "warnings": redaction.self_identifying_warnings(report.description) if original else [],
        "next_statuses": [(s, label) for s, label in Status.choices
                          if s in workflow.ALLOWED.get(report.status, set())
                          and (can_moderate or (report.status, s) in workflow.PARTNER_MOVES)],
        "updates": report.updates.select_related("actor") if original else report.updates.filter(public=True),
        "messages_": conversation,
        "evidence": evidence, "can_open_originals": access.may_open_original_file(user, report),
        "organisations": Organisation.objects.filter(verified=True).exclude(pk__in=report.forwarded_to.all()),
        "duplicates": _duplicates(report) if can_moderate else [],
        "can_open_identity": access.may_open_identity(user, report),
        "assignees": _assignees(report) if can_moderate else [],
        "notes": workflow.notes_for(report, user),
        "shared_notes_text": _shared_notes_text(report.notes.filter(shared=True).count()),
    }
    return render(request, "watch/mod_case.html", context)


@login_required
@require_POST
def identity(request: HttpRequest, public_id: str) -> HttpResponse:
    """Open the reporter's contact: a deliberate, audited step (a POST, so no prefetch opens it)."""
    report = _case(request, public_id)
    contact, name = workflow.open_identity(report, by=request.user)
    response = render(request, "watch/mod_identity.html", {"report": report, "contact": contact,
                                                             "reporter_name": name})
    response["Cache-Control"] = "private, no-store"
    return response


def _assignees(report: Report) -> list[Any]:
    from phalang.accounts.models import User

    orgs = report.governing_organisation_ids()
    return list(User.objects.filter(memberships__organisation__in=orgs, memberships__active=True,
                                    memberships__role__in=["admin", "moderator", "partner_staff"]).distinct())


@login_required
@require_POST
def case_action(request: HttpRequest, public_id: str) -> HttpResponse:
    report = _case(request, public_id)
    p, user = request.POST, request.user
    action = p.get("action", "")
    try:
        if action == "status":
            workflow.change_status(report, p.get("status", ""), by=user, reason=p.get("reason", ""))
        elif action == "note":
            workflow.add_note(report, by=user, body=p.get("note", ""), shared=p.get("share") == "on")
        elif action == "reopen":
            workflow.reopen(report, by=user, reason=p.get("reason", ""))
        elif action == "message":
            workflow.message_reporter(report, by=user, body=p.get("body", ""))
        elif action == "request_info":
            workflow.request_info(report, by=user, question=p.get("body", ""))
        elif action == "assign":
            from phalang.accounts.models import User

            # Empty: unassign. Anything else must be an id from the list, or nothing changes.
            target = User.objects.filter(pk=_id(p["assignee"])).first() if p.get("assignee") else None
            if p.get("assignee") and target is None:
                raise ValidationError(_choose_from_list())
            workflow.assign(report, to=target, by=user)
        elif action == "publish":
            workflow.publish(report, by=user, public_text=p.get("public_text", ""),
                             show_exact_location=p.get("exact") == "on",
                             evidence_ids=_ids(p.getlist("evidence")))
        elif action == "unpublish":
            workflow.unpublish(report, by=user, reason=p.get("reason", ""))
        elif action == "forward":
            orgs = list(Organisation.objects.filter(pk__in=_ids(p.getlist("organisation"))))
            workflow.forward(report, to=orgs, by=user, reason=p.get("reason", ""),
                             shared_text=p.get("shared_text"))
        elif action == "merge":
            into = visible_reports(user).filter(public_id=p.get("into", "")).first()
            if into is None:
                raise ValidationError(_("Choose a report you can see to merge into."))
            workflow.merge(report, into=into, by=user)
        elif action == "blur":
            ev = get_object_or_404(Evidence, pk=_id(p.get("evidence")), report=report)
            # A value that is not a number stays text: blur_evidence refuses it in Thai.
            rects = [[_number_or_text(v) for v in line.split(",")] for line in p.get("rects", "").split()
                     if line.strip()]
            workflow.blur_evidence(ev, rects=rects, by=user)
        else:
            raise ValidationError(_("Unknown action."))
    except PermissionDenied:
        raise
    except (ValidationError, ValueError) as exc:
        messages.error(request, " ".join(_page_language(m) for m in getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("Done."))
    return redirect("watch:mod_case", public_id=report.public_id)


def _choose_from_list() -> str:
    return pgettext("staff form error", "Choose from the list given.")


def _id(value: object) -> int:
    """An id a staff form sent (a select, a checkbox): a plain number or a Thai form error, never a
    server error ('²', '99999999999999999999' and '-1' included; see lib/numbers.py)."""
    number = small_int(value)
    if number is None:
        raise ValidationError(_choose_from_list())
    return number


def _ids(values: list[str]) -> list[int]:
    """Every id or none: one garbled id refuses the whole form, so nothing is half done."""
    return [_id(v) for v in values]


def _number_or_text(value: str) -> float | str:
    try:
        return float(value)
    except ValueError:
        return value


def _page_language(message: str) -> str:
    """An action's "Thai / English" error, in the page's language only."""
    th, sep, en = message.partition(" / ")
    if not sep:
        return message
    return en if (get_language() or "th").startswith("en") else th


@login_required
def dossier_file(request: HttpRequest, public_id: str) -> HttpResponse:
    """The case dossier ZIP (PDF, evidence, manifest, signed statement); audited."""
    from phalang.watch import dossier

    report = _case(request, public_id)
    response = HttpResponse(dossier.build(report, by=request.user), content_type="application/zip")
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = f'attachment; filename="phalang-dossier-{report.public_id}.zip"'
    return response


@login_required
def evidence_file(request: HttpRequest, public_id: str, evidence_id: int, which: str) -> HttpResponse:
    """Staff see the sanitised copy (a forwarded organisation: published files only); the original
    with the moderate permission or the reporter's consent, audited."""
    report = _case(request, public_id)
    ev = get_object_or_404(Evidence, pk=evidence_id, report=report)
    if which == "original":
        data, ctype = workflow.open_original(ev, by=request.user), ev.mime
    else:
        if not (ev.published or access.sees_original(request.user, report)) or not ev.public_file:
            raise Http404  # video and sound have no public copy: only the original, logged
        data, ctype = vault.read_public(ev), "application/pdf" if ev.kind == "pdf" else "image/jpeg"
    response = HttpResponse(data, content_type=ctype)
    response["Cache-Control"] = "private, no-store"
    ext = vault.extension(ev.kind) if which == "original" else ("pdf" if ev.kind == "pdf" else "jpg")
    response["Content-Disposition"] = f'inline; filename="evidence-{ev.pk}.{ext}"'
    return response


@login_required
def routing_rules(request: HttpRequest) -> HttpResponse:
    if not request.user.is_superuser:
        raise PermissionDenied
    from phalang.places.models import District

    if request.method == "POST":
        p = request.POST
        try:
            if p.get("delete"):
                workflow.delete_routing_rule(get_object_or_404(RoutingRule, pk=str(p["delete"])), by=request.user)
            else:
                workflow.save_routing_rule(
                    by=request.user,
                    organisations=list(Organisation.objects.filter(pk__in=_ids(p.getlist("organisation")))),
                    category=Category.objects.filter(slug=p.get("category")).first(),
                    province=Province.objects.filter(pk=_id(p["province"])).first() if p.get("province") else None,
                    district=District.objects.filter(pk=_id(p["district"])).first() if p.get("district") else None)
            messages.success(request, _("Done."))
        except ValidationError as exc:
            messages.error(request, " ".join(_page_language(m) for m in exc.messages))
        return redirect("watch:routing")
    return render(request, "watch/mod_routing.html", {
        "rules": RoutingRule.objects.select_related("category", "province", "district").prefetch_related(
            "organisations"), "categories": Category.objects.all(), "provinces": Province.objects.all(),
        "organisations": Organisation.objects.all()})
