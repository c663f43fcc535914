"""Filing by SMS, LINE and Telegram had no rate limit: 40 SMS reports from one number in 2.3 s
were all filed, each answered with a receipt SMS (credit spent on the flood). Filing is now
limited per chat sender (its keyed user_key, in the cache only) by the same action limits as the
web, with one Thai refusal per window and then silence."""

from __future__ import annotations

from phalang.aid.models import HelpRequest
from phalang.watch.models import Report
from tests.aid.conftest import CHIANG_MAI, flood_group  # noqa: F401
from tests.chat.helpers import line_send, sms_send
from tests.fakes import line as fl

STORY = "ถนนหน้าวัดเป็นหลุมลึก รถจักรยานยนต์ล้มบ่อย"


def test_sms_report_flood_is_stopped_with_one_refusal(client, gazetteer, channels, settings) -> None:  # type: ignore[no-untyped-def]
    _line, _tg, sms = channels
    settings.PHALANG_LIMITS = {"report": "3/3600"}
    flooder = "0812223301"
    for i in range(7):
        sms_send(client, f"แจ้ง {STORY} ครั้งที่ {i}", sender=flooder)
    assert Report.objects.count() == 3
    to_flooder = [m["text"] for m in sms.messages if m["to"].endswith("812223301")]
    assert sum("รหัสติดตาม" in t for t in to_flooder) == 3
    refusals = [t for t in to_flooder if "กรุณารอ" in t]
    assert len(refusals) == 1, to_flooder  # one refusal, then no more SMS spent on the flood
    assert len(to_flooder) == 4
    sms_send(client, f"แจ้ง {STORY}", sender="0812223302")  # another number is not affected
    assert Report.objects.count() == 4


def test_line_report_flood_is_stopped(client, gazetteer, channels, settings) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    settings.PHALANG_LIMITS = {"report": "2/3600"}
    user = fl.user_id()
    refusals = 0
    for _ in range(4):
        line_send(client, user, text="แจ้งเรื่อง")
        line_send(client, user, data="cat=corruption")
        line_send(client, user, text=STORY)
        line_send(client, user, data="act=skip")
        line_send(client, user, data="act=done")
        before = len(line.replies)
        line_send(client, user, data="act=confirm")
        refusals += sum("กรุณารอ" in m.get("text", "") for r in line.replies[before:] for m in r["messages"])
    assert Report.objects.count() == 2
    assert refusals == 1
    line_send(client, fl.user_id(), text="แจ้งเรื่อง")  # another account still files


def test_sms_help_request_flood_is_stopped(client, channels, settings, flood_group) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _line, _tg, sms = channels
    settings.PHALANG_LIMITS = {"help_request": "2/3600"}
    for _ in range(5):
        sms_send(client, "ขอความช่วยเหลือ น้ำดื่ม 3 " + CHIANG_MAI, sender="0865550077")
    assert HelpRequest.objects.count() == 2
    refusals = [m["text"] for m in sms.messages if "กรุณารอ" in m["text"]]
    assert len(refusals) == 1


def test_web_form_refusal_is_429(client, gazetteer, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PHALANG_LIMITS = {"report": "1/3600"}
    who = {"REMOTE_ADDR": "203.0.113.77"}
    form = {"category": "other", "description": STORY, "anonymity": "anonymous"}
    assert client.post("/report/", form, **who).status_code == 303
    refused = client.post("/report/", form, **who)
    assert refused.status_code == 429 and refused["Retry-After"]
    assert "กรุณารอ" in refused.content.decode() and "<form" in refused.content.decode()  # the Thai page
