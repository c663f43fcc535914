"""``{% chat_links "ร่วม" "join" code "rsvp" %}``: buttons that open LINE (or Telegram) with the
command ready to send (messaging/links.py); nothing when neither account is configured."""

from __future__ import annotations

from typing import Any

from django import template

from phalang.messaging import links

register = template.Library()


@register.inclusion_tag("core/chat_links.html")
def chat_links(word_th: str, command_en: str, argument: Any, name: str) -> dict[str, str]:
    argument = str(argument)
    return {"line_url": links.line_message(f"{word_th} {argument}"),
            "telegram_url": links.telegram_start(command_en, argument), "name": name}
