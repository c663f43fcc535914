"""The web status page is post/redirect/get (a user trial: Back after answering "แก้ไขแล้วจริงไหม?"
asked to send the form again). Every POST that finds the case answers 303 to GET /status/, which
shows the case to this browser only, for a few minutes, with a one-time note of what was done."""

from __future__ import annotations

from django.test import Client

from phalang.watch.models import FixCheck
from tests.watch.cases import cast, resolved_case  # noqa: F401


def test_looking_up_a_receipt_redirects_to_a_get(client, gazetteer, cast) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _report, receipt = resolved_case(cast)
    response = client.post("/status/", {"receipt": receipt})
    assert response.status_code == 303 and response["Location"] == "/status/"
    cookie = response.cookies["phalang_status"]
    assert cookie["path"] == "/status/" and cookie["httponly"] and cookie["samesite"] == "Strict"
    assert receipt not in cookie.value and receipt.replace("-", "") not in cookie.value
    page = client.get("/status/").content.decode()
    assert 'id="status"' in page and 'id="fix-form"' in page
    # Another browser sees only the empty form.
    assert 'id="status"' not in Client().get("/status/").content.decode()


def test_answering_the_fix_question_redirects_and_thanks_once(client, gazetteer, cast) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    report, receipt = resolved_case(cast)
    client.post("/status/", {"receipt": receipt})
    response = client.post("/status/", {"receipt": receipt, "action": "fix", "fixed": "yes"})
    assert response.status_code == 303 and response["Location"] == "/status/"
    page = client.get("/status/").content.decode()
    assert "ขอบคุณที่ยืนยัน" in page and 'id="fix-form"' not in page and 'id="status"' in page
    again = client.get("/status/").content.decode()  # a reload, or Back to this page
    assert 'id="status"' in again and "ขอบคุณที่ยืนยัน" not in again
    assert FixCheck.objects.get(report=report).answer == "confirmed"


def test_adding_information_redirects(client, gazetteer, cast) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    report, receipt = resolved_case(cast)
    response = client.post("/status/", {"receipt": receipt, "message": "ยังมีน้ำขังอยู่หน้าร้านที่สาม"})
    assert response.status_code == 303
    assert "ขอบคุณ" in client.get("/status/").content.decode()
    assert report.messages.count() == 1


def test_done_forgets_the_case_on_this_phone(client, gazetteer, cast) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _report, receipt = resolved_case(cast)
    client.post("/status/", {"receipt": receipt})
    page = client.get("/status/").content.decode()
    assert 'id="status-done"' in page
    response = client.post("/status/", {"action": "done"})
    assert response.status_code == 303
    page = client.get("/status/").content.decode()
    assert 'id="status"' not in page and 'id="receipt-form"' in page


def test_a_wrong_receipt_is_answered_on_the_spot(client, db) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/status/", {"receipt": "1234-5678-9012-3456-7890"})
    assert response.status_code == 404 and "phalang_status" not in response.cookies
