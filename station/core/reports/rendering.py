# SPDX-License-Identifier: Apache-2.0
"""Report writers shared by every report kind: CSV, JSON and PDF (tables and a bar chart).

API (small on purpose):

* :func:`write_csv` ``(path, columns, rows)``: UTF-8 with a BOM (Excel opens Chinese text
  right), ``\\r\\n`` line ends, one header row. Cells: :class:`~decimal.Decimal` as plain
  text (``1234.50``, never ``1.2345E+3``), ``None`` as an empty cell, dates as ISO text,
  everything else through ``str``.
* :func:`write_json` ``(path, payload)``: UTF-8, indented, non-ASCII kept. Decimals become
  strings (plain text as above), dates and datetimes ISO text; anything else JSON cannot hold
  raises :class:`TypeError` (before the file is touched).
* :func:`write_pdf` ``(path, title, sections, lang)``: an A4 document; each
  :class:`Section` has a heading, optional paragraphs (``text``), an optional
  :class:`BarChart` and an optional :class:`Table`. Tables repeat their header row on every
  page; numbers (Decimal, int) are right-aligned and shown with thousands separators; the
  footer carries the title and "page N of M" (in Chinese when ``lang == "zh"``).

Fonts: Latin text uses Helvetica. When the document holds any character above U+00FF, the
CJK TrueType font (wqy-zenhei first, see :mod:`labels.fonts`) is used for the whole document.
If none is installed the text is printed with those characters as ``?`` and one
:class:`ReportFontWarning` is emitted per call: a missing font never fails a report.

Contracts: every writer builds its output in memory or a temporary file next to ``path`` and
renames it into place, so a failed write never leaves a half-written report behind (the
parent directory must exist; ``OSError`` propagates). Writers are pure functions of their
arguments and are safe to call from any thread; reportlab's font registry is shared
process-wide and guarded by :func:`labels.pdf.register_cjk_font`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable

from labels.fonts import find_cjk_font, latin_fallback, needs_cjk
from labels.pdf import register_cjk_font
from station.core.spreadsheet_cells import formula_safe

__all__ = [
    "BarChart",
    "ReportFontWarning",
    "Section",
    "Table",
    "plain",
    "write_csv",
    "write_json",
    "write_pdf",
]

LATIN_FONT: Final = "Helvetica"
LATIN_BOLD: Final = "Helvetica-Bold"
HEADER_FILL: Final = colors.HexColor("#E8ECF1")
BAR_FILL: Final = colors.HexColor("#3A6EA5")


class ReportFontWarning(UserWarning):
    """No usable CJK font: non-Latin text in a PDF report was printed as ``?``."""


@dataclass(frozen=True)
class Table:
    """A table: header labels and rows of cells (str, Decimal, int, date or None).

    ``widths``: optional relative column widths (any positive numbers); by default they follow
    the longest cell of each column. ``total_rows``: how many rows at the end are totals
    (shown above a rule). ``money``: indexes of columns whose Decimals are shown with at
    least two decimals (exact: never rounded; ``12.5`` shows as ``12.50``).
    """

    columns: Sequence[str]
    rows: Sequence[Sequence[object]]
    widths: Sequence[float] | None = None
    total_rows: int = 0
    money: Sequence[int] = ()


@dataclass(frozen=True)
class BarChart:
    """A vertical bar chart: one bar per label. Values are drawn only (floats for geometry);
    the exact figures belong in a table beside it."""

    labels: Sequence[str]
    values: Sequence[Decimal]
    caption: str = ""


@dataclass(frozen=True)
class Section:
    """One part of a PDF report, drawn in this order: heading, text, chart, table."""

    heading: str
    text: Sequence[str] = field(default_factory=tuple)
    chart: BarChart | None = None
    table: Table | None = None


def plain(value: object) -> str:
    """A cell as text: Decimal in plain notation, None empty, dates ISO, else ``str``."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def _replace_atomically(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_csv(
    path: str | os.PathLike[str], columns: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    """Write a CSV report: UTF-8 with BOM, header row ``columns``, then ``rows``.

    Text values that would start a formula get a leading quote (:mod:`..spreadsheet_cells`);
    numbers, dates and ``None`` are written by :func:`plain` unchanged.
    """
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(list(columns))
    for row in rows:
        writer.writerow([formula_safe(v) if isinstance(v, str) else plain(v) for v in row])
    _replace_atomically(Path(path), buf.getvalue().encode("utf-8-sig"))


