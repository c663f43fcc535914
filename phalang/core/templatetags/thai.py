"""Template filters for Thai dates; loaded as a builtin in every template."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import timezone, translation

from phalang.lib.thaidate import format_date, format_datetime

register = template.Library()


def _language() -> str:
    return (translation.get_language() or "th")[:2]


@register.filter
def thaidate(value: date | datetime | None, style: str = "short") -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        if style == "time":
            return format_datetime(value, _language())
        value = value.date()
    return format_date(value, _language(), long=(style == "long"))


@register.filter
def lang_of(value: object) -> str:
    """The `lang` of text people wrote (reports, names, statements): "th" when it has Thai
    letters, else "" (unknown), so a screen reader reads it in the right voice and a Thai name
    on an English page is marked as Thai, not mistaken for an untranslated label."""
    return "th" if any("\u0e00" <= ch <= "\u0e7f" for ch in str(value or "")) else ""
