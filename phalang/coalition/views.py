"""Public pages (landing, partner directory, coalitions, commitments, campaigns, events), the
organisers' event desk, and the staff pages of an organisation's coalition work."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, pgettext, pgettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from phalang.coalition import actions, directory, staff_actions
from phalang.coalition.forms import (
    BroadcastForm,
    CampaignForm,
    CampaignLinkForm,
    CampaignUpdateForm,
    CoalitionForm,
    CoalitionMemberForm,
    CommitmentForm,
    CommitmentStatusForm,
    EventForm,
    MilestoneForm,
    MinutesForm,
    ProfileForm,
    VenueForm,
)
from phalang.coalition.models import (
    Ask,
    Broadcast,
    Campaign,
    CampaignLink,
    Coalition,
    CoalitionMember,
    Commitment,
    CommitmentStatus,
    Event,
    Milestone,
    Rsvp,
    Subscriber,
    SubscriberTag,
)
from phalang.lib import ratelimit
from phalang.lib.clients import client_key
from phalang.lib.crypto import decrypt
from phalang.lib.numbers import small_int
from phalang.orgs import actions as org_actions
from phalang.orgs.backends import org_ids_with_perm
from phalang.orgs.models import AreaOfWork, Organisation, OrganisationKind
from phalang.places.models import Province

# URL names of the modules a campaign link may point to, when those modules are installed.
LINK_URLS: dict[str, str] = {CampaignLink.Kind.REPORT: "watch:public_report"}


def commitment_json(c: Commitment) -> dict[str, Any]:
    return {"id": c.public_id, "title": c.title, "made_by": c.maker_label(),
            "made_by_org": c.made_by.slug if c.made_by is not None else None, "tracked_by": c.tracked_by.slug,
            "status": c.status, "source": {"title": c.source_title, "date": c.source_date.isoformat()
                                           if c.source_date else None, "url": c.source_url},
            "updated_at": c.updated_at.isoformat(), "answered_by": _answered_by(c),
            "timeline": [{"from": u.status_from or None, "to": u.status_to, "reason": u.reason,
                          "evidence_url": u.evidence_url, "at": u.created_at.isoformat()} for u in c.updates.all()]}


def _answered_by(c: Commitment) -> str | None:
    """For a commitment that answers an ask: "addressee" (the party or agency answered at its
    own link) or "facilitator" (typed in on their behalf); None otherwise."""
    ask = getattr(c, "ask", None)  # RelatedObjectDoesNotExist is an AttributeError
    return (ask.answered_by or None) if ask is not None else None


def _commitments() -> Any:
    return Commitment.objects.select_related("made_by", "tracked_by", "ask").prefetch_related("updates")


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
    c = get_object_or_404(_commitments(), public_id=public_id)
    if not request.user.has_perm("commitment.manage", c):
        raise PermissionDenied
    form = CommitmentStatusForm(request.POST)
    if form.is_valid():
        try:
            actions.change_commitment_status(c, form.cleaned_data["status"], reason=form.cleaned_data["reason"],
                                             evidence_url=form.cleaned_data["evidence_url"], by=request.user)
            return redirect("coalition:commitment", public_id=c.public_id)
        except ValidationError as exc:
            _form_errors(form, exc)
    return render(request, "coalition/commitment.html", {"c": c, "can_edit": True, "form": form,
                                                         "statuses": CommitmentStatus.choices}, status=400)


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


def home(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    return render(request, "coalition/home.html", {
        "campaigns": Campaign.objects.select_related("organisation").prefetch_related("milestones")[:6],
        "events": Event.objects.select_related("organisation").filter(starts_at__gte=now - timedelta(hours=6))
        .order_by("starts_at")[:10],
        "coalitions": Coalition.objects.annotate(n=Count("members")),
        "partners": Organisation.objects.count(),
        "commitments": {row["status"]: row["n"] for row in Commitment.objects.values("status").annotate(n=Count("id"))},
        "is_staff": _staff_org_ids(request.user) != set()})


def partners(request: HttpRequest) -> HttpResponse:
    """The partner directory, filtered by sector, area of work, province and verification."""
    f = directory.filters(request.GET)
    orgs = list(directory.organisations(f)[:500])
    return render(request, "coalition/partners.html", {
        "orgs": [(o, directory.areas_of(o), directory.provinces_of(o)) for o in orgs], "f": f,
        "kinds": OrganisationKind.choices, "areas": AreaOfWork.choices, "provinces": Province.objects.all(),
        "query": urlencode({k: v for k, v in f.items() if v})})


def coalition(request: HttpRequest, slug: str) -> HttpResponse:
    c = get_object_or_404(Coalition, slug=slug)
    members = c.members.select_related("organisation").order_by("role", "organisation__name_th")
    shared = Campaign.objects.filter(coalition=c).select_related("organisation").prefetch_related("milestones")
    return render(request, "coalition/coalition.html", {
        "c": c, "members": members, "campaigns": shared,
        "events": Event.objects.filter(campaign__coalition=c).select_related("organisation").order_by("-starts_at")[:20]})


def partner(request: HttpRequest, slug: str) -> HttpResponse:
    org = get_object_or_404(Organisation.objects.select_related("province"), slug=slug)
    return render(request, "coalition/partner.html", {
        "org": org, "counts": actions.kept_vs_broken(org), "areas": directory.areas_of(org),
        "provinces": directory.provinces_of(org), "responsiveness": directory.responsiveness(org),
        "cases": directory.published_cases(org),
        "commitments": _commitments().filter(made_by=org),
        "campaigns": Campaign.objects.filter(Q(organisation=org) | Q(coalition__members__organisation=org)).distinct(),
        "events": Event.objects.filter(organisation=org).order_by("-starts_at")[:20],
        "coalitions": [m.coalition for m in org.coalition_memberships.select_related("coalition")],
        "declined": Ask.objects.filter(addressed_to=org, state=Ask.State.DECLINED).select_related("organisation")
        .order_by("-declined_at")[:50]})


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


WEB_CHANNELS = (("email", pgettext_lazy("contact channel", "E-mail")),
                ("sms", pgettext_lazy("contact channel", "SMS (mobile phone number)")))


@never_cache
def campaign(request: HttpRequest, slug: str) -> HttpResponse:
    c = get_object_or_404(Campaign.objects.select_related("organisation", "coalition"), slug=slug)
    followed = error = ""
    if request.method == "POST":
        try:
            actions.request_follow(c, request.POST.get("channel", ""), request.POST.get("address", ""),
                                   client=client_key(request))
            followed = "1"  # the same answer whether or not a confirmation went out just now
        except ValidationError as exc:
            error = " ".join(exc.messages)
        except ratelimit.RateLimited as exc:
            error = exc.message((get_language() or "th")[:2])
    return render(request, "coalition/campaign.html", {
        "c": c, "links": _links(c), "followed": followed, "error": error, "channels": WEB_CHANNELS,
        "events": c.events.order_by("starts_at"), "commitments": c.commitments.select_related("made_by")})


@never_cache
def subscribe(request: HttpRequest) -> HttpResponse:
    """Announcements by e-mail or SMS, for a province and areas of interest, after confirmation."""
    error = ""
    done = False
    if request.method == "POST":
        interests = [a for a in request.POST.getlist("interest") if a in AreaOfWork.values]
        province = Province.objects.filter(pk=request.POST.get("province") or 0).first()
        try:
            actions.request_subscription(request.POST.get("channel", ""), request.POST.get("address", ""),
                                         tags=[(SubscriberTag.Kind.INTEREST, a) for a in interests],
                                         province=province, purpose="announcements")
            done = True
        except ValidationError as exc:
            error = " ".join(exc.messages)
    return render(request, "coalition/subscribe.html", {
        "channels": WEB_CHANNELS, "areas": AreaOfWork.choices, "provinces": Province.objects.all(),
        "done": done, "error": error}, status=400 if error else 200)


@never_cache
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Double opt-in by link. Confirmed on a press of the button, not on opening the page: mail
    scanners open links too."""
    sub = None
    ps = actions.pending_subscription(token)
    if request.method == "POST" and ps is not None:
        sub = actions.confirm_subscription(token)
    if sub is None and ps is None:  # forged, already used or expired: no button to press
        return render(request, "coalition/confirm.html", {"invalid": True}, status=404)
    return render(request, "coalition/confirm.html", {"sub": sub, "senders": actions.pending_senders(ps) if ps else []})