def _json_default(value: object) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to a JSON report")


def write_json(path: str | os.PathLike[str], payload: object) -> None:
    """Write ``payload`` as JSON (Decimal as strings); raises TypeError before writing."""
    text = json.dumps(payload, default=_json_default, ensure_ascii=False, indent=2)
    _replace_atomically(Path(path), (text + "\n").encode("utf-8"))


# --- PDF -------------------------------------------------------------------------------------


@dataclass
class _Fonts:
    regular: str = LATIN_FONT
    bold: str = LATIN_BOLD
    fallback: bool = False  # True: replace non-Latin characters with '?'

    def text(self, value: str) -> str:
        return latin_fallback(value) if self.fallback else value


def _all_text(title: str, sections: Sequence[Section]) -> Iterable[str]:
    yield title
    for s in sections:
        yield s.heading
        yield from s.text
        if s.chart:
            yield s.chart.caption
            yield from s.chart.labels
        if s.table:
            yield from s.table.columns
            for row in s.table.rows:
                yield from (v for v in row if isinstance(v, str))


def _pick_fonts(title: str, sections: Sequence[Section], lang: str) -> _Fonts:
    if lang != "zh" and not any(needs_cjk(t) for t in _all_text(title, sections)):
        return _Fonts()
    font = find_cjk_font()
    name = register_cjk_font(font) if font else None
    if name:
        return _Fonts(regular=name, bold=name)
    if any(needs_cjk(t) for t in _all_text(title, sections)) or lang == "zh":
        warnings.warn(
            "no usable CJK TrueType font; non-Latin text in the report is printed as '?'. "
            "Install fonts-wqy-zenhei.",
            ReportFontWarning,
            stacklevel=3,
        )
    return _Fonts(fallback=True)


def _cell_text(value: object, money: bool = False) -> str:
    if isinstance(value, Decimal):
        if money and value.as_tuple().exponent > -2:  # type: ignore[operator]
            value = value.quantize(Decimal("0.01"))
        return f"{value:,f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,d}"
    return plain(value)


def _is_number(value: object) -> bool:
    return isinstance(value, (Decimal, int)) and not isinstance(value, bool)


def _widths(table: Table, total: float) -> list[float]:
    if table.widths:
        weights = [max(float(w), 0.01) for w in table.widths]
    else:
        weights = []
        for i, head in enumerate(table.columns):
            longest = max(
                [min(len(head), 14)]
                + [
                    len(_cell_text(r[i])) * (1.8 if needs_cjk(plain(r[i])) else 1.0)
                    for r in table.rows[:200]
                ]
            )
            weights.append(min(max(longest, 4), 40))
    scale = total / sum(weights)
    return [w * scale for w in weights]


def _table(table: Table, fonts: _Fonts, width: float) -> RLTable:
    size = 8 if len(table.columns) <= 8 else 7
    style = ParagraphStyle("cell", fontName=fonts.regular, fontSize=size, leading=size * 1.2)
    style.wordWrap = "CJK"
    num_style = ParagraphStyle("num", parent=style, alignment=TA_RIGHT)
    head_style = ParagraphStyle("head", parent=style, fontName=fonts.bold)
    head_num = ParagraphStyle("headnum", parent=head_style, alignment=TA_RIGHT)
    numeric = [any(_is_number(r[i]) for r in table.rows[:50]) for i in range(len(table.columns))]
    data: list[list[object]] = [
        [
            Paragraph(_esc(fonts.text(c)), head_num if numeric[i] else head_style)
            for i, c in enumerate(table.columns)
        ]
    ]
    money = set(table.money)
    for row in table.rows:
        data.append(
            [
                Paragraph(
                    _esc(fonts.text(_cell_text(v, i in money))),
                    num_style if _is_number(v) else style,
                )
                for i, v in enumerate(row)
            ]
        )
    t = RLTable(data, colWidths=_widths(table, width), repeatRows=1)
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#C8CDD3")),
    ]
    if table.total_rows and len(table.rows) >= table.total_rows:
        first = len(data) - table.total_rows
        commands.append(("LINEABOVE", (0, first), (-1, first), 0.8, colors.black))
        commands.append(("BACKGROUND", (0, first), (-1, -1), colors.HexColor("#F4F6F8")))
    t.setStyle(TableStyle(commands))
    return t


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _chart(chart: BarChart, fonts: _Fonts, width: float) -> Drawing:
    height = 60 * mm
    drawing = Drawing(width, height)
    bc = VerticalBarChart()
    bc.x, bc.y = 18 * mm, 12 * mm
    bc.width, bc.height = width - 24 * mm, height - 22 * mm
    values = [float(v) for v in chart.values] or [0.0]
    bc.data = [values]
    bc.categoryAxis.categoryNames = [fonts.text(label) for label in chart.labels] or [""]
    bc.categoryAxis.labels.fontName = fonts.regular
    bc.categoryAxis.labels.fontSize = 7
    bc.valueAxis.labels.fontName = fonts.regular
    bc.valueAxis.labels.fontSize = 7
    bc.valueAxis.valueMin = 0
    top = max(values) if values and max(values) > 0 else 0.0
    if top == 0:  # nothing to show: one step from 0 to 1, not six labels reading "0"
        bc.valueAxis.valueMax, bc.valueAxis.valueStep = 1.0, 1.0
    else:
        bc.valueAxis.valueMax = top * 1.15
    fmt = _axis_format if top >= 10 else _small_format
    bc.valueAxis.labelTextFormat = fmt
    bc.bars[0].fillColor = BAR_FILL
    bc.bars[0].strokeColor = None
    bc.barLabelFormat = fmt
    bc.barLabels.fontName = fonts.regular
    bc.barLabels.fontSize = 7
    bc.barLabels.nudge = 6
    drawing.add(bc)
    if chart.caption:
        drawing.add(
            String(0, height - 6, fonts.text(chart.caption), fontName=fonts.bold, fontSize=9)
        )
    return drawing


