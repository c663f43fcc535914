"""Headless Chromium at 360 px: a party's spokesperson opens the answer link on a phone, reads the
ask and the common ground behind it, answers in Thai, and lands on the public commitment page
that says the party answered itself. Nothing scrolls sideways, and no request leaves the site."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from phalang.coalition import actions
from phalang.coalition.models import Commitment
from phalang.deliberation import actions as talk
from tests.deliberation.conftest import SEEDS, two_camps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page) -> bool:  # type: ignore[no-untyped-def]
    return bool(page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth"))


def test_the_party_answers_on_a_phone(page, make_org) -> None:  # type: ignore[no-untyped-def]
    watchdog = make_org("watchdog")
    conv = talk.create_conversation(organisation=watchdog, topic="อนาคตของชุมชนเรา", seeds=SEEDS, is_open=True)
    ground = two_camps(conv)[4]
    talk.recompute(conv)
    party = make_org("open-party", "political_party")
    ask = actions.create_ask(ground, organisation=watchdog, addressed_to=party,
                             text="ขอให้พรรคบรรจุการเปิดเผยงบประมาณชุมชนรายเดือนในนโยบาย")
    link = actions.new_answer_link(ask)
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))

    page.goto(page.base_url + urlsplit(link).path)
    assert page.locator("#ask-text").inner_text().startswith("ขอให้พรรคบรรจุ")
    assert ground.text in page.content()
    assert _fits(page)
    page.fill("#title", "บรรจุในนโยบายพรรคภายในไตรมาสแรกของปีหน้า")
    page.fill("#official", "นางสาวมาลี ศรีสุข โฆษกพรรค")
    with page.expect_navigation():
        page.locator("#answer-form button[type=submit]").click()
    c = Commitment.objects.get()
    assert page.url.endswith(f"/coalition/commitments/{c.public_id}/")
    assert page.locator("#answered-by").inner_text().startswith("ตอบโดยพรรคหรือหน่วยงานเอง")
    assert _fits(page)
    assert all(u.startswith((page.base_url, "data:")) for u in requests), requests
    assert page.console_errors == []
