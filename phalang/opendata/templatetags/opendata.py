"""Number and year formatting for the explorer (django.contrib.humanize is not installed)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from phalang.lib.thaidate import BE_OFFSET
from phalang.opendata.extract import plain_text

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


@register.simple_tag
def flag_value(value: Any, unit: str, currency: str = "") -> str:
    """A flag's value with its unit: "949,000 THB", "12 days", "99.5%", never a bare number."""
    if not isinstance(value, int | float):
        return ""
    if unit == "money":
        return f"{value:,.0f} {currency or _('in the process currency')}".strip()
    if unit == "days":
        days = round(value)
        return ngettext("%(n)s day", "%(n)s days", abs(days)) % {"n": f"{days:,}"}
    if unit == "count":
        return f"{round(value):,}"
    if unit in ("ratio", "share"):  # awards / reference price, a share of spending: as percent
        return f"{100 * value:.1f}".rstrip("0").rstrip(".") + "%"
    return f"{value:.3f}".rstrip("0").rstrip(".")


@register.filter
def plain(value: Any) -> str:
    """Text a publisher wrote as HTML, without its tags (escaped again by the template)."""
    return plain_text(value) if isinstance(value, str) else ("" if value is None else str(value))
