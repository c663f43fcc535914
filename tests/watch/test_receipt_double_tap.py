"""A double tap on "send" while the server is slow (a known gap): the browser drops the first POST's
answer and follows the second's, which arrives while the first is still filing. The second files
nothing (same one-time token) and leads to the receipt page, which then had nothing to show: the
receipt was lost for good. Now the receipt page waits for the filing in progress (it reloads by
itself, without JavaScript) and shows the receipt once it is filed. The receipt is never put in a
URL and the report is filed once."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from phalang.watch import actions
from phalang.watch.models import Report

RECEIPT = re.compile(r"\d{4}-\d{4}-\d{4}-\d{4}-\d{4}")
BEING_FILED = "กำลังบันทึกเรื่องของคุณ"


def _form(client) -> dict[str, str]:  # type: ignore[no-untyped-def]
    html = client.get("/report/").content.decode()
    once = re.search(r'name="once" value="([^"]+)"', html)
    assert once
    return {"category": "public_service", "description": "ไฟถนนหน้าโรงเรียนวัดบางพลีใหญ่ในดับมาสองสัปดาห์",
            "province": "", "place_text": "ต.บางพลีใหญ่ อ.บางพลี จ.สมุทรปราการ", "anonymity": "anonymous",
            "once": once.group(1)}


def _receipt(client) -> str:  # type: ignore[no-untyped-def]
    page = client.get("/report/received/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    found = RECEIPT.search(page.content.decode())
    return found.group(0) if found else ""


def _slow_first_filing(monkeypatch, during) -> None:  # type: ignore[no-untyped-def]
    """The first filing runs ``during()`` before it is done: the second tap arrives meanwhile."""
    real, calls = actions.file_report, []

    def slow(*args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 1:
            during()
        return real(*args, **kwargs)

    monkeypatch.setattr(actions, "file_report", slow)


def test_two_posts_before_the_receipt_page_show_the_receipt(client, gazetteer) -> None:  # type: ignore[no-untyped-def]
    data = _form(client)
    first, second = client.post("/report/", data), client.post("/report/", data)
    assert first.status_code == second.status_code == 303
    assert first["Location"] == second["Location"] == "/report/received/"
    assert _receipt(client)
    assert Report.objects.count() == 1


@pytest.mark.parametrize("same_browser", [True, False])
def test_a_second_tap_while_the_first_is_filing_still_leads_to_the_receipt(  # type: ignore[no-untyped-def]
        client, gazetteer, monkeypatch, same_browser) -> None:
    data = _form(client)
    # The browser that follows the second answer: it never stored the first answer's cookie.
    # Either the same browser (the first answer was dropped) or, to be sure, a fresh client.
    tapper = client if same_browser else Client()
    seen: dict[str, Any] = {}

    def second_tap() -> None:
        resp = tapper.post("/report/", data)
        assert resp.status_code == 303 and resp["Location"] == "/report/received/"
        page = tapper.get("/report/received/")
        seen["page"] = page.content.decode()
        seen["status"] = page.status_code
        seen["filed_meanwhile"] = Report.objects.count()

    _slow_first_filing(monkeypatch, second_tap)
    first = client.post("/report/", data)
    assert first.status_code == 303 and first["Location"] == "/report/received/"

    # While the first was filing, the receipt page said so and reloads itself (no JavaScript needed).
    assert seen["status"] == 200 and seen["filed_meanwhile"] == 0
    assert BEING_FILED in seen["page"]
    assert re.search(r'<meta http-equiv="refresh" content="\d+', seen["page"])
    assert not RECEIPT.search(seen["page"])

    # The reload after the filing: the receipt, the same the first answer leads to, in no URL.
    receipt = _receipt(tapper)
    assert receipt
    assert receipt == _receipt(client)
    assert receipt not in first["Location"]
    assert Report.objects.count() == 1
    assert BEING_FILED not in tapper.get("/report/received/").content.decode()


def test_a_filing_that_was_refused_does_not_keep_the_page_waiting(client, gazetteer) -> None:  # type: ignore[no-untyped-def]
    data = {**_form(client), "description": "สั้น"}  # refused: the form comes back with its error
    assert client.post("/report/", data).status_code == 200
    page = client.get("/report/received/").content.decode()
    assert BEING_FILED not in page and not RECEIPT.search(page)


def test_another_browser_without_the_token_sees_no_filing_in_progress(client, gazetteer, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    data = _form(client)
    seen: dict[str, str] = {}

    def other_browser() -> None:
        seen["page"] = Client().get("/report/received/").content.decode()

    _slow_first_filing(monkeypatch, other_browser)
    client.post("/report/", data)
    assert BEING_FILED not in seen["page"] and not RECEIPT.search(seen["page"])