@never_cache
def consent_start(request: HttpRequest) -> HttpResponse:
    """Reached from any message: the personal consent page's link goes to the address itself."""
    sent = False
    if request.method == "POST":
        channel = request.POST.get("channel", "")
        if channel in dict(WEB_CHANNELS) and request.POST.get("address", "").strip():
            actions.send_consent_link(channel, request.POST["address"])
        sent = True  # the same answer either way: nobody learns who is subscribed
    return render(request, "coalition/consent_start.html", {"channels": WEB_CHANNELS, "sent": sent})


@never_cache
def consent(request: HttpRequest, token: str) -> HttpResponse:
    """One person's consents and subscriptions, and the way to withdraw each or all."""
    sub = get_object_or_404(Subscriber, token=token)
    if request.method == "POST":
        if request.POST.get("action") == "withdraw_all":
            actions.unsubscribe(sub, channel="web")
        elif request.POST.get("action") == "withdraw":
            kind, _sep, value = request.POST.get("tag", "").partition(":")
            actions.withdraw_tag(sub, kind, value)
        return redirect("coalition:consent", token=token)
    # An address that said STOP without ever subscribing is kept by its hash only: nothing to show.
    masked = [(_channel_label(a.channel), _masked(decrypt(a.address_enc, "channel")))
              for a in sub.addresses.all()]
    records = [(c, _channel_label(c.channel), _purpose_label(c.purpose)) for c in sub.consents.order_by("-at")]
    return render(request, "coalition/consent.html", {
        "sub": sub, "addresses": masked, "tags": [(t, _tag_label(t.kind, t.value)) for t in sub.tags.all()],
        "records": records})


CHANNEL_LABELS = {"line": pgettext_lazy("coalition consent channel", "LINE"),
                  "telegram": pgettext_lazy("coalition consent channel", "Telegram"),
                  "email": pgettext_lazy("coalition consent channel", "E-mail"),
                  "sms": pgettext_lazy("coalition consent channel", "SMS"),
                  "web": pgettext_lazy("coalition consent channel", "Web page")}
