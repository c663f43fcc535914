"""Asking for help over LINE, Telegram and SMS asks the crisis kit's triage questions, only that
kit's, and always an address or a location (issue 15): a food request in a flood asks about water
and people trapped, never about oxygen or fever. By SMS each question is one SMS, answered ใช่/ไม่."""

from __future__ import annotations

from phalang.aid.models import HelpRequest
from tests.aid.conftest import CHIANG_MAI, flood_group  # noqa: F401
from tests.chat.helpers import line_event, line_send, quick_data, sms_send
from tests.fakes import line as fl

COVID_WORDS = ("SpO2", "ออกซิเจน", "ไข้", "หายใจลำบาก", "เจ็บแน่นหน้าอก")


def _last(line):  # type: ignore[no-untyped-def]
    return line.replies[-1]["messages"][-1]


def test_a_food_request_in_a_flood_over_line(client, channels, flood_group) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    line, _tg, _sms = channels
    user = fl.user_id()
    line_send(client, user, text="ขอความช่วยเหลือ")
    offered = quick_data(_last(line))
    assert {"need=water", "need=boat", "need=evacuation", "need=food"} <= set(offered)
    assert "need=oxygen" not in offered and "need=bed" not in offered
    line_send(client, user, data="need=food")
    # Where first, always: the kit's address question (a shared location answers it too).
    assert "ที่อยู่" in _last(line)["text"] and "ตำแหน่ง" in _last(line)["text"]
    line_send(client, user, text="บ้านเลขที่ 12 หมู่ 3 " + CHIANG_MAI)
    asked = []
    for _ in range(10):
        message = _last(line)
        if "act=yes" not in quick_data(message):
            break
        asked.append(message["text"])
        line_send(client, user, data="act=yes" if "น้ำดื่ม" in message["text"] else "act=no")
    assert len(asked) >= 3, asked
    assert not [q for q in asked for w in COVID_WORDS if w in q], asked
    assert any("ติดอยู่" in q for q in asked) and any("น้ำดื่ม" in q for q in asked)
    assert "กี่คน" in _last(line)["text"]
    line_send(client, user, text="4")
    line_send(client, user, data="act=skip")  # no phone
    line_send(client, user, data="act=no")  # no consent
    line_send(client, user, data="act=confirm")
    req = HelpRequest.objects.get()
    assert req.need == "food" and req.people == 4 and req.kit == "flood"
    assert req.triage["answers"]["no_water"] is True and req.triage["answers"]["trapped"] is False
    assert not set(req.triage["answers"]) & {"breathing", "spo2", "chest_pain", "fever"}
    assert req.subdistrict is not None and req.subdistrict.name_th == "ป่าแดด"


def test_a_location_answers_the_address_question(client, channels, flood_group) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    line, _tg, _sms = channels
    user = fl.user_id()
    line_send(client, user, text="ขอความช่วยเหลือ")
    line_send(client, user, data="need=boat")
    line_event(client, fl.location_event(18.77, 98.98, user=user))
    assert "act=yes" in quick_data(_last(line))  # on to the kit's questions


def test_help_by_sms_asks_the_kit_questions_one_sms_each(client, channels, flood_group) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _line, _tg, sms = channels
    phone = "0865550001"
    sms_send(client, "ขอความช่วยเหลือ", sender=phone)
    how = [m["text"] for m in sms.messages[-2:]]
    assert "จำนวนคน" in how[0] and all(len(t) <= 70 for t in how), how
    assert "เรือ" in how[1] and "ออกซิเจน" not in how[1]  # the kit's needs, as words to send
    before = len(sms.messages)
    sms_send(client, "ขอความช่วยเหลือ น้ำดื่ม 3 " + CHIANG_MAI, sender=phone)
    req = HelpRequest.objects.get()
    assert len(sms.messages) - before == 2  # the receipt and the first question; no second "received"
    assert req.need == "water" and req.channel == "sms"
    texts = [m["text"] for m in sms.messages[-2:]]
    assert "ได้รับคำขอ" in texts[0] and len(texts[0]) <= 70
    questions = [texts[1]]
    for _ in range(10):
        question = questions[-1]
        if "ใช่/ไม่" not in question:
            break
        assert len(question) <= 70, question
        assert not [w for w in COVID_WORDS if w in question], question
        sms_send(client, "ใช่" if "ติดอยู่" in question else "ไม่", sender=phone)
        questions.append(sms.messages[-1]["text"])
    assert "ขอบคุณ" in questions[-1] and len(questions[-1]) <= 70
    req.refresh_from_db()
    assert req.triage["answers"]["trapped"] is True and req.urgency == 4
    # Once answered, "ใช่" is no longer taken for a triage answer.
    sms_send(client, "ใช่", sender=phone)
    assert "ขอบคุณ" not in sms.messages[-1]["text"]
