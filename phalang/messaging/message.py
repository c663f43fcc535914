"""Messages as the platform clients hand them over and take them: the same for LINE, Telegram and SMS."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Incoming:
    """One message from a person, whatever the platform."""

    kind: str  # "text" | "postback" | "location" | "image" | "video" | "audio" | "file" | "sticker" | "follow" | "blocked"
    text: str = ""
    data: str = ""
    lat: float | None = None
    lon: float | None = None
    evidence_id: int | None = None  # set once the chat has stored the attached file in the vault
    evidence_error: str = ""


@dataclass
class Reply:
    """One message to a person: text, reply buttons (label, postback payload), and optionally a card
    (a LINE Flex Message's contents) with ``text`` as its plain-text version elsewhere."""

    text: str
    quick: list[tuple[str, str]] = field(default_factory=list)
    card: dict[str, Any] | None = None


def to_dicts(replies: list[Reply]) -> list[dict[str, Any]]:
    """The outbox's stored form of replies."""
    out: list[dict[str, Any]] = []
    for r in replies:
        d: dict[str, Any] = {"text": r.text, "quick": [list(q) for q in r.quick]}
        if r.card is not None:
            d["card"] = r.card
        out.append(d)
    return out
