"""By SMS the kit's number question is asked too (a user trial saw only yes/no questions: the
epidemic kit's SpO2 question, a number, was never sent, so a low oxygen reading by SMS never
raised the urgency). It is answered with the number, or "ข้าม" when nobody measured it."""

from __future__ import annotations

import pytest

from phalang.aid import actions
from phalang.aid.models import HelpRequest
from tests.aid.conftest import PLACE
from tests.chat.helpers import sms_send


@pytest.fixture(autouse=True)
def _sms_secret(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SMS_SHARED_SECRET = "sms-secret-aid"


def _ask(client, sms, phone: str) -> list[str]:  # type: ignore[no-untyped-def]
    sms_send(client, "ขอความช่วยเหลือ ออกซิเจน 2 " + PLACE, sender=phone)
    return [sms.messages[-1]["text"]]


def _answer_until_the_number(client, sms, phone: str, asked: list[str]) -> str:  # type: ignore[no-untyped-def]
    for _ in range(8):
        if "ตัวเลข" in asked[-1]:
            return asked[-1]
        assert "ใช่/ไม่" in asked[-1], asked
        sms_send(client, "ไม่", sender=phone)
        asked.append(sms.messages[-1]["text"])
    raise AssertionError(asked)


def test_spo2_is_asked_by_sms_and_a_low_reading_is_urgent(client, channels, group) -> None:  # type: ignore[no-untyped-def]
    _line, _tg, sms = channels
    phone = "0865550002"
    asked = _ask(client, sms, phone)
    question = _answer_until_the_number(client, sms, phone, asked)
    assert "ออกซิเจน" in question and len(question) <= 70, question
    sms_send(client, "91", sender=phone)
    req = HelpRequest.objects.get()
    assert req.triage["answers"]["spo2"] == 91 and req.urgency == 4
    assert "spo2" in req.triage["reasons"]


def test_a_reading_out_of_range_is_asked_again_and_skip_moves_on(client, channels, group) -> None:  # type: ignore[no-untyped-def]
    _line, _tg, sms = channels
    phone = "0865550003"
    asked = _ask(client, sms, phone)
    question = _answer_until_the_number(client, sms, phone, asked)
    sms_send(client, "๑๕๐", sender=phone)  # Thai digits, out of range
    assert "50" in sms.messages[-1]["text"] and "100" in sms.messages[-1]["text"]
    assert "spo2" not in HelpRequest.objects.get().triage["answers"]
    sms_send(client, "ข้าม", sender=phone)
    assert sms.messages[-1]["text"] != question  # the next question, or the thanks
    req = HelpRequest.objects.get()
    assert "spo2" in req.triage["answers"] and req.triage["answers"]["spo2"] is None
    assert actions.next_triage_question(req) is None or actions.next_triage_question(req).key != "spo2"


def test_a_number_with_no_question_waiting_gets_the_help(client, channels, group) -> None:  # type: ignore[no-untyped-def]
    _line, _tg, sms = channels
    sms_send(client, "91", sender="0865550004")
    assert "ขอความช่วยเหลือ" in sms.messages[-1]["text"]  # the usual help: not taken for an answer
