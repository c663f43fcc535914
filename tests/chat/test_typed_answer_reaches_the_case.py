"""The message to a LINE reporter says "กด "ตอบกลับ" หรือพิมพ์คำตอบได้เลย": a typed answer (not
a tapped button) must reach the case, also after a plain message (not a "need info" question)
and after the reporter looked at the status; with several cases waiting, the bot asks which."""

from __future__ import annotations

from phalang.watch import workflow
from phalang.watch.models import MessageDirection, Report
from tests.chat.helpers import line_send, quick_data
from tests.fakes import line as fl


def _report_by_line(client, user: str, story: str) -> Report:  # type: ignore[no-untyped-def]
    line_send(client, user, text="แจ้งเรื่อง")
    line_send(client, user, data="cat=corruption")
    line_send(client, user, text=story)
    line_send(client, user, data="act=skip")
    line_send(client, user, data="act=done")
    line_send(client, user, data="act=confirm")
    return Report.objects.order_by("-pk").first()  # type: ignore[return-value]


def _answers(report: Report) -> list[str]:
    return list(report.messages.filter(direction=MessageDirection.FROM_REPORTER).values_list("body", flat=True))


def test_typed_answer_after_a_message_and_after_the_status(client, gazetteer, channels, make_org, make_user) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    org = make_org("watchdog")
    mod = make_user("mod", org=org, role="moderator")
    user = fl.user_id()
    report = _report_by_line(client, user, "นายก อบต. สั่งซื้อรถขยะราคาสูงกว่าท้องตลาดเกือบเท่าตัว")
    report.handling_organisations.add(org)

    workflow.message_reporter(report, by=mod, body="มีใบเสร็จหรือเอกสารจัดซื้อไหมครับ")  # a message, not needs_info
    line_send(client, user, text="มีครับ เป็นสำเนาใบเสร็จ")
    assert _answers(report) == ["มีครับ เป็นสำเนาใบเสร็จ"], line.replies[-1]
    assert "ส่งคำตอบ" in line.replies[-1]["messages"][0]["text"]

    workflow.request_info(report, by=mod, question="จัดซื้อเมื่อเดือนไหนครับ")
    line_send(client, user, data=f"case={report.pk}")  # looks at the status first
    line_send(client, user, text="เดือนมีนาคม 2569")
    assert _answers(report)[-1] == "เดือนมีนาคม 2569"
    assert "สวัสดี" not in line.replies[-1]["messages"][0]["text"]


def test_several_cases_waiting_ask_which(client, gazetteer, channels, make_org, make_user) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    org = make_org("watchdog")
    mod = make_user("mod", org=org, role="moderator")
    user = fl.user_id()
    first = _report_by_line(client, user, "นายก อบต. สั่งซื้อรถขยะราคาสูงกว่าท้องตลาดเกือบเท่าตัว")
    second = _report_by_line(client, user, "ถนนลาดยางใหม่หน้าโรงเรียนพังภายในสองเดือน")
    for r in (first, second):
        r.handling_organisations.add(org)
        workflow.request_info(r, by=mod, question="มีรูปถ่ายเพิ่มเติมไหมครับ")
    line_send(client, user, text="มีรูปถ่ายครับ จะส่งให้พรุ่งนี้")
    assert _answers(first) == _answers(second) == []  # not guessed
    asked = line.replies[-1]["messages"][-1]
    assert "เรื่องไหน" in asked["text"]
    assert {f"answer={first.pk}", f"answer={second.pk}"} <= set(quick_data(asked))
    line_send(client, user, data=f"answer={second.pk}")
    assert _answers(second) == ["มีรูปถ่ายครับ จะส่งให้พรุ่งนี้"] and _answers(first) == []
