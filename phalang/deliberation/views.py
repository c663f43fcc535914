"""Participant pages (no account: a signed cookie) and facilitator pages (login + permission)."""

from __future__ import annotations

import csv
import secrets
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from phalang.deliberation import actions, opinion
from phalang.deliberation.forms import ConversationForm, StatementForm
from phalang.deliberation.models import (
    Conversation,
    Moderation,
    Participant,
    ParticipantKind,
    Statement,
    Vote,
)
from phalang.lib.clients import client_key
from phalang.orgs.backends import org_ids_with_perm
from phalang.orgs.models import Organisation

COOKIE = "phalang_talk"
COOKIE_SALT = "phalang.deliberation.participant"
COOKIE_AGE = 365 * 24 * 3600  # a year: long enough to come back to a conversation
PERM = "deliberation.facilitate"


def _lang() -> str:
    return (get_language() or "th")[:2]


# --- Participants ---------------------------------------------------------------------------

def _token(request: HttpRequest) -> str | None:
    token = request.get_signed_cookie(COOKIE, default=None, salt=COOKIE_SALT)
    return token if isinstance(token, str) and token else None


def _participant(request: HttpRequest, conversation: Conversation) -> Participant | None:
    token = _token(request)
    return actions.find_participant(conversation, ParticipantKind.WEB, token) if token else None


def _joined(request: HttpRequest, conversation: Conversation) -> tuple[Participant, str | None]:
    """The visitor's participant, and a new cookie token to set if they had none."""
    token = _token(request)
    fresh = None
    if token is None:
        token = fresh = secrets.token_urlsafe(24)
    return actions.join(conversation, ParticipantKind.WEB, token), fresh


def _with_cookie(response: HttpResponse, fresh: str | None) -> HttpResponse:
    if fresh is not None:
        response.set_signed_cookie(COOKIE, fresh, salt=COOKIE_SALT, max_age=COOKIE_AGE, httponly=True,
                                   samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
    return response


def _public(pk: int) -> Conversation:
    conversation = get_object_or_404(Conversation, pk=pk)
    # A conversation that has never run is a facilitator's draft.
    if not conversation.is_open and not conversation.votes.exists():
        raise Http404
    return conversation


def conversation_list(request: HttpRequest) -> HttpResponse:
    conversations = (Conversation.objects.filter(is_open=True)
                     .annotate(n_statements=Count("statements", filter=Q(statements__moderation=Moderation.ACCEPTED)))
                     .order_by("-created_at"))
    return render(request, "deliberation/list.html", {"conversations": conversations})


@never_cache
def conversation(request: HttpRequest, pk: int) -> HttpResponse:
    conv = _public(pk)
    participant = _participant(request, conv)
    statement = opinion.next_statement(conv, participant) if conv.is_open else None
    voted = (Vote.objects.filter(participant=participant).values("statement_id").distinct().count()
             if participant else 0)
    return render(request, "deliberation/conversation.html", {
        "conversation": conv, "statement": statement, "voted": voted,
        "map": opinion.opinion_map(conv, participant), "form": StatementForm(),
    })


def _back(conv: Conversation, anchor: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("deliberation:conversation", args=[conv.pk]) + anchor, status=303)


@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    conv = _public(pk)
    try:
        value = int(request.POST.get("vote", ""))
        statement_id = int(request.POST.get("statement", ""))
    except ValueError:
        messages.error(request, _("Choose agree, disagree or pass."))
        return _back(conv, "#vote")
    if not conv.is_open:
        messages.error(request, _("This conversation is closed."))
        return _back(conv, "#map")
    participant, fresh = _joined(request, conv)
    try:
        actions.cast_vote(conv, participant, statement_id, value, client=client_key(request))
    except actions.DeliberationError as exc:
        messages.error(request, exc.message(_lang()))
    return _with_cookie(_back(conv, "#vote"), fresh)


@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    conv = _public(pk)
    form = StatementForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return _back(conv, "#write")
    if not conv.is_open:
        messages.error(request, _("This conversation is closed."))
        return _back(conv, "#map")
    participant, fresh = _joined(request, conv)
    try:
        actions.submit_statement(conv, participant, form.cleaned_data["text"])
        messages.success(request, _("Thank you. Your statement was sent; others will see it once a moderator accepts it."))
    except actions.DeliberationError as exc:
        messages.error(request, exc.message(_lang()))
    return _with_cookie(_back(conv, "#write"), fresh)


# --- Facilitators ---------------------------------------------------------------------------

def _facilitated(request: HttpRequest, pk: int) -> Conversation:
    conv = get_object_or_404(Conversation.objects.select_related("organisation"), pk=pk)
    if not request.user.has_perm(PERM, conv):
        raise PermissionDenied
    return conv


def _facilitator_orgs(request: HttpRequest) -> Any:
    if request.user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=org_ids_with_perm(request.user, PERM))


