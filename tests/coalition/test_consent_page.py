"""One page where a person sees and withdraws their consents, reached from any message: every
e-mail links it; from any other message, /coalition/consent/ sends the personal link to the
address itself."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from phalang.chat.loops import drain
from phalang.coalition import actions
from phalang.coalition.models import ConsentRecord, Subscriber


@pytest.fixture(autouse=True)
def fast(settings):  # type: ignore[no-untyped-def]
    settings.OUTBOX_RATES = {"line": 1e9, "line_multicast": 1e9, "telegram": 1e9, "email": 1e9, "sms": 1e9}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_see_and_withdraw_consents(client, watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    campaign = actions.create_campaign(organisation=watchdog, slug="water", title="น้ำประปาสะอาด", issue="น้ำขุ่น")
    sub = actions.subscribe("email", "nid@example.org", tags=[("campaign", str(campaign.pk)),
                                                             ("interest", "public_services")])
    # Asked for from the page: the link goes to the address, and the page says the same for anyone.
    page = client.post("/coalition/consent/", {"channel": "email", "address": "nid@example.org"},
                       HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert 'id="consent-link-sent"' in page and sub.token not in page
    stranger = client.post("/coalition/consent/", {"channel": "email", "address": "nobody@example.org"}).content
    assert b'id="consent-link-sent"' in stranger
    drain()
    [message] = mail.outbox
    url = re.search(r"https?://[^/\s]+(/coalition/consent/\S+/)", message.body).group(1)

    page = client.get(url, HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert "ni…@example.org" in page and "nid@example.org" not in page  # the address, masked
    assert "น้ำประปาสะอาด" in page and 'id="consent-tags"' in page
    client.post(url, {"action": "withdraw", "tag": f"campaign:{campaign.pk}"})
    assert list(sub.tags.values_list("kind", flat=True)) == ["interest"]
    client.post(url, {"action": "withdraw_all"})
    assert not Subscriber.objects.get(pk=sub.pk).active
    assert list(ConsentRecord.objects.filter(subscriber=sub).order_by("at", "pk").values_list("action", "channel")) == [
        ("opt_in", "email"), ("opt_out", "web"), ("opt_out", "web")]
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert "บันทึกความยินยอมของคุณ" in page and 'id="withdraw-all"' not in page


def test_the_consent_page_speaks_thai(client, watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    """Before (user trial): Thai readers saw "email:" and "announcements (confirmed by link)" in
    English: the stored channel and purpose, as stored."""
    from phalang.places.models import Province

    province, _created = Province.objects.get_or_create(name_th="น่าน")
    actions.request_subscription("email", "nid@example.org", purpose="announcements")
    drain()
    link = re.search(r"https?://[^/\s]+(/coalition/confirm/\S+/)", mail.outbox[-1].body).group(1)
    client.post(link)
    sub = Subscriber.objects.get()
    actions.subscribe("email", "nid@example.org", tags=[("interest", "environment")],
                      purpose=f"announcements:{province.pk}")
    actions.withdraw_tag(sub, "interest", "environment")
    actions.unsubscribe(sub, channel="web")

    page = client.get(f"/coalition/consent/{sub.token}/", HTTP_ACCEPT_LANGUAGE="th").content.decode()
    addresses = page.split('id="consent-addresses"', 1)[1].split("</ul>", 1)[0]
    records = page.split('id="consent-records"', 1)[1].split("</tbody>", 1)[0]
    assert "อีเมล" in addresses and "email" not in addresses
    for english in ("email", "web", "announcements", "confirmed by", "interest"):
        assert english not in records, (english, records)
    assert "ข่าวประกาศทั่วไป" in records and "ยืนยันทางลิงก์ที่ส่งถึงคุณ" in records
    assert "ข่าวประกาศในจังหวัดน่าน" in records and "หน้าเว็บ" in records
