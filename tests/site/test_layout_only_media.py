"""The site gate runs every axe-core rule at 360 px and, widened to 1366 px, only the rules whose
outcome depends on layout (tests/site/crawler.py, AXE_LAYOUT_RULES). That holds while the screen
media queries of site.css change only layout: columns, widths, spacing. A query that hides, shows
or recolours something at one width would put markup in front of people that axe never saw.
"""

from __future__ import annotations

import re

from tests.conftest import ROOT

SITE_CSS = ROOT / "phalang" / "static" / "phalang" / "site.css"
LAYOUT_ONLY = {"grid-template-columns", "grid-template-rows", "grid-column", "grid-row", "gap", "row-gap",
               "column-gap", "max-width", "min-width", "width", "margin", "margin-left", "margin-right",
               "padding", "padding-left", "padding-right", "flex-direction", "flex-wrap", "justify-content",
               "align-items"}


def media_blocks(css: str) -> list[tuple[str, str]]:
    """(condition, body) of each @media block, braces matched."""
    blocks = []
    for m in re.finditer(r"@media([^{]*)\{", css):
        depth, i = 1, m.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(css[i], 0)
            i += 1
        blocks.append((m.group(1).strip(), css[m.end():i - 1]))
    return blocks


def properties(body: str) -> set[str]:
    return {p.strip().lower() for p in re.findall(r"([\w-]+)\s*:", re.sub(r"[^{}]*\{|\}", ";", body))}


def test_screen_media_queries_change_only_layout() -> None:
    css = re.sub(r"/\*.*?\*/", "", SITE_CSS.read_text(encoding="utf-8"), flags=re.S)
    blocks = [(cond, body) for cond, body in media_blocks(css) if cond != "print"]
    assert blocks, "site.css has no screen media query: this test checks nothing"
    for cond, body in blocks:
        other = properties(body) - LAYOUT_ONLY
        assert not other, (f"@media {cond} sets {sorted(other)}: not layout only. Run every axe rule at "
                           "1366 px too (AXE_LAYOUT_RULES in tests/site/crawler.py), or keep it to layout")


def test_the_check_sees_a_query_that_hides() -> None:
    hides = "@media (min-width: 48rem) { .menu { display: none; } main { max-width: 64rem; } }"
    (_cond, body), = media_blocks(hides)
    assert properties(body) - LAYOUT_ONLY == {"display"}
