"""Server-rendered SVG bar charts, with the same numbers as a table for screen readers.

The site's Content-Security-Policy forbids inline ``style`` attributes, so bars drawn as
``<span style="width: …">`` were invisible. An SVG ``<rect width="…">`` is geometry, not style:
the sizes are presentation attributes, the colours come from the stylesheet (``opendata.css``).
No JavaScript, nothing fetched: the page works on a cheap phone and prints.

A chart is a list of rows; each row has one value per series (e.g. budgeted and disbursed).
``opendata/_chart.html`` draws it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

WIDTH = 320  # viewBox units; the SVG scales to the column width
BAR_MAX = 200  # the longest bar; the rest of the line holds its number
BAR_HEIGHT = 10
LABEL_HEIGHT = 14
ROW_GAP = 8
LABEL_CHARS = 48


def _n(value: float) -> str:
    """An SVG coordinate, never localised ("12.5", not "12,5")."""
    return f"{value:.1f}"


@dataclass
class Bar:
    series: int
    value: float | None
    text: str
    y: str
    width: str
    text_x: str
    text_y: str


@dataclass
class Row:
    label: str
    short: str
    label_y: str
    bars: list[Bar]
    href: str = ""


@dataclass
class Chart:
    id: str
    title: str
    series: list[str]
    rows: list[Row] = field(default_factory=list)
    height: str = "1"
    width: int = WIDTH
    unit: str = ""

    @property
    def empty(self) -> bool:
        return not self.rows


def _money(value: float) -> str:
    return f"{value:,.0f}"


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def bar_chart(chart_id: str, title: str, rows: Sequence[tuple[Any, Sequence[float | None]]],
              series: Sequence[str] = ("",), *, unit: str = "", fmt: Any = _money,
              links: Sequence[str] | None = None) -> Chart:
    """A horizontal bar chart: ``rows`` are (label, one value per series). Bars share one scale,
    so a row's budgeted and disbursed bars compare directly. Missing values draw no bar and read
    "-" in the table."""
    top = max((v for _label, values in rows for v in values if v is not None and v > 0), default=0.0) or 1.0
    chart = Chart(chart_id, title, list(series), unit=unit)
    y = 0.0
    for i, (label, values) in enumerate(rows):
        text_label = str(label)
        label_y = y + LABEL_HEIGHT - 3
        y += LABEL_HEIGHT
        bars = []
        for s, value in enumerate(values):
            width = 0.0 if value is None or value <= 0 else max(1.5, BAR_MAX * value / top)
            text = "-" if value is None else fmt(value)
            bars.append(Bar(s, value, text, _n(y), _n(width), _n(width + 4), _n(y + BAR_HEIGHT - 1)))
            y += BAR_HEIGHT + 2
        chart.rows.append(Row(text_label, _short(text_label), _n(label_y), bars,
                              links[i] if links and i < len(links) else ""))
        y += ROW_GAP
    chart.height = _n(max(y, 1.0))
    return chart


def _decade(value: float) -> int:
    """The power of ten at or below ``value``, exact at the edges (log10(1000) is 2.999…)."""
    exponent = math.floor(math.log10(value))
    if 10.0 ** (exponent + 1) <= value:
        exponent += 1
    elif 10.0 ** exponent > value:
        exponent -= 1
    return exponent


def histogram(chart_id: str, title: str, values: Sequence[float], *, currency: str = "") -> Chart:
    """The spread of amounts, in bins of powers of ten (1–10, 10–100, … baht): prices span six
    orders of magnitude, so equal-width bins would put everything in the first one."""
    positive = [v for v in values if v > 0]
    if not positive:
        return Chart(chart_id, title, [""])
    low = _decade(min(positive))
    high = _decade(max(positive))
    counts = [0] * (high - low + 1)
    for v in positive:
        counts[_decade(v) - low] += 1
    suffix = f" {currency}" if currency else ""
    rows = [(f"{10 ** (low + i):,} – {10 ** (low + i + 1):,}{suffix}", [float(n)]) for i, n in enumerate(counts)]
    return bar_chart(chart_id, title, rows, unit="count", fmt=lambda v: f"{v:,.0f}")
