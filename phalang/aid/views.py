"""Pages: the public request form, proxy entry, volunteers' sign-up and tasks, coordinators' desk.

Contacts appear only on a coordinator's request page and on the assigned volunteer's task list
(with the requester's consent); every list shows the subdistrict only.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from phalang.accounts.models import User
from phalang.aid import actions, importer, kits, stats
from phalang.aid import queue as aid_queue
from phalang.aid import triage as triage_rules
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
    DeliveryRun,
    HelpRequest,
    Hub,
    Item,
    Need,
    State,
    StockMovement,
    Suggestion,
    Urgency,
    VehicleKind,
    VolunteerProfile,
)
from phalang.lib import ratelimit
from phalang.lib.clients import client_key
from phalang.lib.shown_receipt import ShownReceipt
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


# The receipt is shown on its own page (post/redirect/get), as the report form's is: a reload or
# a form sent twice files nothing more (lib/shown_receipt.py).
RECEIPT_PAGE = ShownReceipt("help", cookie="phalang_help_receipt", path="/aid/received/")


def _form_page(request: HttpRequest, form: HelpRequestForm, status: int = 200, **extra: Any) -> HttpResponse:
    return render(request, "aid/request_form.html", {"form": form, "once": RECEIPT_PAGE.new_token(),
                                                     "tile_url": settings.MAP_TILE_URL, **extra}, status=status)


def _file_once(request: HttpRequest, form: HelpRequestForm, channel: str, **proxy: Any) -> HttpResponse:
    """File the form at most once for its one-time token, then lead to the receipt page."""
    once = request.POST.get("once", "")
    if not RECEIPT_PAGE.claim(once):
        return RECEIPT_PAGE.see_receipt(once)  # sent before: its receipt, and nothing filed
    if form.is_valid():
        try:
            detail = form.cleaned_data.get("proxy_detail", "")
            _req, receipt = actions.file_help_request(
                _new_request(form, channel, detail), by=request.user if proxy else None,
                client="" if proxy else client_key(request))
        except actions.AidInvalid as exc:
            _add_errors(form, exc)
        except ratelimit.RateLimited as exc:
            RECEIPT_PAGE.release(once)
            form.add_error(None, exc.message((get_language() or "th")[:2]))
            response = _form_page(request, form, status=429, **proxy)
            response["Retry-After"] = str(exc.limit.seconds)
            return response
        else:
            response = RECEIPT_PAGE.see_receipt()
            RECEIPT_PAGE.keep(response, once, receipt)
            return response
    RECEIPT_PAGE.release(once)  # refused: the same token may be sent again once corrected
    return _form_page(request, form, **proxy)


@never_cache
def request_help(request: HttpRequest) -> HttpResponse:
    """The public form: no account, the crisis kit's questions, the receipt on its own page."""
    group = Organisation.objects.filter(slug=request.GET.get("group", ""), kind="volunteer_group").first()
    form = HelpRequestForm(request.POST or None, kit=actions.kit_for(group))
    if request.method == "POST":
        return _file_once(request, form, Channel.WEB)
    return _form_page(request, form)


@never_cache
@login_required
def proxy_request(request: HttpRequest) -> HttpResponse:
    """A shop, community leader or hotline registers someone without a smartphone."""
    if not any(request.user.has_perm(p) for p in ("aid.coordinate", "aid.volunteer", "aid.view")):
        raise PermissionDenied
    form = ProxyRequestForm(request.POST or None, kit=actions.kit_for(None))
    if request.method == "POST":
        return _file_once(request, form, Channel.STAFF, proxy=True)
    return _form_page(request, form, proxy=True)


@never_cache
def received(request: HttpRequest) -> HttpResponse:
    """The receipt, for this browser only, for a few minutes: a reload shows it again, another
    browser never sees it, and "I have saved it" forgets it at once."""
    if request.method == "POST" and request.POST.get("action") == "forget":
        response = RECEIPT_PAGE.see_receipt()
        RECEIPT_PAGE.forget(request, response)
        return response
    receipt = RECEIPT_PAGE.current(request)
    req = actions.find_by_receipt(receipt) if receipt else None
    return render(request, "aid/receipt.html", {
        "receipt": receipt if req is not None else "", "req": req,
        "proxy": req is not None and req.channel == Channel.STAFF})


