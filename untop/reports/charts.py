"""Vector charts for the PDF reports: small inline SVG, drawn from figures already summed.

WeasyPrint lays SVG out as vectors, so the charts stay sharp in print and add no image files
or JavaScript. Each chart carries a title and a description for readers who cannot see it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#0868ac", "#f08a24", "#7bb241", "#8c6bb1")
# Presentation attributes rather than CSS classes: WeasyPrint's SVG renderer reads these.
FONTS = 'font-family="PDF Sans Latin, PDF Sans Latin Ext, PDF Sans Cyrillic, PDF Sans Cyrillic Ext"'
TITLE = f'{FONTS} font-size="13" font-weight="700" fill="#111"'
TEXT = f'{FONTS} font-size="10" fill="#333"'
GRID = 'stroke="#ddd" stroke-width="0.6"'


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[int | float | Decimal]


def _nice_ceiling(value: float) -> float:
    """A round number at or above the largest value, for the axis."""
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _number(value: float) -> str:
    """A whole number grouped as the report's language writes it (1,045 or 1 045)."""
    return number_format(round(value), 0, force_grouping=True)


def stacked_columns(
    *, title: str, categories: Sequence[str], series: Sequence[Series], width: int = 640
) -> SafeString:
    """Columns per category (a month, a centre), one stacked part per series (women, men)."""
    height, left, bottom, top = 220, 48, 40, 28
    plot_w, plot_h = width - left - 10, height - bottom - top
    totals = [sum(float(s.values[i]) for s in series) for i in range(len(categories))]
    ceiling = _nice_ceiling(max(totals, default=0))
    slot = plot_w / max(len(categories), 1)
    bar = min(28.0, slot * 0.7)
    parts = [
        f'<text x="{left}" y="16" {TITLE}>{escape(title)}</text>',
    ]
    for tick in range(5):
        value = ceiling * tick / 4
        y = top + plot_h - plot_h * tick / 4
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" {GRID}/>'
            f'<text x="{left - 4}" y="{y + 3:.1f}" {TEXT} text-anchor="end">'
            f"{_number(value)}</text>"
        )
    for i, category in enumerate(categories):
        x = left + slot * i + (slot - bar) / 2
        y = top + plot_h
        for index, part in enumerate(series):
            h = plot_h * float(part.values[i]) / ceiling
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[index % len(PALETTE)]}"><title>{escape(category)}, '
                f"{escape(part.label)}: {_number(float(part.values[i]))}</title></rect>"
            )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{top + plot_h + 12}" {TEXT} '
            f'text-anchor="middle">{escape(category)}</text>'
        )
    parts.extend(_legend(series, left, height))
    return _svg(width, height, title, _describe(categories, series), parts)


def paired_bars(
    *, title: str, labels: Sequence[str], series: Sequence[Series], width: int = 640
) -> SafeString:
    """Horizontal bars side by side per label (pledged and received per project)."""
    row_h, left, top = 14 * len(series) + 10, 150, 26
    height = top + row_h * len(labels) + 26
    plot_w = width - left - 70
    ceiling = _nice_ceiling(max((float(v) for s in series for v in s.values), default=0))
    parts = [f'<text x="0" y="14" {TITLE}>{escape(title)}</text>']
    for i, label in enumerate(labels):
        y0 = top + row_h * i
        parts.append(
            f'<text x="{left - 6}" y="{y0 + 12}" {TEXT} text-anchor="end">'
            f"{escape(label[:28])}</text>"
        )
        for index, part in enumerate(series):
            value = float(part.values[i])
            w = plot_w * value / ceiling
            y = y0 + 14 * index
            parts.append(
                f'<rect x="{left}" y="{y}" width="{w:.1f}" height="12" '
                f'fill="{PALETTE[index % len(PALETTE)]}"/>'
                f'<text x="{left + w + 4:.1f}" y="{y + 10}" {TEXT}>{_number(value)}</text>'
            )
    parts.extend(_legend(series, left, height))
    return _svg(width, height, title, _describe(labels, series), parts)


def _legend(series: Sequence[Series], x: float, height: int) -> list[str]:
    """A swatch and a label per series along the chart's foot."""
    parts = []
    for index, part in enumerate(series):
        parts.append(
            f'<rect x="{x}" y="{height - 14}" width="9" height="9" '
            f'fill="{PALETTE[index % len(PALETTE)]}"/>'
            f'<text x="{x + 13}" y="{height - 6}" {TEXT}>{escape(part.label)}</text>'
        )
        x += 28 + 6 * len(part.label)
    return parts


def _describe(names: Sequence[str], series: Sequence[Series]) -> str:
    """The chart's figures as text, for readers who cannot see it."""
    return "; ".join(
        f"{name}: " + ", ".join(f"{s.label} {_number(float(s.values[i]))}" for s in series)
        for i, name in enumerate(names)
    )


def _svg(width: int, height: int, title: str, description: str, parts: list[str]) -> SafeString:
    head = format_html(
        '<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
        'role="img" aria-label="{}"><title>{}</title><desc>{}</desc>',
        width,
        height,
        title,
        title,
        description,
    )
    # Every piece of text in `parts` was escaped where it was made.
    return mark_safe(head + "".join(parts) + "</svg>")  # noqa: S308
