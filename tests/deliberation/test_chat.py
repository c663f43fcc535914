"""The functions the LINE and Telegram dialog calls."""

from __future__ import annotations

import pytest

from phalang.deliberation import actions, chat
from phalang.deliberation.models import Participant, Vote
from phalang.lib.crypto import keyed_hash
from tests.deliberation.conftest import two_camps

pytestmark = pytest.mark.django_db


def test_vote_through_a_conversation_from_line(conversation) -> None:  # type: ignore[no-untyped-def]
    assert chat.open_conversations() == [(conversation.pk, conversation.topic)]
    seen = set()
    while (nxt := chat.next_statement(conversation.pk, "line", "U123")) is not None:
        sid, text = nxt
        assert sid not in seen and text
        seen.add(sid)
        chat.vote_from_chat(conversation.pk, sid, "line", "U123", 1)
    assert len(seen) == conversation.statements.count()
    p = Participant.objects.get(kind="line")
    assert p.key_hash == keyed_hash("channel", "line:U123")
    assert Vote.objects.filter(participant=p).count() == len(seen)
    # Telegram's user 'U123' is a different person.
    assert chat.next_statement(conversation.pk, "telegram", "U123") is not None


def test_refusals_come_back_in_thai(conversation) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(chat.ChatError) as err:
        chat.vote_from_chat(conversation.pk, 10**9, "telegram", "42", 1)
    assert "ไม่พบ" in err.value.message_th
    actions.close_conversation(conversation, by=None)
    with pytest.raises(chat.ChatError):
        chat.vote_from_chat(conversation.pk, conversation.statements.first().pk, "telegram", "42", 1)
    assert chat.next_statement(conversation.pk, "telegram", "42") is None


def test_map_summary_in_thai_names_my_group_only(conversation) -> None:  # type: ignore[no-untyped-def]
    assert "อย่างน้อย 5 คน" in chat.map_summary_th(conversation.pk, "line", "U9")
    statements = two_camps(conversation, per_group=8)
    for s in statements:  # this LINE user votes like camp A
        chat.vote_from_chat(conversation.pk, s.pk, "line", "U9", 1 if statements.index(s) < 4 or s == statements[4]
                            else -1)
    actions.recompute(conversation)
    text = chat.map_summary_th(conversation.pk, "line", "U9")
    assert "กลุ่ม A" in text and "กลุ่ม B" in text and "คุณอยู่ในกลุ่ม" in text
    assert statements[4].text[:40] in text  # the shared ground
    assert "โหวตอีกสักหน่อย" in chat.map_summary_th(conversation.pk, "line", "stranger")
