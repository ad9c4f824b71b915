"""The annual report's charts, drawn with matplotlib as SVG whose text stays text.

matplotlib lays glyphs out one by one and cannot join Arabic letters or order right-to-left text.
With `svg.fonttype = none` every label is written as an SVG <text> element instead, and the browser
that renders the report (Chromium, which prints the PDF) shapes it with HarfBuzz like any web page.
Each label keeps its English and Arabic on two lines, so no line mixes the two directions.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from contextlib import AbstractContextManager

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from registry.schemas.statistics import Count, ListingMonth, ViolationCount

BAR = "#1f5f8b"
MOVES = (("added", "#b03a2e"), ("expired", "#7f8c8d"), ("lifted", "#1e8449"))
TOP = 10


def _style() -> AbstractContextManager[None]:
    return matplotlib.rc_context(
        {"svg.fonttype": "none", "font.family": "DejaVu Sans", "font.size": 9, "svg.hashsalt": "registry"}
    )


def _label(en: str, ar: str) -> str:
    return en if en == ar else f"{en}\n{ar}"


def _svg(figure: Figure) -> str:
    with _style():
        out = io.StringIO()
        figure.savefig(out, format="svg", bbox_inches="tight")
    text = out.getvalue()
    return text[text.index("<svg") :]


def _top(counts: Sequence[Count], top: int = TOP) -> list[tuple[str, int]]:
    rows = [(_label(c.label_en, c.label_ar), c.count) for c in counts[:top]]
    rest = sum(c.count for c in counts[top:])
    return [*rows, ("Other\nأخرى", rest)] if rest else rows


def horizontal(counts: Sequence[Count], *, title: str) -> str | None:
    """Counts as horizontal bars, largest on top; None when there is nothing to draw."""
    rows = _top(counts)
    if not any(n for _, n in rows):
        return None
    with _style():
        figure = Figure(figsize=(6.4, 0.3 + 0.42 * len(rows)))
        axes = figure.add_subplot()
        names, values = [r[0] for r in rows][::-1], [r[1] for r in rows][::-1]
        bars = axes.barh(names, values, color=BAR)
        axes.bar_label(bars, padding=3)
        _finish(axes, title, counts_on="x")
        return _svg(figure)


def monthly(counts: Sequence[Count], *, title: str) -> str | None:
    """Twelve months as vertical bars; None when the year is empty."""
    if not any(c.count for c in counts):
        return None
    with _style():
        figure = Figure(figsize=(7.2, 2.8))
        axes = figure.add_subplot()
        bars = axes.bar(
            [_label(c.label_en[:3], c.label_ar) for c in counts], [c.count for c in counts], color=BAR
        )
        axes.bar_label(bars, padding=2)
        axes.tick_params(axis="x", labelsize=7)
        _finish(axes, title, counts_on="y")
        return _svg(figure)


def violations(rows: Sequence[ViolationCount], *, title: str) -> str | None:
    """Findings by violation as horizontal bars."""
    counts = [Count(key=v.code, label_en=v.label_en, label_ar=v.label_ar, count=v.findings) for v in rows]
    return horizontal(counts, title=title)


def listing_moves(months: Sequence[ListingMonth], *, title: str) -> str | None:
    """Companies listed, expired and lifted each month, side by side."""
    if not any(m.added or m.expired or m.lifted for m in months):
        return None
    with _style():
        figure = Figure(figsize=(7.2, 2.8))
        axes = figure.add_subplot()
        width = 0.27
        for i, (move, colour) in enumerate(MOVES):
            positions = [m.month + (i - 1) * width for m in months]
            axes.bar(positions, [getattr(m, move) for m in months], width=width, color=colour, label=move)
        axes.set_xticks([m.month for m in months], [_label(m.label_en[:3], m.label_ar) for m in months])
        axes.tick_params(axis="x", labelsize=7)
        axes.legend(["Listed\nأدرجت", "Expired\nانتهت", "Lifted\nرفعت"], fontsize=7, ncols=3)
        _finish(axes, title, counts_on="y")
        return _svg(figure)


def _finish(axes: Axes, title: str, *, counts_on: str) -> None:
    axes.set_title(title)
    (axes.xaxis if counts_on == "x" else axes.yaxis).set_major_locator(MaxNLocator(integer=True))
    if counts_on == "x":  # room for the value labels
        axes.margins(x=0.12)
    else:
        axes.margins(y=0.12)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