CONFIRMED_BY = {"link": pgettext_lazy("coalition consent purpose", "confirmed by the link sent to you"),
                "reply": pgettext_lazy("coalition consent purpose", "confirmed by your reply")}


def _channel_label(channel: str) -> str:
    return str(CHANNEL_LABELS.get(channel, channel))


def _purpose_label(purpose: str) -> str:
    """A consent record's purpose in the reader's language: "announcements (confirmed by link)",
    "campaign:7", "announcements:12" (a province) or "interest:health" (one withdrawn), as stored."""
    head, confirmed = purpose.strip(), ""
    for how in CONFIRMED_BY:
        if head.endswith(f"(confirmed by {how})"):
            head, confirmed = head[:-len(f"(confirmed by {how})")].strip(), str(CONFIRMED_BY[how])
    kind, _sep, value = head.partition(":")
    if kind == "announcements":
        province = Province.objects.filter(pk=value).first() if value.isdigit() else None
        label = (pgettext("coalition consent purpose", "Announcements in %(province)s") % {"province": province.name_th}
                 if province is not None else pgettext("coalition consent purpose", "General announcements"))
    elif kind in SubscriberTag.Kind.values and value:
        label = f"{SubscriberTag.Kind(kind).label}: {_tag_label(kind, value)}"
    else:
        label = head
    return f"{label} ({confirmed})" if label and confirmed else label or confirmed


def _masked(address: str) -> str:
    if not address:
        return ""
    if "@" in address:
        name, _at, domain = address.partition("@")
        return f"{name[:2]}…@{domain}"
    return f"…{address[-4:]}"


def _tag_label(kind: str, value: str) -> str:
    if kind == SubscriberTag.Kind.INTEREST:
        return str(dict(AreaOfWork.choices).get(value, value))
    names: dict[str, Any] = {"coalition": Coalition, "campaign": Campaign, "event": Event}
    model = names.get(kind)
    obj = model.objects.filter(pk=value).first() if model and value.isdigit() else None
    return str(obj) if obj is not None else value


# --- Events -------------------------------------------------------------------------------------

@never_cache
def event(request: HttpRequest, public_id: str) -> HttpResponse:
    e = get_object_or_404(Event.objects.select_related("organisation", "campaign"), public_id=public_id)
    sent = error = ""
    if request.method == "POST":
        channel = request.POST.get("channel", "")
        try:
            if channel not in dict(WEB_CHANNELS):
                raise ValidationError({"channel": _("Choose e-mail or SMS.")})
            actions.web_rsvp(e, actions.NewRsvp(name=request.POST.get("name", ""),
                                                contacts=[(channel, request.POST.get("address", ""))],
                                                show_name=bool(request.POST.get("show_name"))),
                             client=client_key(request))
            sent = channel
        except ValidationError as exc:
            error = " ".join(exc.messages)
        except ratelimit.RateLimited as exc:
            error = exc.message((get_language() or "th")[:2])
    public_names = e.rsvps.filter(status=Rsvp.Status.CONFIRMED, show_name=True).exclude(name="").values_list(
        "name", flat=True)
    return render(request, "coalition/event.html", {
        "e": e, "sent": sent, "error": error, "channels": WEB_CHANNELS, "public_names": public_names,
        "confirmed": e.rsvps.filter(status=Rsvp.Status.CONFIRMED).count(),
        "waiting": e.rsvps.filter(status=Rsvp.Status.WAITLISTED).count(),
        "pledged": e.rsvps.filter(status=Rsvp.Status.PLEDGED).count()}, status=400 if error else 200)


def _qr_svg(data: str) -> str:
    import qrcode  # here: only the pages that draw a QR code need it
    import qrcode.image.svg

    img = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return img.to_string(encoding="unicode")


@never_cache
def ticket(request: HttpRequest, public_id: str, token: str) -> HttpResponse:
    """The ticket link's page. Opening it changes nothing (mail scanners open links too): a web
    sign-up takes its place when its owner presses the button here."""
    r = actions.rsvp_by_token(token)
    if r is None or r.event.public_id != public_id:
        # The words the other links use (confirm.html), not the generic "page not found".
        return render(request, "coalition/ticket_invalid.html",
                      {"e": Event.objects.filter(public_id=public_id).first()}, status=404)
    message = ""
    if request.method == "POST" and request.POST.get("action") == "cancel" and r.status != Rsvp.Status.CANCELLED:
        r = actions.cancel_rsvp(r)
    elif request.method == "POST" and request.POST.get("action") == "prove":
        try:
            r = actions.prove_rsvp(r)
            if r.status == Rsvp.Status.WAITLISTED:
                message = _("The event filled up before you confirmed, so you are on the waiting list. If a place "
                            "opens up, the first on the list gets it and is told at once.")
            else:
                message = {Rsvp.Status.CONFIRMED: _("Your place is confirmed."),
                           Rsvp.Status.PENDING: _("Thank you. The organisers confirm each place; you will be told."),
                           Rsvp.Status.PLEDGED: _("Your pledge is counted. You will be told when enough people "
                                                  "have pledged.")}.get(Rsvp.Status(r.status), "")
        except actions.ProveError as exc:
            message = (_("This sign-up was cancelled. Sign up again on the event page.") if str(exc) == "cancelled"
                       else _("This link has expired. Sign up again on the event page."))
    confirmed = r.status == Rsvp.Status.CONFIRMED
    return render(request, "coalition/ticket.html", {
        "r": r, "e": r.event, "qr": _qr_svg(actions.checkin_code(r)) if confirmed else "", "message": message,
        "show_venue": confirmed and not r.event.venue_hidden, "hours": actions.UNPROVEN_HOURS})


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
            r = get_object_or_404(Rsvp, pk=_posted_id(request, "rsvp"), event=e)
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
    response = render(request, "coalition/event_desk.html", {
        "e": e, "counts": counts, "checked_in": e.rsvps.filter(checked_in_at__isnull=False).count(),
        "pending": e.rsvps.filter(status=Rsvp.Status.PENDING).order_by("created_at"), "message": message})
    # The desk scans tickets with this phone's camera (decoded in the page, nothing uploaded).
    response["Permissions-Policy"] = "camera=(self), microphone=(), geolocation=(self)"
    return response


