"""Code review: "²".isdigit() is True but int("²") raises. A chat step that checked isdigit()
then called int() crashed on it; the failed event stayed in the inbox, retried with back-off,
and every later message of that sender waited behind it. A typed number is now ASCII or Thai
digits (0-9, ๐-๙) and nothing else: "²" gets a Thai re-ask, and the next message is answered."""

from __future__ import annotations

import pytest

from phalang.chat.models import InboundEvent
from phalang.lib.numbers import typed_number
from phalang.watch import workflow
from phalang.watch.actions import NewReport, file_report
from phalang.watch.models import Report
from tests.chat.helpers import line_last, line_send
from tests.fakes import line as fl
from tests.watch.cases import cast, resolved_case  # noqa: F401

TEXT = "ไฟถนนดับทั้งซอยหน้าโรงเรียนมาสามสัปดาห์"


def _published_case(make_user):  # type: ignore[no-untyped-def]
    report, _ = file_report(NewReport(category="public_service", description=TEXT, province="น่าน"))
    workflow.publish(report, by=make_user("root", is_superuser=True), public_text=TEXT)
    return report


def _no_event_failed() -> None:
    assert not InboundEvent.objects.exclude(error="").exists()
    assert not InboundEvent.objects.filter(processed_at__isnull=True).exists()


@pytest.mark.parametrize(("typed", "number"), [
    ("2", 2), (" ๒ ", 2), ("๑๐", 10), ("²", None), ("①", None), ("٣", None), ("", None), ("1.5", None),
    ("99999999999999999999", None)])
def test_typed_number(typed, number) -> None:  # type: ignore[no-untyped-def]
    assert typed_number(typed) == number


def test_a_superscript_at_the_nearby_step_is_asked_again(client, gazetteer, channels, make_user) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    case = _published_case(make_user)
    user = fl.user_id()
    line_send(client, user, text="แจ้งเรื่อง")
    line_send(client, user, data="cat=public_service")
    line_send(client, user, text="ไฟถนนดับหน้าโรงเรียนบ้านนา มืดมากตอนกลางคืน")
    line_send(client, user, text="น่าน")
    assert "ฉันก็เจอ" in line_last(line)["text"]
    line_send(client, user, text="²")
    asked = line_last(line)
    assert "พิมพ์เลขข้อ 1-1" in asked["text"]
    assert f"metoo={case.public_id}" in [i["action"]["data"] for i in asked["quickReply"]["items"]]
    line_send(client, user, text="๑")  # the next message is answered: the Thai "1" picks the case
    assert "ขอบคุณ" in line_last(line)["text"]
    case.refresh_from_db()
    assert case.me_too == 1 and Report.objects.count() == 1
    _no_event_failed()


def test_a_superscript_at_the_category_step_is_asked_again(client, gazetteer, channels) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    user = fl.user_id()
    line_send(client, user, text="แจ้งเรื่อง")
    line_send(client, user, text="²")
    assert "กรุณาเลือกประเภท" in line_last(line)["text"]
    line_send(client, user, text="๑")
    assert "เล่าเรื่อง" in line_last(line)["text"]  # the first category chosen, on to the story
    _no_event_failed()


@pytest.mark.parametrize("data", ["case=²", "answer=²", "fix=²:yes", "case=99999999999999999999"])
def test_a_strange_number_in_a_button_is_not_a_crash(client, gazetteer, channels, data) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    user = fl.user_id()
    line_send(client, user, data=data)
    line_send(client, user, text="สวัสดี")
    assert line.replies  # answered, not stuck behind a failed event
    _no_event_failed()


def test_a_superscript_organisation_on_the_status_page_is_a_refusal(client, gazetteer, cast) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """The same trap on the web: the status page's sharing form took "²" for an organisation id."""
    _report, receipt = resolved_case(cast)
    response = client.post("/status/", {"receipt": receipt, "action": "sharing", "organisation": "²", "contact": "on"})
    assert response.status_code == 303
    assert "ไม่ได้ส่งต่อถึงองค์กรนี้" in client.get("/status/").content.decode()
