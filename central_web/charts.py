# SPDX-License-Identifier: Apache-2.0
"""Charts drawn on the server as inline SVG (nothing fetched at run time, no script).

Labels are escaped here (they are item, owner and warehouse names, typed by people); the
result is markup the templates insert as is.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

BAR_HEIGHT = 22
WIDTH = 320
LABEL_WIDTH = 110


def _num(value: object) -> float:
    return float(value) if isinstance(value, int | float | Decimal) else 0.0


def bars(rows: Sequence[tuple[object, ...]], value_index: int, title: str) -> str:
    """Horizontal bars: one per row, labelled by its first cell, sized by ``value_index``."""
    if not rows:
        return ""
    top = max(_num(r[value_index]) for r in rows) or 1.0
    height = BAR_HEIGHT * len(rows) + 4
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    span = WIDTH - LABEL_WIDTH - 70
    for i, row in enumerate(rows):
        y = i * BAR_HEIGHT + 2
        value = _num(row[value_index])
        w = max(1.0, span * value / top)
        parts.append(
            f'<text x="0" y="{y + 15}" class="label">{escape(str(row[0]))[:18]}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{w:.1f}" height="{BAR_HEIGHT - 6}" '
            f'class="bar"/><text x="{LABEL_WIDTH + w + 4:.1f}" y="{y + 15}" class="value">'
            f"{value:,.2f}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def trend(rows: Sequence[tuple[object, ...]], title: str, names: Sequence[str]) -> str:
    """Lines over months: rows are (month, series 1, series 2, ...)."""
    if not rows:
        return ""
    height, left, bottom, right = 170, 44, 22, 34
    top = max(_num(v) for r in rows for v in r[1:]) or 1.0
    step = (WIDTH - left - right) / max(1, len(rows) - 1)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="{left}" y1="{height - bottom}" x2="{WIDTH}" y2="{height - bottom}" '
        'class="axis"/>',
        f'<text x="0" y="30" class="value">{top:,.0f}</text>',
    ]
    for series in range(1, len(rows[0])):
        points = " ".join(
            f"{left + i * step:.1f},{height - bottom - (height - bottom - 30) * _num(r[series]) / top:.1f}"
            for i, r in enumerate(rows)
        )
        parts.append(f'<polyline points="{points}" class="line s{series}" fill="none"/>')
        parts.append(
            f'<text x="{left + (series - 1) * 130}" y="12" class="legend s{series}">'
            f"{escape(names[series - 1])}</text>"
        )
    for i, r in enumerate(rows):
        if len(rows) <= 6 or i % max(1, len(rows) // 6) == 0:
            parts.append(
                f'<text x="{left + i * step:.1f}" y="{height - bottom + 14}" class="tick" '
                'text-anchor="middle">'
                f"{escape(str(r[0]))}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)
