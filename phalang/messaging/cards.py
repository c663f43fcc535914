"""Cards: a message with a title, a few labelled lines, maybe a code to copy, a short timeline and
buttons. LINE shows it as a Flex Message, built with line-bot-sdk's models so the SDK checks its
shape; Telegram gets the reply's plain text with the card's buttons as an inline keyboard, and
SMS the plain text alone (every card is carried by a reply whose ``text`` stands on its own).

A card is a JSON-able dict, stored (sealed) in the outbox with its reply (``Reply.card``):

    {"title": "ได้รับเรื่องแล้ว", "code": "1234-5678-…", "lines": [["ประเภท", "การทุจริต"]],
     "timeline": [["6 ธ.ค. 2569", "ได้รับเรื่องแล้ว"]], "buttons": [["ดูสถานะ", "case=12"]],
     "links": [["เปิดตั๋ว", "https://…"]], "note": "แสดงครั้งเดียว"}

Buttons are postbacks (label, data) the chat's flows handle; links open a web page; a code gets
a copy button (LINE's clipboard action, Telegram's copy_text button). A card never carries who a
reporter is: only what the person it goes to may already see.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from linebot.v3.messaging import FlexMessage, QuickReply

ACCENT = "#0b6e4f"  # the site's green
ALT_TEXT_MAX = 400  # LINE's limit for a Flex Message's alternative text
BUTTONS_MAX = 4  # buttons and links together, under the body: more would crowd a phone's screen
LABEL_MAX = 20  # LINE's limit for an action's label
DATA_MAX = 300  # LINE's limit for a postback's data
TIMELINE_MAX = 6  # the latest steps of a timeline; the web page shows them all
COPY_LABEL = "คัดลอกรหัส"

Pairs = Sequence[tuple[str, str]]


def card(title: str, *, code: str = "", body: str = "", lines: Pairs = (), timeline: Pairs = (),
         buttons: Pairs = (), links: Pairs = (), note: str = "") -> dict[str, Any]:
    """A card: ``body`` a paragraph (a statement to vote on), ``lines`` (label, value),
    ``timeline`` (when, what), ``buttons`` (label, postback data), ``links`` (label, URL)."""
    out: dict[str, Any] = {"title": title, "lines": [list(x) for x in lines],
                           "buttons": [list(b) for b in buttons]}
    if code:
        out["code"] = code
    if body:
        out["body"] = body
    if timeline:
        out["timeline"] = [list(t) for t in list(timeline)[-TIMELINE_MAX:]]
    if links:
        out["links"] = [list(link) for link in links]
    if note:
        out["note"] = note
    return out


def receipt(title: str, code: str, lines: Pairs, buttons: Pairs, note: str = "") -> dict[str, Any]:
    return card(title, code=code, lines=lines, buttons=buttons, note=note)


def status(title: str, lines: Pairs, timeline: Pairs, buttons: Pairs) -> dict[str, Any]:
    return card(title, lines=lines, timeline=timeline, buttons=buttons)


def to_flex(card: dict[str, Any], alt_text: str, quick_reply: QuickReply | None = None) -> FlexMessage:
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
        URIAction,
    )

    body: list[Any] = [FlexText(text=str(card["title"])[:200], weight="bold", size="lg", wrap=True, color=ACCENT)]
    if card.get("code"):
        body.append(FlexText(text=str(card["code"]), weight="bold", size="xl", wrap=True, margin="md"))
    if card.get("body"):
        body.append(FlexText(text=str(card["body"])[:2000], size="md", wrap=True, margin="md"))
    rows = [FlexBox(layout="baseline", spacing="sm", contents=[
        FlexText(text=str(label)[:40] or "-", size="sm", color="#666666", flex=2, wrap=True),
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
                                  action=ClipboardAction(label=COPY_LABEL, clipboard_text=str(card["code"]))))
    # A link (the ticket) is the card's main action unless it has a code to copy: it comes first.
    for label, url in card.get("links", [])[:BUTTONS_MAX]:
        buttons.append(FlexButton(style="secondary" if card.get("code") else "primary", color=ACCENT, height="sm",
                                  action=URIAction(label=str(label)[:LABEL_MAX], uri=str(url))))
    for label, data in card.get("buttons", [])[:max(0, BUTTONS_MAX - len(card.get("links", [])))]:
        buttons.append(FlexButton(style="secondary", height="sm", action=PostbackAction(
            label=str(label)[:LABEL_MAX], data=str(data)[:DATA_MAX], display_text=str(label)[:LABEL_MAX])))
    bubble = FlexBubble(body=FlexBox(layout="vertical", spacing="sm", contents=body),
                        footer=FlexBox(layout="vertical", spacing="sm", contents=buttons) if buttons else None)
    return FlexMessage(alt_text=(alt_text or str(card["title"]))[:ALT_TEXT_MAX], contents=bubble,
                       quick_reply=quick_reply)


def inline_keyboard(card: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """The card's buttons as Telegram inline keyboard rows: copy the code, postbacks as callbacks
    (64 bytes at most, the Bot API's limit), links as URL buttons."""
    rows: list[list[dict[str, Any]]] = []
    if card.get("code"):
        rows.append([{"text": COPY_LABEL, "copy_text": {"text": str(card["code"])}}])
    for label, url in card.get("links", []):
        rows.append([{"text": str(label), "url": str(url)}])
    for label, data in card.get("buttons", [])[:BUTTONS_MAX]:
        if len(str(data).encode()) <= 64:
            rows.append([{"text": str(label), "callback_data": str(data)}])
    return rows
