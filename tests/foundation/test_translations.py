"""Every interface string has a Thai translation, and the compiled catalogue matches it."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

PHALANG = Path(__file__).resolve().parents[2] / "phalang"
PO = PHALANG / "locale" / "th" / "LC_MESSAGES" / "django.po"
# The site catalogue plus each app's own (phalang/<app>/locale/th/...).
CATALOGUES = sorted(PHALANG.glob("**/locale/th/LC_MESSAGES/django.po"))


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(PHALANG)))
def test_no_untranslated_or_fuzzy_thai_strings(path: Path) -> None:
    po = polib.pofile(str(path))
    assert not po.untranslated_entries(), [e.msgid for e in po.untranslated_entries()][:10]
    assert not po.fuzzy_entries()


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(PHALANG)))
def test_compiled_mo_matches_po(path: Path) -> None:
    po = {(e.msgctxt, e.msgid): (e.msgstr or e.msgstr_plural.get(0)) for e in polib.pofile(str(path)) if not e.obsolete}
    mo = {(e.msgctxt, e.msgid): (e.msgstr or e.msgstr_plural.get(0)) for e in polib.mofile(str(path.with_suffix(".mo")))}
    mo.pop((None, ""), None)
    assert mo == po, "run `python tools/translate_th.py` to recompile the .mo"
