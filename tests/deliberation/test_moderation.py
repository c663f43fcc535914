"""Participants' statements wait for moderation before anyone can vote on them."""

from __future__ import annotations

import pytest

from phalang.deliberation import actions, opinion
from phalang.deliberation.models import Moderation, Statement

pytestmark = pytest.mark.django_db


def test_submitted_statement_is_voted_on_only_after_acceptance(client, verified_client, conversation,  # type: ignore[no-untyped-def]
                                                               facilitator) -> None:
    resp = client.post(f"/talk/{conversation.pk}/statements/", {"text": "ควรมีรถรับส่งผู้สูงอายุไปโรงพยาบาล"})
    assert resp.status_code == 303
    new = Statement.objects.get(text="ควรมีรถรับส่งผู้สูงอายุไปโรงพยาบาล")
    assert new.moderation == Moderation.UNMODERATED and not new.is_seed
    other = actions.join(conversation, "web", "someone-else")
    with pytest.raises(actions.DeliberationError):
        actions.cast_vote(conversation, other, new.pk, 1)
    for _ in range(30):
        chosen = opinion.next_statement(conversation, other)
        assert chosen is not None and chosen.pk != new.pk

    staff = verified_client(facilitator)
    queue = staff.get(f"/talk/manage/{conversation.pk}/moderation/")
    assert new.text in queue.content.decode()
    staff.post(f"/talk/manage/{conversation.pk}/moderation/", {"statement": new.pk, "decision": "accepted"})
    new.refresh_from_db()
    assert new.moderation == Moderation.ACCEPTED
    actions.cast_vote(conversation, other, new.pk, 1)


def test_rejected_statement_stays_out(conversation) -> None:  # type: ignore[no-untyped-def]
    author = actions.join(conversation, "web", "author")
    s = actions.submit_statement(conversation, author, "ข้อความที่จะถูกปฏิเสธ")
    actions.moderate_statement(s, Moderation.REJECTED, by=None)
    voter = actions.join(conversation, "web", "voter")
    with pytest.raises(actions.DeliberationError):
        actions.cast_vote(conversation, voter, s.pk, 1)


def test_flood_of_pending_statements_is_limited(conversation) -> None:  # type: ignore[no-untyped-def]
    author = actions.join(conversation, "web", "busy")
    for i in range(actions.MAX_PENDING):
        actions.submit_statement(conversation, author, f"ข้อเสนอที่ {i} สำหรับชุมชน")
    with pytest.raises(actions.DeliberationError) as err:
        actions.submit_statement(conversation, author, "อีกข้อหนึ่งที่รอไม่ได้")
    assert err.value.code == "pending"
