"""The board page stays under 150 KB compressed (issue 14, item 6): its HTML with 20 reports plus
every CSS, JS, font and boundary file it loads, gzip-compressed as served (the same weighing as
bench/board.py, without its 100,000-report fill). District files load only when zoomed in."""

from __future__ import annotations

import gzip
import os
import re

from django.contrib.staticfiles import finders

from phalang.watch import workflow
from phalang.watch.actions import NewReport, file_report

LIMIT = 150 * 1024


def _static(url: str) -> bytes:
    path = finders.find(url.removeprefix("/static/").split("?")[0])
    assert path, url
    with open(path, "rb") as f:
        return f.read()


def test_the_board_page_is_under_150_kb_compressed(client, gazetteer, make_user) -> None:  # type: ignore[no-untyped-def]
    root = make_user("root", is_superuser=True)
    for i in range(21):  # a full first page of reports, with a "more" link
        text = f"ถนนในหมู่บ้านหมู่ที่ {i + 1} เป็นหลุมเป็นบ่อ รถจักรยานยนต์ล้มทุกสัปดาห์ ขอให้ซ่อมด่วน"
        report, _ = file_report(NewReport(category="public_service", description=text, province="น่าน"))
        workflow.publish(report, by=root, public_text=text)
    html = client.get("/reports/").content
    page = html.decode()
    assets = set(re.findall(r'(?:href|src|data-boundaries)="(/static/[^"]+)"', page))
    for css in [a for a in assets if a.endswith(".css")]:
        body = _static(css).decode()
        assets |= {os.path.normpath(os.path.join(os.path.dirname(css), u)) for u in
                   re.findall(r'url\("?([^")]+\.woff2)"?\)', body)}
    weights = {"html": len(gzip.compress(html))}
    weights |= {a: len(gzip.compress(_static(a))) for a in sorted(assets)}
    assert any("provinces" in a for a in weights) and any(a.endswith("board-map.js") for a in weights)
    assert not any("/districts/" in a for a in weights)
    total = sum(weights.values())
    assert total < LIMIT, f"{total / 1024:.1f} KB: {weights}"
