"""The chat core: one person's session, routed to the flow it belongs to.

``step(state, incoming, chat)`` takes the session's state (a JSON-able dict), one normalised
message (``messaging.message.Incoming``) and who is talking (``Chat``), and returns the new state
and the replies. It knows the words every conversation shares (cancel, back, help, and the
answers yes, no, skip, done, confirm) and routes everything else to a ``Flow``.

Flows belong to the apps, which register them from their own packages (``phalang/<app>/flows.py``,
in the app's ``ready()``): Watch files reports, Aid takes help requests and volunteers' tasks,
Deliberation takes votes, Coalition takes RSVPs, follows and subscriptions. A flow calls its app's
actions, so the chat enforces exactly the rules the web does. This module holds no business rule
and imports no app (tests/test_architecture.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from phalang.messaging.message import Incoming, Reply

# Words every flow shares (postback payloads of LINE quick replies and Telegram buttons).
P_HELP = "act=help"
P_CANCEL = "act=cancel"
P_BACK = "act=back"
P_DONE = "act=done"
P_SKIP = "act=skip"
P_CONFIRM = "act=confirm"
P_YES = "act=yes"
P_NO = "act=no"
P_RESUME = "act=resume"
P_DISCARD = "act=discard"

SHARED_KEYWORDS = {
    P_HELP: {"ช่วยเหลือ", "วิธีใช้", "help", "/help", "/start", "เมนู", "menu"},
    P_CANCEL: {"ยกเลิก", "cancel", "/cancel"},
    P_BACK: {"ย้อนกลับ", "กลับ", "back", "/back"},
    P_DONE: {"เสร็จ", "เสร็จแล้ว", "ไม่มีรูป", "ไม่มี", "done", "no photos"},
    P_SKIP: {"ข้าม", "skip", "ทุกพื้นที่"},
    P_CONFIRM: {"ยืนยัน", "ส่ง", "confirm", "send"},
    P_RESUME: {"ทำต่อ", "continue"},
    P_DISCARD: {"ทิ้งร่าง", "ทิ้งร่าง เริ่มใหม่", "เริ่มใหม่", "discard"},
    P_YES: {"ใช่", "yes", "ยินยอม"},
    P_NO: {"ไม่ใช่", "ไม่", "no", "ไม่ยินยอม"},
}

NAV = [("ย้อนกลับ", P_BACK), ("ยกเลิก", P_CANCEL)]
CONFIRM_NAV = [("ยืนยัน", P_CONFIRM), *NAV]
CANCELLED = "ยกเลิกแล้ว ข้อมูลที่ยังไม่ได้ส่งถูกลบ"

HELP_HEAD = "พลัง: แจ้งเบาะแสการทุจริตและปัญหาบริการสาธารณะ"
HELP_FOOT = ("• พิมพ์ \"ยกเลิก\" หรือ \"ย้อนกลับ\" ได้ทุกขั้นตอน\n"
             "เราไม่เปิดเผยตัวตนของคุณ และลบข้อมูลซ่อนในรูป (เช่น พิกัด GPS) ก่อนเผยแพร่")

State = dict[str, Any]
Result = tuple[State, list[Reply]]


@dataclass(frozen=True)
class Chat:
    """Who is talking: the platform, the platform's own id for the person (where replies go), and
    the session's keyed hash (files sent mid-dialog wait in the vault under it)."""

    channel: str
    user_id: str
    session_key: str


