"""A campaign: milestones with progress, public updates that reach its followers, linked work."""

from __future__ import annotations

import pytest

from phalang.chat.loops import drain
from phalang.coalition import actions
from phalang.coalition.models import ConsentRecord, Subscriber


@pytest.fixture
def campaign(watchdog):  # type: ignore[no-untyped-def]
    return actions.create_campaign(organisation=watchdog, slug="flood-cr", title="จับตาจัดซื้อป้องกันน้ำท่วมเชียงราย",
                                   issue="ผู้เสนอราคารายเดียวหลายโครงการ", goals="เปิดเผยสัญญาทุกฉบับ")


def test_milestones_updates_and_links_are_public(client, campaign, api_client) -> None:  # type: ignore[no-untyped-def]
    a = actions.add_milestone(campaign, "รวบรวมสัญญา")
    actions.add_milestone(campaign, "ยื่นหนังสือ")
    actions.set_milestone_progress(a, 80)
    actions.post_campaign_update(campaign, "ได้สำเนาสัญญาแล้ว 12 ฉบับ", notify=False)
    actions.link_to_campaign(campaign, "deliberation", "conv-42", label="เวทีรับฟังความเห็น")
    assert campaign.progress() == 40
    page = client.get("/coalition/campaigns/flood-cr/").content.decode()
    assert "ได้สำเนาสัญญาแล้ว 12 ฉบับ" in page and 'value="80"' in page and "เวทีรับฟังความเห็น" in page
    data = api_client.get("/coalition/campaigns").json()["campaigns"][0]
    assert data["progress"] == 40 and [m["progress"] for m in data["milestones"]] == [80, 0]
    with pytest.raises(Exception, match="progress"):
        actions.set_milestone_progress(a, 101)


def test_followers_receive_updates(client, campaign, watchdog, channels) -> None:  # type: ignore[no-untyped-def]
    _line, tg, _sms = channels
    # A Telegram follow comes from the chat itself (the web form takes only a confirmed e-mail or phone).
    actions.follow_campaign(campaign, "telegram", "90001")
    consent = ConsentRecord.objects.get()
    assert (consent.action, consent.channel, consent.purpose) == ("opt_in", "telegram", f"campaign:{campaign.pk}")
    actions.subscribe("telegram", "90002")  # subscribed, but not following this campaign
    actions.post_campaign_update(campaign, "ยื่นหนังสือแล้ว")
    assert actions.queue_due_broadcasts() == 1
    drain()
    assert [m["chat_id"] for m in tg.messages] == ["90001"]
    assert "ยื่นหนังสือแล้ว" in tg.messages[0]["text"]
    # Following again with the same address is the same subscriber.
    actions.follow_campaign(campaign, "telegram", "90001")
    assert Subscriber.objects.count() == 2