@never_cache
def status(request: HttpRequest) -> HttpResponse:
    """By receipt, in a POST so it never lands in a URL or a log."""
    form = ReceiptForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        client = throttle.client_key_for_request(request)
        if throttle.is_blocked(client, form.cleaned_data["receipt"]):
            context["error"] = _("Too many wrong receipts. Wait 15 minutes and try again.")
            return render(request, "aid/status.html", context, status=429)
        req = actions.find_by_receipt(form.cleaned_data["receipt"])
        if req is None:
            throttle.record_failure(client, form.cleaned_data["receipt"])
            context["error"] = _("No help request has this receipt.")
            return render(request, "aid/status.html", context, status=404)
        context["view"] = actions.status_view(req)
    return render(request, "aid/status.html", context)


def _group_choices() -> list[tuple[str, str]]:
    return [(o.slug, o.name_th) for o in Organisation.objects.filter(kind="volunteer_group", verified=True)]


def _vehicle_choices(group_slug: str, user: Any = None) -> list[tuple[str, str]]:
    """What ``actions.vehicles_for`` allows: on foot, or a vehicle of the group's kit (the crisis
    kit in force without a group), in the kit's order; and the volunteer's own vehicle when the
    kit no longer lists it."""
    group = Organisation.objects.filter(slug=group_slug, kind="volunteer_group").first() if group_slug else None
    return [(v, str(VehicleKind(v).label)) for v in actions.vehicles_for(group, user)]


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
    form.fields["vehicle"].choices = _vehicle_choices(  # type: ignore[attr-defined]
        request.POST.get("organisation") or request.GET.get("group") or (profile.organisation.slug if profile else ""),
        request.user if profile else None)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        org = Organisation.objects.get(slug=cd["organisation"])
        data = actions.VolunteerData(
            place_text=cd["place_text"], skills=cd["skills"], vehicle=cd["vehicle"],
            vehicle_capacity=cd["vehicle_capacity"], radius_km=cd["radius_km"],
            available_days="".join(sorted(cd["available_days"])), available_from=cd["available_from"],
            available_until=cd["available_until"], max_tasks_per_day=cd["max_tasks_per_day"], phone=cd["phone"])
        user: Any = request.user
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
            messages.success(request, _("Your username is %(username)s. Write it down: you log in with it.")
                             % {"username": user.get_username()})
        messages.success(request, _("Saved. A coordinator of the group will verify you before tasks arrive."))
        return redirect("aid:tasks")
    return render(request, "aid/volunteer_form.html", {"form": form, "profile": profile})


# The task buttons in this order: the everyday moves first, those that give the task up last and
# apart ("could not help" used to sit next to "done").
MOVE_GROUPS = ((State.ACCEPTED, State.EN_ROUTE, State.FULFILLED), ("decline", State.FAILED))


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
        t.view = actions.task_view(t, profile, request.user)  # type: ignore[attr-defined]
        t.contact = t.view.get("contact")  # type: ignore[attr-defined]
        allowed = actions.VOLUNTEER_MOVES.get(State(t.state), set())
        t.move_groups = [[m for m in group if m in allowed] for group in MOVE_GROUPS]  # type: ignore[attr-defined]
    link_code = actions.new_link_code(profile) if request.method == "POST" and "link" in request.POST else ""
    return render(request, "aid/tasks.html", {"profile": profile, "mine": mine, "link_code": link_code,
                                              "claimable": actions.claimable(profile)[:20]})


