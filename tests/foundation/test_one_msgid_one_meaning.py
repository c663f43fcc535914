"""One msgid, one meaning: Django merges every catalogue into one, so a msgid translated two ways
shows one module's wording in another (a kept promise read "ช่วยเหลือเรียบร้อย", the aid
wording). Statuses and labels carry a message context (``pgettext``) instead."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.utils import translation
from django.utils.functional import Promise

PHALANG = Path(__file__).resolve().parents[2] / "phalang"
CATALOGUES = sorted(PHALANG.glob("**/locale/th/LC_MESSAGES/django.po"))


def test_no_msgid_is_translated_two_ways_across_catalogues() -> None:
    seen: dict[tuple[str | None, str], dict[str, str]] = defaultdict(dict)
    for path in CATALOGUES:
        for e in polib.pofile(str(path)):
            if not e.obsolete and e.msgstr:
                seen[(e.msgctxt, e.msgid)][str(path.relative_to(PHALANG))] = e.msgstr
    clashes = {k: v for k, v in seen.items() if len(set(v.values())) > 1}
    assert not clashes, f"give these a message context (pgettext): {clashes}"


def _phalang_choice_fields() -> list[tuple[str, str, object]]:
    out = []
    for model in apps.get_models():
        if not model.__module__.startswith("phalang."):
            continue
        for field in model._meta.get_fields():
            for _value, label in getattr(field, "flatchoices", None) or []:
                out.append((f"{model.__name__}.{field.name}", str(_value), label))
    return out


def test_every_translated_choice_label_has_a_context() -> None:
    # pgettext_lazy keeps (context, message) as its two arguments; gettext_lazy keeps one.
    bare = sorted({f"{where}={value}" for where, value, label in _phalang_choice_fields()
                   if isinstance(label, Promise) and len(getattr(label, "_args", ())) != 2})
    assert not bare, f"use pgettext_lazy for: {bare[:20]}"


@pytest.mark.parametrize(("label", "thai"), [
    ("phalang.coalition.models.CommitmentStatus.FULFILLED", "ทำตามแล้ว"),
    ("phalang.aid.models.StockMovement.Status.RECEIVED", "ได้รับแล้ว"),
    ("phalang.watch.models.Status.RECEIVED", "ได้รับเรื่องแล้ว"),
    ("phalang.aid.models.State.FULFILLED", "ช่วยเหลือเรียบร้อย"),
])
def test_each_module_keeps_its_own_thai_wording(label: str, thai: str) -> None:
    module, _, path = label.partition(".models.")
    obj: object = __import__(f"{module}.models", fromlist=["_"])
    for part in path.split("."):
        obj = getattr(obj, part)
    with translation.override("th"):
        assert str(obj.label) == thai  # type: ignore[attr-defined]
