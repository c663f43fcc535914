"""Audit item 4: a reporter is told, in plain Thai, what an anonymous report keeps and for how
long: when the chat dialog starts, and with the receipt on every channel."""

from __future__ import annotations

from html import escape

import pytest

from phalang.chat.loops import drain
from phalang.watch import notices
from phalang.watch.models import Category
from tests.fakes import line as fl
from tests.security import helpers as h


def _says_what_is_kept(text: str) -> bool:
    # The account is kept encrypted, only to send news of the case, and deleted when it closes.
    return "เข้ารหัส" in text and "ลบ" in text and "ปิดเรื่อง" in text


def test_the_line_dialog_says_it_at_the_start_and_with_the_receipt(client, db, channels) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    who = h.new_line_reporter()
    h.line_post(client, fl.text_event("แจ้งเรื่อง", user=who.ids[0]))
    drain()
    assert _says_what_is_kept(" ".join(line.texts()))
    line.clear()
    h.file_by_line(client, drain, who, "มีการเรียกรับเงินเพื่อเร่งออกโฉนดที่ดินในอำเภอ")
    after = line.texts()
    assert h.receipts_in(after)
    receipt_at = next(i for i, t in enumerate(after) if h.receipts_in([t]))
    assert _says_what_is_kept(" ".join(after[receipt_at:]))
    assert "ไม่เก็บรหัสติดตาม" in " ".join(after[receipt_at:])


def test_the_telegram_dialog_says_it_too(client, db, channels) -> None:  # type: ignore[no-untyped-def]
    _line, telegram, _sms = channels
    who = h.new_telegram_reporter()
    h.file_by_telegram(client, drain, who, "ครูเรียกเก็บเงินค่าเทอมเพิ่มโดยไม่มีใบเสร็จทุกภาคเรียน")
    texts = telegram.texts(who.ids[0])
    assert _says_what_is_kept(texts[1])  # the reply to "แจ้งเรื่อง", before any question
    assert _says_what_is_kept(" ".join(t for t in texts if "ไม่เก็บรหัสติดตาม" in t))


def test_the_sms_receipt_says_it(client, db, channels) -> None:  # type: ignore[no-untyped-def]
    _line, _tg, sms = channels
    who = h.new_sms_reporter()
    h.file_by_sms(client, drain, who, "ไฟถนนดับทั้งซอยมาสามเดือน แจ้งเทศบาลแล้วไม่มีใครมา")
    text = sms.messages[-1]["text"]
    assert h.receipts_in([text]) and _says_what_is_kept(text)


def test_the_web_receipt_page_says_it(client, db) -> None:  # type: ignore[no-untyped-def]
    category = Category.objects.filter(active=True).first()
    resp = client.post("/report/", {"category": category.slug, "anonymity": "anonymous",
                                    "description": "เจ้าหน้าที่ขอเงินพิเศษเพื่อเร่งใบอนุญาตก่อสร้าง"},
                       HTTP_ACCEPT_LANGUAGE="th", follow=True)  # post/redirect/get
    page = resp.content.decode()
    assert resp.status_code == 200 and h.receipts_in([page]), page[:2000]
    assert "ไม่เก็บที่อยู่ IP" in page and "ไม่เก็บรหัสติดตาม" in page


@pytest.mark.parametrize("anonymity,lang", [("anonymous", "th"), ("confidential", "th"), ("anonymous", "en")])
def test_the_web_receipt_page_says_how_long_the_story_and_reply_address_are_kept(  # type: ignore[no-untyped-def]
        client, db, anonymity: str, lang: str) -> None:
    """User trial (issue 12): the receipt page said what is kept, not for how long. It says it
    with the sentences the chat uses (watch/notices.py), in the page's language."""
    category = Category.objects.filter(active=True).first()
    data = {"category": category.slug, "anonymity": anonymity,
            "description": "เจ้าหน้าที่ขอเงินพิเศษเพื่อเร่งใบอนุญาตก่อสร้าง"}
    if anonymity == "confidential":
        data["contact"] = "0812345678"
    client.cookies["phalang_lang"] = lang
    page = client.post("/report/", data, follow=True).content.decode()
    kept = page.split('id="kept"')[1].split("</ul>")[0]
    said = [notices.STORY_KEPT, notices.WEB_NO_REPLY if anonymity == "anonymous" else notices.web_contact_kept()]
    for notice in said:
        assert escape(getattr(notice, lang)) in kept, kept
    assert notices.STORY_KEPT.th in notices.CHAT_RECEIPT  # one wording, on every channel
    if lang == "th":
        assert "ปิดเรื่อง" in kept
