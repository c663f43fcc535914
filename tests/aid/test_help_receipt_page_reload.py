"""The web help-request receipt: post/redirect/get, as on the report form (lib/shown_receipt.py).

Before: the receipt was the POST's answer, so reloading it filed the request again and showed a
new receipt; a user trial found the duplicate. Now reloading shows the same receipt and files
nothing, the form sent twice files once, the form comes back empty and a copy button is offered.
"""

from __future__ import annotations

import re

from phalang.aid.models import HelpRequest
from tests.aid.conftest import PLACE

RECEIPT = re.compile(r"\d{4}-\d{4}-\d{4}-\d{4}-\d{4}")


def _form(client, url: str = "/aid/") -> dict[str, str]:  # type: ignore[no-untyped-def]
    html = client.get(url).content.decode()
    once = re.search(r'name="once" value="([^"]+)"', html)
    assert once, "the form carries a one-time token"
    return {"need": "food", "people": "2", "place_text": PLACE, "address": "บ้านเลขที่ 99/1 หลังตลาดสดรอบเวียง",
            "phone": "0812345678", "once": once.group(1)}


def test_reloading_the_receipt_files_nothing_and_shows_the_same_receipt(client, group) -> None:  # type: ignore[no-untyped-def]
    resp = client.post("/aid/", _form(client))
    assert resp.status_code == 303 and resp["Location"] == "/aid/received/"
    first = client.get("/aid/received/")
    assert "no-store" in first["Cache-Control"]
    receipt = RECEIPT.search(first.content.decode()).group(0)
    again = client.get("/aid/received/").content.decode()  # the reload
    assert RECEIPT.search(again).group(0) == receipt
    assert HelpRequest.objects.count() == 1


def test_the_same_form_sent_twice_files_one_request(client, group) -> None:  # type: ignore[no-untyped-def]
    data = _form(client)
    client.post("/aid/", data)
    receipt = RECEIPT.search(client.get("/aid/received/").content.decode()).group(0)
    resp = client.post("/aid/", data)  # Back and "send" again, or a double tap
    assert resp.status_code == 303
    assert RECEIPT.search(client.get("/aid/received/").content.decode()).group(0) == receipt
    assert HelpRequest.objects.count() == 1


def test_a_refused_form_can_be_corrected_and_sent_with_the_same_token(client, group) -> None:  # type: ignore[no-untyped-def]
    data = _form(client)
    bad = client.post("/aid/", {**data, "people": "0"})
    assert bad.status_code == 200 and HelpRequest.objects.count() == 0
    assert client.post("/aid/", data).status_code == 303 and HelpRequest.objects.count() == 1


def test_copy_button_and_saved_forgets_it(client, group) -> None:  # type: ignore[no-untyped-def]
    client.post("/aid/", _form(client))
    html = client.get("/aid/received/").content.decode()
    assert 'data-copy="receipt"' in html and "receipt-copy.js" in html
    assert "<script>" not in html and " onclick=" not in html  # CSP: no inline code
    client.post("/aid/received/", {"action": "forget"})
    assert not RECEIPT.search(client.get("/aid/received/").content.decode())


def test_the_form_comes_back_empty_and_another_browser_sees_nothing(client, group) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    data = _form(client)
    client.post("/aid/", data)
    html = client.get("/aid/").content.decode()
    assert data["address"] not in html
    assert re.search(r'<form[^>]*id="help-form"[^>]*autocomplete="off"', html)
    assert "no-store" in client.get("/aid/")["Cache-Control"]
    assert not RECEIPT.search(Client().get("/aid/received/").content.decode())


def test_the_receipt_page_says_urgency_and_area_and_the_report_receipt_is_apart(client, group) -> None:  # type: ignore[no-untyped-def]
    client.post("/aid/", _form(client))
    html = client.get("/aid/received/").content.decode()
    assert "รอบเวียง" in html
    # The Watch receipt page, with its own cookie, shows no help request's receipt.
    assert not RECEIPT.search(client.get("/report/received/").content.decode())


def test_proxy_entry_redirects_too(client, group, make_volunteer) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_volunteer("shop").user)
    data = {**_form(client, "/aid/proxy/"), "proxy_detail": "shop"}
    resp = client.post("/aid/proxy/", data)
    assert resp.status_code == 303 and resp["Location"] == "/aid/received/"
    html = client.get("/aid/received/").content.decode()
    assert RECEIPT.search(html) and 'href="/aid/proxy/"' in html
    client.get("/aid/received/")
    assert HelpRequest.objects.count() == 1
