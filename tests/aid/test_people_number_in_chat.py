"""Code review: the chat's "how many people?" step checked ``text.isdigit()`` then ``int(text)``:
"²" passes isdigit and int() raises, crashing the step and stalling that sender's later messages.
The step (and the SMS one-liner) read numbers with lib.numbers.typed_number: 0-9 and ๐-๙ only."""

from __future__ import annotations

import pytest

from phalang.aid.models import HelpRequest
from tests.aid.conftest import CHIANG_MAI, flood_group  # noqa: F401
from tests.chat.helpers import line_send, quick_data, sms_send
from tests.fakes import line as fl


@pytest.fixture(autouse=True)
def _sms_secret(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SMS_SHARED_SECRET = "sms-secret-aid"


def _last(line):  # type: ignore[no-untyped-def]
    return line.replies[-1]["messages"][-1]


def test_a_superscript_two_is_asked_again_and_the_chat_goes_on(client, channels, flood_group) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    line, _tg, _sms = channels
    user = fl.user_id()
    line_send(client, user, text="ขอความช่วยเหลือ")
    line_send(client, user, data="need=food")
    line_send(client, user, text="บ้านเลขที่ 12 หมู่ 3 " + CHIANG_MAI)
    for _ in range(10):
        if "act=yes" not in quick_data(_last(line)):
            break
        line_send(client, user, data="act=no")
    assert "กี่คน" in _last(line)["text"]
    line_send(client, user, text="²")
    assert "ตัวเลข" in _last(line)["text"]  # asked again, no crash
    line_send(client, user, text="๔")  # Thai digits are numbers
    line_send(client, user, data="act=skip")
    line_send(client, user, data="act=no")
    line_send(client, user, data="act=confirm")
    assert HelpRequest.objects.get().people == 4


def test_a_superscript_in_the_sms_one_liner_is_refused_politely(client, channels, flood_group) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _line, _tg, sms = channels
    sms_send(client, "ขอความช่วยเหลือ น้ำดื่ม ² " + CHIANG_MAI, sender="0865550002")
    assert "จำนวนคน" in " ".join(str(m["text"]) for m in sms.messages[-2:])
    assert not HelpRequest.objects.exists()
    sms_send(client, "ขอความช่วยเหลือ น้ำดื่ม ๓ " + CHIANG_MAI, sender="0865550002")
    assert HelpRequest.objects.get().people == 3
