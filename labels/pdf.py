# SPDX-License-Identifier: Apache-2.0
"""PDF rendering with reportlab: one page per label, at the label's exact physical size.

Everything is vector: text as embedded fonts (Helvetica for Latin, the CJK TrueType font
subset-embedded for anything else), Code 128 bars and Data Matrix modules as filled paths.

Contracts:

* :func:`render_pdf` writes one page per spec, each exactly ``size`` mm (points =
  mm x 72 / 25.4), in the given order; output is deterministic for the same input
  (reportlab's invariant mode) so files can be compared.
* Runs on the calling thread; reportlab font registration is process-global and guarded by
  a lock, so concurrent calls are safe.
* Bad data raises :class:`labels.errors.LabelError` before anything is written to a path
  (the PDF is built in memory first). A missing CJK font gives one
  :class:`labels.errors.LabelFontWarning` per call and ``?`` for the missing characters.
"""

from __future__ import annotations

import io
import math
import os
import threading
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import BinaryIO

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas

from labels.element_string import GS1Message
from labels.errors import LabelFontWarning, LabelLayoutError
from labels.fonts import (
    LINE_SPACING,
    CjkFont,
    FittedText,
    find_cjk_font,
    fit_text,
    group_sizes,
    latin_fallback,
    needs_cjk,
    with_group_size,
)
from labels.model import (
    DOTS_PER_MM,
    BarcodeElement,
    BoxElement,
    LabelSpec,
    Symbology,
    TextElement,
    mm_to_points,
)
from labels.symbol_specs import raise_violations, symbol_violations_mm
from labels.symbols import DATAMATRIX_QUIET_MODULES, code128_symbol, datamatrix_matrix

__all__ = ["PT_PER_MM", "register_cjk_font", "render_pdf"]

PT_PER_MM = 72.0 / 25.4
_ASCENT = 0.8  # baseline position below the top of a line, as a fraction of the font size
_lock = threading.Lock()
_registered: dict[tuple[str, int], str | None] = {}


def register_cjk_font(font: CjkFont) -> str | None:
    """Register ``font`` with reportlab once; return its font name, or None if unusable."""
    key = (str(font.path), font.index)
    with _lock:
        if key not in _registered:
            name = f"LabelsCJK{len(_registered)}"
            try:
                pdfmetrics.registerFont(TTFont(name, str(font.path), subfontIndex=font.index))
                _registered[key] = name
            except (TTFError, OSError):
                _registered[key] = None
        return _registered[key]


@dataclass
class _Fonts:
    cjk_font: CjkFont | None
    cjk_name: str | None = None
    warned: bool = False
    resolved: bool = field(default=False)

    def pick(self, text: str, bold: bool) -> tuple[str, str]:
        """(font name, text to draw) for ``text``; warns once if CJK is needed but missing."""
        latin = "Helvetica-Bold" if bold else "Helvetica"
        if not needs_cjk(text):
            return latin, text
        if not self.resolved:
            font = self.cjk_font or find_cjk_font()
            self.cjk_name = register_cjk_font(font) if font else None
            self.resolved = True
        if self.cjk_name:
            return self.cjk_name, text
        if not self.warned:
            where = self.cjk_font.path if self.cjk_font else "the default locations"
            warnings.warn(
                f"no usable CJK TrueType font ({where}); non-Latin text is printed as '?'. "
                "Install fonts-wqy-zenhei.",
                LabelFontWarning,
                stacklevel=4,
            )
            self.warned = True
        return latin, latin_fallback(text)


def _fit(el: TextElement, fonts: _Fonts) -> tuple[str, FittedText]:
    font, text = fonts.pick(el.text, el.bold)

    def measure(t: str, size: float) -> float:
        return float(pdfmetrics.stringWidth(t, font, size))

    fitted = fit_text(
        text, el.width, el.height, el.size, measure, max_lines=el.max_lines, min_size=el.min_size
    )
    return font, fitted


