"""The confirmation page names who would send the news; a forged link says it is invalid.

Before: a forged token showed the normal "Yes, send me the news" button, and the page named no
campaign or organisation.
"""

from __future__ import annotations

from phalang.coalition import actions
from phalang.coalition.models import PendingSubscription


def test_confirm_page_names_the_campaign_and_refuses_a_forged_link(client, watchdog, settings) -> None:  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django.core import mail

    campaign = actions.create_campaign(organisation=watchdog, slug="budget", title="จับตางบประมาณ", issue="งบ")
    assert actions.request_follow(campaign, "email", "fan@example.org")
    assert PendingSubscription.objects.count() == 1
    from phalang.chat.loops import drain

    settings.OUTBOX_RATES = {"email": 1e9}
    drain()
    body = mail.outbox[-1].body
    assert "(campaign:" not in body and "(announcements)" not in body
    assert f"แคมเปญ จับตางบประมาณ ({watchdog.name_th})" in body
    link = next(w for w in mail.outbox[-1].body.split() if "/coalition/confirm/" in w)
    path = "/coalition/" + link.split("/coalition/", 1)[1]
    page = client.get(path, HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert "จับตางบประมาณ" in page and watchdog.name_th in page and 'id="confirm-button"' in page
    forged = client.get("/coalition/confirm/not-a-real-token/", HTTP_ACCEPT_LANGUAGE="th")
    assert forged.status_code == 404
    body = forged.content.decode()
    assert 'id="confirm-button"' not in body and "ไม่ถูกต้องหรือหมดอายุ" in body
