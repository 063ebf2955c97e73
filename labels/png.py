# SPDX-License-Identifier: Apache-2.0
"""PNG previews drawn directly with Pillow, geometry identical to the thermal print.

The preview is what a thermal printer at ``dpi`` prints from :func:`labels.zpl.render_zpl`:
the same page in dots (8, 12 or 24 dots/mm at 203, 300 and 600 dpi; ``dpi / 25.4`` for other
resolutions), the same whole-dot module widths and the same barcode, box and text positions.
Text is laid out with the PDF's metrics (Helvetica, via reportlab's bundled metric-compatible
Type 1 face, and the CJK TrueType font), so the lines break where the PDF breaks them.

Drawing directly is about a hundred times faster than rasterising the PDF with ``pdftoppm``
(no subprocess, no PDF parse) and needs no poppler, so the UI can preview on every keystroke.

Contracts:

* :func:`render_png` returns PNG bytes (8-bit grey, the dpi recorded in the file) and never
  allocates anything in the station: it is a pure function of the spec.
* GS1 DataMatrix: the preview draws the zxing-cpp symbol (the one the PDF prints) with the
  ZPL module size; a printer's ``^BX`` encoder may choose a larger square, never a larger area
  than reserved. Linear codes below ``min_module`` at a low screen dpi are drawn with
  fractional modules (the preview still shows them; such a resolution cannot print them).
* Runs on the calling thread; safe to call from several threads. A missing CJK font gives
  one :class:`labels.errors.LabelFontWarning` per call and ``?`` characters, as the other
  renderers do.
"""

from __future__ import annotations

import io
import math
import os
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

import reportlab
from PIL import Image, ImageDraw, ImageFont
from reportlab.pdfbase import pdfmetrics

from labels.element_string import GS1Message
from labels.errors import LabelError
from labels.fonts import (
    LINE_SPACING,
    CjkFont,
    FittedText,
    fit_text,
    group_sizes,
    latin_fallback,
    needs_cjk,
    with_group_size,
)
from labels.model import BarcodeElement, BoxElement, LabelSpec, Symbology, TextElement
from labels.pdf import register_cjk_font
from labels.symbols import (
    CODE128_QUIET_MODULES,
    DATAMATRIX_QUIET_MODULES,
    code128_symbol,
    datamatrix_matrix,
    ecc200_ascii_size,
)
from labels.zpl import DOTS_PER_MM, _Ctx

__all__ = ["render_png", "render_png_image"]

_ASCENT = 0.8
_RL_FONTS = Path(reportlab.__file__).parent / "fonts"
_LATIN_FACES = {False: "_a______.pfb", True: "_ab_____.pfb"}  # Helvetica metrics (URW)
_FALLBACK_FACES = {False: "Vera.ttf", True: "VeraBd.ttf"}


