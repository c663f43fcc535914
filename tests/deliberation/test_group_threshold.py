"""A group is shown only with at least five members; no map before five participants."""

from __future__ import annotations

import pytest
from django.utils import timezone

from phalang.deliberation import opinion
from phalang.deliberation.models import Analysis

pytestmark = pytest.mark.django_db


def stored(conversation, sizes, n_participants):  # type: ignore[no-untyped-def]
    s = list(conversation.statements.order_by("id"))
    groups = [{"id": g, "size": size, "centre": [float(g), 0.0],
               "representative": [{"comment": s[g].pk, "direction": "agree"}]} for g, size in enumerate(sizes)]
    tallies = {str(x.pk): [[size, 0, 0] for size in sizes] + [[sum(sizes), 0, 0]] for x in s}
    result = {"k": len(sizes), "groups": groups, "consensus": {"agree": [], "disagree": []},
              "group_informed_consensus": {}, "priority": {}, "tallies": tallies, "n_participants": n_participants}
    Analysis.objects.update_or_create(conversation=conversation, defaults={
        "result": result, "participant_groups": {}, "computed_at": timezone.now()})
    return s


def test_group_of_four_is_hidden_and_counted_as_hidden(conversation) -> None:  # type: ignore[no-untyped-def]
    s = stored(conversation, [9, 4, 5], 18)
    m = opinion.opinion_map(conversation)
    assert [g["size"] for g in m["groups"]] == [9, 5]
    assert m["hidden_groups"] == 1
    shown_texts = [r["text"] for g in m["groups"] for r in g["representative"]]
    assert s[1].text not in shown_texts  # what the small group stands for is not shown either


def test_no_map_before_five_participants(conversation, client) -> None:  # type: ignore[no-untyped-def]
    stored(conversation, [2, 2], 4)
    m = opinion.opinion_map(conversation)
    assert not m["ready"] and m["groups"] == []
    page = client.get(f"/talk/{conversation.pk}/").content.decode()
    assert 'id="group-A"' not in page


def test_two_groups_of_five_are_shown(conversation, client) -> None:  # type: ignore[no-untyped-def]
    stored(conversation, [5, 5], 10)
    page = client.get(f"/talk/{conversation.pk}/").content.decode()
    assert 'id="group-A"' in page and 'id="group-B"' in page