@never_cache
@login_required
def manage_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(PERM):
        raise PermissionDenied
    conversations = Conversation.objects.select_related("organisation").annotate(
        n_pending=Count("statements", filter=Q(statements__moderation=Moderation.UNMODERATED)))
    if not request.user.is_superuser:
        conversations = conversations.filter(organisation__in=org_ids_with_perm(request.user, PERM))
    return render(request, "deliberation/manage_list.html", {"conversations": conversations})


@never_cache
@login_required
def manage_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(PERM):
        raise PermissionDenied
    form = ConversationForm(request.POST or None, organisations=_facilitator_orgs(request))
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            conv = actions.create_conversation(organisation=cd["organisation"], topic=cd["topic"],
                                               description=cd["description"], seeds=form.seed_lines(),
                                               by=request.user, is_open=cd["is_open"])
            messages.success(request, _("The conversation was created."))
            return redirect("deliberation:manage", pk=conv.pk)
        except actions.DeliberationError as exc:
            form.add_error(None, exc.message(_lang()))
    return render(request, "deliberation/manage_form.html", {"form": form})


@never_cache
@login_required
def manage(request: HttpRequest, pk: int) -> HttpResponse:
    conv = _facilitated(request, pk)
    initial = {"topic": conv.topic, "description": conv.description}
    form = ConversationForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_conversation(conv, topic=form.cleaned_data["topic"],
                                        description=form.cleaned_data["description"], by=request.user)
            actions.add_seed_statements(conv, form.seed_lines(), by=request.user)
            messages.success(request, _("Saved."))
            return redirect("deliberation:manage", pk=conv.pk)
        except actions.DeliberationError as exc:
            form.add_error(None, exc.message(_lang()))
    return render(request, "deliberation/manage_form.html", {
        "form": form, "conversation": conv,
        "statements": conv.statements.filter(is_seed=True)})


@require_POST
@login_required
def manage_state(request: HttpRequest, pk: int) -> HttpResponse:
    conv = _facilitated(request, pk)
    actions.set_open(conv, request.POST.get("open") == "1", by=request.user)
    return redirect("deliberation:manage", pk=conv.pk)


@require_POST
@login_required
def manage_recompute(request: HttpRequest, pk: int) -> HttpResponse:
    conv = _facilitated(request, pk)
    actions.recompute(conv)
    messages.success(request, _("The opinion map was recomputed."))
    return redirect("deliberation:report", pk=conv.pk)


@never_cache
@login_required
def moderation(request: HttpRequest, pk: int) -> HttpResponse:
    conv = _facilitated(request, pk)
    if request.method == "POST":
        statement = get_object_or_404(Statement, pk=request.POST.get("statement") or 0, conversation=conv)
        try:
            actions.moderate_statement(statement, request.POST.get("decision", ""), by=request.user)
        except actions.DeliberationError as exc:
            messages.error(request, exc.message(_lang()))
        return redirect("deliberation:moderation", pk=conv.pk)
    return render(request, "deliberation/moderation.html", {
        "conversation": conv,
        "pending": conv.statements.filter(moderation=Moderation.UNMODERATED).order_by("created_at"),
        "decided": conv.statements.exclude(moderation=Moderation.UNMODERATED).filter(is_seed=False)
        .order_by("-moderated_at")[:50],
    })


@never_cache
@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    conv = _facilitated(request, pk)
    return render(request, "deliberation/report.html", {"conversation": conv, "report": opinion.report(conv)})


@never_cache
@login_required
def report_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """Every statement with its aggregate counts: no participant, no individual vote."""
    conv = _facilitated(request, pk)
    data = opinion.report(conv)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="conversation-{conv.pk}-report.csv"'
    response.write("\ufeff")  # lets spreadsheet programs read Thai as UTF-8
    writer = csv.writer(response)
    writer.writerow(["statement_id", "text", "moderation", "seed", "votes", "agree_percent", "disagree_percent",
                     "pass_percent", "group_informed_consensus", "divisiveness",
                     *[f"group_{g}_agree_percent" for g in data["group_labels"]]])
    for row in data["statements"]:
        s = row["statement"]
        writer.writerow([s.pk, s.text, s.moderation, int(s.is_seed), row["votes"],
                         "" if row["agree"] is None else row["agree"],
                         "" if row["disagree"] is None else row["disagree"],
                         "" if row["pass"] is None else row["pass"],
                         "" if row["gic"] is None else row["gic"],
                         "" if row["divisiveness"] is None else row["divisiveness"],
                         *["" if x is None else x for x in (row["groups"] or [None] * len(data["group_labels"]))]])
    return response
