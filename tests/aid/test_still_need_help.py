"""Open requests older than a set time get "still need help?": chat requesters on their channel,
proxy, spreadsheet and SMS requests on the coordinator's call list; the answers update the request."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from phalang.aid import actions, chat
from phalang.aid.models import HelpRequest, State
from phalang.chat.loops import drain
from tests.aid.conftest import CHIANG_MAI
from tests.fakes import line as fl


def test_checkins_by_chat_and_by_call_list(channels, verified_client, flood_group, flood_coordinator) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    old = timezone.now() - timedelta(hours=13)
    user = fl.user_id()
    chat.request_help_from_chat("line", user, {"need": "water", "place_text": CHIANG_MAI, "address": "5 หมู่ 1",
                                               "phone": "0812223333"})
    by_line = HelpRequest.objects.get()
    HelpRequest.objects.filter(pk=by_line.pk).update(created_at=old)
    proxy, _ = actions.file_help_request(actions.NewHelpRequest(
        need="food", place_text=CHIANG_MAI, phone="0813334444", name="ลุงคำ", address="7 หมู่ 2", channel="staff", created_at=old,
        organisation=flood_group.slug))
    fresh, _ = actions.file_help_request(actions.NewHelpRequest(
        need="food", place_text=CHIANG_MAI, phone="0814445555", channel="csv", organisation=flood_group.slug))

    assert actions.send_checkins(older_than_hours=12) == (1, 1)
    assert actions.send_checkins(older_than_hours=12) == (0, 0)  # asked once per period
    drain()
    assert "ยังต้องการความช่วยเหลือ" in line.texts()[-1]
    # The requester answers on LINE: no longer needed -> closed, and the volunteers go elsewhere.
    assert actions.answer_checkin_from_chat("line", user, still_needs=False) == 1
    by_line.refresh_from_db()
    assert by_line.state == State.CANCELLED

    client = verified_client(flood_coordinator)
    url = f"/aid/coordinate/{flood_group.slug}/calls/"
    html = client.get(url).content.decode()
    assert f"#{proxy.pk}" in html and "0813334444" in html and f"#{fresh.pk}" not in html
    client.post(url, {"request": proxy.pk, "answer": "yes"})
    proxy.refresh_from_db()
    assert proxy.state == State.NEW and not proxy.on_call_list and proxy.last_checkin_at is not None
    assert f"#{proxy.pk}" not in client.get(url).content.decode()