@require_POST
@login_required
def update_task(request: HttpRequest, pk: int) -> HttpResponse:
    """A move of the volunteer's task; "could not help" closes it, so it asks first (its own page,
    no JavaScript needed) and acts only on the confirmed POST."""
    profile = _profile(request)
    task = get_object_or_404(HelpRequest, pk=pk, volunteer=profile)
    try:
        actions.update_task(task, request.POST.get("state", ""), by=request.user,
                            note=request.POST.get("note", ""), confirmed=request.POST.get("confirm") == "1")
    except actions.ConfirmFirst:
        return render(request, "aid/confirm_failed.html", {"task": task})
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
    """The queue for thousands: filters, search, paging, counts, bulk triage and bulk confirm."""
    org = _org(request, slug)
    f = aid_queue.Filters.from_query(request.GET)
    page = aid_queue.page(org, f, request.GET.get("page") or 1)
    pending = (Suggestion.objects.filter(request__organisation=org, status=Suggestion.Status.PENDING)
               .select_related("request__subdistrict", "request__district", "volunteer__user"))
    unverified = VolunteerProfile.objects.filter(organisation=org, verified_at__isnull=True).select_related("user")
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "aid/dashboard.html", {
        "org": org, "page": page, "queue": page.object_list, "filters": f, "query": query.urlencode(),
        "counts": aid_queue.counts(org, f), "districts": aid_queue.districts(org),
        "volunteers": VolunteerProfile.objects.filter(organisation=org, verified_at__isnull=False)
        .select_related("user").order_by("pk")[:500],
        "need_choices": aid_queue.need_choices(org),
        "urgency_choices": Urgency.choices,
        "state_choices": [("waiting", _("Waiting (new or triaged)")), ("open", _("All open")),
                          *State.choices, ("closed", pgettext("aid queue filter", "Closed"))],
        "ages": aid_queue.AGES, "kit": actions.kit_for(org),
        "suggestions": pending[:200], "suggestion_count": pending.count(), "unverified": unverified,
        "stats": stats.dashboard(org), "low_stock": actions.low_stock(org),
        "calls": HelpRequest.objects.filter(organisation=org, on_call_list=True).count(),
        "tiles": settings.MAP_TILE_URL})


@never_cache
@login_required
def queue_map(request: HttpRequest, slug: str) -> JsonResponse:
    """GeoJSON for the queue's map: open requests and volunteers, by subdistrict, never a pin."""
    org = _org(request, slug)
    return JsonResponse(aid_queue.map_points(org, aid_queue.Filters.from_query(request.GET)))


@require_POST
@login_required
def bulk(request: HttpRequest, slug: str) -> HttpResponse:
    """Triage the ticked requests, or confirm the ticked (or every pending) suggestion, in one click."""
    org = _org(request, slug)
    op = request.POST.get("op")
    ids = [int(x) for x in request.POST.getlist("ids") if x.isdigit()]
    if op == "triage":
        reqs = list(HelpRequest.objects.filter(organisation=org, pk__in=ids).order_by("pk"))
        n, skipped = actions.bulk_triage(reqs, by=request.user, include_duplicates=request.POST.get("duplicates") == "1")
        messages.success(request, _("%(n)d requests triaged.") % {"n": n})
        if skipped:
            messages.warning(request, _(
                "Skipped %(n)d possible duplicates (%(ids)s): check each one, or tick “include possible "
                "duplicates” and triage again.") % {"n": len(skipped), "ids": ", ".join(f"#{r.pk}" for r in skipped)})
    elif op == "confirm":
        pending = Suggestion.objects.filter(request__organisation=org, status=Suggestion.Status.PENDING)
        if request.POST.get("all") != "1":
            pending = pending.filter(pk__in=ids)
        confirmed, failed = actions.confirm_suggestions(list(pending.select_related("volunteer")), by=request.user)
        messages.success(request, _("%(n)d suggestions confirmed.") % {"n": confirmed})
        if failed:
            messages.error(request, _("%(n)d could not be confirmed (expired or already decided).") % {"n": len(failed)})
    back = request.POST.get("next", "")
    return redirect(back if back.startswith(f"/aid/coordinate/{slug}/") else f"/aid/coordinate/{slug}/")


@never_cache
@login_required
def kit(request: HttpRequest, slug: str) -> HttpResponse:
    """Pick the crisis kit for the group, and choose its needs, vehicles, words and questions."""
    org = _org(request, slug)
    current = actions.kit_for(org)
    if request.method == "POST":
        words: dict[str, str] = {}
        for raw in request.POST.get("extra_words", "").splitlines():
            word, sep, need = raw.partition("=")
            if sep and word.strip():
                words[word.strip()] = need.strip()
        chosen = request.POST.get("kit", "")
        # The ticks on the page belong to the kit shown: a newly picked kit starts with its own.
        own = request.POST.get("customise") == "1" and chosen == current.slug
        try:
            actions.set_kit(org, chosen, by=request.user, extra_words=words,
                            needs=request.POST.getlist("needs") if own else None,
                            vehicles=request.POST.getlist("vehicles") if own else None,
                            questions=request.POST.getlist("questions") if own else None)
        except actions.AidInvalid as exc:
            messages.error(request, " ".join(_text(th, en) for th, en in exc.errors.values()))
        else:
            messages.success(request, _("Saved."))
            return redirect("aid:kit", slug=slug)
    base = kits.KITS.get(current.slug) or kits.KITS[kits.DEFAULT_KIT]
    return render(request, "aid/kit.html", {
        "org": org, "kit": current, "kits": list(kits.KITS.values()),
        "extra_words": "\n".join(f"{k}={v}" for k, v in current.extra_synonyms.items()),
        "address_question": kits.ADDRESS_QUESTION,
        # Every need, vehicle and question there is, the kit's own first; ticked: what the group uses.
        "all_needs": [(n, Need(n).label, n in current.needs)
                      for n in kits.ordered([v.value for v in Need], base.needs, [v.value for v in Need])],
        "all_vehicles": [(v.value, v.label, v.value in current.vehicles) for v in VehicleKind],
        "all_questions": [(q, kits.QUESTIONS[q], q in current.questions)
                          for q in kits.ordered(list(kits.QUESTIONS), base.questions, list(kits.QUESTIONS))]})