@csrf_exempt  # RFC 8058 one-click: the mail client POSTs "List-Unsubscribe=One-Click", with no form
@never_cache
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    sub = get_object_or_404(Subscriber, token=token)
    done = False
    if request.method == "POST":
        actions.unsubscribe(sub, channel="web")
        done = True
    return render(request, "coalition/unsubscribe.html", {"sub": sub, "done": done or not sub.active})


@csrf_exempt  # RFC 8058 one-click, as ``unsubscribe``
@never_cache
def stop(request: HttpRequest, token: str) -> HttpResponse:
    """The one-click STOP of an event's broadcast e-mail (``actions.stop_link``)."""
    if not actions.stop_by_link(token, act=request.method == "POST"):
        raise Http404
    return render(request, "coalition/stop.html", {"done": request.method == "POST"})


# --- Staff: an organisation's coalition work ----------------------------------------------------
# Every page is under /coalition/staff/<org slug>/ and checks a permission on that organisation
# (403 for anyone else); an object that is not the organisation's is a 404.

STAFF_PERMS = ("coalition.manage", "event.manage", "broadcast.send", "commitment.manage", "org.edit")


def _staff_org_ids(user: Any) -> set[int]:
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(Organisation.objects.values_list("pk", flat=True))
    return set().union(*(org_ids_with_perm(user, p) for p in STAFF_PERMS[:4]))


def _staff_org(request: HttpRequest, slug: str, perm: str | None = None) -> Organisation:
    org = get_object_or_404(Organisation, slug=slug)
    perms = (perm,) if perm else STAFF_PERMS[:4]
    if not any(request.user.has_perm(p, org) for p in perms):
        raise PermissionDenied
    return org


def _posted_id(request: HttpRequest, name: str) -> int:
    """A database id from a form field; anything else (``abc``, too large) is an id nobody has, so
    the lookup is a 404 rather than a ValueError (a server error)."""
    pk = small_int(request.POST.get(name, ""))
    if pk is None:
        raise Http404
    return pk


def _form_errors(form: Any, exc: ValidationError) -> None:
    """Put an action's validation errors on the form: on their field when it is shown, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _is_post(request: HttpRequest, name: str) -> bool:
    return request.method == "POST" and request.POST.get("form") == name


@login_required
@never_cache
def staff_home(request: HttpRequest) -> HttpResponse:
    orgs = list(Organisation.objects.filter(pk__in=_staff_org_ids(request.user)))
    if not orgs:
        raise PermissionDenied
    if len(orgs) == 1:
        return redirect("coalition:staff_org", slug=orgs[0].slug)
    return render(request, "coalition/staff/home.html", {"orgs": orgs})


@login_required
@never_cache
def staff_org(request: HttpRequest, slug: str) -> HttpResponse:
    """My organisation's coalition work: campaigns, events, commitments and broadcasts."""
    org = _staff_org(request, slug)
    broadcasts = list(Broadcast.objects.filter(organisation=org)[:20])
    can = {p.replace(".", "_"): request.user.has_perm(p, org) for p in STAFF_PERMS}
    return render(request, "coalition/staff/dashboard.html", {
        "org": org, "can": can,
        "campaigns": Campaign.objects.filter(organisation=org).prefetch_related("milestones"),
        "events": Event.objects.filter(organisation=org).order_by("-starts_at")[:50],
        "commitments": Commitment.objects.filter(tracked_by=org).select_related("made_by")[:100],
        "broadcasts": broadcasts,
        "coalitions": Coalition.objects.filter(members__organisation=org),
        "memberships": CoalitionMember.objects.filter(organisation=org).select_related("coalition")
        .order_by("coalition__name")})


