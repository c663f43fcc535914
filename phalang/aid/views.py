"""Pages: the public request form, proxy entry, volunteers' sign-up and tasks, coordinators' desk.

Contacts appear only on a coordinator's request page and on the assigned volunteer's task list
(with the requester's consent); every list shows the subdistrict only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from phalang.accounts.models import User
from phalang.aid import actions, importer, stats
from phalang.aid.forms import (
    HelpRequestForm,
    ImportUploadForm,
    ProxyRequestForm,
    ReceiptForm,
    TriageForm,
    VolunteerForm,
    VolunteerSignupForm,
)
from phalang.aid.models import (
    Channel,
    HelpRequest,
    Hub,
    Item,
    State,
    StockMovement,
    Suggestion,
    VolunteerProfile,
)
from phalang.orgs.backends import org_ids_with_perm
from phalang.orgs.models import Organisation
from phalang.watch import throttle


def _text(th: str, en: str) -> str:
    return th if (get_language() or "th")[:2] == "th" else en


def _add_errors(form: Any, exc: actions.AidInvalid) -> None:
    for key, (th, en) in exc.errors.items():
        form.add_error(key if key in form.fields else None, _text(th, en))


def _new_request(form: HelpRequestForm, channel: str, detail: str = "") -> actions.NewHelpRequest:
    cd = form.cleaned_data
    return actions.NewHelpRequest(
        need=cd["need"], details=cd.get("details", ""), people=cd["people"], elderly=cd["elderly"],
        children=cd["children"], disability=cd["disability"], answers=form.answers(),
        province=cd["province"].pk if cd.get("province") else None, place_text=cd.get("place_text", ""),
        lat=cd.get("lat"), lon=cd.get("lon"), name=cd.get("name", ""), phone=cd.get("phone", ""),
        address=cd.get("address", ""), consent_share=cd["consent"], channel=channel, proxy_detail=detail)


@never_cache
def request_help(request: HttpRequest) -> HttpResponse:
    """The public form: no account, triage questions, a receipt shown once."""
    form = HelpRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            req, receipt = actions.file_help_request(_new_request(form, Channel.WEB))
        except actions.AidInvalid as exc:
            _add_errors(form, exc)
        else:
            return render(request, "aid/receipt.html", {"receipt": receipt, "req": req})
    return render(request, "aid/request_form.html", {"form": form})


@never_cache
@login_required
def proxy_request(request: HttpRequest) -> HttpResponse:
    """A shop, community leader or hotline registers someone without a smartphone."""
    if not any(request.user.has_perm(p) for p in ("aid.coordinate", "aid.volunteer", "aid.view")):
        raise PermissionDenied
    form = ProxyRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            req, receipt = actions.file_help_request(
                _new_request(form, Channel.STAFF, form.cleaned_data["proxy_detail"]), by=request.user)
        except actions.AidInvalid as exc:
            _add_errors(form, exc)
        else:
            return render(request, "aid/receipt.html", {"receipt": receipt, "req": req, "proxy": True})
    return render(request, "aid/request_form.html", {"form": form, "proxy": True})


@never_cache
def status(request: HttpRequest) -> HttpResponse:
    """By receipt, in a POST so it never lands in a URL or a log."""
    form = ReceiptForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        client = throttle.client_key_for_request(request)
        if throttle.is_blocked(client):
            context["error"] = _("Too many wrong receipts. Wait 15 minutes and try again.")
            return render(request, "aid/status.html", context, status=429)
        req = actions.find_by_receipt(form.cleaned_data["receipt"])
        if req is None:
            throttle.record_failure(client)
            context["error"] = _("No help request has this receipt.")
            return render(request, "aid/status.html", context, status=404)
        context["view"] = actions.status_view(req)
    return render(request, "aid/status.html", context)


def _group_choices() -> list[tuple[str, str]]:
    return [(o.slug, o.name_th) for o in Organisation.objects.filter(kind="volunteer_group", verified=True)]


@never_cache
def volunteer(request: HttpRequest) -> HttpResponse:
    """Sign up (a new account, no staff role) or edit the volunteer profile."""
    profile = getattr(request.user, "volunteer", None) if request.user.is_authenticated else None
    form_class = VolunteerForm if request.user.is_authenticated else VolunteerSignupForm
    initial = {}
    if profile is not None:
        initial = {"organisation": profile.organisation.slug, "radius_km": profile.radius_km,
                   "skills": profile.skills, "vehicle": profile.vehicle, "vehicle_capacity": profile.vehicle_capacity,
                   "available_days": list(profile.available_days), "available_from": profile.available_from,
                   "available_until": profile.available_until, "max_tasks_per_day": profile.max_tasks_per_day,
                   "place_text": profile.home_subdistrict and f"ต.{profile.home_subdistrict.name_th} "
                   f"อ.{profile.home_subdistrict.district.name_th} จ.{profile.home_subdistrict.district.province.name_th}"}
    form = form_class(request.POST or None, initial=initial)
    form.fields["organisation"].choices = _group_choices()  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        org = Organisation.objects.get(slug=cd["organisation"])
        data = actions.VolunteerData(
            place_text=cd["place_text"], skills=cd["skills"], vehicle=cd["vehicle"],
            vehicle_capacity=cd["vehicle_capacity"], radius_km=cd["radius_km"],
            available_days="".join(sorted(cd["available_days"])), available_from=cd["available_from"],
            available_until=cd["available_until"], max_tasks_per_day=cd["max_tasks_per_day"], phone=cd["phone"])
        user: Any = request.user
        if not user.is_authenticated and User.objects.filter(username=cd["username"]).exists():
            form.add_error("username", _("This username is taken."))
            return render(request, "aid/volunteer_form.html", {"form": form})
        try:
            if user.is_authenticated:
                actions.register_volunteer(user, org, data)
            else:
                user = actions.sign_up_volunteer(cd["username"], cd["password"], cd["display_name"], org, data)
        except actions.AidInvalid as exc:
            _add_errors(form, exc)
            return render(request, "aid/volunteer_form.html", {"form": form})
        if not request.user.is_authenticated:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Saved. A coordinator of the group will verify you before tasks arrive."))
        return redirect("aid:tasks")
    return render(request, "aid/volunteer_form.html", {"form": form, "profile": profile})


def _profile(request: HttpRequest) -> VolunteerProfile:
    profile = VolunteerProfile.objects.filter(user_id=int(request.user.pk or 0)).select_related("organisation").first()
    if profile is None:
        raise PermissionDenied
    return profile


@never_cache
@login_required
def tasks(request: HttpRequest) -> HttpResponse:
    """The volunteer's tasks (contact once assigned, with consent) and nearby tasks to claim."""
    profile = VolunteerProfile.objects.filter(user_id=int(request.user.pk or 0)).first()
    if profile is None:
        return redirect("aid:volunteer")
    mine = list(profile.tasks.exclude(state__in=[State.CANCELLED]).select_related(
        "subdistrict", "district", "province").order_by("-matched_at")[:30])
    for t in mine:
        t.contact = actions.contact(t) if actions.can_see_contact(request.user, t) else None  # type: ignore[attr-defined]
        t.moves = sorted(actions.VOLUNTEER_MOVES.get(State(t.state), set()))  # type: ignore[attr-defined]
    link_code = actions.new_link_code(profile) if request.method == "POST" and "link" in request.POST else ""
    return render(request, "aid/tasks.html", {"profile": profile, "mine": mine, "link_code": link_code,
                                              "claimable": actions.claimable(profile)[:20]})


