"""Public pages (commitments, campaigns, events) and the organisers' event desk."""

from __future__ import annotations

import csv
import io
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from phalang.coalition import actions
from phalang.coalition.models import (
    Campaign,
    CampaignLink,
    Commitment,
    CommitmentStatus,
    Event,
    Rsvp,
    Subscriber,
)
from phalang.orgs.models import Organisation

# URL names of the modules a campaign link may point to, when those modules are installed.
LINK_URLS: dict[str, str] = {CampaignLink.Kind.REPORT: "watch:public_report"}


def commitment_json(c: Commitment) -> dict[str, Any]:
    return {"id": c.public_id, "title": c.title, "made_by": c.maker_label(),
            "made_by_org": c.made_by.slug if c.made_by is not None else None, "tracked_by": c.tracked_by.slug,
            "status": c.status, "source": {"title": c.source_title, "date": c.source_date.isoformat()
                                           if c.source_date else None, "url": c.source_url},
            "updated_at": c.updated_at.isoformat(),
            "timeline": [{"from": u.status_from or None, "to": u.status_to, "reason": u.reason,
                          "evidence_url": u.evidence_url, "at": u.created_at.isoformat()} for u in c.updates.all()]}


def _commitments() -> Any:
    return Commitment.objects.select_related("made_by", "tracked_by").prefetch_related("updates")


def commitments(request: HttpRequest) -> HttpResponse:
    qs = _commitments()
    status = request.GET.get("status", "")
    if status in CommitmentStatus.values:
        qs = qs.filter(status=status)
    makers = (Organisation.objects.filter(commitments__isnull=False)
              .annotate(total=Count("commitments"),
                        kept=Count("commitments", filter=Q(commitments__status=CommitmentStatus.FULFILLED)),
                        broken=Count("commitments", filter=Q(commitments__status=CommitmentStatus.BROKEN))))
    return render(request, "coalition/commitments.html", {"commitments": qs[:200], "makers": makers,
                                                          "statuses": CommitmentStatus.choices, "status": status})


def commitment(request: HttpRequest, public_id: str) -> HttpResponse:
    c = get_object_or_404(_commitments(), public_id=public_id)
    can_edit = request.user.is_authenticated and request.user.has_perm("commitment.manage", c)
    return render(request, "coalition/commitment.html", {"c": c, "can_edit": can_edit,
                                                         "statuses": CommitmentStatus.choices})


@login_required
@require_POST
def commitment_status(request: HttpRequest, public_id: str) -> HttpResponse:
    c = get_object_or_404(Commitment, public_id=public_id)
    try:
        actions.change_commitment_status(c, request.POST.get("status", ""), reason=request.POST.get("reason", ""),
                                         evidence_url=request.POST.get("evidence_url", ""), by=request.user)
    except ValidationError as exc:
        return HttpResponse("; ".join(exc.messages), status=400)
    return redirect("coalition:commitment", public_id=c.public_id)


def export_csv(request: HttpRequest) -> HttpResponse:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["id", "title", "made_by", "tracked_by", "status", "source_title", "source_date", "source_url",
                "status_changes", "updated_at"])
    for c in _commitments().order_by("id"):
        w.writerow([c.public_id, c.title, c.maker_label(), c.tracked_by.slug, c.status, c.source_title,
                    c.source_date or "", c.source_url, len(c.updates.all()) - 1, c.updated_at.isoformat()])
    resp = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = 'attachment; filename="commitments.csv"'
    return resp


def export_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"commitments": [commitment_json(c) for c in _commitments().order_by("id")]},
                        json_dumps_params={"ensure_ascii": False})


def partner(request: HttpRequest, slug: str) -> HttpResponse:
    org = get_object_or_404(Organisation, slug=slug)
    return render(request, "coalition/partner.html", {
        "org": org, "counts": actions.kept_vs_broken(org),
        "commitments": _commitments().filter(made_by=org),
        "campaigns": Campaign.objects.filter(Q(organisation=org) | Q(coalition__members__organisation=org)).distinct(),
        "events": Event.objects.filter(organisation=org).order_by("-starts_at")[:20],
        "coalitions": [m.coalition for m in org.coalition_memberships.select_related("coalition")]})


# --- Campaigns ----------------------------------------------------------------------------------

def campaigns(request: HttpRequest) -> HttpResponse:
    return render(request, "coalition/campaigns.html", {
        "campaigns": Campaign.objects.select_related("organisation").prefetch_related("milestones"),
        "events": Event.objects.select_related("organisation").order_by("starts_at")[:20]})


