"""The background task runs the engine, warm-starts from the stored state, and is debounced."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from phalang.audit.models import AuditEntry
from phalang.deliberation import actions, opinion
from phalang.deliberation.models import Analysis
from phalang.deliberation.tasks import recompute_conversation
from tests.deliberation.conftest import two_camps

pytestmark = pytest.mark.django_db


def test_task_finds_the_two_camps_and_the_shared_ground(conversation) -> None:  # type: ignore[no-untyped-def]
    statements = two_camps(conversation, per_group=10)
    out = recompute_conversation.call(conversation.pk)
    assert out == {"votes": 160, "k": 2}
    analysis = Analysis.objects.get(conversation=conversation)
    assert sorted(g["size"] for g in analysis.result["groups"]) == [10, 10]
    assert len(set(analysis.participant_groups.values())) == 2
    m = opinion.opinion_map(conversation)
    assert [c["statement"] for c in m["consensus"]["agree"]] == [statements[4].pk]
    assert m["bridging"][0]["statement"] == statements[4].pk
    assert analysis.state and analysis.state["clustered"]


def test_second_recompute_starts_from_the_stored_state(conversation) -> None:  # type: ignore[no-untyped-def]
    two_camps(conversation, per_group=8)
    first = actions.recompute(conversation)
    groups_before = dict(first.participant_groups)
    actions.cast_vote(conversation, actions.join(conversation, "web", "late"), conversation.statements.first().pk, 1)
    second = actions.recompute(conversation)
    entries = list(AuditEntry.objects.filter(action="deliberation.recompute").order_by("seq"))
    assert [e.data["warm_start"] for e in entries] == [False, True]
    # Groups do not flicker: everyone keeps their group.
    assert all(second.participant_groups[p] == g for p, g in groups_before.items())


def test_votes_queue_at_most_one_recompute_per_window(conversation, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    p = actions.join(conversation, "web", "x")
    with django_capture_on_commit_callbacks(execute=True):
        for s in conversation.statements.all()[:4]:
            actions.cast_vote(conversation, p, s.pk, 1)
    queued = DBTaskResult.objects.filter(task_path__endswith="recompute_conversation")
    assert queued.count() == 1
    assert queued.get().run_after is not None  # runs at the end of the window, seeing every vote in it