@lru_cache(maxsize=128)
def _latin_face(bold: bool, px: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in (_LATIN_FACES[bold], _FALLBACK_FACES[bold]):
        try:
            return ImageFont.truetype(str(_RL_FONTS / name), px)
        except OSError:
            continue
    return ImageFont.load_default(px)  # pragma: no cover - reportlab always ships its fonts


@lru_cache(maxsize=128)
def _cjk_face(path: str, index: int, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, px, index=index)


class _Painter:
    """Draws one label page; ``dpmm`` may be fractional for screen resolutions."""

    def __init__(self, spec: LabelSpec, dpmm: float, ctx: _Ctx, offset: tuple[int, int]) -> None:
        self.spec, self.dpmm, self.ctx = spec, dpmm, ctx
        self.ox, self.oy = offset
        size = (max(self.d(spec.size.width), 1), max(self.d(spec.size.height), 1))
        self.image = Image.new("L", size, 255)
        self.draw = ImageDraw.Draw(self.image)

    def d(self, mm: float) -> int:
        return round(mm * self.dpmm)

    def rect(self, x: float, y: float, w: float, h: float, fill: int = 0) -> None:
        """Fill dots [x, x+w) x [y, y+h), page coordinates before the offset."""
        if w > 0 and h > 0:
            x0, y0 = x + self.ox, y + self.oy
            self.draw.rectangle((x0, y0, x0 + w - 1, y0 + h - 1), fill=fill)

    # -- text ------------------------------------------------------------------------------
    def fit(self, el: TextElement) -> tuple[CjkFont | None, str, FittedText]:
        text, font = el.text, None
        if needs_cjk(text):
            font = self.ctx.cjk()
            if font is None:
                text = latin_fallback(text)
        # The PDF's metrics, so lines break and shrink exactly where the PDF's do.
        name = "Helvetica-Bold" if el.bold else "Helvetica"
        if font is not None:
            name = register_cjk_font(font) or name

        def measure(t: str, s: float) -> float:
            return float(pdfmetrics.stringWidth(t, name, s))

        fitted = fit_text(
            text,
            el.width,
            el.height,
            el.size,
            measure,
            max_lines=el.max_lines,
            min_size=el.min_size,
        )
        return font, text, fitted

    def text(self, el: TextElement) -> None:
        font, _text, fitted = self.fit(el)
        size = fitted.size
        px = max(self.d(size), 1)
        top = el.y + max(el.height - len(fitted.lines) * size * LINE_SPACING, 0) / 2
        ink = 255 if el.reverse else 0
        for i, line in enumerate(fitted.lines):
            if font is None:
                name = "Helvetica-Bold" if el.bold else "Helvetica"
                width_mm = pdfmetrics.stringWidth(line, name, size)
                face: ImageFont.FreeTypeFont | ImageFont.ImageFont = _latin_face(el.bold, px)
            else:
                face = _cjk_face(str(font.path), font.index, px)
                width_mm = face.getlength(line) / self.dpmm
            shift = {"left": 0.0, "center": (el.width - width_mm) / 2, "right": el.width - width_mm}
            x = self.d(el.x + shift[el.align]) + self.ox
            baseline = self.d(top + i * size * LINE_SPACING + size * _ASCENT) + self.oy
            self.draw.text((x, baseline), line, font=face, fill=ink, anchor="ls")

    # -- barcodes and boxes ----------------------------------------------------------------
    def module(self, el: BarcodeElement, modules: int) -> float:
        """Whole dots as ZPL chooses them, or the fractional nominal module as a fallback."""
        fit = (
            min(self.d(el.width), self.d(el.height))
            if el.symbology is Symbology.GS1_DATAMATRIX
            else self.d(el.width)
        ) // modules
        dots = min(max(round(el.module * self.dpmm), 1), fit, 10)
        if dots >= 1 and dots / self.dpmm >= el.min_module - 0.01:
            return float(dots)
        side = min(el.width, el.height) if el.symbology is Symbology.GS1_DATAMATRIX else el.width
        return min(el.module, side / modules) * self.dpmm

    def linear(self, el: BarcodeElement) -> None:
        symbol = code128_symbol(el.content)
        x_dim = self.module(el, symbol.modules + 2 * CODE128_QUIET_MODULES)
        x0 = self.d(el.x) + (self.d(el.width) - symbol.modules * x_dim) // 2
        y0, h = self.d(el.y), self.d(el.height)
        at = 0
        for i, run in enumerate(symbol.runs):
            if i % 2 == 0:
                left = x0 + round(at * x_dim)
                self.rect(left, y0, x0 + round((at + run) * x_dim) - left, h)
            at += run

    def datamatrix(self, el: BarcodeElement) -> None:
        assert isinstance(el.content, GS1Message)
        matrix = datamatrix_matrix(el.content)
        n = ecc200_ascii_size(el.content.element_string)
        x_dim = self.module(el, n + 2 * DATAMATRIX_QUIET_MODULES)
        rows, cols = matrix.shape
        x0 = self.d(el.x) + (self.d(el.width) - cols * x_dim) // 2
        y0 = self.d(el.y) + (self.d(el.height) - rows * x_dim) // 2
        for r in range(rows):
            top = y0 + round(r * x_dim)
            bottom = y0 + round((r + 1) * x_dim)
            for c in range(cols):
                if matrix[r, c]:
                    left = x0 + round(c * x_dim)
                    self.rect(left, top, x0 + round((c + 1) * x_dim) - left, bottom - top)

    def box(self, el: BoxElement) -> None:
        x, y = self.d(el.x), self.d(el.y)
        w, h = max(self.d(el.width), 1), max(self.d(el.height), 1)
        if el.filled:
            self.rect(x, y, w, h)
            return
        t = max(self.d(el.thickness), 1)
        for rx, ry, rw, rh in (
            (x, y, w, t),
            (x, y + h - t, w, t),
            (x, y, t, h),
            (x + w - t, y, t, h),
        ):
            self.rect(rx, ry, rw, rh)

    def paint(self) -> Image.Image:
        sizes = group_sizes(self.spec.texts(), lambda e: self.fit(e)[2])
        for el in self.spec.elements:
            if isinstance(el, TextElement):
                self.text(with_group_size(el, sizes))
            elif isinstance(el, BoxElement):
                self.box(el)
            elif el.symbology is Symbology.GS1_DATAMATRIX:
                self.datamatrix(el)
            else:
                self.linear(el)
        return self.image


def _dpmm(dpi: int) -> float:
    if not 50 <= dpi <= 1200:
        raise LabelError(f"preview dpi must be 50-1200, got {dpi}")
    return float(DOTS_PER_MM.get(dpi, dpi / 25.4))


def render_png_image(
    spec: LabelSpec,
    dpi: int = 203,
    *,
    cjk_font: CjkFont | None = None,
    offset: tuple[float, float] = (0.0, 0.0),
) -> Image.Image:
    """The label as an 8-bit grey Pillow image, ``dpi`` as in :func:`render_png`."""
    dpmm = _dpmm(dpi)
    ctx = _Ctx(max(1, math.floor(dpmm)), cjk_font)
    shift = (round(offset[0] * dpmm), round(offset[1] * dpmm))
    return _Painter(spec, dpmm, ctx, shift).paint()


def render_png(
    spec: LabelSpec,
    out: str | os.PathLike[str] | BinaryIO | None = None,
    *,
    dpi: int = 203,
    cjk_font: CjkFont | None = None,
    offset: tuple[float, float] = (0.0, 0.0),
) -> bytes:
    """Render one label as PNG bytes at ``dpi`` (50-1200), optionally also written to ``out``.

    At 203, 300 and 600 dpi every dot is where the thermal printer puts it. ``offset`` is the
    printer's calibration shift in mm (:mod:`labels.printer_profiles`), whole dots.
    """
    image = render_png_image(spec, dpi, cjk_font=cjk_font, offset=offset)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(dpi, dpi), optimize=False, compress_level=1)
    data = buffer.getvalue()
    if isinstance(out, (str, os.PathLike)):
        Path(out).write_bytes(data)
    elif out is not None:
        out.write(data)
    return data
