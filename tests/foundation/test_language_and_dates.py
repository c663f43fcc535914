"""Thai first, English second; Buddhist-era dates in Thai."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.utils import translation

from phalang.lib.thaidate import format_date, format_datetime, parse_year


def test_buddhist_era_dates() -> None:
    assert format_date(date(2026, 11, 20)) == "20 พ.ย. 2569"
    assert format_date(date(2026, 11, 20), long=True) == "20 พฤศจิกายน 2569"
    assert format_date(date(2026, 11, 20), "en") == "20 Nov 2026"
    assert format_datetime(datetime(2027, 1, 2, 9, 5)) == "2 ม.ค. 2570 09:05 น."
    assert parse_year("2569") == 2026 and parse_year("2026") == 2026


def test_template_filter_uses_local_time_and_language() -> None:
    # 20:00 UTC is already the next day in Bangkok.
    moment = datetime(2026, 11, 19, 20, 0, tzinfo=ZoneInfo("UTC"))
    tpl = Template("{{ d|thaidate }}")
    with translation.override("th"):
        assert tpl.render(Context({"d": moment})) == "20 พ.ย. 2569"
    with translation.override("en"):
        assert tpl.render(Context({"d": moment})) == "20 Nov 2026"


def test_thai_is_the_default_even_for_an_english_browser(client, db) -> None:  # type: ignore[no-untyped-def]
    resp = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = resp.content.decode()
    assert '<html lang="th">' in html
    assert "เข้าสู่ระบบสำหรับเจ้าหน้าที่" in html  # "Staff login", translated
    assert "พ.ศ." not in html and "25" in html  # the Buddhist-era year is shown without a label


def test_switching_to_english_and_back(client, db) -> None:  # type: ignore[no-untyped-def]
    resp = client.post("/language/", {"language": "en", "next": "/"})
    assert resp.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html and "Staff login" in html
    client.post("/language/", {"language": "th", "next": "https://evil.example/"})
    assert '<html lang="th">' in client.get("/").content.decode()
