"""Deliberation in the chat (ร่วมแสดงความเห็น): one statement at a time with agree / disagree / pass
buttons, and the opinion map's summary, through ``deliberation.chat`` and its actions."""

from __future__ import annotations

from phalang.chat.dialog import (
    P_CANCEL,
    Chat,
    Flow,
    Incoming,
    Reply,
    Result,
    State,
    done,
    fresh,
    greeting,
    menu,
    register,
)
from phalang.deliberation import chat as talk
from phalang.messaging import cards

P_TALK = "act=talk"
KEYWORDS = {P_TALK: {"ร่วมแสดงความเห็น", "แสดงความเห็น", "โหวต", "/talk"}}


def statement_reply(chat: Chat, conversation_id: int) -> Reply:
    try:
        nxt = talk.next_statement(conversation_id, chat.channel, chat.user_id)
    except talk.ChatError:
        nxt = None
    if nxt is None:
        return Reply("คุณโหวตครบทุกความเห็นแล้ว ขอบคุณ\n\n" + _summary(chat, conversation_id), menu())
    sid, text = nxt
    base = f"vote={conversation_id}:{sid}:"
    buttons = [("เห็นด้วย", base + "1"), ("ไม่เห็นด้วย", base + "-1"), ("ผ่าน", base + "0"), ("ผลสรุป", f"sum={conversation_id}")]
    # On LINE a card with the statement and the vote buttons; Telegram shows them as an inline
    # keyboard; the text stands alone elsewhere.
    return Reply(f"ความเห็น: {text}", [("ยกเลิก", P_CANCEL)],
                 card=cards.card("ความเห็นนี้ คุณเห็นด้วยไหม?", body=text, buttons=buttons))


def _summary(chat: Chat, conversation_id: int) -> str:
    try:
        return talk.map_summary_th(conversation_id, chat.channel, chat.user_id)
    except talk.ChatError as exc:
        return exc.message_th


def start(chat: Chat) -> Result:
    convs = talk.open_conversations()
    if not convs:
        return done("ตอนนี้ยังไม่มีวงสนทนาที่เปิดอยู่")
    if len(convs) == 1:
        return fresh(), [statement_reply(chat, convs[0][0])]
    return fresh(), [Reply("เลือกวงสนทนา", [(title[:20], f"conv={cid}") for cid, title in convs[:12]])]


def command(chat: Chat, state: State, msg: Incoming) -> Result | None:
    """The buttons of a statement (vote=…, sum=…) and of the conversation list (conv=…), at any step."""
    if msg.kind != "postback" or not msg.data.startswith(("conv=", "vote=", "sum=")):
        return None
    kind, _, rest = msg.data.partition("=")
    try:
        parts = [int(x) for x in rest.split(":")]
    except ValueError:
        return fresh(), [greeting()]
    if kind == "conv" and len(parts) == 1:
        return fresh(), [statement_reply(chat, parts[0])]
    if kind == "sum" and len(parts) == 1:
        return fresh(), [Reply(_summary(chat, parts[0]), [("โหวตต่อ", f"conv={parts[0]}"), *menu()])]
    if kind == "vote" and len(parts) == 3 and parts[2] in (-1, 0, 1):
        try:
            talk.vote_from_chat(parts[0], parts[1], chat.channel, chat.user_id, parts[2])
        except talk.ChatError as exc:
            return done(exc.message_th)
        return fresh(), [statement_reply(chat, parts[0])]
    return fresh(), [greeting()]


def register_flows() -> None:
    register(Flow(
        name="deliberation", keywords=KEYWORDS, command=command, starts={P_TALK: start},
        menu=[(40, "ร่วมแสดงความเห็น", P_TALK)],
        help=[(40, "• ร่วมแสดงความเห็น: โหวตเห็นด้วย/ไม่เห็นด้วยกับความเห็นในวงสนทนา")]))
