"""Links that open a chat with the bot with a command ready to send, so nobody types an id or a
code: LINE's ``https://line.me/R/oaMessage/{basic id}/?{text}`` (developers.line.biz/en/docs/
messaging-api/using-line-url-scheme/: the text UTF-8 percent-encoded, shown in the input field
for the person to send) and Telegram's ``https://t.me/<bot>?start=<payload>`` (core.telegram.org/
bots/features#deep-linking: the payload arrives as "/start <payload>"; A-Z, a-z, 0-9, _ and -,
at most 64 characters). Each is empty when its account is not configured.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from django.conf import settings

TELEGRAM_PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def line_message(text: str) -> str:
    """A link that opens the chat with the official account, ``text`` typed in; "" if unset."""
    basic_id = settings.LINE_BASIC_ID.strip()
    if not basic_id or not text:
        return ""
    return f"https://line.me/R/oaMessage/{quote(basic_id, safe='')}/?{quote(text, safe='')}"


def telegram_start(command: str, argument: str) -> str:
    """A link that starts the bot with ``command argument`` (sent as "/start command-argument",
    which the Telegram client reads back as the command); "" if unset or it would not fit."""
    bot = settings.TELEGRAM_BOT_USERNAME
    payload = f"{command}-{argument}"
    if not bot or not TELEGRAM_PAYLOAD.match(payload):
        return ""
    return f"https://t.me/{quote(bot, safe='')}?start={payload}"


def start_payload_text(payload: str) -> str:
    """The command a /start payload carries: "join-AbC12xYz" -> "join AbC12xYz"."""
    command, _, argument = payload.partition("-")
    return f"{command} {argument}".strip()