def _draw_text(c: Canvas, el: TextElement, page_h: float, fonts: _Fonts) -> None:
    font, fitted = _fit(el, fonts)
    size = fitted.size
    block = len(fitted.lines) * size * LINE_SPACING
    top = el.y + max(el.height - block, 0) / 2
    c.setFillGray(1 if el.reverse else 0)
    c.setFont(font, size * PT_PER_MM)
    for i, line in enumerate(fitted.lines):
        width = pdfmetrics.stringWidth(line, font, size)
        x = (
            el.x
            + {"left": 0.0, "center": (el.width - width) / 2, "right": el.width - width}[el.align]
        )
        baseline = top + i * size * LINE_SPACING + size * _ASCENT
        c.drawString(x * PT_PER_MM, (page_h - baseline) * PT_PER_MM, line)
    c.setFillGray(0)


def _fill_rects(
    c: Canvas, rects: Iterable[tuple[float, float, float, float]], page_h: float
) -> None:
    """Fill mm rectangles (x, y-top, w, h) as one path, so touching ones leave no seams."""
    path = c.beginPath()
    for x, y, w, h in rects:
        path.rect(x * PT_PER_MM, (page_h - y - h) * PT_PER_MM, w * PT_PER_MM, h * PT_PER_MM)
    c.drawPath(path, stroke=0, fill=1)


@dataclass(frozen=True)
class _Grid:
    """How symbols are drawn: ``dpmm`` (dots/mm) snaps modules and bar heights to a
    printer's whole dots (None: exact mm); ``table`` is the spec's symbol specification
    table, checked for every GS1 symbol before it is drawn."""

    dpmm: int | None = None
    table: str = ""

    def module(self, nominal: float, fit: float) -> float:
        """The X-dimension: the nominal module, or less to fit ``fit`` mm per module; whole
        dots at ``dpmm`` (at least one)."""
        if self.dpmm is None:
            return min(nominal, fit)
        return max(min(round(nominal * self.dpmm), math.floor(fit * self.dpmm + 1e-9)), 1) / (
            self.dpmm
        )

    def length(self, mm: float) -> float:
        return mm if self.dpmm is None else round(mm * self.dpmm) / self.dpmm

    def check(self, el: BarcodeElement, x_dim: float, height: float, quiet: float) -> bool:
        """Refuse a GS1 symbol that breaks the table (naming rule, measured and required);
        False when no table applies (the element's own minimum module is then checked)."""
        if not self.table or el.symbology is Symbology.CODE128:
            return False
        detail = ""
        if self.dpmm is not None:
            detail = f" ({round(x_dim * self.dpmm)} dots at {self.dpmm} dots/mm)"
        broken = symbol_violations_mm(
            self.table, el.symbology, x_mm=x_dim, height_mm=height, quiet_mm=quiet, x_detail=detail
        )
        raise_violations(f"{el.symbology.value} {el.data!r} in the PDF", broken)
        return True


def _draw_linear(c: Canvas, el: BarcodeElement, page_h: float, grid: _Grid) -> None:
    symbol = code128_symbol(el.content)
    x_dim = grid.module(el.module, el.width / symbol.modules_with_quiet)
    height = grid.length(el.height)
    quiet = (el.width - symbol.modules * x_dim) / 2
    if not grid.check(el, x_dim, height, quiet) and x_dim < el.min_module - 1e-9:
        raise LabelLayoutError(f"{el.data!r} does not fit {el.width:.1f} mm")
    x = el.x + quiet
    if grid.dpmm is not None:
        x = grid.length(x)
    rects = []
    for i, run in enumerate(symbol.runs):
        if i % 2 == 0:
            rects.append((x, el.y, run * x_dim, height))
        x += run * x_dim
    _fill_rects(c, rects, page_h)


def _draw_datamatrix(c: Canvas, el: BarcodeElement, page_h: float, grid: _Grid) -> None:
    assert isinstance(el.content, GS1Message)
    matrix = datamatrix_matrix(el.content)
    rows, cols = matrix.shape
    side = min(el.width, el.height)
    x_dim = grid.module(el.module, side / (max(rows, cols) + 2 * DATAMATRIX_QUIET_MODULES))
    quiet = (side - max(rows, cols) * x_dim) / 2
    if not grid.check(el, x_dim, max(rows, cols) * x_dim, quiet) and (x_dim < el.min_module - 1e-9):
        raise LabelLayoutError(f"GS1 DataMatrix does not fit {side:.1f} mm")
    x0 = el.x + (el.width - cols * x_dim) / 2
    y0 = el.y + (el.height - rows * x_dim) / 2
    if grid.dpmm is not None:
        x0, y0 = grid.length(x0), grid.length(y0)
    rects = []
    for r in range(rows):
        c0 = None
        for col in range(cols + 1):
            dark = col < cols and bool(matrix[r, col])
            if dark and c0 is None:
                c0 = col
            elif not dark and c0 is not None:
                rects.append((x0 + c0 * x_dim, y0 + r * x_dim, (col - c0) * x_dim, x_dim))
                c0 = None
    _fill_rects(c, rects, page_h)