def _links(campaign: Campaign) -> list[dict[str, str]]:
    from django.urls import NoReverseMatch, reverse

    out = []
    for link in campaign.links.all():
        url = ""
        if link.kind in LINK_URLS:
            try:
                url = reverse(LINK_URLS[link.kind], args=[link.external_id])
            except NoReverseMatch:
                url = ""
        out.append({"kind": link.get_kind_display(), "label": link.label or link.external_id, "url": url})
    return out


@never_cache
def campaign(request: HttpRequest, slug: str) -> HttpResponse:
    c = get_object_or_404(Campaign.objects.select_related("organisation", "coalition"), slug=slug)
    followed = error = ""
    if request.method == "POST":
        try:
            actions.follow_campaign(c, request.POST.get("channel", ""), request.POST.get("address", ""))
            followed = "1"
        except ValidationError:
            error = _("Choose a channel and give an address.")
    return render(request, "coalition/campaign.html", {
        "c": c, "links": _links(c), "followed": followed, "error": error, "channels": actions.CHANNELS,
        "events": c.events.order_by("starts_at"), "commitments": c.commitments.select_related("made_by")})


# --- Events -------------------------------------------------------------------------------------

@never_cache
def event(request: HttpRequest, public_id: str) -> HttpResponse:
    e = get_object_or_404(Event.objects.select_related("organisation", "campaign"), public_id=public_id)
    ticket = error = ""
    if request.method == "POST":
        contacts = [(request.POST.get("channel", ""), request.POST.get("address", ""))]
        try:
            _r, ticket = actions.rsvp(e, actions.NewRsvp(name=request.POST.get("name", ""), contacts=contacts,
                                                          show_name=bool(request.POST.get("show_name"))))
        except ValidationError:
            error = _("Choose a channel and give an address.")
    public_names = e.rsvps.filter(status=Rsvp.Status.CONFIRMED, show_name=True).exclude(name="").values_list(
        "name", flat=True)
    return render(request, "coalition/event.html", {
        "e": e, "ticket": ticket, "error": error, "channels": actions.CHANNELS, "public_names": public_names,
        "confirmed": e.rsvps.filter(status=Rsvp.Status.CONFIRMED).count()})


def _qr_svg(data: str) -> str:
    img = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return img.to_string(encoding="unicode")


@never_cache
def ticket(request: HttpRequest, public_id: str, token: str) -> HttpResponse:
    r = actions.rsvp_by_token(token)
    if r is None or r.event.public_id != public_id:
        raise Http404
    if request.method == "POST" and request.POST.get("action") == "cancel" and r.status != Rsvp.Status.CANCELLED:
        actions.cancel_rsvp(r)
    confirmed = r.status == Rsvp.Status.CONFIRMED
    return render(request, "coalition/ticket.html", {
        "r": r, "e": r.event, "qr": _qr_svg(actions.checkin_code(r)) if confirmed else "",
        "show_venue": confirmed and not r.event.venue_hidden})


@login_required
@never_cache
def event_desk(request: HttpRequest, public_id: str) -> HttpResponse:
    """Organisers: counts, check-in by QR code, confirmations. Names only where given for display."""
    e = get_object_or_404(Event, public_id=public_id)
    if not request.user.has_perm("event.manage", e):
        raise PermissionDenied
    message = ""
    if request.method == "POST":
        if request.POST.get("action") == "confirm":
            r = get_object_or_404(Rsvp, pk=request.POST.get("rsvp"), event=e)
            actions.confirm_rsvp(r, by=request.user)
            message = _("Confirmed.")
        else:
            try:
                actions.check_in(e, request.POST.get("code", ""), by=request.user)
                message = _("Checked in.")
            except actions.CheckinError as exc:
                message = {"already": _("This ticket was already checked in."),
                           "not_confirmed": _("This ticket is not confirmed."),
                           "other_event": _("This ticket is for another event.")}.get(str(exc), _("Not a valid ticket."))
    counts = {s: 0 for s in Rsvp.Status.values}
    for row in e.rsvps.values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return render(request, "coalition/event_desk.html", {
        "e": e, "counts": counts, "checked_in": e.rsvps.filter(checked_in_at__isnull=False).count(),
        "pending": e.rsvps.filter(status=Rsvp.Status.PENDING).order_by("created_at"), "message": message})


@never_cache
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    sub = get_object_or_404(Subscriber, token=token)
    done = False
    if request.method == "POST":
        actions.unsubscribe(sub, channel="web")
        done = True
    return render(request, "coalition/unsubscribe.html", {"sub": sub, "done": done or not sub.active})
