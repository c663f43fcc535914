"""Every vote event is kept; the latest one per participant and statement is what counts."""

from __future__ import annotations

import pytest

from phalang.deliberation import actions
from phalang.deliberation.models import Vote

pytestmark = pytest.mark.django_db


def test_changed_vote_counts_once_as_the_latest(conversation) -> None:  # type: ignore[no-untyped-def]
    statement = conversation.statements.first()
    voters = [actions.join(conversation, "web", f"token-{i}") for i in range(6)]
    for p in voters:
        actions.cast_vote(conversation, p, statement.pk, 1)
    actions.cast_vote(conversation, voters[0], statement.pk, -1)  # changes their mind
    assert Vote.objects.filter(statement=statement).count() == 7  # both events kept
    analysis = actions.recompute(conversation)
    tally = analysis.result["tallies"][str(statement.pk)]
    assert tally[-1] == [5, 1, 0]  # everyone: 5 agree, 1 disagree, 0 pass