def _axis_format(value: float) -> str:
    return f"{value:,.0f}"


def _small_format(value: float) -> str:
    return f"{value:,.2f}"


def _footer_canvas(title: str, lang: str, font: str) -> type[Canvas]:
    """A canvas class that writes "title ... page N of M" on every page (two passes)."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no types
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._draw_footer(total)
                super().showPage()
            super().save()

        def _draw_footer(self, total: int) -> None:
            n = self._pageNumber
            label = f"第 {n} 页，共 {total} 页" if lang == "zh" else f"Page {n} of {total}"
            w, _ = self._pagesize
            self.setFont(font, 7)
            self.setFillColor(colors.HexColor("#555555"))
            self.drawString(15 * mm, 8 * mm, title)
            self.drawRightString(w - 15 * mm, 8 * mm, label)

    return NumberedCanvas


def write_pdf(
    path: str | os.PathLike[str],
    title: str,
    sections: Sequence[Section],
    lang: str = "en",
    *,
    subtitle: str = "",
    wide: bool = False,
) -> None:
    """Write an A4 PDF report (``wide=True``: landscape) with ``sections`` under ``title``.

    ``lang`` is ``"zh"`` or ``"en"``: it picks the footer wording and, for ``"zh"``, the CJK
    font. ``subtitle`` is a line under the title (e.g. the as-of date and the filters).
    """
    fonts = _pick_fonts(title + subtitle, sections, lang)
    pagesize = landscape(A4) if wide else A4
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=pagesize,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=16 * mm,
        title=title,
    )
    width = pagesize[0] - 30 * mm
    h1 = ParagraphStyle("h1", fontName=fonts.bold, fontSize=15, leading=19, spaceAfter=2)
    sub = ParagraphStyle("sub", fontName=fonts.regular, fontSize=9, leading=12, spaceAfter=6)
    h2 = ParagraphStyle("h2", fontName=fonts.bold, fontSize=11, leading=14, spaceBefore=8)
    body = ParagraphStyle("body", fontName=fonts.regular, fontSize=8.5, leading=11)
    for s in (sub, body):
        s.wordWrap = "CJK" if lang == "zh" else None
    story: list[Flowable] = [Paragraph(_esc(fonts.text(title)), h1)]
    if subtitle:
        story.append(Paragraph(_esc(fonts.text(subtitle)), sub))
    for section in sections:
        head: list[Flowable] = [Paragraph(_esc(fonts.text(section.heading)), h2), Spacer(1, 3)]
        head += [Paragraph(_esc(fonts.text(t)), body) for t in section.text]
        if section.chart:
            head += [Spacer(1, 8), _chart(section.chart, fonts, width)]
        story.append(KeepTogether(head))
        if section.table:
            story.append(Spacer(1, 3))
            story.append(_table(section.table, fonts, width))
    doc.build(story, canvasmaker=_footer_canvas(fonts.text(title), lang, fonts.regular))
    _replace_atomically(Path(path), buf.getvalue())
