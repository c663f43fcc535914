"""Plain functions for voting over LINE and Telegram; deliberation/flows.py wires them into the chat.

``channel`` is "line" or "telegram" and ``user_id`` the channel's own user id. Only a keyed hash
of "channel:user id" is stored, so these voices stay pseudonymous like web visitors.
"""

from __future__ import annotations

from phalang.deliberation import actions, opinion
from phalang.deliberation.models import Conversation, ParticipantKind

CHANNELS = {"line": ParticipantKind.LINE, "telegram": ParticipantKind.TELEGRAM}


class ChatError(Exception):
    """A refused vote; ``message_th`` is ready to send back to the person."""

    def __init__(self, message_th: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_th, self.message_en = message_th, message_en


def _kind(channel: str) -> str:
    if channel not in CHANNELS:
        raise ValueError(f"unknown chat channel {channel!r}")
    return CHANNELS[channel]


def _open(conversation_id: int) -> Conversation:
    conv = Conversation.objects.filter(pk=conversation_id, is_open=True).first()
    if conv is None:
        raise ChatError("การสนทนานี้ปิดแล้วหรือไม่มีอยู่", "This conversation is closed or does not exist.")
    return conv


def open_conversations() -> list[tuple[int, str]]:
    """(id, topic) of every open conversation, newest first."""
    return list(Conversation.objects.filter(is_open=True).order_by("-created_at").values_list("id", "topic"))


def next_statement(conversation_id: int, channel: str, user_id: str) -> tuple[int, str] | None:
    """(statement id, text) to send with agree / disagree / pass quick replies, or None when
    this person has voted on every statement (or the conversation is closed)."""
    kind = _kind(channel)
    conv = Conversation.objects.filter(pk=conversation_id, is_open=True).first()
    if conv is None:
        return None
    statement = opinion.next_statement(conv, actions.find_participant(conv, kind, user_id))
    return (statement.pk, statement.text) if statement else None


def vote_from_chat(conversation_id: int, statement_id: int, channel: str, user_id: str, value: int) -> None:
    """Record a vote (1 agree, -1 disagree, 0 pass). Raises ChatError with a Thai message."""
    kind = _kind(channel)
    conv = _open(conversation_id)
    try:
        actions.cast_vote(conv, actions.join(conv, kind, user_id), int(statement_id), int(value))
    except actions.DeliberationError as exc:
        raise ChatError(exc.message_th, exc.message_en) from exc


def submit_from_chat(conversation_id: int, channel: str, user_id: str, text: str) -> None:
    """Send a statement to moderation. Raises ChatError with a Thai message."""
    kind = _kind(channel)
    conv = _open(conversation_id)
    try:
        actions.submit_statement(conv, actions.join(conv, kind, user_id), text)
    except actions.DeliberationError as exc:
        raise ChatError(exc.message_th, exc.message_en) from exc


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def map_summary_th(conversation_id: int, channel: str, user_id: str) -> str:
    """A short Thai message: groups, common ground, bridges, and this person's group.

    Built from the same safe map as the web page: no individual vote, no group under five people.
    """
    kind = _kind(channel)
    conv = Conversation.objects.filter(pk=conversation_id).first()
    if conv is None:
        return "ไม่พบการสนทนานี้"
    participant = actions.find_participant(conv, kind, user_id)
    m = opinion.opinion_map(conv, participant)
    lines = [f"ผลการสนทนา: {_short(conv.topic, 60)}"]
    if not m["ready"]:
        lines.append(f"แผนที่ความคิดเห็นจะแสดงเมื่อมีผู้ร่วมโหวตอย่างน้อย {m['min_group']} คน")
        return "\n".join(lines)
    lines.append(f"ผู้ร่วมโหวต {m['n_participants']} คน แบ่งเป็น {len(m['groups'])} กลุ่มความคิดเห็น")
    for g in m["groups"]:
        lines.append(f"• กลุ่ม {g['label']} ({g['size']} คน)")
        for r in g["representative"][:1]:
            verb = "เห็นด้วย" if r["direction"] == "agree" else "ไม่เห็นด้วย"
            lines.append(f"  {r['percent']}% {verb}: {_short(r['text'])}")
    if m["consensus"]["agree"]:
        lines.append("เกือบทุกคนเห็นด้วย:")
        lines.extend(f"• {_short(r['text'])} ({r['percent']}%)" for r in m["consensus"]["agree"][:3])
    if m["bridging"]:
        lines.append("ข้อความที่เชื่อมทุกกลุ่ม:")
        lines.extend(f"• {_short(b['text'])}" for b in m["bridging"][:2])
    you = m["you"]
    if you is None or you["status"] == "not_yet":
        lines.append("โหวตอีกสักหน่อยเพื่อดูว่าคุณใกล้กับกลุ่มไหน")
    elif you["status"] == "small_group":
        lines.append("คุณอยู่ในกลุ่มที่ยังเล็กเกินกว่าจะแสดง (น้อยกว่า 5 คน)")
    else:
        lines.append(f"คุณอยู่ในกลุ่ม {you['group']}")
    return "\n".join(lines)
