"""A menu word typed in the middle of a report does not throw the draft away: the chat asks first,
and the draft stays (until it expires) unless the person chooses to start again."""

from __future__ import annotations

from phalang.chat.models import DialogSession
from phalang.watch.models import Report
from tests.chat.helpers import line_last, line_send, quick_data
from tests.fakes import line as fl

STORY = ("ผู้รับเหมาทิ้งงานสร้างถนนในหมู่บ้านมาแปดเดือนแล้ว เจ้าหน้าที่ อบต. บอกให้รอ " * 60)[:4990].strip()


def _draft() -> dict:  # type: ignore[type-arg]
    return DialogSession.objects.get().state


def test_a_menu_word_mid_report_asks_before_discarding(client, gazetteer, channels) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    user = fl.user_id()
    line_send(client, user, text="แจ้งเรื่อง")
    line_send(client, user, data="cat=public_service")
    line_send(client, user, text=STORY)
    assert _draft()["step"] == "loc"

    line_send(client, user, text="แจ้งเรื่อง")  # a menu word, typed where a province was asked
    asked = line_last(line)
    assert "ทิ้งร่าง" in asked["text"] and quick_data(asked) == ["act=resume", "act=discard"]
    assert _draft()["draft"]["description"] == STORY  # nothing lost yet

    line_send(client, user, text="ทำต่อ")
    assert "เกิดขึ้นที่ไหน" in line_last(line)["text"] and _draft()["step"] == "loc"
    line_send(client, user, text="เชียงราย")
    line_send(client, user, data="act=done")
    line_send(client, user, data="act=confirm")
    assert Report.objects.get().description == STORY


def test_discarding_is_the_persons_choice(client, gazetteer, channels) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    user = fl.user_id()
    line_send(client, user, text="แจ้งเรื่อง")
    line_send(client, user, data="cat=corruption")
    line_send(client, user, text="เจ้าหน้าที่เรียกรับเงินเพื่อเร่งออกใบอนุญาตก่อสร้าง")
    line_send(client, user, data="act=aid")  # the menu button of another flow
    assert "ทิ้งร่าง" in line_last(line)["text"]
    line_send(client, user, text="สวัสดีครับ")  # the question ignored: the draft stays
    assert _draft()["draft"]["description"].startswith("เจ้าหน้าที่")
    line_send(client, user, data="act=aid")
    line_send(client, user, data="act=discard")
    assert "ต้องการความช่วยเหลือด้านใด" in line_last(line)["text"]
    assert _draft()["step"] == "aid_need" and not _draft()["draft"]