@login_required
@never_cache
def staff_profile(request: HttpRequest, slug: str) -> HttpResponse:
    org = _staff_org(request, slug, "org.edit")
    initial = {"description": org.description, "website": org.website, "public_email": org.public_email,
               "public_phone": org.public_phone, "line_oa": org.line_oa, "tags": org.tags,
               "areas": [a for a, _label in directory.areas_of(org)],
               "provinces_served": list(org.provinces_served.all())}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            org_actions.update_directory_profile(
                org, by=request.user, description=cd["description"], website=cd["website"],
                public_email=cd["public_email"], public_phone=cd["public_phone"], line_oa=cd["line_oa"],
                tags=cd["tags"].split(","), areas=cd["areas"], provinces_served=list(cd["provinces_served"]))
            messages.success(request, _("Saved."))
            return redirect("coalition:staff_org", slug=org.slug)
        except ValidationError as exc:
            _form_errors(form, exc)
    return render(request, "coalition/staff/form.html", {
        "org": org, "form": form, "title": _("The organisation in the partner directory")},
        status=400 if request.method == "POST" else 200)


# Coalitions --------------------------------------------------------------------------------------

@login_required
@never_cache
def staff_coalition_new(request: HttpRequest, slug: str) -> HttpResponse:
    """A new coalition, led by this organisation."""
    org = _staff_org(request, slug, "coalition.manage")
    form = CoalitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            c = staff_actions.create_coalition(lead=org, slug=cd["slug"], name=cd["name"],
                                               description=cd["description"], by=request.user)
            messages.success(request, _("The coalition is public. Add its members below."))
            return redirect("coalition:staff_coalition", slug=org.slug, coalition=c.slug)
        except ValidationError as exc:
            _form_errors(form, exc)
    return render(request, "coalition/staff/form.html", {"org": org, "form": form, "title": _("New coalition")},
                  status=400 if request.method == "POST" else 200)


@login_required
@never_cache
def staff_coalition(request: HttpRequest, slug: str, coalition: str) -> HttpResponse:
    """A coalition this organisation leads: add members from the directory, set roles, remove."""
    org = _staff_org(request, slug, "coalition.manage")
    c = get_object_or_404(Coalition, slug=coalition)
    if org.pk not in c.governing_organisation_ids():
        raise Http404
    if not request.user.has_perm("coalition.manage", c):
        raise PermissionDenied
    add = CoalitionMemberForm(request.POST if _is_post(request, "add") else None, coalition=c)
    done = None
    member_error: tuple[int, list[str]] | None = None
    member: CoalitionMember | None = None
    try:
        if _is_post(request, "add") and add.is_valid():
            staff_actions.add_member(c, add.cleaned_data["organisation"], role=add.cleaned_data["role"],
                                     by=request.user)
            done = _("Added to the coalition.")
        elif _is_post(request, "role") or _is_post(request, "remove"):
            pk = request.POST.get("member", "")
            member = get_object_or_404(CoalitionMember, pk=pk if pk.isdigit() else 0, coalition=c)
            if request.POST["form"] == "role":
                staff_actions.set_member_role(member, request.POST.get("role", ""), by=request.user)
                done = _("Role changed.")
            else:
                staff_actions.remove_member(member, by=request.user)
                done = _("Removed from the coalition.")
    except ValidationError as exc:
        if member is None:
            _form_errors(add, exc)
        else:
            member_error = (member.pk, exc.messages)
    if done:
        messages.success(request, done)
        if org.pk not in c.governing_organisation_ids():  # this organisation stepped down or left
            return redirect("coalition:staff_org", slug=org.slug)
        return redirect("coalition:staff_coalition", slug=org.slug, coalition=c.slug)
    return render(request, "coalition/staff/coalition.html", {
        "org": org, "c": c, "add_form": add, "member_error": member_error, "roles": CoalitionMember.Role.choices,
        "members": c.members.select_related("organisation").order_by("role", "organisation__name_th")},
        status=400 if request.method == "POST" else 200)


# Campaigns ---------------------------------------------------------------------------------------

@login_required
@never_cache
def staff_campaign_new(request: HttpRequest, slug: str) -> HttpResponse:
    org = _staff_org(request, slug, "coalition.manage")
    form = CampaignForm(request.POST or None, organisation=org)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            c = staff_actions.create_campaign(
                organisation=org, slug=cd["slug"], title=cd["title"], issue=cd["issue"], goals=cd["goals"],
                coalition=cd["coalition"], province=cd["province"], milestones=cd["milestones"], by=request.user)
            messages.success(request, _("The campaign is public."))
            return redirect("coalition:staff_campaign", slug=org.slug, campaign=c.slug)
        except ValidationError as exc:
            _form_errors(form, exc)
    return render(request, "coalition/staff/form.html", {"org": org, "form": form, "title": _("New campaign")},
                  status=400 if request.method == "POST" else 200)


def _staff_campaign(request: HttpRequest, org: Organisation, slug: str) -> Campaign:
    c = get_object_or_404(Campaign.objects.select_related("organisation", "coalition"), slug=slug)
    if org.pk not in c.governing_organisation_ids():
        raise Http404
    return c


