"""Template filters for Thai dates; loaded as a builtin in every template."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import template
from django.utils import timezone, translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

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


@register.filter
def in_own_lang(value: object) -> str:
    """Text people or data wrote (a name, a title, a statement), wrapped in a span that carries
    its language (`lang_of`): `{{ org.name_th|in_own_lang }}`. A Thai agency name on an English
    page is then marked as Thai, read in a Thai voice, and not mistaken for an untranslated label."""
    return format_html('<span lang="{}">{}</span>', lang_of(value), value)


@register.filter
def verbatim(value: object) -> str:
    """A code people type as it is (a bot keyword's argument, an event code, a campaign slug):
    in no language, so marked `translate="no"` (no translator changes it, and it is not read as
    an untranslated English word on a Thai page)."""
    return format_html('<span translate="no">{}</span>', value)


def _thai_marked(text: object) -> str:
    return format_html('<span lang="th">{}</span>', text) if lang_of(text) == "th" else conditional_escape(str(text))


@register.filter
def place(value: object) -> str:
    """A subdistrict, district or province, each part marked with its language: the gazetteer has
    districts and subdistricts in Thai only, provinces in both (their `__str__` follows the page)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return in_own_lang(value)
    parts = []
    district = getattr(value, "district", None)
    if district is not None:  # a subdistrict
        parts.append(_thai_marked(value.name_th))  # type: ignore[attr-defined]
        value = district
    if getattr(value, "province", None) is not None:  # a district
        parts.append(_thai_marked(value.name_th))  # type: ignore[attr-defined]
        value = value.province  # type: ignore[attr-defined]
    parts.append(_thai_marked(value))
    return mark_safe(", ".join(parts))  # noqa: S308  (each part escaped above)


@register.filter
def with_lang(field: Any) -> Any:
    """A bound form field holding text someone wrote (a campaign's issue, an event's agenda),
    rendered with that text's `lang`, so the text shown for editing is marked as written."""
    value = field.value()
    if isinstance(value, str) and value.strip() and field.widget_type in ("textarea", "text"):
        return field.as_widget(attrs={"lang": lang_of(value)})
    return field


@register.filter
def in_page_lang(value: Any, field: str = "name") -> str:
    """The page's language of something named in both (`name_th`/`name_en`, or another field
    given: `{{ q|in_page_lang:"text" }}`), falling back to the Thai, which is then marked Thai."""
    th, en = getattr(value, f"{field}_th", "") or "", getattr(value, f"{field}_en", "") or ""
    return conditional_escape(en) if _language() == "en" and en else _thai_marked(th)
