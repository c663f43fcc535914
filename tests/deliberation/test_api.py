"""The JSON API: a pseudonymous token, the next statement, votes, statements, bilingual errors."""

from __future__ import annotations

import pytest

from phalang.deliberation.api import PARTICIPANT_HEADER
from phalang.deliberation.models import Participant, Statement, Vote

pytestmark = pytest.mark.django_db


def test_vote_flow_with_a_token(client, conversation) -> None:  # type: ignore[no-untyped-def]
    base = f"/api/v1/talk/conversations/{conversation.pk}"
    first = client.get(base + "/next").json()["statement"]
    resp = client.post(base + "/votes", {"statement": first["id"], "vote": 1}, content_type="application/json")
    assert resp.status_code == 201
    token = resp.json()["participant_token"]
    participant = Participant.objects.get(kind="api")
    assert token not in participant.key_hash
    headers = {PARTICIPANT_HEADER: token}
    seen = {first["id"]}
    while (nxt := client.get(base + "/next", headers=headers).json()["statement"]) is not None:
        assert nxt["id"] not in seen
        seen.add(nxt["id"])
        r = client.post(base + "/votes", {"statement": nxt["id"], "vote": 0}, content_type="application/json",
                        headers=headers)
        assert r.status_code == 201 and "participant_token" not in r.json()
    assert len(seen) == conversation.statements.count()
    assert Participant.objects.count() == 1 and Vote.objects.count() == len(seen)


@pytest.mark.parametrize("payload", [{"statement": 1, "vote": 2}, {"statement": "x", "vote": 1}, {"vote": 1},
                                     {"statement": 1, "vote": 1, "who": "me"}])
def test_invalid_votes_get_422_in_thai_and_english(client, conversation, payload) -> None:  # type: ignore[no-untyped-def]
    resp = client.post(f"/api/v1/talk/conversations/{conversation.pk}/votes", payload,
                       content_type="application/json")
    assert resp.status_code == 422
    body = resp.json()
    assert body["message_th"] and body["message_en"]
    assert not Vote.objects.exists()


def test_unknown_statement_and_too_short_text(client, conversation) -> None:  # type: ignore[no-untyped-def]
    base = f"/api/v1/talk/conversations/{conversation.pk}"
    resp = client.post(base + "/votes", {"statement": 99999, "vote": 1}, content_type="application/json")
    assert resp.status_code == 404 and resp.json()["message_th"]
    resp = client.post(base + "/statements", {"text": "สั้น"}, content_type="application/json")
    assert resp.status_code == 422 and "ตัวอักษร" in resp.json()["message_th"]
    resp = client.post(base + "/statements", {"text": "ควรมีห้องสมุดชุมชนเปิดถึงสามทุ่ม"},
                       content_type="application/json")
    assert resp.status_code == 201 and resp.json()["moderation"] == "unmoderated"
    assert Statement.objects.get(pk=resp.json()["statement"]).author is not None


def test_closed_or_draft_conversations(client, conversation, org) -> None:  # type: ignore[no-untyped-def]
    from phalang.deliberation import actions

    draft = actions.create_conversation(organisation=org, topic="ร่างลับ", seeds=["ข้อความในร่าง"])
    assert client.get(f"/api/v1/talk/conversations/{draft.pk}").status_code == 404
    topics = [c["topic"] for c in client.get("/api/v1/talk/conversations").json()["conversations"]]
    assert topics == [conversation.topic]
