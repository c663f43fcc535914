"""Number and year formatting for the explorer (django.contrib.humanize is not installed)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext

from phalang.core.templatetags.thai import lang_of
from phalang.lib.thaidate import BE_OFFSET
from phalang.opendata import codes
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


def _precise(value: float, avoid: tuple[float, ...] = ()) -> str:
    """``value`` with one decimal, or as many more as it takes (up to six) for the text not to
    round onto a whole number, or onto a limit in ``avoid``, that the value itself is not: 0.9996
    of the reference price is "99.96", never the "100" its rule says it stays below."""
    for decimals in range(1, 7):
        text = f"{value:,.{decimals}f}"
        shown = float(text.replace(",", ""))
        # (A whole number apart from float noise: 100 * 0.99 is 99.00000000000001.)
        onto_whole = shown.is_integer() and abs(value - round(value)) > 1e-9
        onto_limit = any(shown == limit and abs(value - limit) > 1e-9 for limit in avoid)
        if not (onto_whole or onto_limit):
            break
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def currency(value: Any) -> str:
    """A currency in the page's language: "THB" -> "บาท" on a Thai page, as budget amounts say it;
    any other code as published, in no language ("MDL", "UAH")."""
    code = "" if value is None else str(value)
    word = codes.currency(code)
    if word is not None:
        return conditional_escape(word)
    return format_html('<span translate="no">{}</span>', code) if code else ""


@register.simple_tag
def flag_value(value: Any, unit: str, currency: str = "", threshold: Any = None) -> str:
    """A flag's value with its unit: "949,000 THB", "12 days", "99.96%", never a bare number, and
    never rounded onto the limit the flag is about (``threshold``, or a whole number)."""
    if not isinstance(value, int | float):
        return ""
    avoid = (float(threshold),) if isinstance(threshold, int | float) else ()
    if unit == "money":
        return f"{value:,.0f} {codes.currency(currency) or currency or _('in the process currency')}".strip()
    if unit == "days":
        days = _precise(value, avoid)
        return ngettext("%(n)s day", "%(n)s days", 1 if days == "1" else 2) % {"n": days}
    if unit == "count":
        return f"{round(value):,}"
    if unit == "bidders":
        n = round(value)
        return npgettext("flag value", "%(n)s bidder", "%(n)s bidders", n) % {"n": f"{n:,}"}
    if unit in ("ratio", "share"):  # awards / reference price, a share of spending: as percent
        return _precise(100 * value, (*(100 * a for a in avoid), 100.0)) + "%"
    return f"{value:.3f}".rstrip("0").rstrip(".")


@register.filter
def plain(value: Any) -> str:
    """Text a publisher wrote as HTML, without its tags (escaped again by the template)."""
    return plain_text(value) if isinstance(value, str) else ("" if value is None else str(value))


def _coded(label: str | None, value: Any) -> str:
    """A known code's label in the page's language, else the publisher's own text marked with its language."""
    if label is not None:
        return conditional_escape(label)
    return format_html('<span lang="{}">{}</span>', lang_of(value), value)


@register.filter
def ocds_method(value: Any) -> str:
    """An OCDS procurement method: "open" -> "วิธีประกาศเชิญชวนทั่วไป"; a publisher's own word as published."""
    return _coded(codes.method(str(value or "")), value)


@register.filter
def ocds_method_text(value: Any) -> str:
    """The same, as plain text (an <option>'s label)."""
    return codes.method(str(value or "")) or str(value or "")


@register.filter
def ocds_status(value: Any) -> str:
    """An OCDS status ("active", "pending", ...) in the page's language; unknown ones as published."""
    return _coded(codes.status(str(value or "")), value)


@register.filter
def scheme_of(entity: Any) -> str:
    """An organisation's identifier: "TH-DBD 0105…", or, for a party the publisher gave no registered
    identifier, that it has none (the import's X-LOCAL id is ours, not a register's)."""
    if getattr(entity, "scheme", "") == codes.LOCAL_SCHEME:
        return format_html('{} <span class="code" translate="no">{}</span>', codes.LOCAL_SCHEME_LABEL,
                           entity.identifier)
    return format_html('<span class="code" translate="no">{} {}</span>', getattr(entity, "scheme", ""),
                       getattr(entity, "identifier", ""))


@register.filter
def ocds_method_known(value: Any) -> bool:
    return codes.method(str(value or "")) is not None


@register.filter
def entity_label(entity: Any) -> str:
    """An organisation's name, marked with its language; one the publisher left unnamed says so,
    with the publisher's own id as a code (never our "X-LOCAL-…" key as if it were a name)."""
    name = getattr(entity, "name", "")
    if name:
        return format_html('<span lang="{}">{}</span>', lang_of(name), name)
    return format_html('{} <span class="code" translate="no">{}</span>', codes.UNNAMED_LABEL,
                       getattr(entity, "identifier", "") or getattr(entity, "pk", ""))
