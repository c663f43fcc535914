"""Files sent as follow-ups in the chat count against the report's file limit, as on the web."""

from __future__ import annotations

from phalang.watch.models import Report
from tests.chat.helpers import line_event, line_reply_texts, line_send
from tests.fakes import line as fl
from tests.watch.helpers import jpeg_with_gps


def test_follow_up_photos_stop_at_the_limit(client, gazetteer, channels, settings) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    settings.PHALANG = {**settings.PHALANG, "EVIDENCE_MAX_FILES": 2}
    receipt = client.post("/api/v1/reports", {"category": "other", "description": "ถนนทรุดตัวเป็นหลุมลึกหน้าตลาดสด",
                                              "anonymity": "anonymous"}, content_type="application/json").json()["receipt"]
    user = fl.user_id()
    line_send(client, user, data="act=follow")
    line_send(client, user, text=receipt)
    line_send(client, user, data="act=add")
    for _ in range(5):
        photo = fl.message_id()
        line.add_content(photo, jpeg_with_gps())
        line_event(client, fl.image_event(message=photo, user=user))
    assert "แนบไฟล์ได้อีก 0 ไฟล์" in line_reply_texts(line)[0]
    assert Report.objects.get().evidence.count() == 2
