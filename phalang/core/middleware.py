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
