"""The LINE dialog also asks for help (mutual aid) and votes on statements (opinion mapping)."""

from __future__ import annotations

import pytest

from phalang.aid.models import HelpRequest
from phalang.chat.loops import drain
from phalang.deliberation import actions as talk_actions
from phalang.deliberation.models import Conversation, Vote
from tests.chat.helpers import postbacks
from tests.fakes import line as fl
from tests.watch.conftest import LINE_SECRET


def send(client, *events):  # type: ignore[no-untyped-def]
    body, headers = fl.signed_webhook(LINE_SECRET, list(events))
    assert client.post("/webhooks/line", body, content_type="application/json",
                       HTTP_X_LINE_SIGNATURE=headers["X-Line-Signature"]).status_code == 200
    drain()


def test_ask_for_help_over_line(client, gazetteer, channels, make_org) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    group = make_org("volunteers", kind="volunteer_group")
    group.verified = True
    group.save()
    user = fl.user_id()
    send(client, fl.postback_event("act=aid", user=user))
    quick = [i["action"]["data"] for i in line.replies[-1]["messages"][0]["quickReply"]["items"]]
    assert "need=oxygen" in quick
    send(client, fl.postback_event("need=oxygen", user=user))
    from phalang.aid import chat

    place = "ต.บางพลีใหญ่ อ.บางพลี จ.สมุทรปราการ"
    send(client, fl.text_event(place, user=user))  # where first: the kit's questions follow
    for _key, _text, kind in chat.questions_for("oxygen", place_text=place)[:-1]:  # the last is the address
        if kind == "yes_no":
            send(client, fl.postback_event("act=yes" if _key == "breathing" else "act=no", user=user))
        else:
            send(client, fl.text_event("91" if _key == "spo2" else "ข้าม", user=user))
    send(client, fl.text_event("2", user=user))
    send(client, fl.text_event("081-234-5678", user=user))
    send(client, fl.postback_event("act=yes", user=user))
    send(client, fl.postback_event("act=confirm", user=user))
    texts = line.texts()
    assert any("ได้รับคำขอความช่วยเหลือแล้ว" in t for t in texts[-3:]), texts[-3:]
    req = HelpRequest.objects.get()
    assert req.need == "oxygen" and req.urgency == 4 and req.people == 2
    assert req.channel == "line"
    receipt = texts[-2]
    send(client, fl.text_event(receipt, user=user))
    assert "สถานะ" in line.texts()[-1]


@pytest.fixture
def conversation(make_org, make_user):  # type: ignore[no-untyped-def]
    org = make_org("forum")
    fac = make_user("fac", org=org, role="coordinator")
    return talk_actions.create_conversation(organisation=org, topic="ทางเท้าในเมือง", by=fac, is_open=True,
                                            seeds=["ควรขยายทางเท้า", "ควรห้ามจอดรถบนทางเท้า"])


def test_vote_on_statements_over_line(client, db, channels, conversation) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    user = fl.user_id()
    send(client, fl.text_event("ร่วมแสดงความเห็น", user=user))
    first = line.replies[-1]["messages"][0]  # a card: the statement and the vote buttons
    assert first["type"] == "flex" and first["altText"].startswith("ความเห็น:")
    data = postbacks(first)
    assert [d.rsplit(":", 1)[1] for d in data if d.startswith("vote=")] == ["1", "-1", "0"]
    agree = next(d for d in data if d.startswith("vote=") and d.endswith(":1"))
    send(client, fl.postback_event(agree, user=user))
    second = line.replies[-1]["messages"][0]
    disagree = next(d for d in postbacks(second) if d.endswith(":-1"))
    send(client, fl.postback_event(disagree, user=user))
    assert "ครบทุกความเห็น" in line.texts()[-1]
    assert sorted(Vote.objects.values_list("value", flat=True)) == [-1, 1]
    assert Conversation.objects.get().pk == conversation.pk
