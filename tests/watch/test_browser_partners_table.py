"""Headless Chromium at 360 px: the responsiveness table never breaks a Thai word in the middle
(a user trial read "ส่งต่" / "อ" on a phone). Lines may break only where the browser's own Thai
word segmentation (Intl.Segmenter, the same ICU dictionary as its line breaking) puts a word
boundary; the table scrolls in its own box and the page never scrolls sideways."""

from __future__ import annotations

import pytest

from tests.watch.cases import cast, resolved_case  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, tmp_path, name: str) -> None:  # type: ignore[no-untyped-def]
    """A screenshot; with PHALANG_DOC_SCREENSHOTS=dir it is also kept for the guide."""
    import os
    import shutil
    from pathlib import Path

    path = tmp_path / name
    page.screenshot(path=str(path), full_page=False)
    if os.environ.get("PHALANG_DOC_SCREENSHOTS"):
        shutil.copy(path, Path(os.environ["PHALANG_DOC_SCREENSHOTS"]) / name)

# For each table cell: every offset where the text moves to a new line, and the word boundaries.
MID_WORD_BREAKS = """() => {
  const seg = new Intl.Segmenter('th', {granularity: 'word'});
  const bad = [];
  for (const cell of document.querySelectorAll('#responsiveness th, #responsiveness td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.data;
      const bounds = new Set([0, text.length]);
      for (const s of seg.segment(text)) { bounds.add(s.index); bounds.add(s.index + s.segment.length); }
      let top = null;
      for (let i = 0; i < text.length; i++) {
        const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
        const rect = r.getClientRects()[0];
        if (!rect || !text[i].trim()) continue;
        if (top !== null && rect.top > top + 2 && !bounds.has(i)) bad.push(text.slice(Math.max(0, i - 4), i) + '|' + text.slice(i, i + 4));
        top = rect.top;
      }
    }
  }
  return bad;
}"""


def test_thai_words_are_never_cut_at_360_px(page, gazetteer, cast, tmp_path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    resolved_case(cast)
    page.goto(page.base_url + "/reports/partners/")
    assert page.locator("html").get_attribute("lang") == "th"
    assert page.evaluate(MID_WORD_BREAKS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # the table scrolls in its box
    assert page.console_errors == []
    _shot(page, tmp_path, "watch-partners-table.png")
