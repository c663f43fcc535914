from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from phalang.lib import ratelimit
from phalang.lib.clients import client_key
from phalang.lib.numbers import small_int
from phalang.places.lookup import resolve_address
from phalang.watch import actions, chatlink, notices, shown_receipt, status_visit, throttle, vault
from phalang.watch.forms import AddInfoForm, FixAnswerForm, ReceiptForm, ReportForm, StaffReportForm
from phalang.watch.models import Anonymity, Channel


def _lang() -> str:
    return (get_language() or "th")[:2]


def _error_text(th: str, en: str) -> str:
    return th if _lang() == "th" else en


def _read_files(files: list[Any]) -> list[bytes]:
    limit = vault.max_bytes()
    out = []
    for i, f in enumerate(files):
        if f.size > limit:
            raise vault.VaultError("too_large", f"ไฟล์ที่ {i + 1} ใหญ่เกินกำหนด", f"File {i + 1} is too large.", i)
        out.append(f.read())
    return out


def _new_report_from_form(form: ReportForm, files: list[bytes], channel: str, detail: str = "") -> actions.NewReport:
    cd = form.cleaned_data
    province = cd.get("province")
    district = subdistrict = None
    text = cd.get("place_text", "").strip()
    if text:
        hint = f"{text} จ.{province.name_th}" if province else text
        place = resolve_address(hint)
        if place is not None:
            province = place.province or province
            district, subdistrict = place.district, place.subdistrict
    return actions.NewReport(
        category=cd["category"], description=cd["description"], anonymity=cd["anonymity"],
        channel=channel, channel_detail=detail,
        province=province.pk if province else None, district=district.pk if district else None,
        subdistrict=subdistrict.pk if subdistrict else None, lat=cd.get("lat"), lon=cd.get("lon"),
        occurred_on=cd.get("occurred_on"), related_project=cd.get("related_project", ""),
        contact=cd.get("contact", ""), reporter_name=cd.get("reporter_name", ""), files=files)


def _file(request: HttpRequest, form: ReportForm, channel: str, detail: str = "") -> HttpResponse | None:
    try:
        files = _read_files(form.cleaned_data.get("evidence") or [])
        _report, receipt = actions.file_report(_new_report_from_form(form, files, channel, detail),
                                               by=request.user if channel == Channel.STAFF else None,
                                               client="" if channel == Channel.STAFF else client_key(request))
    except ratelimit.RateLimited as exc:
        form.add_error(None, exc.message(_lang()))
        form.rate_limited = exc  # type: ignore[attr-defined]  # answered 429, like the API
        return None
    except vault.VaultError as exc:
        form.add_error("evidence", _error_text(exc.message_th, exc.message_en))
        return None
    except actions.ReportInvalid as exc:
        for field, (th, en) in exc.errors.items():
            form.add_error({"files": "evidence"}.get(field, field) if {"files": "evidence"}.get(field, field) in form.fields else None, _error_text(th, en))
        return None
    response = _see_other("watch:received")
    shown_receipt.keep(response, request.POST.get("once", ""), receipt)
    return response


def _file_once(request: HttpRequest, form: ReportForm, channel: str) -> HttpResponse | None:
    once = request.POST.get("once", "")
    if not shown_receipt.claim(once):
        # Sent before: lead to the receipt it got, and file nothing.
        response = _see_other("watch:received")
        shown_receipt.set_cookie(response, once)
        return response
    done = _file(request, form, channel, form.cleaned_data.get("channel_detail", "")) if form.is_valid() else None
    if done is None:
        shown_receipt.release(once)
    return done


class _SeeOther(HttpResponseRedirect):
    # 303: the browser follows with a GET, so a reload never sends the form again.
    status_code = 303


def _see_other(name: str) -> HttpResponse:
    return _SeeOther(reverse(name))


def _form_context(form: ReportForm, **extra: Any) -> dict[str, Any]:
    return {"form": form, "once": shown_receipt.new_token(), "tile_url": settings.MAP_TILE_URL, **extra}


