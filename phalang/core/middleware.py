from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class ContentSecurityPolicyMiddleware:
    """A strict CSP: everything from our own origin, no inline script, no framing.

    Django 5.2 has no CSP support of its own (it arrives in 6.0); the policy is one header, so
    a few lines here beat another dependency.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        img = " ".join(["'self'", "data:", *settings.CSP_EXTRA_IMG_SRC])
        self.policy = (
            "default-src 'self'; script-src 'self'; style-src 'self'; "
            f"img-src {img}; font-src 'self'; connect-src 'self'; object-src 'none'; "
            "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.policy)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
        return response


class LanguageMiddleware:
    """Thai unless the visitor chose English: the browser's Accept-Language is not consulted,
    because a Thai citizen on an English-language phone should still get Thai."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        lang = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_CODE)
        if lang not in self.supported:
            lang = settings.LANGUAGE_CODE
        translation.activate(lang)
        request.LANGUAGE_CODE = lang  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", lang)
        translation.deactivate()
        return response


class FastLaneMiddleware:
    """Machine-to-machine endpoints skip the rest of the middleware stack.

    Webhooks and the liveness probe need no session, user, CSRF token, language or CSP: they
    are verified by signature or are public. Skipping eleven middleware layers roughly doubles
    what one process accepts (docs/benchmarks.md). Must be first in MIDDLEWARE.
    """

    PREFIXES = ("/webhooks/", "/ping")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(self.PREFIXES):
            from django.urls import resolve

            match = resolve(request.path_info)
            response = match.func(request, *match.args, **match.kwargs)
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
            response.headers.setdefault("Cache-Control", "no-store")
            return response
        return self.get_response(request)


class RequestSizeMiddleware:
    """Refuse a request on its declared length, before a byte of its body is read.

    Django spools uploads to disk as they arrive, so a 100 MB upload used to be read whole before
    the vault refused it (issue 12). ``PHALANG_UPLOAD_MAX_MB`` bounds a whole request (files and
    fields); the vault's own per-file and per-report limits still apply inside it. Webhooks go
    through FastLaneMiddleware first and keep their own, smaller limit.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings

        limit_mb = int(settings.PHALANG["UPLOAD_MAX_MB"])
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit_mb * 1024 * 1024:
            th = f"ไฟล์หรือข้อมูลที่ส่งมาใหญ่เกิน {limit_mb} MB ต่อครั้ง"
            en = f"The request is larger than {limit_mb} MB."
            if request.path_info.startswith("/api/"):
                from django.http import JsonResponse

                response: HttpResponse = JsonResponse({"error": "too_large", "message_th": th, "message_en": en},
                                                      status=413, json_dumps_params={"ensure_ascii": False})
            else:
                response = _too_large_page(request, th, en)
            # The body stays unread: close the connection rather than drain it.
            response["Connection"] = "close"
            return response
        return self.get_response(request)


def _too_large_page(request: HttpRequest, th: str, en: str) -> HttpResponse:
    """The site's own error page (templates/413.html), so the person sees where they are and how
    to go back; a bare page if the template cannot be drawn this early in the request."""
    from django.shortcuts import render

    try:
        return render(request, "413.html", {"message_th": th, "message_en": en,
                                            "hint_th": "ลดขนาดหรือจำนวนไฟล์ แล้วส่งอีกครั้ง",
                                            "back_th": "กลับไปแก้ไข"}, status=413)
    except Exception:  # never a 500 instead of the 413
        return HttpResponse(f"<!doctype html><meta charset=utf-8><title>413</title><p>{th}</p>"
                            f"<p lang=en>{en}</p>", status=413)