@dataclass
class Flow:
    """One app's conversation.

    * ``steps``: the session steps this flow owns (names unique across flows);
    * ``starts``: intent payload -> start of the flow (a menu button or keyword);
    * ``keywords``: intent payload -> the words that mean it (Thai and English);
    * ``handle(chat, state, msg, intent)``: the next message at one of its steps;
    * ``prompt(chat, state)``: the question of a step again (after "back");
    * ``command(chat, state, msg)``: a typed command or button usable at any step ("ร่วม AbC12xYz",
      a vote button); None when the message is not one of this flow's;
    * ``idle(chat, msg, intent)``: a message outside any flow (a receipt typed on its own);
    * ``on_blocked(chat)``: the person blocked the bot (an opt-out);
    * ``free_text_steps``: steps where typed text is the person's own words, never a command;
    * ``has_draft(state)``: whether the session holds something the person would hate to lose (a
      story, photos): then starting another flow asks first;
    * ``menu``, ``help``: (order, label, payload) buttons and (order, line) of the main menu and help;
    * ``rich_menu``: (order, label, payload) of further actions LINE's rich menu shows beside the
      main menu's (a volunteer's tasks), where there is room a quick-reply row lacks.
    """

    name: str
    steps: frozenset[str] = frozenset()
    starts: dict[str, Callable[[Chat], Result]] = field(default_factory=dict)
    keywords: dict[str, set[str]] = field(default_factory=dict)
    handle: Callable[[Chat, State, Incoming, str | None], Result] | None = None
    prompt: Callable[[Chat, State], Reply] | None = None
    command: Callable[[Chat, State, Incoming], Result | None] | None = None
    idle: Callable[[Chat, Incoming, str | None], Result | None] | None = None
    on_blocked: Callable[[Chat], None] | None = None
    free_text_steps: frozenset[str] = frozenset()
    has_draft: Callable[[State], bool] | None = None
    menu: list[tuple[int, str, str]] = field(default_factory=list)
    help: list[tuple[int, str]] = field(default_factory=list)
    rich_menu: list[tuple[int, str, str]] = field(default_factory=list)


_flows: dict[str, Flow] = {}
_by_step: dict[str, Flow] = {}
_keywords: dict[str, str] = {}  # word -> intent payload


def register(flow: Flow) -> None:
    """Add (or replace) an app's flow; called from the app's ``ready()``."""
    old = _flows.get(flow.name)
    if old is not None:
        for s in old.steps:
            _by_step.pop(s, None)
    clash = [s for s in flow.steps if s in _by_step and _by_step[s].name != flow.name]
    if clash:
        raise ValueError(f"flow {flow.name!r}: steps {clash} already belong to another flow")
    _flows[flow.name] = flow
    _by_step.update(dict.fromkeys(flow.steps, flow))
    _keywords.clear()
    for payload, words in SHARED_KEYWORDS.items():
        _keywords.update(dict.fromkeys(words, payload))
    for f in _flows.values():
        for payload, words in f.keywords.items():
            _keywords.update(dict.fromkeys(words, payload))


def flows() -> list[Flow]:
    return list(_flows.values())


def menu() -> list[tuple[str, str]]:
    """The main menu's buttons: each flow's, in order, then help."""
    items = sorted((order, label, payload) for f in _flows.values() for order, label, payload in f.menu)
    return [(label, payload) for _o, label, payload in items] + [("วิธีใช้", P_HELP)]


def rich_menu() -> list[tuple[str, str]]:
    """LINE's rich menu (``phalang line setup``): the main menu's actions and the flows' further
    ones, in order, then help. Tiles send the same postbacks as the menu's buttons."""
    items = sorted((order, label, payload) for f in _flows.values() for order, label, payload in [*f.menu, *f.rich_menu])
    return [(label, payload) for _o, label, payload in items] + [("วิธีใช้", P_HELP)]


def help_text() -> str:
    lines = sorted((order, line) for f in _flows.values() for order, line in f.help)
    return "\n".join([HELP_HEAD, *(line for _o, line in lines), HELP_FOOT])


def intent(msg: Incoming) -> str | None:
    if msg.kind == "postback" and msg.data.startswith("act="):
        return msg.data
    if msg.kind == "text":
        return _keywords.get(msg.text.strip().lower())
    return None


def fresh() -> State:
    return {"step": "idle", "draft": {}, "history": []}


def go(state: State, step: str) -> None:
    """Move to ``step``, remembering where "back" returns to."""
    state.setdefault("history", []).append(state["step"])
    state["step"] = step


WELCOME = {"line": "ขอบคุณที่เพิ่มเพื่อน", "telegram": "ยินดีต้อนรับสู่พลัง"}


def greeting() -> Reply:
    return Reply("สวัสดีครับ/ค่ะ ต้องการทำอะไร?", menu())


def done(text: str) -> Result:
    """End of a flow: a fresh session and the answer with the main menu."""
    return fresh(), [Reply(text, menu())]


def _starter(what: str) -> Callable[[Chat], Result] | None:
    for f in _flows.values():
        if what in f.starts:
            return f.starts[what]
    return None