@never_cache
@login_required
def calls(request: HttpRequest, slug: str) -> HttpResponse:
    """Requests to phone: "still need help?" for proxy, spreadsheet and SMS requests."""
    org = _org(request, slug)
    if request.method == "POST":
        req = get_object_or_404(HelpRequest, pk=request.POST.get("request"), organisation=org)
        try:
            actions.answer_checkin(req, request.POST.get("answer") == "yes", by=request.user,
                                   note=request.POST.get("note", ""))
        except actions.AidInvalid as exc:
            messages.error(request, " ".join(_text(th, en) for th, en in exc.errors.values()))
        return redirect("aid:calls", slug=slug)
    rows = list(HelpRequest.objects.filter(organisation=org, on_call_list=True)
                .select_related("subdistrict", "district", "province").order_by("priority_at")[:200])
    for r in rows:
        r.contact = actions.contact(r) if actions.can_see_contact(request.user, r) else None  # type: ignore[attr-defined]
    return render(request, "aid/calls.html", {"org": org, "rows": rows})


@never_cache
@login_required
def request_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org = _org(request, slug)
    return _detail_page(request, org, pk)


def _detail_page(request: HttpRequest, org: Organisation, pk: int, status: int = 200) -> HttpResponse:
    req = get_object_or_404(HelpRequest.objects.select_related("subdistrict", "district", "province"),
                            pk=pk, organisation=org)
    # Triage reasons are keys ("spo2"): show the kit's question each one comes from, in the
    # page's language.
    en = (get_language() or "th")[:2] == "en"
    reasons = [(q.text_en if en else q.text_th) if (q := kits.QUESTIONS.get(r))
               else str(triage_rules.REASON_LABELS.get(r, triage_rules.OTHER_REASON))
               for r in (req.triage or {}).get("reasons", [])]
    return render(request, "aid/request_detail.html", {
        "org": org, "req": req, "reasons": reasons, "contact": actions.contact(req) if actions.can_see_contact(request.user, req) else None,
        "triage_form": TriageForm(initial={"urgency": req.urgency})}, status=status)


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
def resolve_duplicate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The coordinator's answer to "อาจซ้ำ": the same household (cancelled, after a confirmation page;
    its differences go to the original) or another one (matched from now on). The rules and the
    audit are in actions.resolve_duplicate."""
    org = _org(request, slug)
    req = get_object_or_404(HelpRequest, pk=pk, organisation=org)
    answer = request.POST.get("duplicate")
    if answer not in ("yes", "no"):  # a missing or garbled answer decides nothing
        messages.error(request, _text("กรุณาเลือกว่าเป็นครัวเรือนเดียวกันหรือคนละครัวเรือน ยังไม่ได้บันทึกอะไร",
                                      "Choose the same household or another one: nothing was saved."))
        return _detail_page(request, org, pk, status=400)
    same = answer == "yes"
    try:
        actions.resolve_duplicate(req, by=request.user, duplicate=same, confirmed=request.POST.get("confirm") == "1")
    except actions.ConfirmFirst:
        # "The same household" cancels: its own page first, saying what moves to the original.
        original = HelpRequest.objects.filter(pk=req.duplicate_of_id or 0, organisation=org).first()
        return render(request, "aid/confirm_duplicate.html", {"org": org, "req": req, "original": original})
    except actions.AidInvalid as exc:
        messages.error(request, " ".join(_text(th, en) for th, en in exc.errors.values()))
        return redirect("aid:request_detail", slug=slug, pk=pk)
    messages.success(request, pgettext("aid duplicate", "Cancelled as the same household.") if same
                     else pgettext("aid duplicate", "Marked as another household: it can be matched now."))
    return redirect("aid:request_detail", slug=slug, pk=pk)


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
    """Step 1: upload CSV or XLSX; step 2: check the guessed columns (the rows ride along in the
    form as CSV text, never stored); import. Every refused row and every warning is listed with a
    Thai reason on the run's own page (import_result)."""
    org = _org(request, slug)
    context: dict[str, Any] = {"org": org, "fields": [(f, importer.FIELD_LABELS[f]) for f in importer.FIELDS],
                               "kit": actions.kit_for(org)}
    if request.method == "POST" and "csv_text" in request.POST:
        text = request.POST["csv_text"][:importer.MAX_BYTES]
        mapping = {f: request.POST.get(f"map_{f}", "") for f in importer.FIELDS if request.POST.get(f"map_{f}")}
        try:
            result = importer.import_requests(org, text, mapping, by=request.user,
                                              reimport=request.POST.get("reimport") == "1")
        except importer.AlreadyImported as exc:
            rows = importer.rows_from_text(text)
            hi = importer.find_header(rows) if rows else 0
            columns = rows[hi] if rows else []
            context.update(csv_text=text, columns=[c for c in columns if c], guess=mapping or
                           importer.guess_mapping(columns), header_line=hi + 1,
                           row_count=max(0, len(rows) - hi - 1), already=_text(exc.th, exc.en))
            return render(request, "aid/import.html", context)
        # Post/redirect/get to the run's own page: a reload (or Back) shows the same result and
        # imports nothing again.
        return redirect("aid:import_result", slug=org.slug, pk=result.run_id)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = importer.read_rows(upload.read(), upload.name or "")
        except importer.SheetUnreadable as exc:
            form.add_error("file", _text(exc.th, exc.en))
        else:
            import csv
            import io

            buf = io.StringIO()
            csv.writer(buf).writerows(rows)
            hi = importer.find_header(rows) if rows else 0
            columns = rows[hi] if rows else []
            context.update(csv_text=buf.getvalue(), columns=[c for c in columns if c],
                           guess=importer.guess_mapping(columns), header_line=hi + 1,
                           row_count=max(0, len(rows) - hi - 1))
    return render(request, "aid/import.html", context)


