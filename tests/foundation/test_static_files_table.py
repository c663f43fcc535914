"""Each test client builds its middleware again; WhiteNoise's table of static files is reused
between them (tests/conftest.py) only while every file and setting it was built from is unchanged."""

from __future__ import annotations

import os

from whitenoise.middleware import WhiteNoiseMiddleware


def _content_length(middleware: WhiteNoiseMiddleware, url: str) -> int:
    response = middleware.files[url].get_response("GET", {})
    return int(dict(response.headers)["Content-Length"])


def test_the_table_is_reused_until_a_file_changes(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.STATICFILES_DIRS = [tmp_path]
    css = tmp_path / "only-here.css"
    css.write_text("a{}")
    first = WhiteNoiseMiddleware(lambda r: None)
    again = WhiteNoiseMiddleware(lambda r: None)
    url = "/static/only-here.css"
    assert again.files[url] is first.files[url]  # reused, not read again
    assert _content_length(again, url) == 3

    css.write_text("body{color:red}")
    os.utime(css, ns=(css.stat().st_atime_ns, css.stat().st_mtime_ns + 1_000_000))
    changed = WhiteNoiseMiddleware(lambda r: None)
    assert changed.files[url] is not first.files[url]
    assert _content_length(changed, url) == len("body{color:red}")

    (tmp_path / "new.js").write_text("1")
    assert "/static/new.js" in WhiteNoiseMiddleware(lambda r: None).files


def test_a_changed_setting_builds_it_afresh(settings) -> None:  # type: ignore[no-untyped-def]
    first = WhiteNoiseMiddleware(lambda r: None)
    settings.WHITENOISE_MAX_AGE = 7
    other = WhiteNoiseMiddleware(lambda r: None)
    url = "/static/phalang/site.css"
    assert other.files[url] is not first.files[url]
    assert "max-age=7" in dict(other.files[url].get_response("GET", {}).headers)["Cache-Control"]