def _start(what: str, chat: Chat) -> Result:
    starter = _starter(what)
    return starter(chat) if starter is not None else (fresh(), [greeting()])


def _prompt(chat: Chat, state: State) -> Reply:
    flow = _by_step.get(state["step"])
    if flow is None or flow.prompt is None:
        return greeting()
    return flow.prompt(chat, state)


def step(state: State | None, msg: Incoming, chat: Chat) -> Result:
    state = dict(state or fresh())
    state.setdefault("history", [])
    state.setdefault("draft", {})
    what = intent(msg)

    if msg.kind == "follow":  # LINE's "add friend", Telegram's /start: each in its own words
        return fresh(), [Reply(WELCOME.get(chat.channel, WELCOME["telegram"]) + "\n" + help_text(), menu())]
    if msg.kind == "blocked":  # blocking the bot is an opt-out; a blocked chat gets no reply
        for f in _flows.values():
            if f.on_blocked is not None:
                f.on_blocked(chat)
        return fresh(), []
    if msg.kind == "sticker":  # a friendly sticker gets a friendly answer, and the dialog goes on
        return state, [Reply("ขอบคุณสำหรับสติกเกอร์ครับ/ค่ะ 🙂"), _prompt(chat, state)]
    if msg.kind == "unsupported":
        return state, [Reply("ยังรับข้อความแบบนี้ไม่ได้ กรุณาพิมพ์ข้อความ ส่งรูป วิดีโอ ไฟล์ หรือตำแหน่ง"),
                       _prompt(chat, state)]
    if what == P_CANCEL:
        return done(CANCELLED)
    if what == P_HELP:
        return state, [Reply(help_text(), menu() if state["step"] == "idle" else NAV)]
    if what == P_BACK:
        if state["history"]:
            state["step"] = state["history"].pop()
        else:
            state = fresh()
        return state, [_prompt(chat, state)]
    current = _by_step.get(state["step"])
    pending = state.pop("pending_start", None)
    if what == P_DISCARD and pending:
        return _start(pending, chat)
    if what == P_RESUME:
        return state, [_prompt(chat, state)]
    if what is not None and _starter(what) is not None:
        if current is not None and current.has_draft is not None and current.has_draft(state):
            # A menu word typed mid-dialog: ask before the draft is thrown away (it is kept, and
            # expires with the session, if the person does not answer).
            state["pending_start"] = what
            return state, [Reply("คุณมีเรื่องที่ยังไม่ได้ส่งค้างอยู่ ต้องการทำต่อ หรือทิ้งร่างนี้แล้วเริ่มใหม่?",
                                 [("ทำต่อ", P_RESUME), ("ทิ้งร่าง เริ่มใหม่", P_DISCARD)])]
        return _start(what, chat)
    free_text = msg.kind == "text" and current is not None and state["step"] in current.free_text_steps
    if what is None and not free_text:
        for f in _flows.values():
            if f.command is not None:
                result = f.command(chat, state, msg)
                if result is not None:
                    return result
    if current is not None and current.handle is not None:
        return current.handle(chat, state, msg, what)
    for f in _flows.values():
        if f.idle is not None:
            result = f.idle(chat, msg, what)
            if result is not None:
                return result
    return fresh(), [greeting()]


# --- receipts shared between apps -------------------------------------------------------------------

ReceiptLookup = Callable[[Chat, str], Result | None]
_receipt_lookups: list[tuple[str, ReceiptLookup]] = []


def register_receipt_lookup(name: str, lookup: ReceiptLookup) -> None:
    """Receipts look alike across apps (a report's, a help request's): a flow that does not know
    a receipt asks the others through ``lookup_receipt``. ``lookup(chat, text)`` answers for a
    receipt of its app in ``text``, or returns None."""
    _receipt_lookups[:] = [(n, f) for n, f in _receipt_lookups if n != name] + [(name, lookup)]


def lookup_receipt(chat: Chat, receipt: str, *, exclude: str = "") -> Result | None:
    for name, lookup in _receipt_lookups:
        if name != exclude:
            result = lookup(chat, receipt)
            if result is not None:
                return result
    return None


__all__ = ["CONFIRM_NAV", "NAV", "Chat", "Flow", "Incoming", "Reply", "done", "fresh", "go", "greeting",
           "help_text", "intent", "lookup_receipt", "menu", "register", "register_receipt_lookup", "step"]
