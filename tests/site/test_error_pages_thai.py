"""The 403, 404, 500 and CSRF error pages are ours: Thai first, English when chosen, with the
site's header and a way home (Django's built-in ones are English-only and bare)."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import include, path

pytestmark = pytest.mark.django_db


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", _boom), path("", include("phalang.urls"))]


def _english(client: Client) -> Client:
    client.cookies["phalang_lang"] = "en"
    return client


def _page(resp) -> str:  # type: ignore[no-untyped-def]
    return resp.content.decode()


def test_404_in_thai_and_english(client: Client) -> None:
    resp = client.get("/no-such-page/")
    assert resp.status_code == 404
    assert '<html lang="th">' in _page(resp) and "<h1>ไม่พบหน้านี้</h1>" in _page(resp)
    assert 'href="/"' in _page(resp)
    resp = _english(client).get("/no-such-page/")
    assert '<html lang="en">' in _page(resp) and "<h1>Page not found</h1>" in _page(resp)


def test_403_in_thai(client: Client, make_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user("nobody"))  # no role anywhere: may not manage conversations
    resp = client.get("/talk/manage/")
    assert resp.status_code == 403
    assert "<h1>ไม่มีสิทธิ์เข้าถึง</h1>" in _page(resp) and "Forbidden" not in _page(resp)


def test_csrf_failure_in_thai_and_english() -> None:
    client = Client(enforce_csrf_checks=True)
    resp = client.post("/status/", {"receipt": "123"})
    assert resp.status_code == 403
    assert "<h1>แบบฟอร์มหมดอายุแล้ว</h1>" in _page(resp) and '<html lang="th">' in _page(resp)
    assert "CSRF verification failed" not in _page(resp)
    resp = _english(client).post("/status/", {"receipt": "123"})
    assert "<h1>The form has expired</h1>" in _page(resp) and '<html lang="en">' in _page(resp)


@override_settings(ROOT_URLCONF=__name__)
def test_500_in_thai_and_english() -> None:
    client = Client(raise_request_exception=False)
    resp = client.get("/boom/")
    assert resp.status_code == 500
    assert "<h1>เกิดข้อผิดพลาด</h1>" in _page(resp) and '<html lang="th">' in _page(resp)
    assert "Server Error" not in _page(resp)
    resp = _english(client).get("/boom/")
    assert "<h1>Something went wrong</h1>" in _page(resp) and '<html lang="en">' in _page(resp)
