"""Every string marked for translation in the code and templates has a Thai translation at run
time: not only the entries that are in a .po file, but the ones someone forgot to extract.

Strings are extracted as `makemessages` does (Django's own `templatize` for templates, the
gettext calls in Python), without GNU gettext, and looked up through Django's real catalogues
(ours and Django's own) with Thai active.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
from django.utils import translation
from django.utils.translation.template import templatize

PHALANG = Path(__file__).resolve().parents[2] / "phalang"
SINGULAR = {"gettext", "gettext_lazy", "_", "gettext_noop", "_lazy"}
CONTEXT = {"pgettext", "pgettext_lazy"}
PLURAL = {"ngettext", "ngettext_lazy"}
CONTEXT_PLURAL = {"npgettext", "npgettext_lazy"}
# templatize writes each string as Python's repr: in single quotes, or in double quotes when it
# holds an apostrophe ("this chart's data").
_QUOTED = r"""u(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
TEMPLATE_CALL = re.compile(r"\b(gettext|pgettext|ngettext|npgettext)\(((?:" + _QUOTED + r"(?:, )?)+)")
STRING = re.compile(_QUOTED)


def _strings_from_python(path: Path) -> list[tuple[str | None, str, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else (
            node.func.attr if isinstance(node.func, ast.Attribute) else "")
        args = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args]
        where = f"{path.relative_to(PHALANG)}:{node.lineno}"
        if name in SINGULAR and args and args[0]:
            found.append((None, args[0], where))
        elif name in CONTEXT | CONTEXT_PLURAL and len(args) >= 2 and args[0] and args[1]:
            found.append((args[0], args[1], where))
        elif name in PLURAL and args and args[0]:
            found.append((None, args[0], where))
    return found


def _strings_from_template(path: Path) -> list[tuple[str | None, str, str]]:
    found = []
    for match in TEMPLATE_CALL.finditer(templatize(path.read_text(encoding="utf-8"), origin=str(path))):
        strings = [ast.literal_eval(s[1:]) for s in STRING.findall(match.group(2))]
        where = str(path.relative_to(PHALANG))
        if match.group(1) in ("pgettext", "npgettext"):
            found.append((strings[0], strings[1], where))
        else:
            found.append((None, strings[0], where))
    return found


def marked_strings() -> list[tuple[str | None, str, str]]:
    out: list[tuple[str | None, str, str]] = []
    for path in sorted(PHALANG.rglob("*.py")):
        if "engines" not in path.parts and "migrations" not in path.parts:
            out += _strings_from_python(path)
    for path in sorted(PHALANG.rglob("templates/**/*.html")):
        out += _strings_from_template(path)
    return out


def test_extraction_finds_the_strings() -> None:
    """The extractor itself works: it finds strings we know are there, of every kind."""
    found = {(ctx, msgid) for ctx, msgid, _ in marked_strings()}
    assert (None, "Skip to content") in found  # a template {% translate %}
    assert (None, "Page not found") in found
    assert (None, "Progress (%%)") in found  # % doubled, as {% translate %} looks it up
    assert (None, "LINE Official Account") in found  # a Python gettext_lazy
    assert ("chart", "Download this chart's data (CSV)") in found  # an apostrophe: templatize's repr in "…"
    assert len(found) > 300


def _in_catalogues() -> set[tuple[str | None, str]]:
    """Entries translated on purpose to the same text ("API", "LINE Official Account")."""
    return {(e.msgctxt, e.msgid) for path in PHALANG.glob("**/locale/th/LC_MESSAGES/django.po")
            for e in polib.pofile(str(path)) if e.msgstr or e.msgstr_plural.get(0)}


def test_every_marked_string_has_thai() -> None:
    missing = []
    catalogued = _in_catalogues()
    with translation.override("th"):
        for ctx, msgid, where in marked_strings():
            if not re.search(r"[A-Za-z]", msgid):
                continue  # nothing to translate ("%(n)s", "·")
            # Exactly the msgid Django looks up: {% translate "50 (%)" %} asks for "50 (%%)".
            thai = translation.pgettext(ctx, msgid) if ctx else translation.gettext(msgid)
            if thai == msgid and (ctx, msgid) not in catalogued:
                missing.append(f"{where}: {ctx + ' | ' if ctx else ''}{msgid!r}")
    assert not missing, f"{len(missing)} strings have no Thai translation:\n" + "\n".join(sorted(set(missing))[:80])
