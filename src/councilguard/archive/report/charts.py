"""Bar charts as inline SVG, so the report is one file that opens anywhere, offline,
with no script. Each chart has a text alternative (a title and a data table)."""

from __future__ import annotations

import math
from datetime import date
from html import escape

INK = "#0b0c0c"
BAR = "#1d70b8"
LIGHT = "#b1b4b6"
ALARM = "#d4351c"
LABEL_SPACE = 52  # px a month label ("2002-08", 11 px Arial) needs, with a gap


def rule_bars(counts: list[tuple[str, int]], *, width: int = 720) -> str:
    """Horizontal bars, one per rule, longest first."""
    if not counts:
        return ""
    label_width, row, pad = 330, 26, 6
    largest = max(n for _, n in counts) or 1
    bar_space = width - label_width - 70
    height = row * len(counts) + pad
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="rules-title">',
        '<title id="rules-title">Findings by rule</title>',
    ]
    for index, (full_label, count) in enumerate(counts):
        y = pad + index * row
        # Long rule titles are cut to fit the label column; the bar's tooltip has them whole.
        label = full_label if len(full_label) <= 44 else full_label[:42].rstrip() + "…"
        length = max(2, round(bar_space * count / largest))
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end" font-size="13" '
            f'fill="{INK}">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{length}" height="{row - 8}" '
            f'fill="{BAR}"><title>{escape(full_label)}: {count}</title></rect>'
            f'<text x="{label_width + length + 6}" y="{y + 16}" font-size="13" '
            f'fill="{INK}">{count:,}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _months_between(first: str, last: str) -> list[str]:
    start = date.fromisoformat(first + "-01")
    end = date.fromisoformat(last + "-01")
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def month_columns(checked: dict[str, int], flagged: dict[str, int], *, width: int = 720) -> str:
    """Columns per month: messages checked (grey) and, over them, those needing review."""
    months = sorted(m for m in checked if len(m) == 7 and m[4] == "-" and m[:4].isdigit())
    if not months:
        return ""
    months = _months_between(months[0], months[-1])
    if len(months) > 600:  # a wild Date header (year 2099) must not draw 50,000 columns
        months = sorted(checked)[-600:]
    top, bottom, left = 10, 40, 50
    plot_height = 180
    height = top + plot_height + bottom
    # Columns at most 56 px wide, so two months do not fill the page like a wall, yet wide
    # enough under a dozen months for every label ("2002-08" is about 44 px at 11 px).
    step = max(3.0, min(56.0, (width - left - 10) / len(months)))
    width = int(left + step * len(months) + 10)
    largest = max(checked.values()) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="months-title">',
        '<title id="months-title">Messages checked and messages needing review, by month</title>',
        f'<line x1="{left}" y1="{top + plot_height}" x2="{width - 10}" y2="{top + plot_height}" stroke="{INK}"/>',
        f'<text x="{left - 6}" y="{top + 10}" text-anchor="end" font-size="11">{largest:,}</text>',
        f'<text x="{left - 6}" y="{top + plot_height}" text-anchor="end" font-size="11">0</text>',
    ]
    # Labels never touch: each label gets at least LABEL_SPACE px, and at most a dozen show.
    label_every = max(1, round(len(months) / 12), math.ceil(LABEL_SPACE / step))
    for index, month in enumerate(months):
        x = left + index * step
        total = checked.get(month, 0)
        hits = flagged.get(month, 0)
        bar_width = max(1.0, step - 1)
        for value, colour in ((total, LIGHT), (hits, ALARM)):
            if value:
                h = max(1.0, plot_height * value / largest)
                parts.append(
                    f'<rect x="{x:.1f}" y="{top + plot_height - h:.1f}" width="{bar_width:.1f}" '
                    f'height="{h:.1f}" fill="{colour}"><title>{month}: {total:,} checked, '
                    f"{hits:,} needing review</title></rect>"
                )
        if index % label_every == 0:
            parts.append(f'<text x="{x:.1f}" y="{top + plot_height + 16}" font-size="11" fill="{INK}">{month}</text>')
    parts.append("</svg>")
    return "".join(parts)
