"""Server-rendered SVG bar charts, with the same numbers as a table anyone can open and as CSV.

The site's Content-Security-Policy forbids inline ``style`` attributes, so bars drawn as
``<span style="width: …">`` were invisible. An SVG ``<rect width="…">`` is geometry, not style:
the sizes are presentation attributes, the colours come from the stylesheet (``opendata.css``).
No JavaScript, nothing fetched: the page works on a cheap phone and prints.

A chart is a list of rows; each row has one value per series (e.g. budgeted and disbursed).
``opendata/_chart.html`` draws it: each row's label is page text (it wraps, at the page's font
size, never clipped), its bars one small SVG below it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import pgettext

WIDTH = 320  # viewBox units; each row's SVG scales to the column width (about 1 unit = 1 px at 360 px)
BAR_MAX = 200  # the longest bar within the scale; the rest of the line holds its number
BAR_HEIGHT = 12
BAR_GAP = 3
OVER = 24  # how far a bar beyond the scale reaches past BAR_MAX (drawn cut, with a break mark)
OUTLIER = 4.0  # a value more than this many times the next one is drawn cut instead of setting the scale
MAX_OUTLIERS = 2


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
    cut: bool = False  # beyond the scale: drawn cut, its number is the real one
    cut_path: str = ""


@dataclass
class Row:
    """One label (HTML text: it wraps and keeps the page's font size) above its bars (one SVG)."""
    label: str
    bars: list[Bar]
    href: str = ""
    height: str = "1"


@dataclass
class Chart:
    id: str
    title: str
    series: list[str]
    rows: list[Row] = field(default_factory=list)
    width: int = WIDTH
    unit: str = ""
    cut: bool = False  # some bar is beyond the scale (see ``scale_top``)
    csv_query: str = ""  # set by the view: the query string that downloads this chart as CSV
    more: list[Row] = field(default_factory=list)  # in the table and the CSV, not drawn (``drawn``)
    note: str = ""  # said above the bars, e.g. that they are only the first of the rows

    @property
    def all_rows(self) -> list[Row]:
        """Every row: the drawn ones, then the ones only the table and the CSV hold."""
        return self.rows + self.more

    @property
    def empty(self) -> bool:
        return not self.rows


def _money(value: float) -> str:
    return f"{value:,.0f}"


TEXT_GAP = 4  # between a bar's end and its number
MIN_BAR_MAX = 100


def text_width(text: str) -> float:
    """A generous estimate of ``text``'s width in viewBox units at the numbers' 12 px: digits are
    about 6.7 wide in the fonts we ship to, separators narrower, any other letter at most 8.
    Estimated on the server (no JavaScript), so on the wide side: a number must never run past
    the SVG's edge, where it is cut."""
    width = 0.0
    for ch in text:
        if ch.isdigit():
            width += 7.2
        elif ch in ",.":
            width += 3.6
        elif ch == " ":
            width += 3.6
        else:
            width += 8.5
    return width


def scale_top(values: Sequence[float]) -> float:
    """The value the longest bar stands for. One or two values many times larger than the rest
    (a nationwide programme beside provinces, one ministry beside the others) would otherwise
    squeeze every other bar to a sliver; they are drawn cut instead, with their real number."""
    ordered = sorted((v for v in values if v > 0), reverse=True)
    if not ordered:
        return 1.0
    i = 0
    while i < min(MAX_OUTLIERS, len(ordered) - 1) and ordered[i] > OUTLIER * ordered[i + 1]:
        i += 1
    return ordered[i]


def bar_chart(chart_id: str, title: str, rows: Sequence[tuple[Any, Sequence[float | None]]],
              series: Sequence[str] = ("",), *, unit: str = "", fmt: Any = _money,
              links: Sequence[str] | None = None, drawn: int | None = None) -> Chart:
    """A horizontal bar chart: ``rows`` are (label, one value per series). Bars share one scale,
    so a row's budgeted and disbursed bars compare directly; a bar far beyond the others is cut
    (``scale_top``). A missing value draws no bar and reads "no data" (an empty cell in CSV).

    With ``drawn``, only the first ``drawn`` rows are drawn; the others are only in the table and
    the CSV (``Chart.more``). The longest bar is shortened when a number would not fit after it."""
    # Outliers are whole rows (a row's budgeted and disbursed bars are cut together).
    shown = list(rows[:drawn] if drawn is not None else rows)
    top = scale_top([max((v for v in values if v is not None), default=0.0) for _label, values in shown])
    missing = pgettext("missing value", "no data")
    # Room for the widest number after its bar: cut bars reach OVER past bar_max.
    bar_max = float(BAR_MAX)
    for _label, values in shown:
        for value in values:
            text = missing if value is None else fmt(value)
            over = OVER if value is not None and value > top * 1.0000001 else 0
            room = WIDTH - TEXT_GAP - text_width(text) - over - 1
            bar_max = min(bar_max, max(float(MIN_BAR_MAX), room))
    chart = Chart(chart_id, title, list(series), unit=unit)
    for i, (label, values) in enumerate(rows):
        bars = []
        y = 0.0
        for s, value in enumerate(values):
            cut = value is not None and value > top * 1.0000001
            if value is None or value <= 0:
                width = 0.0
            elif cut:
                width = bar_max + OVER
            else:
                width = max(2.0, bar_max * value / top)
            text = missing if value is None else fmt(value)
            # The break mark: a white slash across the cut bar.
            path = (f"M{_n(bar_max + 6)} {_n(y + BAR_HEIGHT)} L{_n(bar_max + 12)} {_n(y)} "
                    f"M{_n(bar_max + 11)} {_n(y + BAR_HEIGHT)} L{_n(bar_max + 17)} {_n(y)}") if cut else ""
            bars.append(Bar(s, value, text, _n(y), _n(width), _n(width + TEXT_GAP), _n(y + BAR_HEIGHT - 2), cut,
                            path))
            y += BAR_HEIGHT + BAR_GAP
        row = Row(str(label), bars, links[i] if links and i < len(links) else "", _n(max(y - BAR_GAP, 1.0)))
        if drawn is None or i < drawn:
            chart.rows.append(row)
            chart.cut = chart.cut or any(b.cut for b in bars)
        else:
            chart.more.append(row)
    return chart


def csv_rows(chart: Chart, label_heading: str, value_heading: str) -> list[list[str]]:
    """The chart's numbers as CSV rows: a heading row, then one row per bar row (raw numbers, no
    thousands separators; an empty cell where the data has no value)."""
    head = [label_heading] + [s or value_heading for s in chart.series]

    def cell(value: float | None) -> str:
        if value is None:
            return ""
        return str(int(value)) if float(value).is_integer() else repr(value)

    return [head] + [[r.label] + [cell(b.value) for b in r.bars] for r in chart.all_rows]


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
