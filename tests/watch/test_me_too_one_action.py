"""Code review: the "me too" rule lived twice (the web view and the chat step, each with its own
once-a-day key) and the count was bumped with no audit entry. Now one action,
``actions.me_too(report, client, channel=...)``, holds the rule and writes the audit record.

The rule: one "me too" per client and case a day, where the client is the web visitor's
pseudonym or the chat account's. A web visit and a chat account count apart: nothing links the
two, and linking them would mean keeping what we promise not to keep. The audit entry names the
channel only, never the client (no address, no account, not even their keyed hashes)."""

from __future__ import annotations

import pytest

from phalang.audit.models import AuditEntry
from phalang.watch import actions, workflow
from phalang.watch.actions import NewReport, file_report
from tests.chat.helpers import line_last, line_send
from tests.fakes import line as fl

TEXT = "ไฟถนนดับทั้งซอยหน้าโรงเรียนมาสามสัปดาห์"
ADDRESS = "203.0.113.77"


@pytest.fixture
def case(db, make_user):  # type: ignore[no-untyped-def]
    report, _ = file_report(NewReport(category="public_service", description=TEXT, province="น่าน"))
    workflow.publish(report, by=make_user("root", is_superuser=True), public_text=TEXT)
    return report


def _entries(case):  # type: ignore[no-untyped-def]
    return list(AuditEntry.objects.filter(action="report.me_too", target_id=str(case.pk)).order_by("seq"))


def test_web_twice_counts_once_and_is_audited(client, case) -> None:  # type: ignore[no-untyped-def]
    for _ in range(2):
        assert client.post(f"/reports/{case.public_id}/me-too/", REMOTE_ADDR=ADDRESS).status_code == 302
    case.refresh_from_db()
    assert case.me_too == 1
    [entry] = _entries(case)
    assert entry.data == {"channel": "web"} and entry.actor_id is None
    assert ADDRESS not in str(entry.data)


def test_line_twice_counts_once_and_is_audited(client, gazetteer, channels, case) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    user = fl.user_id()
    for _ in range(2):
        line_send(client, user, data=f"metoo={case.public_id}")
        assert "ขอบคุณ" in line_last(line)["text"]
    case.refresh_from_db()
    assert case.me_too == 1
    [entry] = _entries(case)
    assert entry.data == {"channel": "line"} and user not in str(entry.data)


def test_web_and_chat_count_apart(client, gazetteer, channels, case) -> None:  # type: ignore[no-untyped-def]
    client.post(f"/reports/{case.public_id}/me-too/", REMOTE_ADDR=ADDRESS)
    line_send(client, fl.user_id(), data=f"metoo={case.public_id}")
    client.post(f"/reports/{case.public_id}/me-too/", REMOTE_ADDR=ADDRESS)
    case.refresh_from_db()
    assert case.me_too == 2
    assert [e.data["channel"] for e in _entries(case)] == ["web", "line"]


def test_the_action_holds_the_rule(case) -> None:  # type: ignore[no-untyped-def]
    assert actions.me_too(case, "ip:someone", channel="web") is True
    assert actions.me_too(case, "ip:someone", channel="web") is False
    assert actions.me_too(case, "chat:someone", channel="telegram") is True
    case.refresh_from_db()
    assert case.me_too == 2 and len(_entries(case)) == 2


def test_an_unpublished_case_takes_no_me_too(db) -> None:  # type: ignore[no-untyped-def]
    report, _ = file_report(NewReport(category="public_service", description=TEXT, province="น่าน"))
    with pytest.raises(actions.ReportInvalid):
        actions.me_too(report, "ip:someone", channel="web")
    report.refresh_from_db()
    assert report.me_too == 0 and not _entries(report)
