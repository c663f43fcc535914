"""The web receipt page: post/redirect/get. Reloading shows the same receipt and files nothing,
sending the same form twice files once, and the form comes back empty on a shared phone."""

from __future__ import annotations

import re

from phalang.watch import notices
from phalang.watch.models import Report

RECEIPT = re.compile(r"\d{4}-\d{4}-\d{4}-\d{4}-\d{4}")


def _form(client) -> dict[str, str]:  # type: ignore[no-untyped-def]
    html = client.get("/report/").content.decode()
    once = re.search(r'name="once" value="([^"]+)"', html)
    assert once, "the form carries a one-time token"
    return {"category": "public_service", "description": "ไฟถนนหน้าโรงเรียนวัดบางพลีใหญ่ในดับมาสองสัปดาห์",
            "province": "", "place_text": "ต.บางพลีใหญ่ อ.บางพลี จ.สมุทรปราการ", "anonymity": "anonymous",
            "once": once.group(1)}


def test_reloading_the_receipt_page_files_nothing_and_keeps_the_receipt(client, gazetteer) -> None:  # type: ignore[no-untyped-def]
    data = _form(client)
    resp = client.post("/report/", data)
    assert resp.status_code == 303 and resp["Location"] == "/report/received/"
    first = client.get("/report/received/")
    assert "no-store" in first["Cache-Control"]
    receipt = RECEIPT.search(first.content.decode()).group(0)
    assert receipt not in resp["Location"]
    again = client.get("/report/received/").content.decode()  # the reload
    assert RECEIPT.search(again).group(0) == receipt
    assert Report.objects.count() == 1


def test_the_same_form_sent_twice_files_one_report(client, gazetteer) -> None:  # type: ignore[no-untyped-def]
    data = _form(client)
    client.post("/report/", data)
    receipt = RECEIPT.search(client.get("/report/received/").content.decode()).group(0)
    resp = client.post("/report/", data)  # Back, then "send" again; or a double tap
    assert resp.status_code == 303
    assert RECEIPT.search(client.get("/report/received/").content.decode()).group(0) == receipt
    assert Report.objects.count() == 1


def test_receipt_page_has_a_copy_button_and_can_be_hidden(client, gazetteer) -> None:  # type: ignore[no-untyped-def]
    client.post("/report/", _form(client))
    html = client.get("/report/received/").content.decode()
    assert 'data-copy="receipt"' in html and "receipt-copy.js" in html
    client.post("/report/received/", {"action": "forget"})
    html = client.get("/report/received/").content.decode()
    assert not RECEIPT.search(html)


def test_the_form_comes_back_empty(client, gazetteer) -> None:  # type: ignore[no-untyped-def]
    data = _form(client)
    client.post("/report/", data)
    html = client.get("/report/").content.decode()
    assert data["description"] not in html
    assert re.search(r'<form[^>]*id="report-form"[^>]*autocomplete="off"', html)
    assert "no-store" in client.get("/report/")["Cache-Control"]


def test_another_browser_sees_no_receipt(client, gazetteer) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    client.post("/report/", _form(client))
    assert not RECEIPT.search(Client().get("/report/received/").content.decode())


def test_receipt_page_says_what_is_kept_for_this_report(client, gazetteer) -> None:  # type: ignore[no-untyped-def]
    client.post("/report/", {**_form(client), "anonymity": "confidential", "contact": "0812345678"})
    html = client.get("/report/received/").content.decode()
    assert RECEIPT.search(html) and notices.web_contact_kept().th in html
