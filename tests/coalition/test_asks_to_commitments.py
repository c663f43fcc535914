"""From common ground to commitments: a facilitator turns a statement the map shows as common
ground into an ask to a party; the party's answer becomes a tracked commitment, linked to the
statement and the support behind it, on the public commitment page. On a real Pol.is
conversation (../shared/data/polis/brexit-consensus)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils.html import escape

from phalang.coalition import actions
from phalang.coalition.models import Ask, Commitment
from phalang.deliberation import actions as talk
from phalang.deliberation.models import Conversation


def test_common_ground_becomes_a_tracked_commitment(shared_data, watchdog, make_org, make_user,  # type: ignore[no-untyped-def]
                                                     verified_client) -> None:
    folder = shared_data / "polis" / "brexit-consensus"
    if not folder.is_dir():
        pytest.skip(f"{folder} not found")
    call_command("polis", "import", str(folder))
    conv = Conversation.objects.get()
    Conversation.objects.filter(pk=conv.pk).update(organisation=watchdog)
    conv.refresh_from_db()
    talk.recompute(conv)
    party = make_org("open-party", "political_party")
    staff = verified_client(make_user("facilitator", org=watchdog, role="campaigner"))
    url = f"/coalition/asks/conversation/{conv.pk}/"

    ground = actions.common_ground(conv)
    assert ground
    sid = next(iter(ground))
    page = staff.get(url, HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert f'id="ground-{sid}"' in page
    # A statement that is not common ground cannot be dressed up as one.
    other = conv.statements.exclude(pk__in=list(ground)).first()
    resp = staff.post(url, {"form": "ask", "statement": other.pk, "organisation": watchdog.pk,
                            "addressed_to": party.pk, "text": "โปรดรับข้อนี้"}, HTTP_ACCEPT_LANGUAGE="th")
    assert resp.status_code == 400 and not Ask.objects.exists()

    assert staff.post(url, {"form": "ask", "statement": sid, "organisation": watchdog.pk, "addressed_to": party.pk,
                            "text": "ขอให้พรรคบรรจุข้อนี้ในนโยบาย"}).status_code == 302
    ask = Ask.objects.get()
    assert ask.support == ground[sid] and ask.state == "sent"
    resp = staff.post(url, {"form": "answer", "ask": ask.pk, "title": "บรรจุในนโยบายพรรคภายในปีนี้",
                            "source_title": "หนังสือตอบจากพรรค ลงวันที่ 1 ธ.ค."})
    c = Commitment.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"/coalition/commitments/{c.public_id}/"
    assert (c.made_by, c.tracked_by) == (party, watchdog)
    public = Client().get(resp["Location"], HTTP_ACCEPT_LANGUAGE="th").content.decode()  # anyone
    assert 'id="from-common-ground"' in public
    assert escape(ask.statement.text) in public

    # Others are refused: not a facilitator of this conversation.
    staff.logout()
    outsider = verified_client(make_user("outsider", org=make_org("elsewhere"), role="campaigner"))
    assert outsider.get(url).status_code == 403