@never_cache
def report(request: HttpRequest) -> HttpResponse:
    """The web form. Works without JavaScript. Post/redirect/get: the receipt is on its own page,
    and a form sent twice (Back and send, a double tap) files one report."""
    # ?project=<ocid or budget code>[&year=<B.E.>]: the open-data pages' "report about this
    # project" button. The form names the project at the top, and fills in its place and its key
    # (a budget code with its year: codes repeat across years).
    from phalang.opendata.links import project_for_report

    project = request.GET.get("project", "").strip()[:120]
    about = project_for_report(project, request.GET.get("year", "").strip()[:4]) if project else None
    initial: dict[str, Any] = {"related_project": about["key"] if about else project}
    if about:
        if about["province"] is not None:
            initial["province"] = about["province"].pk
        if about["place_text"]:
            initial["place_text"] = about["place_text"]
    form = ReportForm(request.POST or None, request.FILES or None, language=_lang(), initial=initial)
    if request.method == "POST":
        done = _file_once(request, form, Channel.WEB)
        if done is not None:
            return done
    return _form_page(request, form, about=about)


def _form_page(request: HttpRequest, form: ReportForm, **extra: Any) -> HttpResponse:
    """The form again; 429 with Retry-After when the filing limit refused it (as the API does)."""
    limited = getattr(form, "rate_limited", None)
    response = render(request, "watch/report_form.html", _form_context(form, **extra),
                      status=429 if limited else 200)
    if limited:
        response["Retry-After"] = str(limited.limit.seconds)
    return response


@never_cache
def received(request: HttpRequest) -> HttpResponse:
    """The receipt, for this browser only, for a few minutes: a reload shows it again, another
    browser never sees it, and "I have saved it" forgets it at once."""
    if request.method == "POST" and request.POST.get("action") == "forget":
        response = _see_other("watch:received")
        shown_receipt.forget(request, response)
        return response
    receipt = shown_receipt.current(request)
    if not receipt and shown_receipt.pending(request):
        # A second tap answered while the first is still filing: wait for it, reloading (no JS).
        return render(request, "watch/receipt.html", {"receipt": "", "filing": True})
    report = actions.find_by_receipt(receipt) if receipt else None
    # How long the story and the reply address are kept: the chat's sentences (watch/notices.py).
    reply = notices.WEB_NO_REPLY if report is None or report.anonymity == Anonymity.ANONYMOUS \
        else notices.web_contact_kept()
    kept = [getattr(n, "th" if _lang() == "th" else "en") for n in (notices.STORY_KEPT, reply)]
    return render(request, "watch/receipt.html", {"receipt": receipt, "report": report, "kept": kept})


@never_cache
@login_required
def staff_report(request: HttpRequest) -> HttpResponse:
    """Proxy intake: staff file a report for someone who phoned or walked in."""
    if not request.user.has_perm("report.view"):
        raise PermissionDenied
    form = StaffReportForm(request.POST or None, request.FILES or None, language=_lang())
    if request.method == "POST":
        done = _file_once(request, form, Channel.STAFF)
        if done is not None:
            return done
    return render(request, "watch/report_form.html", _form_context(form, staff=True))