def _draw_box(c: Canvas, el: BoxElement, page_h: float) -> None:
    if el.filled:
        _fill_rects(c, [(el.x, el.y, el.width, el.height)], page_h)
        return
    t = el.thickness
    c.setLineWidth(t * PT_PER_MM)
    c.rect(
        (el.x + t / 2) * PT_PER_MM,
        (page_h - el.y - el.height + t / 2) * PT_PER_MM,
        (el.width - t) * PT_PER_MM,
        (el.height - t) * PT_PER_MM,
        stroke=1,
        fill=0,
    )


def _draw_page(
    c: Canvas,
    spec: LabelSpec,
    fonts: _Fonts,
    offset: tuple[float, float] = (0.0, 0.0),
    dpi: int | None = None,
) -> None:
    grid = _Grid(None if dpi is None else DOTS_PER_MM[dpi], spec.symbol_table)
    page_h = spec.size.height
    c.setPageSize((mm_to_points(spec.size.width), mm_to_points(page_h)))
    c.saveState()
    if offset != (0.0, 0.0):  # the printer's calibration shift: one exact translation
        c.translate(offset[0] * PT_PER_MM, -offset[1] * PT_PER_MM)
    sizes = group_sizes(spec.texts(), lambda e: _fit(e, fonts)[1])
    for el in spec.elements:
        if isinstance(el, TextElement):
            _draw_text(c, with_group_size(el, sizes), page_h, fonts)
        elif isinstance(el, BoxElement):
            _draw_box(c, el, page_h)
        elif el.symbology is Symbology.GS1_DATAMATRIX:
            _draw_datamatrix(c, el, page_h, grid)
        else:
            _draw_linear(c, el, page_h, grid)
    c.restoreState()
    c.showPage()


def render_pdf(
    specs: Iterable[LabelSpec],
    out: str | os.PathLike[str] | BinaryIO,
    *,
    cjk_font: CjkFont | None = None,
    title: str = "Labels",
    offset: tuple[float, float] = (0.0, 0.0),
    dpi: int | None = None,
) -> None:
    """Render ``specs`` as a PDF, one page per label, to a path or a binary file object.

    ``cjk_font`` overrides the font search (:func:`labels.fonts.find_cjk_font`).
    ``offset`` shifts everything by (x, y) mm, right and down (a printer's calibration, see
    :mod:`labels.printer_profiles`); the page keeps its size. ``dpi`` (203, 300 or 600: the
    printer that will print it) draws barcode modules and bar heights in its whole dots.
    Every GS1 symbol of a spec naming a symbol specification table is checked against it
    (in whole dots when ``dpi`` is given) and a symbol that breaks it is refused with
    :class:`LabelLayoutError` naming the rule, the measured and the required value. Raises
    ValueError if ``specs`` is empty.
    """
    specs = list(specs)
    if not specs:
        raise ValueError("render_pdf needs at least one label")
    if dpi is not None and dpi not in DOTS_PER_MM:
        raise ValueError(f"dpi must be one of {sorted(DOTS_PER_MM)}, got {dpi}")
    buffer = io.BytesIO()
    first = specs[0].size
    c = Canvas(buffer, pagesize=(mm_to_points(first.width), mm_to_points(first.height)),
               invariant=True)  # fmt: skip
    c.setTitle(title)
    c.setCreator("warehouse-station labels")
    fonts = _Fonts(cjk_font)
    for spec in specs:
        _draw_page(c, spec, fonts, offset, dpi)
    c.save()
    data = buffer.getvalue()
    if isinstance(out, (str, os.PathLike)):
        with open(out, "wb") as fh:
            fh.write(data)
    else:
        out.write(data)