@login_required
@never_cache
def staff_campaign(request: HttpRequest, slug: str, campaign: str) -> HttpResponse:
    """Edit a campaign: its text, milestones and progress, public updates and linked work."""
    org = _staff_org(request, slug, "coalition.manage")
    c = _staff_campaign(request, org, campaign)
    if not request.user.has_perm("coalition.manage", c):
        raise PermissionDenied
    edit = CampaignForm(request.POST if _is_post(request, "edit") else None, organisation=c.organisation,
                        editing=True, initial={"title": c.title, "issue": c.issue, "goals": c.goals,
                                               "coalition": c.coalition, "province": c.province})
    milestone = MilestoneForm(request.POST if _is_post(request, "milestone") else None)
    update = CampaignUpdateForm(request.POST if _is_post(request, "update") else None)
    link = CampaignLinkForm(request.POST if _is_post(request, "link") else None)
    done = None
    try:
        if _is_post(request, "edit") and edit.is_valid():
            cd = edit.cleaned_data
            staff_actions.update_campaign(c, by=request.user, title=cd["title"], issue=cd["issue"], goals=cd["goals"],
                                          coalition=cd["coalition"], province=cd["province"])
            done = _("Saved.")
        elif _is_post(request, "milestone") and milestone.is_valid():
            cd = milestone.cleaned_data
            pk = request.POST.get("milestone", "")
            if pk:
                m = get_object_or_404(Milestone, pk=pk if pk.isdigit() else 0, campaign=c)
                staff_actions.update_milestone(m, by=request.user, title=cd["title"], due_on=cd["due_on"],
                                               progress=cd["progress"])
            else:
                with transaction.atomic():
                    m = actions.add_milestone(c, cd["title"], due_on=cd["due_on"], by=request.user)
                    if cd["progress"]:
                        actions.set_milestone_progress(m, cd["progress"], by=request.user)
            done = _("Milestone saved.")
        elif _is_post(request, "update") and update.is_valid():
            actions.post_campaign_update(c, update.cleaned_data["text"], notify=update.cleaned_data["notify"],
                                         by=request.user)
            done = _("The update is public.")
        elif _is_post(request, "link") and link.is_valid():
            cd = link.cleaned_data
            if c.links.filter(kind=cd["kind"], external_id=cd["external_id"].strip()).exists():
                link.add_error("external_id", _("This work is already linked."))
            else:
                actions.link_to_campaign(c, cd["kind"], cd["external_id"], label=cd["label"], by=request.user)
                done = _("Linked.")
    except ValidationError as exc:
        form = {"edit": edit, "milestone": milestone, "update": update, "link": link}[request.POST["form"]]
        _form_errors(form, exc)
    if done:
        messages.success(request, done)
        return redirect("coalition:staff_campaign", slug=org.slug, campaign=c.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "coalition/staff/campaign.html", {
        "org": org, "c": c, "edit": edit, "milestone_form": milestone, "update_form": update, "link_form": link,
        "milestones": c.milestones.all(), "links": _links(c), "updates": c.updates.all()[:20],
        "events": c.events.order_by("starts_at")}, status=status)


# Events ------------------------------------------------------------------------------------------

def _event_kwargs(cd: dict[str, Any]) -> dict[str, Any]:
    return {k: cd[k] for k in ("title", "mode", "starts_at", "agenda", "ends_at", "capacity", "requires_approval",
                               "campaign")}


@login_required
@never_cache
def staff_event_new(request: HttpRequest, slug: str) -> HttpResponse:
    org = _staff_org(request, slug, "event.manage")
    form = EventForm(request.POST or None, organisation=org)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            e = staff_actions.create_event(organisation=org, by=request.user, venue=cd["venue"],
                                           online_url=cd["online_url"], venue_reveal_at=cd["venue_reveal_at"],
                                           pledge_threshold=cd.get("pledge_threshold"), **_event_kwargs(cd))
            messages.success(request, _("The event is public."))
            return redirect("coalition:staff_event", slug=org.slug, public_id=e.public_id)
        except ValidationError as exc:
            _form_errors(form, exc)
    return render(request, "coalition/staff/form.html", {"org": org, "form": form, "title": _("New event")},
                  status=400 if request.method == "POST" else 200)


