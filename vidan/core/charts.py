"""Charts drawn on the server as SVG, from no library and no script: a page that shows one reads the same with
JavaScript off, in a PDF and to a screen reader.

Every chart is an `<svg role="img">` named by its `<title>` and `<desc>`, with a `<title>` on each bar and point
(what a pointer shows on hover, and what a screen reader reads on the element). The viewBox is 320 units wide and
the SVG takes the width of its box, so a chart fits a 360 px phone and grows on a desktop. Figures are written
with the active language's decimal mark (Vietnamese: 72,5). A missing figure (None) is drawn as a dash and no bar,
never as zero.
"""

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 320
INK, MUTED, TRACK, LINE = "#1d1d1f", "#5b5b66", "#ececf1", "#d9d9e0"
# Distinct for the common kinds of colour blindness, from the site's palette outward.
PALETTE = ("#b3141b", "#1a56db", "#1f7a3a", "#a35b00", "#6b3fa0", "#0f766e")
EMPHASIS = "#b3141b"
NORMAL = "#1a56db"

_ids = itertools.count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: no figure
    target: float | None = None  # a tick where the bar should reach
    emphasis: bool = False  # the bar the reader should look at (a commune falling behind)


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]  # one per period, None where there is no figure


def figure(value: float | None, unit: str = "", decimals: int = 1) -> str:
    """A figure as the page writes it: the language's decimal mark, no trailing ",0", a dash when missing."""
    if value is None:
        return "—"
    rounded = round(float(value), decimals)
    text = number_format(rounded, decimals if rounded != int(rounded) else 0, use_l10n=True)
    return f"{text}{unit}"


def _open(kind: str, height: float, title: str, description: str) -> list[str]:
    chart_id = f"chart-{next(_ids)}"
    return [
        f'<svg class="chart {kind}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:g}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="system-ui, sans-serif">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def _close(parts: list[str]) -> SafeString:
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it went through escape()


def bar_chart(
    bars: Sequence[Bar], *, title: str, description: str = "", maximum: float = 100.0, unit: str = ""
) -> SafeString:
    """Horizontal bars, one a row with its label above it and its figure at its end, against `maximum`."""
    row, track_width = 34, WIDTH - 52
    parts = _open("bar-chart", max(row * len(bars), row), title, description)
    for position, bar in enumerate(bars):
        y = position * row
        shown = figure(bar.value, unit)
        parts.append(f"<g><title>{escape(bar.label)}: {escape(shown)}</title>")
        weight = ' font-weight="bold"' if bar.emphasis else ""
        parts.append(f'<text x="0" y="{y + 12}" font-size="12" fill="{INK}"{weight}>{escape(bar.label)}</text>')
        parts.append(f'<rect x="0" y="{y + 17}" width="{track_width}" height="10" rx="2" fill="{TRACK}"/>')
        if bar.value is not None and maximum > 0:
            length = track_width * min(max(bar.value / maximum, 0.0), 1.0)
            colour = EMPHASIS if bar.emphasis else NORMAL
            parts.append(f'<rect x="0" y="{y + 17}" width="{length:.1f}" height="10" rx="2" fill="{colour}"/>')
        if bar.target is not None and maximum > 0:
            x = track_width * min(max(bar.target / maximum, 0.0), 1.0)
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y + 14}" y2="{y + 30}" stroke="{INK}" stroke-width="1.5"/>'
            )
        parts.append(
            f'<text x="{WIDTH}" y="{y + 26}" font-size="12" text-anchor="end" fill="{INK}">{escape(shown)}</text></g>'
        )
    return _close(parts)


def line_chart(
    periods: Sequence[str], series: Sequence[Series], *, title: str, description: str = "", maximum: float = 100.0
) -> SafeString:
    """A line per series over the periods, on a 0–`maximum` scale; a missing figure breaks its line. The legend
    is drawn below the plot, a series a row."""
    left, top, plot_height, plot_width = 30, 8, 140, WIDTH - 30 - 30  # room for half a period's label
    bottom = top + plot_height
    legend_top = bottom + 34
    parts = _open("line-chart", legend_top + 18 * len(series), title, description)
    for tick in (0, maximum / 2, maximum):
        y = bottom - plot_height * tick / maximum
        parts.append(f'<line x1="{left}" x2="{left + plot_width}" y1="{y:.1f}" y2="{y:.1f}" stroke="{LINE}"/>')
        parts.append(
            f'<text x="{left - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end" fill="{MUTED}">'
            f"{escape(figure(tick))}</text>"
        )
    step = plot_width / max(len(periods) - 1, 1)

    def x_of(index: int) -> float:
        return left + (step * index if len(periods) > 1 else plot_width / 2)

    for index, period in enumerate(periods):
        parts.append(
            f'<text x="{x_of(index):.1f}" y="{bottom + 14}" font-size="10" text-anchor="middle" fill="{MUTED}">'
            f"{escape(period)}</text>"
        )
    for number, line in enumerate(series):
        colour = PALETTE[number % len(PALETTE)]
        parts.append(f"<g><title>{escape(line.label)}</title>")
        stretch: list[str] = []
        points = list(zip(periods, line.values, strict=False))
        for index, (period, value) in enumerate([*points, ("", None)]):
            if value is None:
                if len(stretch) > 1:
                    parts.append(
                        f'<polyline points="{" ".join(stretch)}" fill="none" stroke="{colour}" stroke-width="2"/>'
                    )
                stretch = []
                continue
            clamped = min(max(value, 0.0), maximum)
            x, y = x_of(index), bottom - plot_height * clamped / maximum
            stretch.append(f"{x:.1f},{y:.1f}")
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"><title>{escape(line.label)}, '
                f"{escape(period)}: {escape(figure(value))}</title></circle>"
            )
        parts.append("</g>")
        y = legend_top + 18 * number
        parts.append(f'<rect x="{left}" y="{y - 9}" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{left + 16}" y="{y}" font-size="12" fill="{INK}">{escape(line.label)}</text>')
    return _close(parts)


def sparkline(values: Sequence[float | None], *, label: str, maximum: float = 100.0) -> SafeString:
    """A small trend line for a table cell, named by its first and last figures ("Điểm: 68 → 74")."""
    width, height = 64, 18
    known = [value for value in values if value is not None]
    ends = known[:1] + known[-1:] if len(known) > 1 else known or [None]
    name = f"{label}: {' → '.join(figure(value) for value in ends)}"
    step = width / max(len(values) - 1, 1)
    points = " ".join(
        f"{step * index:.1f},{height - 2 - (height - 4) * min(max(value, 0.0), maximum) / maximum:.1f}"
        for index, value in enumerate(values)
        if value is not None
    )
    # The last figure as a dot: a trend of one figure still shows where it stands.
    last = points.split()[-1].split(",") if points else None
    dot = f'<circle cx="{last[0]}" cy="{last[1]}" r="2" fill="{NORMAL}"/>' if last else ""
    chart_id = f"chart-{next(_ids)}"
    return mark_safe(  # noqa: S308 - the only text went through escape()
        f'<svg class="chart sparkline" xmlns="http://www.w3.org/2000/svg" viewBox="-2 0 {width + 4} {height}" '
        f'width="{width + 4}" height="{height}" role="img" aria-labelledby="{chart_id}-title">'
        f'<title id="{chart_id}-title">{escape(name)}</title>'
        f'<polyline points="{points}" fill="none" stroke="{NORMAL}" stroke-width="1.5"/>{dot}</svg>'
    )
