"""Nearby cases before filing, in the chat too (issue 14, item 4: "web and chat"): once the
category and the place are given, up to 3 open published cases of that kind nearby are shown
with a "me too" button; pressing it counts the reporter's voice and files nothing new, and
"แจ้งเรื่องใหม่" goes on with a new report."""

from __future__ import annotations

from phalang.watch import workflow
from phalang.watch.actions import NewReport, file_report
from phalang.watch.models import Report
from tests.chat.helpers import line_last, line_send
from tests.fakes import line as fl

TEXT = "ไฟถนนดับทั้งซอยหน้าโรงเรียนมาสามสัปดาห์"


def _published_case(make_user):  # type: ignore[no-untyped-def]
    report, _ = file_report(NewReport(category="public_service", description=TEXT, province="น่าน"))
    workflow.publish(report, by=make_user("root", is_superuser=True), public_text=TEXT)
    return report


def _to_the_place(client, user) -> None:  # type: ignore[no-untyped-def]
    line_send(client, user, text="แจ้งเรื่อง")
    line_send(client, user, data="cat=public_service")
    line_send(client, user, text="ไฟถนนดับหน้าโรงเรียนบ้านนา มืดมากตอนกลางคืน")
    line_send(client, user, text="น่าน")


def test_me_too_in_the_chat_counts_and_files_nothing(client, gazetteer, channels, make_user) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    case = _published_case(make_user)
    user = fl.user_id()
    _to_the_place(client, user)
    shown = line_last(line)
    assert "ใกล้" in shown["text"] and TEXT[:20] in shown["text"] and f"/reports/{case.public_id}/" in shown["text"]
    buttons = [item["action"]["data"] for item in shown["quickReply"]["items"] if item["action"]["type"] == "postback"]
    assert f"metoo={case.public_id}" in buttons and "act=new" in buttons
    line_send(client, user, data=f"metoo={case.public_id}")
    case.refresh_from_db()
    assert case.me_too == 1 and Report.objects.count() == 1
    assert "ขอบคุณ" in line_last(line)["text"]
    line_send(client, user, data=f"metoo={case.public_id}")  # an old button pressed again: nothing more
    case.refresh_from_db()
    assert case.me_too == 1


def test_a_new_report_anyway(client, gazetteer, channels, make_user) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    _published_case(make_user)
    user = fl.user_id()
    _to_the_place(client, user)
    line_send(client, user, data="act=new")
    assert "รูป" in line_last(line)["text"]  # on to the evidence step
    line_send(client, user, data="act=done")
    line_send(client, user, data="act=confirm")
    assert Report.objects.count() == 2
    assert any("รหัสติดตาม" in m.get("text", "") for m in line.replies[-1]["messages"])


def test_no_nearby_case_no_extra_step(client, gazetteer, channels) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    user = fl.user_id()
    _to_the_place(client, user)
    assert "รูป" in line_last(line)["text"]
