"""SMS commands: one message in, one answer out, for basic phones and internet shutdowns.

An SMS has no buttons and no session worth keeping, so each app registers one-message commands
(a keyword, then its argument: "สถานะ 1234-…"), and this module routes a text to the command its
first word names. Thai is written without spaces, so a Thai keyword may touch its argument.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from phalang.chat.dialog import Chat

# A handler answers, or returns None when the message is not for it after all ("ใช่" is the answer
# to a fix question only when one waits): the next command with that word is tried.
# A list is several SMS, sent in order (a receipt, then the first question).
SmsHandler = Callable[[Chat, str], str | list[str] | None]

@dataclass
class SmsCommand:
    name: str
    words: tuple[str, ...]
    handler: SmsHandler
    usage: str = ""  # one short line for the help answer, e.g. 'แจ้ง <จังหวัด> <เรื่อง>'
    order: int = 100


_commands: dict[str, SmsCommand] = {}
PREFIX = "พลัง: "


def register(command: SmsCommand) -> None:
    _commands[command.name] = command


def _is_thai(ch: str) -> bool:
    return "\u0e00" <= ch <= "\u0e7f"


def _prefix(lowered: str, word: str) -> int | None:
    """How much of the message ``word`` takes at its start (None: it does not start with it). A
    space typed between two Thai letters of the word is skipped: Thai words are written without
    spaces, but people type one between the parts of a command ("กิจกรรม ของฉัน")."""
    i = 0
    for j, ch in enumerate(word):
        if j and _is_thai(ch) and _is_thai(word[j - 1]) and i < len(lowered) and lowered[i] == " ":
            i += 1
        if i >= len(lowered) or lowered[i] != ch:
            return None
        i += 1
    return i


def matches(text: str) -> list[tuple[SmsCommand, str]]:
    """The commands a message may start with (the longest word first; for one word, by ``order``),
    each with the rest of the message."""
    body = " ".join((text or "").split())
    lowered = body.lower()
    words = sorted(((w, c) for c in _commands.values() for w in c.words), key=lambda wc: (-len(wc[0]), wc[1].order))
    found = []
    for word, command in words:
        n = _prefix(lowered, word.lower())
        if n is None:
            continue
        rest = body[n:]
        tail = rest.lstrip(" .!?,")
        # "STOP." and "stop!" are STOP; "stopping" is not. Thai words may touch what follows.
        if not rest or rest[0] in " .!?," or _is_thai(word[-1]):
            found.append((command, tail.strip()))
    return found


def match(text: str) -> tuple[SmsCommand, str] | None:
    """The command a message starts with, and the rest of the message."""
    found = matches(text)
    return found[0] if found else None


def help_text() -> str:
    usages = [c.usage for c in sorted(_commands.values(), key=lambda c: c.order) if c.usage]
    return PREFIX + "ส่ง " + ", ".join(usages)


def answer(chat: Chat, text: str) -> list[str]:
    """The SMS to send back (one, or a few in order)."""
    for command, rest in matches(text):
        reply = command.handler(chat, rest)
        if reply is not None:
            return [reply] if isinstance(reply, str) else reply
    return [help_text()]
