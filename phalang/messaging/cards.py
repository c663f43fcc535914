"""Cards: a message with a title, a few labelled lines, maybe a code to copy, a short timeline and
buttons. LINE shows it as a Flex Message, built with line-bot-sdk's models so the SDK checks its
shape; Telegram and SMS get the reply's plain text, which every card carries.

A card is a JSON-able dict, stored in the outbox with its reply (``Reply.card``):

    {"title": "ได้รับเรื่องแล้ว", "code": "1234-5678-…", "lines": [["ประเภท", "การทุจริต"]],
     "timeline": [["6 ธ.ค. 2569", "ได้รับเรื่องแล้ว"]], "buttons": [["ดูสถานะ", "act=follow"]],
     "note": "แสดงครั้งเดียว"}

Buttons are postbacks (label, data); a code gets a copy button (LINE's clipboard action).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from linebot.v3.messaging import FlexMessage

ACCENT = "#0b6e4f"  # the site's green
ALT_TEXT_MAX = 400  # LINE's limit for a Flex Message's alternative text
BUTTONS_MAX = 4


def receipt(title: str, code: str, lines: list[tuple[str, str]], buttons: list[tuple[str, str]],
            note: str = "") -> dict[str, Any]:
    return {"title": title, "code": code, "lines": [list(x) for x in lines], "buttons": [list(b) for b in buttons],
            "note": note}


def status(title: str, lines: list[tuple[str, str]], timeline: list[tuple[str, str]],
           buttons: list[tuple[str, str]]) -> dict[str, Any]:
    return {"title": title, "lines": [list(x) for x in lines], "timeline": [list(t) for t in timeline],
            "buttons": [list(b) for b in buttons]}


def to_flex(card: dict[str, Any], alt_text: str) -> FlexMessage:
    """The card as a LINE Flex Message (a bubble); the SDK's models validate every part."""
    from linebot.v3.messaging import (
        ClipboardAction,
        FlexBox,
        FlexBubble,
        FlexButton,
        FlexMessage,
        FlexSeparator,
        FlexText,
        PostbackAction,
    )

    body: list[Any] = [FlexText(text=str(card["title"])[:200], weight="bold", size="lg", wrap=True, color=ACCENT)]
    if card.get("code"):
        body.append(FlexText(text=str(card["code"]), weight="bold", size="xl", wrap=True, margin="md"))
    rows = [FlexBox(layout="baseline", spacing="sm", contents=[
        FlexText(text=str(label)[:40], size="sm", color="#666666", flex=2, wrap=True),
        FlexText(text=str(value)[:300] or "-", size="sm", flex=5, wrap=True)]) for label, value in card.get("lines", [])]
    if rows:
        body += [FlexSeparator(margin="md"), FlexBox(layout="vertical", spacing="sm", margin="md", contents=rows)]
    steps = [FlexBox(layout="baseline", spacing="sm", contents=[
        FlexText(text="●", size="xs", color=ACCENT, flex=0),
        FlexText(text=f"{when} · {what}"[:300], size="sm", wrap=True)]) for when, what in card.get("timeline", [])]
    if steps:
        body += [FlexSeparator(margin="md"), FlexBox(layout="vertical", spacing="xs", margin="md", contents=steps)]
    if card.get("note"):
        body.append(FlexText(text=str(card["note"])[:300], size="xs", color="#666666", wrap=True, margin="md"))
    buttons: list[Any] = []
    if card.get("code"):
        buttons.append(FlexButton(style="primary", color=ACCENT, height="sm",
                                  action=ClipboardAction(label="คัดลอกรหัส", clipboard_text=str(card["code"]))))
    for label, data in card.get("buttons", [])[:BUTTONS_MAX]:
        buttons.append(FlexButton(style="secondary", height="sm",
                                  action=PostbackAction(label=str(label)[:20], data=str(data), display_text=str(label))))
    bubble = FlexBubble(body=FlexBox(layout="vertical", spacing="sm", contents=body),
                        footer=FlexBox(layout="vertical", spacing="sm", contents=buttons) if buttons else None)
    return FlexMessage(alt_text=alt_text[:ALT_TEXT_MAX] or str(card["title"])[:ALT_TEXT_MAX], contents=bubble)
