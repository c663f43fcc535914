"""The chat accepts the phone numbers the aid action accepts: one normaliser (lib/phone.py)."""

from __future__ import annotations

import pytest

from phalang.aid import chat as aid_chat
from phalang.aid.models import HelpRequest
from phalang.lib import phone
from phalang.lib.crypto import decrypt
from tests.chat.helpers import tg_send


@pytest.mark.parametrize("typed", ["+66 81 234 5678", "66812345678", "081-234-5678", "๐๘๑ ๒๓๔ ๕๖๗๘"])
def test_one_normaliser(typed: str) -> None:
    assert phone.normalise(typed) == "0812345678" and phone.valid(phone.normalise(typed))


def test_bangkok_line_and_nonsense() -> None:
    assert phone.normalise("+66 2 123 4567") == "021234567"
    assert not phone.valid(phone.normalise("12345"))


def test_an_international_number_in_the_aid_dialog(client, gazetteer, channels, make_org) -> None:  # type: ignore[no-untyped-def]
    _line, tg, _sms = channels
    group = make_org("volunteers", kind="volunteer_group")
    group.verified = True
    group.save()
    chat = 7401
    tg_send(client, chat, text="/aid")
    tg_send(client, chat, data="need=medicine")
    place = "ต.บางพลีใหญ่ อ.บางพลี จ.สมุทรปราการ"
    tg_send(client, chat, text=place)
    for _key, _text, kind in aid_chat.questions_for("medicine", place_text=place)[:-1]:
        tg_send(client, chat, data="act=no" if kind == "yes_no" else "act=skip")
    tg_send(client, chat, text="1")
    tg_send(client, chat, text="+66 81 234 5678")
    assert "ยินยอม" in tg.texts(chat)[-1]  # on to the consent question: the number was accepted
    tg_send(client, chat, data="act=yes")
    tg_send(client, chat, data="act=confirm")
    assert decrypt(HelpRequest.objects.get().phone_enc) == "0812345678"