@login_required
@never_cache
def staff_event(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    """Edit an event, change its venue (confirmed participants are told) and record its minutes."""
    org = _staff_org(request, slug, "event.manage")
    e = get_object_or_404(Event.objects.select_related("campaign"), public_id=public_id, organisation=org)
    local = timezone.localtime
    edit = EventForm(request.POST if _is_post(request, "edit") else None, organisation=org, editing=True, initial={
        "title": e.title, "mode": e.mode, "campaign": e.campaign, "starts_at": local(e.starts_at),
        "ends_at": local(e.ends_at) if e.ends_at else None, "agenda": e.agenda, "capacity": e.capacity,
        "requires_approval": e.requires_approval})
    venue = VenueForm(request.POST if _is_post(request, "venue") else None, initial={
        "venue": e.venue, "online_url": e.online_url,
        "venue_reveal_at": local(e.venue_reveal_at) if e.venue_reveal_at else None})
    minutes = MinutesForm(request.POST if _is_post(request, "minutes") else None, initial={"minutes": e.minutes})
    done = None
    try:
        if _is_post(request, "edit") and edit.is_valid():
            staff_actions.update_event(e, by=request.user, **_event_kwargs(edit.cleaned_data))
            done = _("Saved.")
        elif _is_post(request, "venue") and venue.is_valid():
            cd = venue.cleaned_data
            if cd["venue_reveal_at"] and e.venue_revealed_at is None and cd["venue_reveal_at"] > e.starts_at:
                venue.add_error("venue_reveal_at", _("Reveal the venue before the event starts."))
            else:
                actions.change_venue(e, venue=cd["venue"].strip(), online_url=cd["online_url"].strip(),
                                     venue_reveal_at=cd["venue_reveal_at"], by=request.user)
                done = (_("Venue changed: every confirmed participant is being told.")
                        if e.venue_revealed_at else _("Venue changed."))
        elif _is_post(request, "minutes") and minutes.is_valid():
            actions.record_minutes(e, minutes.cleaned_data["minutes"].strip(), by=request.user)
            done = _("Minutes saved.")
    except ValidationError as exc:
        form = {"edit": edit, "venue": venue, "minutes": minutes}[request.POST["form"]]
        _form_errors(form, exc)
    if done:
        messages.success(request, done)
        return redirect("coalition:staff_event", slug=org.slug, public_id=e.public_id)
    return render(request, "coalition/staff/event.html", {
        "org": org, "e": e, "edit": edit, "venue_form": venue, "minutes_form": minutes,
        "confirmed": e.rsvps.filter(status=Rsvp.Status.CONFIRMED).count(),
        "checked_in": e.rsvps.filter(checked_in_at__isnull=False).count()},
        status=400 if request.method == "POST" else 200)


# Commitments -------------------------------------------------------------------------------------

@login_required
@never_cache
def staff_commitment_new(request: HttpRequest, slug: str) -> HttpResponse:
    org = _staff_org(request, slug, "commitment.manage")
    form = CommitmentForm(request.POST or None, organisation=org)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            c = actions.create_commitment(
                tracked_by=org, made_by=cd["made_by"], made_by_official=cd["made_by_official"], title=cd["title"],
                description=cd["description"], source_title=cd["source_title"], source_date=cd["source_date"],
                source_url=cd["source_url"], campaign=cd["campaign"], by=request.user)
            messages.success(request, _("The commitment is public. Change its status on its page."))
            return redirect("coalition:commitment", public_id=c.public_id)
        except ValidationError as exc:
            _form_errors(form, exc)
    return render(request, "coalition/staff/form.html", {"org": org, "form": form, "title": _("New commitment")},
                  status=400 if request.method == "POST" else 200)


# Broadcasts --------------------------------------------------------------------------------------

@login_required
@never_cache
def staff_broadcast_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Write a broadcast, see how many people it reaches on each channel, then schedule it."""
    org = _staff_org(request, slug, "broadcast.send")
    form = BroadcastForm(request.POST or None, organisation=org)
    preview: dict[str, int] | None = None
    reason = ""
    sms_parts = sms_chars = 0
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        # The SMS version as it will go (with the sender and stop lines): how many SMS it takes.
        sms_text = actions.sms_version(Broadcast(organisation=org, text=cd["text"].strip()))
        sms_parts, sms_chars = actions.sms_segments(sms_text), len(sms_text)
        try:
            if request.POST.get("action") == "preview":
                actions.check_segment(org, cd["tag_kind"], cd["tag_value"])
                draft = Broadcast(organisation=org, province=cd["province"], tag_kind=cd["tag_kind"],
                                  tag_value=cd["tag_value"], channels=cd["channels"])
                preview = actions.audience_counts(draft)
                reason = actions.nobody_reason(draft) if not sum(preview.values()) else ""
            else:
                b = actions.schedule_broadcast(organisation=org, text=cd["text"], send_at=cd["send_at"],
                                               province=cd["province"], tag_kind=cd["tag_kind"],
                                               tag_value=cd["tag_value"], channels=cd["channels"], by=request.user)
                messages.success(request, _("Scheduled."))
                return redirect("coalition:staff_broadcast", slug=org.slug, pk=b.pk)
        except ValidationError as exc:
            _form_errors(form, exc)
    bad = request.method == "POST" and not form.is_valid()
    return render(request, "coalition/staff/broadcast_form.html", {
        "org": org, "form": form, "title": _("New broadcast"), "preview": preview,
        "preview_rows": [(c, _channel_label(c), n) for c, n in (preview or {}).items()],
        "preview_total": sum(preview.values()) if preview else 0, "preview_reason": reason,
        "sms_parts": sms_parts, "sms_chars": sms_chars},
        status=400 if bad or (request.method == "POST" and form.errors) else 200)


@login_required
@never_cache
def staff_broadcast(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org = _staff_org(request, slug, "broadcast.send")
    b = get_object_or_404(Broadcast.objects.select_related("province"), pk=pk, organisation=org)
    if _is_post(request, "cancel") and b.state != Broadcast.State.CANCELLED:
        n = actions.cancel_broadcast(b, by=request.user)
        messages.success(request, _("Cancelled; %(n)d waiting messages withdrawn.") % {"n": n})
        return redirect("coalition:staff_broadcast", slug=org.slug, pk=b.pk)
    sms_text = actions.sms_version(b)
    return render(request, "coalition/staff/broadcast.html", {
        "org": org, "b": b, "counts": actions.delivery_counts(b), "segment": _segment_label(b),
        "sms_parts": actions.sms_segments(sms_text), "sms_chars": len(sms_text)})


def _segment_label(b: Broadcast) -> str:
    if not b.tag_kind:
        return ""
    names: dict[str, Any] = {"coalition": Coalition, "campaign": Campaign, "event": Event}
    model = names.get(b.tag_kind)
    obj = model.objects.filter(pk=b.tag_value).first() if model and b.tag_value.isdigit() else None
    return f"{b.get_tag_kind_display()}: {obj if obj is not None else b.tag_value}"


# From common ground to commitments ------------------------------------------------------------------

@login_required
@never_cache
def asks(request: HttpRequest, conversation: int) -> HttpResponse:
    """A facilitator turns a conversation's common ground into asks to parties or agencies, and
    records each answer as a tracked commitment."""
    from phalang.deliberation.models import Conversation, Statement

    conv = get_object_or_404(Conversation, pk=conversation)
    if not request.user.has_perm("deliberation.facilitate", conv):
        raise PermissionDenied
    mine = Organisation.objects.filter(pk__in=(set(Organisation.objects.values_list("pk", flat=True))
                                               if request.user.is_superuser
                                               else org_ids_with_perm(request.user, "commitment.manage")))
    targets = Organisation.objects.filter(kind__in=[OrganisationKind.POLITICAL_PARTY, OrganisationKind.AGENCY])
    error: tuple[str, str] | None = None
    new_link: tuple[int, str] | None = None
    if request.method == "POST":
        try:
            if request.POST.get("form") == "ask":
                statement = get_object_or_404(Statement, pk=_posted_id(request, "statement"), conversation=conv)
                ask = actions.create_ask(statement,
                                         organisation=get_object_or_404(mine, pk=_posted_id(request, "organisation")),
                                         addressed_to=get_object_or_404(targets, pk=_posted_id(request, "addressed_to")),
                                         text=request.POST.get("text", ""), by=request.user)
                if ask.addressed_to.public_email:
                    messages.success(request, _("The ask is sent by e-mail, with a private link where they answer it "
                                                "themselves."))
                else:
                    messages.success(request, _("The ask is saved. They have no e-mail in the partner directory: "
                                                "get their private answer link below and send it to them yourself."))
            elif request.POST.get("form") == "link":
                ask = get_object_or_404(Ask, pk=_posted_id(request, "ask"), statement__conversation=conv)
                if not request.user.has_perm("commitment.manage", ask):
                    raise PermissionDenied
                # Shown on this response only (never stored): reloading makes another and voids this one.
                new_link = (ask.pk, actions.new_answer_link(ask, by=request.user))
            elif request.POST.get("form") == "answer":
                ask = get_object_or_404(Ask, pk=_posted_id(request, "ask"), statement__conversation=conv)
                if not request.user.has_perm("commitment.manage", ask):
                    raise PermissionDenied
                c = actions.record_answer(ask, title=request.POST.get("title", "").strip(),
                                          source_title=request.POST.get("source_title", "").strip(),
                                          source_url=request.POST.get("source_url", "").strip(), by=request.user)
                messages.success(request, _("The answer is a tracked commitment."))
                return redirect("coalition:commitment", public_id=c.public_id)
            if new_link is None:
                return redirect("coalition:asks", conversation=conv.pk)
        except ValidationError as exc:
            error = (request.POST.get("form", ""), " ".join(exc.messages))
    ground = actions.common_ground(conv)
    texts = dict(Statement.objects.filter(pk__in=ground).values_list("pk", "text"))
    return render(request, "coalition/asks.html", {
        "conv": conv, "ground": [(pk, texts.get(pk, ""), support) for pk, support in ground.items()],
        "asks": Ask.objects.filter(statement__conversation=conv).select_related("addressed_to", "statement",
                                                                               "commitment"),
        "mine": mine, "targets": targets, "error": error, "new_link": new_link, "now": timezone.now()},
        status=400 if error else 200)


@never_cache
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The addressee's private answer link: a party or an agency answers an ask itself, and the
    answer becomes a tracked commitment shown as theirs. Opening the link changes nothing."""
    ask = actions.ask_by_answer_token(token)
    if ask is None:
        raise Http404
    error: dict[str, list[str]] = {}
    state = ("answered" if ask.commitment_id is not None else "declined" if ask.state == Ask.State.DECLINED else
             "expired" if ask.answer_link_expires_at is None or ask.answer_link_expires_at < timezone.now() else "open")
    declining = request.POST.get("action") == "decline"
    if request.method == "POST" and state == "open":
        try:
            if declining:
                actions.decline_ask(token, official=request.POST.get("decline_official", ""),
                                    reason=request.POST.get("reason", ""))
                return redirect("coalition:answer", token=token)
            c = actions.answer_ask(token, title=request.POST.get("title", ""),
                                   official=request.POST.get("official", ""),
                                   description=request.POST.get("description", ""),
                                   source_url=request.POST.get("source_url", ""))
            return redirect("coalition:commitment", public_id=c.public_id)
        except ValidationError as exc:
            error = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        except actions.AnswerLinkError as exc:
            state = str(exc)
    response = render(request, "coalition/answer.html", {
        "ask": ask, "state": state, "error": error, "values": request.POST if request.method == "POST" else {},
        "declining": declining}, status=400 if error else (410 if state == "expired" else 200))
    response["X-Robots-Tag"] = "noindex"
    return response