@require_POST
@login_required
def update_task(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _profile(request)
    task = get_object_or_404(HelpRequest, pk=pk, volunteer=profile)
    try:
        actions.update_task(task, request.POST.get("state", ""), by=request.user,
                            note=request.POST.get("note", ""))
    except actions.AidInvalid as exc:
        messages.error(request, " ".join(_text(th, en) for th, en in exc.errors.values()))
    return redirect("aid:tasks")


@require_POST
@login_required
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _profile(request)
    task = get_object_or_404(HelpRequest, pk=pk, organisation=profile.organisation)
    try:
        actions.claim_task(profile, task)
        messages.success(request, _("The task is yours for 30 minutes: accept it to keep it."))
    except actions.AidInvalid as exc:
        messages.error(request, " ".join(_text(th, en) for th, en in exc.errors.values()))
    return redirect("aid:tasks")


# --- coordinators -------------------------------------------------------------------------------

def _org(request: HttpRequest, slug: str) -> Organisation:
    org = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm("aid.coordinate", org):
        raise PermissionDenied
    return org


@never_cache
@login_required
def coordinate_home(request: HttpRequest) -> HttpResponse:
    orgs = list(Organisation.objects.filter(pk__in=org_ids_with_perm(request.user, "aid.coordinate")))
    if request.user.is_superuser:
        orgs = list(Organisation.objects.filter(kind="volunteer_group"))
    if not orgs:
        raise PermissionDenied
    if len(orgs) == 1:
        return redirect("aid:dashboard", slug=orgs[0].slug)
    return render(request, "aid/coordinate_home.html", {"orgs": orgs})


@never_cache
@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    org = _org(request, slug)
    pending = (Suggestion.objects.filter(request__organisation=org, status=Suggestion.Status.PENDING)
               .select_related("request__subdistrict", "request__district", "volunteer__user"))
    unverified = VolunteerProfile.objects.filter(organisation=org, verified_at__isnull=True).select_related("user")
    return render(request, "aid/dashboard.html", {
        "org": org, "queue": actions.queue(org)[:100], "suggestions": pending, "unverified": unverified,
        "stats": stats.dashboard(org), "low_stock": actions.low_stock(org),
        "in_progress": HelpRequest.objects.filter(organisation=org, state__in=[State.MATCHED, State.ACCEPTED,
                                                                               State.EN_ROUTE])
        .select_related("subdistrict", "district", "volunteer__user")[:100]})


@never_cache
@login_required
def request_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org = _org(request, slug)
    req = get_object_or_404(HelpRequest.objects.select_related("subdistrict", "district", "province"),
                            pk=pk, organisation=org)
    return render(request, "aid/request_detail.html", {
        "org": org, "req": req, "contact": actions.contact(req) if actions.can_see_contact(request.user, req) else None,
        "triage_form": TriageForm(initial={"urgency": req.urgency})})


@require_POST
@login_required
def triage(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org = _org(request, slug)
    req = get_object_or_404(HelpRequest, pk=pk, organisation=org)
    form = TriageForm(request.POST)
    try:
        if not form.is_valid():
            raise actions.AidInvalid({"urgency": ("ระดับความเร่งด่วนไม่ถูกต้อง", "Invalid urgency.")})
        actions.triage_request(req, by=request.user, urgency=form.cleaned_data["urgency"],
                               reason=form.cleaned_data["reason"])
    except actions.AidInvalid as exc:
        messages.error(request, " ".join(_text(th, en) for th, en in exc.errors.values()))
        return redirect("aid:request_detail", slug=slug, pk=pk)
    return redirect("aid:dashboard", slug=slug)


@require_POST
@login_required
def cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org = _org(request, slug)
    actions.cancel_request(get_object_or_404(HelpRequest, pk=pk, organisation=org), by=request.user,
                           reason=request.POST.get("reason", ""))
    return redirect("aid:dashboard", slug=slug)


@require_POST
@login_required
def suggest(request: HttpRequest, slug: str) -> HttpResponse:
    org = _org(request, slug)
    made = actions.suggest_matches(org, by=request.user)
    messages.success(request, _("%(n)d suggestions to confirm.") % {"n": len(made)})
    return redirect("aid:dashboard", slug=slug)


@require_POST
@login_required
def decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org = _org(request, slug)
    s = get_object_or_404(Suggestion, pk=pk, request__organisation=org)
    try:
        if request.POST.get("decision") == "confirm":
            actions.confirm_suggestion(s, by=request.user)
        else:
            actions.reject_suggestion(s, by=request.user)
    except actions.AidInvalid as exc:
        messages.error(request, " ".join(_text(th, en) for th, en in exc.errors.values()))
    return redirect("aid:dashboard", slug=slug)


@require_POST
@login_required
def verify(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org = _org(request, slug)
    vol = get_object_or_404(VolunteerProfile, pk=pk, organisation=org)
    actions.verify_volunteer(vol, by=request.user, trusted=request.POST.get("trusted") == "1")
    return redirect("aid:dashboard", slug=slug)


@never_cache
@login_required
def import_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 1: upload; step 2: map columns (the text rides along in the form, never stored); import."""
    org = _org(request, slug)
    context: dict[str, Any] = {"org": org, "fields": list(importer.FIELDS)}
    if request.method == "POST" and "csv_text" in request.POST:
        text = request.POST["csv_text"][:importer.MAX_BYTES]
        mapping = {f: request.POST.get(f"map_{f}", "") for f in importer.FIELDS if request.POST.get(f"map_{f}")}
        context["result"] = importer.import_requests(org, text, mapping, by=request.user)
        return render(request, "aid/import.html", context)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > importer.MAX_BYTES:
            form.add_error("file", _("The file is larger than 2 MB."))
        else:
            try:
                text = importer.decode(upload.read())
            except ValueError:
                form.add_error("file", _("This is not a text CSV file."))
            else:
                columns = importer.header(text)
                context.update(csv_text=text, columns=columns, guess=importer.guess_mapping(columns))
    return render(request, "aid/import.html", context)


@never_cache
@login_required
def hubs(request: HttpRequest, slug: str) -> HttpResponse:
    """Hubs, stock with low-stock alerts, beds and isolation slots, movements and delivery runs."""
    org = _org(request, slug)
    if request.method == "POST":
        hub = get_object_or_404(Hub, pk=request.POST.get("hub"), organisation=org)
        op = request.POST.get("op")
        try:
            if op == "count":
                item = get_object_or_404(Item, slug=request.POST.get("item"))
                actions.set_stock(hub, item, by=request.user, quantity=int(request.POST["quantity"]),
                                  minimum=int(request.POST.get("minimum") or 0))
            elif op == "commit":
                item = get_object_or_404(Item, slug=request.POST.get("item"))
                actions.commit_stock(hub, item, int(request.POST["quantity"]), by=request.user)
            elif op in ("dispatch", "receive"):
                mv = get_object_or_404(StockMovement, pk=request.POST.get("movement"), hub=hub)
                (actions.dispatch_movement if op == "dispatch" else actions.receive_movement)(mv, by=request.user)
            elif op == "run":
                reqs = list(HelpRequest.objects.filter(organisation=org, state=State.TRIAGED,
                                                       need__in=["food", "supplies", "medicine"])[:60])
                vehicles = [actions.RunVehicle(f"v{i + 1}", int(request.POST.get("capacity") or 40))
                            for i in range(max(1, min(10, int(request.POST.get("vehicles") or 1))))]
                actions.plan_delivery_run(hub, reqs, vehicles, by=request.user)
        except (actions.AidInvalid, ValueError, KeyError) as exc:
            errors = exc.errors.values() if isinstance(exc, actions.AidInvalid) else [("ข้อมูลไม่ถูกต้อง", "Invalid input.")]
            messages.error(request, " ".join(_text(th, en) for th, en in errors))
        return redirect("aid:hubs", slug=slug)
    org_hubs = Hub.objects.filter(organisation=org).prefetch_related("stock__item", "movements__item", "runs")
    return render(request, "aid/hubs.html", {"org": org, "hubs": org_hubs, "items": Item.objects.all()})
