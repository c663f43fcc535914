"""An event page and a campaign page offer "send in LINE" (and Telegram) links that open the chat
with the command typed in; sending that exact text signs up or follows (after the one-tap
confirmation every chat RSVP has). Without a configured account no link is shown."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import unquote, urlsplit

import pytest
from django.utils import timezone

from phalang.coalition import actions
from phalang.coalition.models import ConsentRecord, Rsvp
from tests.chat.helpers import line_send, tg_send
from tests.fakes import line as fl


def _href(page: str, element_id: str) -> str:
    m = re.search(rf'id="{element_id}" href="([^"]+)"', page)
    assert m, f"no #{element_id} link"
    return m.group(1).replace("&amp;", "&")


def _line_text(url: str) -> str:
    assert url.startswith("https://line.me/R/oaMessage/%40phalang/?"), url
    return unquote(url.split("/?", 1)[1])


@pytest.fixture
def accounts(settings):  # type: ignore[no-untyped-def]
    settings.LINE_BASIC_ID = "@phalang"
    settings.TELEGRAM_BOT_USERNAME = "phalang_bot"


@pytest.fixture
def event(watchdog):  # type: ignore[no-untyped-def]
    return actions.create_event(organisation=watchdog, title="เวทีรับฟังความเห็นงบน้ำท่วม", mode="offline",
                                starts_at=timezone.now() + timedelta(days=2), venue="หอประชุมอำเภอ")


def test_the_event_page_link_carries_the_rsvp_and_that_text_signs_up(client, accounts, channels, event) -> None:  # type: ignore[no-untyped-def]
    line, tg, _sms = channels
    page = client.get(f"/coalition/events/{event.public_id}/", HTTP_ACCEPT_LANGUAGE="th").content.decode()
    text = _line_text(_href(page, "rsvp-line"))
    assert text == f"ร่วม {event.public_id}"
    user = fl.user_id()
    line_send(client, user, text=text)
    assert event.title in line.texts()[-1] and Rsvp.objects.count() == 0
    line_send(client, user, data="act=confirm")
    assert Rsvp.objects.get().status == Rsvp.Status.CONFIRMED

    tg_url = _href(page, "rsvp-telegram")
    assert tg_url == f"https://t.me/phalang_bot?start=join-{event.public_id}"
    tg_send(client, 70001, text="/start " + urlsplit(tg_url).query.removeprefix("start="))
    assert event.title in tg.texts("70001")[-1]
    tg_send(client, 70001, data="act=confirm")
    assert Rsvp.objects.count() == 2


def test_the_campaign_page_link_follows_the_campaign(client, accounts, channels, watchdog) -> None:  # type: ignore[no-untyped-def]
    campaign = actions.create_campaign(organisation=watchdog, slug="flood-cr", title="จับตาจัดซื้อป้องกันน้ำท่วม",
                                       issue="ผู้เสนอราคารายเดียว", goals="เปิดเผยสัญญา")
    page = client.get("/coalition/campaigns/flood-cr/").content.decode()
    text = _line_text(_href(page, "follow-line"))
    assert text == "ติดตาม flood-cr"
    user = fl.user_id()
    line_send(client, user, text=text)
    line_send(client, user, data="act=confirm")
    consent = ConsentRecord.objects.get()
    assert (consent.action, consent.channel, consent.purpose) == ("opt_in", "line", f"campaign:{campaign.pk}")


def test_without_a_configured_account_no_link_is_shown(client, settings, event) -> None:  # type: ignore[no-untyped-def]
    settings.LINE_BASIC_ID = ""
    settings.TELEGRAM_BOT_USERNAME = ""
    page = client.get(f"/coalition/events/{event.public_id}/").content.decode()
    assert "line.me/R/oaMessage" not in page and "t.me/" not in page
    assert f'ร่วม <span translate="no">{event.public_id}</span>' in page  # the words to type are still there
