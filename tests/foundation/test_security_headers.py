"""A strict CSP, secure cookies, and no third-party origins in our pages."""

from __future__ import annotations

import re


def test_csp_and_other_headers(client, db) -> None:  # type: ignore[no-untyped-def]
    resp = client.get("/")
    csp = resp["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert resp["X-Frame-Options"] == "DENY"


def test_pages_load_nothing_from_other_origins(client, db) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/").content.decode()
    assert not re.search(r'(src|href)="https?://', html), "a page links a third-party asset"
    assert "/static/phalang/site.css" in html


def test_session_and_csrf_cookies_are_secure(client, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("frank")
    client.get("/accounts/login/")
    resp = client.post("/accounts/login/", {"username": "frank", "password": "correct-horse-battery"})
    session = resp.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_thai_font_is_served_locally(client, db) -> None:  # type: ignore[no-untyped-def]
    css = b"".join(client.get("/static/phalang/site.css").streaming_content)
    assert b"sarabun-thai-400-normal.woff2" in css
    font = client.get("/static/phalang/fonts/sarabun-thai-400-normal.woff2")
    assert font.status_code == 200
    assert b"".join(font.streaming_content)[:4] == b"wOF2"
