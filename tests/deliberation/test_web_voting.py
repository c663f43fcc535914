"""A web visitor votes with no account: a signed cookie carries their pseudonymous id."""

from __future__ import annotations

import re

import pytest

from phalang.deliberation import actions
from phalang.deliberation.models import Participant, ParticipantKind, Vote
from phalang.deliberation.views import COOKIE

pytestmark = pytest.mark.django_db


def shown_statement(html: str) -> int:
    match = re.search(r'name="statement" value="(\d+)"', html)
    assert match, "no statement to vote on"
    return int(match.group(1))


def test_vote_through_every_statement_with_a_signed_cookie(client, conversation) -> None:  # type: ignore[no-untyped-def]
    url = f"/talk/{conversation.pk}/"
    seen = []
    for i in range(conversation.statements.count()):
        page = client.get(url)
        assert page.status_code == 200
        sid = shown_statement(page.content.decode())
        assert sid not in seen  # only statements this visitor has not voted on
        seen.append(sid)
        resp = client.post(f"/talk/{conversation.pk}/vote/", {"statement": sid, "vote": ["1", "-1", "0"][i % 3]})
        assert resp.status_code == 303 and resp["Location"].endswith("#vote")
        if i == 0:
            cookie = resp.cookies[COOKIE]
            assert cookie["httponly"] and ":" in cookie.value  # signed
    page = client.get(url).content.decode()
    assert 'id="all-done"' in page
    assert Participant.objects.filter(conversation=conversation, kind=ParticipantKind.WEB).count() == 1
    participant = Participant.objects.get(conversation=conversation, kind=ParticipantKind.WEB)
    assert participant.key_hash and len(participant.key_hash) == 64
    assert client.cookies[COOKIE].value.split(":")[0] not in participant.key_hash  # only the hash is kept
    assert Vote.objects.filter(participant=participant).count() == len(seen)
    assert "_auth_user_id" not in client.session  # no account was made or used


def test_a_forged_cookie_is_not_anyones_participant(client, conversation) -> None:  # type: ignore[no-untyped-def]
    client.post(f"/talk/{conversation.pk}/vote/", {"statement": shown_statement(
        client.get(f"/talk/{conversation.pk}/").content.decode()), "vote": "1"})
    real = client.cookies[COOKIE].value
    token = real.split(":")[0]
    client.cookies[COOKIE] = token + ":forged-signature"
    client.post(f"/talk/{conversation.pk}/vote/", {"statement": conversation.statements.first().pk, "vote": "1"})
    assert Participant.objects.filter(conversation=conversation).count() == 2


def test_closed_conversation_takes_no_votes(client, conversation) -> None:  # type: ignore[no-untyped-def]
    actions.cast_vote(conversation, actions.join(conversation, "web", "early"), conversation.statements.first().pk, 1)
    actions.close_conversation(conversation, by=None)
    resp = client.post(f"/talk/{conversation.pk}/vote/", {"statement": conversation.statements.last().pk,
                                                          "vote": "1"})
    assert resp.status_code == 303
    assert Vote.objects.count() == 1
    page = client.get(f"/talk/{conversation.pk}/").content.decode()
    assert 'name="vote"' not in page and 'id="map"' in page  # results stay readable


def test_a_draft_conversation_is_not_public(client, org) -> None:  # type: ignore[no-untyped-def]
    draft = actions.create_conversation(organisation=org, topic="ร่าง", seeds=["ข้อความร่างแรก"])
    assert client.get(f"/talk/{draft.pk}/").status_code == 404
    assert draft.topic.encode() not in client.get("/talk/").content


def test_bad_vote_value_is_refused(client, conversation) -> None:  # type: ignore[no-untyped-def]
    sid = conversation.statements.first().pk
    client.post(f"/talk/{conversation.pk}/vote/", {"statement": sid, "vote": "5"})
    client.post(f"/talk/{conversation.pk}/vote/", {"statement": sid, "vote": "agree"})
    assert not Vote.objects.exists()
