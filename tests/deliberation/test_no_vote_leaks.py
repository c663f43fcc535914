"""No page, file or API response shows an individual vote, a participant id or who voted what."""

from __future__ import annotations

import json

import pytest

from phalang.audit.models import AuditEntry
from phalang.deliberation import actions
from phalang.deliberation.models import Participant
from tests.deliberation.conftest import two_camps

pytestmark = pytest.mark.django_db


@pytest.fixture
def voted(conversation):  # type: ignore[no-untyped-def]
    statements = two_camps(conversation, per_group=8)
    # One lone voter on a brand-new statement: any figure about it would reveal their vote.
    lone = actions.add_seed_statements(conversation, ["ข้อความที่มีคนโหวตคนเดียวเท่านั้น"], by=None)[0]
    actions.cast_vote(conversation, actions.join(conversation, "web", "lone"), lone.pk, -1)
    actions.recompute(conversation)
    return statements, lone


def test_pages_and_api_show_no_participant_and_no_lone_vote(client, verified_client, facilitator,  # type: ignore[no-untyped-def]
                                                             conversation, voted) -> None:
    _statements, lone = voted
    staff = verified_client(facilitator)
    report = staff.get(f"/talk/manage/{conversation.pk}/report/").content.decode()
    csv_text = staff.get(f"/talk/manage/{conversation.pk}/report.csv").content.decode()
    public = client.get(f"/talk/{conversation.pk}/").content.decode()
    api = client.get(f"/api/v1/talk/conversations/{conversation.pk}").content.decode()
    body = json.loads(api)
    assert "participant_groups" not in api and "key_hash" not in api
    assert set(body["map"]) >= {"groups", "consensus", "bridging"}
    hashes = list(Participant.objects.values_list("key_hash", flat=True).exclude(key_hash=None))
    for text in (report, csv_text, public, api):
        for h in hashes:
            assert h not in text
    # The lone vote: the report lists the statement but with no percentage.
    row = next(line for line in csv_text.splitlines() if line.startswith(f"{lone.pk},"))
    assert row.split(",")[4:8] == ["1", "", "", ""]
    assert lone.text not in public.split('id="map"')[1]  # nor is it in the public map


def test_audit_log_names_no_participant_and_no_direction(conversation) -> None:  # type: ignore[no-untyped-def]
    p = actions.join(conversation, "web", "secret-token")
    s = conversation.statements.first()
    actions.cast_vote(conversation, p, s.pk, -1)
    entry = AuditEntry.objects.filter(action="deliberation.vote").get()
    assert entry.data == {"statement": s.pk}
    dumped = json.dumps(list(AuditEntry.objects.values("data", "target_id", "target_type")))
    assert p.key_hash not in dumped and "secret-token" not in dumped
    assert not AuditEntry.objects.filter(target_type="deliberation.participant").exists()
