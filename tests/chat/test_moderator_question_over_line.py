"""A moderator's question reaches a LINE reporter with a reply button, and the answer (tapped or
just typed) goes to that case."""

from __future__ import annotations

from phalang.watch import workflow
from phalang.watch.models import MessageDirection, Report, Status
from tests.chat.helpers import line_send, quick_data
from tests.fakes import line as fl


def _report_by_line(client, user: str) -> Report:  # type: ignore[no-untyped-def]
    line_send(client, user, text="แจ้งเรื่อง")
    line_send(client, user, data="cat=corruption")
    line_send(client, user, text="นายก อบต. สั่งซื้อรถขยะราคาสูงกว่าท้องตลาดเกือบเท่าตัว")
    line_send(client, user, data="act=skip")
    line_send(client, user, data="act=done")
    line_send(client, user, data="act=confirm")
    return Report.objects.get()


def test_the_question_has_a_reply_button_and_the_answer_goes_to_the_case(  # type: ignore[no-untyped-def]
        client, gazetteer, channels, settings, make_org, make_user) -> None:
    line, _tg, _sms = channels
    settings.LINE_PUSH_ENABLED = True
    org = make_org("watchdog")
    mod = make_user("mod", org=org, role="moderator")
    user = fl.user_id()
    report = _report_by_line(client, user)
    report.handling_organisations.add(org)

    workflow.request_info(report, by=mod, question="รถขยะคันนี้จัดซื้อเมื่อเดือนไหนครับ")
    line_send(client, fl.user_id(), text="สวัสดี")  # someone else writes: the worker runs the outbox
    [push] = [p for p in line.pushes if "จัดซื้อเมื่อเดือนไหน" in p["messages"][0]["text"]]
    assert push["to"] == user
    assert quick_data(push["messages"][0]) == [f"answer={report.pk}"]

    line_send(client, user, data=f"answer={report.pk}")
    line_send(client, user, text="เดือนมีนาคม 2569 ครับ มีใบเสร็จ")
    answer = report.messages.filter(direction=MessageDirection.FROM_REPORTER).get()
    assert answer.body == "เดือนมีนาคม 2569 ครับ มีใบเสร็จ"
    report.refresh_from_db()
    assert report.status == Status.SCREENING  # the case moves on once answered

    # A second question, answered by just typing: it still goes to the case, not to the greeting.
    workflow.request_info(report, by=mod, question="ผู้ขายชื่อบริษัทอะไรครับ")
    line_send(client, user, text="บริษัทรุ่งเรืองยนต์ จำกัด")
    assert report.messages.filter(direction=MessageDirection.FROM_REPORTER).count() == 2
    assert "ส่งคำตอบ" in line.replies[-1]["messages"][0]["text"]


def test_a_reply_button_for_someone_elses_case_does_nothing(client, gazetteer, channels) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    report = _report_by_line(client, fl.user_id())
    stranger = fl.user_id()
    line_send(client, stranger, data=f"answer={report.pk}")
    line_send(client, stranger, text="ข้อความปลอม")
    assert not report.messages.exists()
    assert "ไม่พบเรื่องนี้" in line.replies[-2]["messages"][0]["text"]
