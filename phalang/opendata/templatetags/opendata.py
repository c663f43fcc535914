"""Number and year formatting for the explorer (django.contrib.humanize is not installed)."""

from __future__ import annotations

from typing import Any

from django import template

from phalang.lib.thaidate import BE_OFFSET

register = template.Library()


@register.filter
def money(value: Any) -> str:
    """12345678.9 -> "12,345,679"; empty for missing values."""
    if value is None or value == "":
        return ""
    try:
        return f"{float(value):,.0f}"
    except (TypeError, ValueError):
        return str(value)


@register.filter
def be_year(value: Any) -> str:
    """Gregorian year -> Buddhist-era year, as Thai readers expect."""
    return str(int(value) + BE_OFFSET) if isinstance(value, int) else ""
