"""Text typed at the photo step is more of the story: it is kept with the description."""

from __future__ import annotations

from phalang.watch.models import Report
from tests.chat.helpers import line_last, line_send
from tests.fakes import line as fl


def test_extra_text_at_the_photo_step_is_kept(client, gazetteer, channels) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    user = fl.user_id()
    line_send(client, user, text="แจ้งเรื่อง")
    line_send(client, user, data="cat=public_service")
    line_send(client, user, text="ไฟถนนดับทั้งซอยมาสองสัปดาห์")
    line_send(client, user, text="น่าน")
    line_send(client, user, text="แจ้งเทศบาลไปแล้วสามครั้ง ยังไม่มีใครมาซ่อม")
    assert "เพิ่มข้อความนี้ในเรื่องแล้ว" in line_last(line)["text"]
    line_send(client, user, data="act=done")
    assert "ยังไม่มีใครมาซ่อม" in line_last(line)["text"]  # shown before confirming
    line_send(client, user, data="act=confirm")
    assert Report.objects.get().description == "ไฟถนนดับทั้งซอยมาสองสัปดาห์\nแจ้งเทศบาลไปแล้วสามครั้ง ยังไม่มีใครมาซ่อม"
