from __future__ import annotations

import base64
from io import BytesIO

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from phalang.accounts import actions
from phalang.accounts.forms import TOTPForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return "/"


def _qr_svg(uri: str) -> str:
    import qrcode  # here: only the pages that draw a QR code need it
    import qrcode.image.svg

    img = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buf = BytesIO()
    img.save(buf)
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode()


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Verify a TOTP code, enrolling a device first if the user has none."""
    user = request.user
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    device = confirmed
    if device is None:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None or request.method == "GET":
            device = actions.start_totp_enrolment(user)  # type: ignore[arg-type]
    form = TOTPForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _info = device.verify_is_allowed()
        if not allowed:
            form.add_error("code", _("Too many wrong codes. Wait a few seconds, then try the newest code."))
        elif device.verify_token(form.cleaned_data["code"]):
            if not device.confirmed:
                actions.confirm_totp_device(device, by=user)
            otp_login(request, device)
            messages.success(request, _("Two-factor check passed."))
            return redirect(_safe_next(request))
        else:
            form.add_error("code", _("That code is not right, or it has expired. Try the newest one."))
    context = {"form": form, "enrolling": confirmed is None, "next": _safe_next(request)}
    if confirmed is None:
        context["secret"] = base64.b32encode(device.bin_key).decode()
        context["qr"] = _qr_svg(device.config_url)
    return render(request, "accounts/two_factor.html", context)