@never_cache
@login_required
def import_result(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The result of one import run, reloadable until the sheet is fixed: only to coordinators of
    the group that ran it (anyone else: 404, not even whether the run exists)."""
    from django.http import Http404

    from phalang.aid.models import ImportedFile

    org = Organisation.objects.filter(slug=slug).first()
    if org is None or not request.user.has_perm("aid.coordinate", org):
        raise Http404
    run = get_object_or_404(ImportedFile.objects.select_related("imported_by"), pk=pk, organisation=org)
    result = {"imported": run.rows, "refused": [], "warnings": [], "blank": 0, "duplicates": 0, **run.result}
    return render(request, "aid/import_result.html", {"org": org, "run": run, "result": result})


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
            elif op in ("delivered", "not_delivered"):
                run = get_object_or_404(DeliveryRun, pk=request.POST.get("run"), hub=hub)
                stop = get_object_or_404(HelpRequest, pk=request.POST.get("request"), organisation=org)
                actions.complete_run_stop(run, stop, by=request.user, delivered=op == "delivered")
            elif op == "run":
                reqs = list(HelpRequest.objects.filter(organisation=org, state=State.TRIAGED,
                                                       need__in=["food", "supplies", "medicine"])[:60])
                start = _minutes(request.POST.get("start", ""))
                vehicles = [actions.RunVehicle(f"v{i + 1}", int(request.POST.get("capacity") or 40), shift_start=start)
                            for i in range(max(1, min(10, int(request.POST.get("vehicles") or 1))))]
                day = request.POST.get("day", "").strip()
                actions.plan_delivery_run(hub, reqs, vehicles, by=request.user,
                                          day=date.fromisoformat(day) if day else None)
        except (actions.AidInvalid, ValueError, KeyError) as exc:
            errors = exc.errors.values() if isinstance(exc, actions.AidInvalid) else [("ข้อมูลไม่ถูกต้อง", "Invalid input.")]
            messages.error(request, " ".join(_text(th, en) for th, en in errors))
        return redirect("aid:hubs", slug=slug)
    org_hubs = Hub.objects.filter(organisation=org).prefetch_related("stock__item", "movements__item", "runs")
    return render(request, "aid/hubs.html", {"org": org, "hubs": org_hubs, "items": Item.objects.all()})


def _minutes(text: str) -> int | None:
    """"14:30" (a time field) as minutes after midnight; empty: None (from now). ValueError otherwise."""
    text = text.strip()
    if not text:
        return None
    hours, _, minutes = text.partition(":")
    value = int(hours) * 60 + int(minutes or 0)
    if not (hours.isascii() and minutes.isascii() and 0 <= int(hours) <= 23 and 0 <= int(minutes or 0) <= 59):
        raise ValueError(text)
    return value


# --- staff pages: groups, hubs, items -----------------------------------------------------------

@never_cache
@login_required
def new_group(request: HttpRequest) -> HttpResponse:
    """A platform administrator creates (and verifies) a volunteer group, with its first coordinator."""
    from phalang.orgs import actions as org_actions
    from phalang.orgs.roles import Role
    from phalang.places.models import Province

    if not request.user.is_superuser:
        raise PermissionDenied
    values = request.POST if request.method == "POST" else {}
    errors: list[str] = []
    if request.method == "POST":
        from django.core.exceptions import ValidationError

        province = Province.objects.filter(pk=values.get("province") or 0).first()
        try:
            with transaction.atomic():
                org = org_actions.create_organisation(
                    slug=values.get("slug", "").strip(), name_th=values.get("name_th", "").strip(),
                    name_en=values.get("name_en", "").strip(), kind="volunteer_group", province=province,
                    by=request.user)
                org_actions.verify_organisation(org, by=request.user)
                username = values.get("coordinator", "").strip()
                if username:
                    user = User.objects.filter(username=username).first()
                    if user is None:
                        raise ValidationError({"coordinator": _text("ไม่พบผู้ใช้นี้", "No such user.")})
                    org_actions.add_member(org, user, Role.COORDINATOR, by=request.user)
                if values.get("kit"):
                    actions.set_kit(org, values["kit"], by=request.user)
        except ValidationError as exc:
            errors = [f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items()]
        except actions.AidInvalid as exc:
            errors = [_text(th, en) for th, en in exc.errors.values()]
        else:
            messages.success(request, _("Saved."))
            return redirect("aid:dashboard", slug=org.slug)
    return render(request, "aid/new_group.html", {"values": values, "errors": errors, "kits": kits.choices(),
                                                  "provinces": Province.objects.order_by("name_th")})


@never_cache
@login_required
def new_hub(request: HttpRequest, slug: str) -> HttpResponse:
    org = _org(request, slug)
    values = request.POST if request.method == "POST" else {}
    errors: list[str] = []
    if request.method == "POST":
        try:
            def number(key: str) -> float | None:
                raw = str(values.get(key) or "").strip()
                return float(raw) if raw else None

            lat, lon = actions.hub_place(values.get("place_text", ""), number("lat"), number("lon"))
            hub = actions.create_hub(org, by=request.user, name=values.get("name", ""), lat=lat, lon=lon)
            beds, isolation = int(values.get("beds_total") or 0), int(values.get("isolation_total") or 0)
            if beds or isolation:
                actions.set_site_capacity(hub, by=request.user, beds_total=beds, beds_used=0,
                                          isolation_total=isolation, isolation_used=0)
        except actions.AidInvalid as exc:
            errors = [_text(th, en) for th, en in exc.errors.values()]
        except ValueError:
            errors = [_text("ตัวเลขไม่ถูกต้อง", "A number is not valid.")]
        else:
            messages.success(request, _("Saved."))
            return redirect("aid:hubs", slug=slug)
    return render(request, "aid/new_hub.html", {"org": org, "values": values, "errors": errors})


@never_cache
@login_required
def items(request: HttpRequest, slug: str) -> HttpResponse:
    org = _org(request, slug)
    values = request.POST if request.method == "POST" else {}
    errors: list[str] = []
    if request.method == "POST":
        try:
            actions.create_item(by=request.user, slug=values.get("slug", ""), name_th=values.get("name_th", ""),
                                name_en=values.get("name_en", ""), unit=values.get("unit", ""))
        except actions.AidInvalid as exc:
            errors = [_text(th, en) for th, en in exc.errors.values()]
        else:
            messages.success(request, _("Saved."))
            return redirect("aid:items", slug=slug)
    return render(request, "aid/items.html", {"org": org, "items": Item.objects.all(), "values": values,
                                              "errors": errors})
