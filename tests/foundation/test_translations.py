"""Every interface string has a Thai translation, and the compiled catalogue matches it."""

from __future__ import annotations

from pathlib import Path

import polib

PO = Path(__file__).resolve().parents[2] / "phalang" / "locale" / "th" / "LC_MESSAGES" / "django.po"


def test_no_untranslated_or_fuzzy_thai_strings() -> None:
    po = polib.pofile(str(PO))
    assert not po.untranslated_entries(), [e.msgid for e in po.untranslated_entries()][:10]
    assert not po.fuzzy_entries()


def test_compiled_mo_matches_po() -> None:
    po = {e.msgid: (e.msgstr or e.msgstr_plural.get(0)) for e in polib.pofile(str(PO)) if not e.obsolete}
    mo = {e.msgid: (e.msgstr or e.msgstr_plural.get(0)) for e in polib.mofile(str(PO.with_suffix(".mo")))}
    mo.pop("", None)
    assert mo == po, "run `python tools/translate_th.py` to recompile the .mo"
