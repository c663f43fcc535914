"""The opinion map draws every grouped participant as a dot coloured by group, as Pol.is does,
with no ids in the page; each participant sees their own dot ("คุณ"), nobody else's; and a plain
Thai explanation says how to read it. On a real Pol.is conversation (../shared/data/polis)."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from phalang.deliberation import actions, opinion
from phalang.deliberation.models import Analysis, Conversation, Participant

pytestmark = pytest.mark.django_db


def test_dots_groups_and_where_you_stand(shared_data, client) -> None:  # type: ignore[no-untyped-def]
    folder = shared_data / "polis" / "brexit-consensus"
    if not folder.is_dir():
        pytest.skip(f"{folder} not found")
    call_command("polis", "import", str(folder))
    conversation = Conversation.objects.get()
    Conversation.objects.filter(pk=conversation.pk).update(is_open=True)  # published: its page is public
    actions.recompute(conversation)
    analysis = Analysis.objects.get(conversation=conversation)
    m = opinion.opinion_map(conversation)
    visible = {g["id"] for g in m["groups"]}
    grouped = [p for p, g in analysis.participant_groups.items() if g in visible]
    assert len(m["dots"]) == len(grouped) > 50
    assert {d["group"] for d in m["dots"]} == visible
    assert all(0 <= d["x"] <= 200 and 0 <= d["y"] <= 200 for d in m["dots"])
    assert m["you_dot"] is None  # an anonymous viewer has no dot of their own
    assert "points" in analysis.result and all(len(d) == 3 for d in analysis.result["points"])  # no ids

    me = Participant.objects.get(pk=int(grouped[0]))
    mine = opinion.opinion_map(conversation, me)
    assert mine["you_dot"] is not None and mine["you"]["status"] == "grouped"

    page = client.get(f"/talk/{conversation.pk}/", HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert 'id="participant-scatter"' in page
    assert len(re.findall(r'class="dot g\d+"', page)) == len(grouped)
    assert "แต่ละจุดคือผู้ร่วมหนึ่งคน" in page and 'id="you-dot"' not in page