@never_cache
def status(request: HttpRequest) -> HttpResponse:
    """Follow up by receipt: status, public timeline, the conversation, and adding information.

    The receipt travels in a POST, never a URL, a browser history or an access log. Post/redirect/
    get (watch/status_visit.py): a POST that finds the case acts, then answers 303 to this page,
    which shows the case to this browser for a few minutes, so Back and reload never send a form
    again. Refusals (a wrong receipt, too many tries, bad input) are answered on the spot.
    """
    if request.method != "POST":
        receipt, note = status_visit.recall(request)
        found = actions.find_by_receipt(receipt) if receipt else None
        if found is None:
            return render(request, "watch/status.html", {"form": ReceiptForm()})
        return _case_page(request, found, receipt, note)
    if request.POST.get("action") == "done":
        response = _see_other("watch:status")
        status_visit.forget(request, response)
        return response
    answering = request.POST.get("action") == "fix"
    adding = not answering and ("message" in request.POST or bool(request.FILES))
    form = (FixAnswerForm if answering else AddInfoForm if adding else ReceiptForm)(request.POST,
                                                                                    request.FILES or None)
    context: dict[str, Any] = {"form": form}
    client = throttle.client_key_for_request(request)
    if not form.is_valid():
        return render(request, "watch/status.html", context, status=400)
    if throttle.is_blocked(client, form.cleaned_data["receipt"]):
        context["error"] = _("Too many wrong receipts. Wait 15 minutes and try again.")
        return render(request, "watch/status.html", context, status=429)
    found = actions.find_by_receipt(form.cleaned_data["receipt"])
    if found is None:
        throttle.record_failure(client, form.cleaned_data["receipt"])
        # On the field, so the error is read out with it (aria-describedby), not only at the top.
        form.add_error("receipt", _("No report has this receipt. Check the digits and try again."))
        return render(request, "watch/status.html", context, status=404)
    if request.POST.get("action") == "proof":
        from django.http import JsonResponse

        from phalang.watch.publiclog import proof_of_receipt

        response = JsonResponse(proof_of_receipt(found))
        response["Content-Disposition"] = 'attachment; filename="phalang-proof-of-receipt.json"'
        return response
    note = {}
    if request.POST.get("action") == "sharing":
        organisation = request.POST.get("organisation", "")
        try:
            actions.set_sharing(found, small_int(organisation, default=0) or 0,
                                contact=request.POST.get("contact") == "on",
                                original=request.POST.get("original") == "on", channel=Channel.WEB)
            note["shared"] = True
        except actions.ReportInvalid as exc:
            note["error"] = " ".join(_error_text(th, en) for th, en in exc.errors.values())
    if answering:
        try:
            photo = form.cleaned_data.get("photo")
            actions.answer_fix_check(found, fixed=form.cleaned_data["fixed"] == "yes", channel=Channel.WEB,
                                     files=_read_files([photo]) if photo else None)
            note["fix_answered"] = form.cleaned_data["fixed"]
        except vault.VaultError as exc:
            note["error"] = _error_text(exc.message_th, exc.message_en)
        except actions.ReportInvalid as exc:
            note["error"] = " ".join(_error_text(th, en) for th, en in exc.errors.values())
    if adding:
        try:
            files = _read_files(form.cleaned_data.get("evidence") or [])
            actions.add_reporter_message(found, form.cleaned_data.get("message", ""), channel=Channel.WEB,
                                         files=files)
            note["added"] = True
        except vault.VaultError as exc:
            note["error"] = _error_text(exc.message_th, exc.message_en)
        except actions.ReportInvalid as exc:
            note["error"] = " ".join(_error_text(th, en) for th, en in exc.errors.values())
    response = _see_other("watch:status")
    status_visit.remember(request, response, form.cleaned_data["receipt"], note,
                          chat_code=chatlink.new_code(found) if _chat_links() else "")
    return response


def _chat_links() -> bool:
    """Whether the status page offers "open this case in LINE/Telegram" (a channel is named)."""
    return bool(settings.LINE_BASIC_ID or settings.TELEGRAM_BOT_USERNAME)


def _case_page(request: HttpRequest, found: Any, receipt: str, note: dict[str, Any]) -> HttpResponse:
    """The case as its reporter sees it, with the note of what they just did (shown once)."""
    from phalang.watch import access

    context: dict[str, Any] = {key: note[key] for key in ("shared", "fix_answered", "added", "error") if key in note}
    context.update(sharing_choices=access.sharing_choices(found), identity_opened=access.identity_views(found))
    view = actions.status_view(found, _lang())
    if _chat_links():
        # "Open this case in LINE": a short-lived code in the link, never the receipt; made by the
        # POST that led here, so a reload shows the same one instead of minting another.
        context["chat_code"] = status_visit.chat_code(request)
    context.update(report=found, view=view, conversation=list(zip(found.messages.all(), view["messages"], strict=True)),
                   receipt=receipt, form=ReceiptForm(), add_form=AddInfoForm(initial={"receipt": receipt}))
    return render(request, "watch/status.html", context)
