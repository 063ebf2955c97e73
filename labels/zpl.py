# SPDX-License-Identifier: Apache-2.0
"""ZPL II rendering for Zebra-compatible thermal printers at 203, 300 or 600 dpi.

Physical size is kept by using the printers' real resolutions: 8, 12 and 24 dots/mm.
Positions and sizes are rounded to whole dots; barcode module widths are whole dots, the
largest that fits the element's box without exceeding its nominal module.

* Latin text (up to U+00FF): printer font 0 (``^A0``), one ``^FB`` field per line for
  alignment, ``^FH`` hex escapes for ``^ ~ _ \\`` and non-ASCII (UTF-8 under ``^CI28``).
* Other text (Chinese): rendered with Pillow and the CJK TrueType font into ``^GFA``.
* GS1-128: ``^BC`` mode N with the exact code sets chosen by :mod:`labels.symbols`,
  ``>;`` start C, ``>8`` FNC1 first and as separator; HRI is a separate text field. A
  symbol whose module needs more than ``^BY``'s 10 dots (ZPL II Programming Guide,
  ``^BY``: w accepted 1 to 10; the logistic table's 0.495 mm is 12 dots at 24 dots/mm) is
  drawn as a ``^GFA`` graphic field of the same encoder's bars in whole dots, with an
  ``^FX`` comment in the field naming its data.
* GS1 DataMatrix: ``^BX`` quality 200, escape character ``_`` set explicitly (``g``
  parameter), ``_1`` = FNC1 first and as separator, ``__`` = a literal underscore; the
  square size is fixed to the ASCII-encodation bound so the printer never picks another.
* RFID: ``^RS8^RFW,H,,,A`` writes ``spec.epc_hex`` to the EPC bank (auto PC bits).

Contracts: :func:`render_zpl` returns pure-ASCII text, one ``^XA``..``^XZ`` block per spec,
``\\n`` line ends; it is deterministic for the same input, font file and Pillow version.
Bad data or an unsupported dpi raises :class:`labels.errors.LabelError`; a missing CJK
font gives one :class:`labels.errors.LabelFontWarning` per call and ``?`` characters.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFont
from reportlab.pdfbase import pdfmetrics

from labels.element_string import GS, GS1Message
from labels.errors import LabelError, LabelFontWarning, LabelLayoutError
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
    SUPPORTED_DPI,
    BarcodeElement,
    BoxElement,
    LabelSpec,
    Symbology,
    TextElement,
)
from labels.symbol_specs import check_symbol
from labels.symbols import (
    CODE128_QUIET_MODULES,
    DATAMATRIX_QUIET_MODULES,
    code128_symbol,
    ecc200_ascii_size,
)

__all__ = [
    "DOTS_PER_MM",
    "SUPPORTED_DPI",
    "datamatrix_dots",
    "render_zpl",
    "symbol_dots",
    "zpl_datamatrix_field",
]

_MAX_MODULE_DOTS = 10  # ^BY accepts 1..10
_ASCENT = 0.8


def zpl_datamatrix_field(message: GS1Message) -> str:
    """``^FD`` data for ``^BX`` with escape ``_``: ``_1`` FNC1 first and per separator."""
    return "_1" + message.element_string.replace("_", "__").replace(GS, "_1")


def _fh_escape(text: str) -> str:
    """Escape for ``^FH`` (indicator ``_``): keep plain ASCII, hex-encode the rest (UTF-8)."""
    out = []
    for ch in text:
        if 32 <= ord(ch) <= 126 and ch not in "^~_\\":
            out.append(ch)
        else:
            out.extend(f"_{b:02X}" for b in ch.encode("utf-8"))
    return "".join(out)


@lru_cache(maxsize=64)
def _pil_font(path: str, index: int, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, px, index=index)


def _repeat(count: int, ch: str) -> str:
    """ZPL ASCII-compression run: G..Y = 1..19, g..z = 20..400 in steps of 20, then ``ch``."""
    if count == 1:
        return ch
    prefix = []
    while count >= 20:
        k = min(count // 20, 20)
        prefix.append(chr(ord("g") + k - 1))
        count -= 20 * k
    if count:
        prefix.append(chr(ord("G") + count - 1))
    return "".join(prefix) + ch


def _acs_row(row: str) -> str:
    """One hex row in ZPL ASCII compression; ``,`` ends a row of whole zero bytes."""
    body = row.rstrip("0")
    if len(body) % 2:
        body += "0"
    out = []
    i = 0
    while i < len(body):
        j = i
        while j < len(body) and body[j] == body[i]:
            j += 1
        out.append(_repeat(j - i, body[i]))
        i = j
    return "".join(out) + ("," if len(body) < len(row) else "")


def _gfa(ink: npt.NDArray[np.bool_]) -> str:
    """``^GFA`` command for a bool image (True = black), ASCII hex with ZPL compression
    (repeat counts, ``,`` zero fill, ``:`` = same as the previous row)."""
    rows, cols = ink.shape
    bpr = math.ceil(cols / 8)
    packed = np.packbits(ink, axis=1, bitorder="big")[:, :bpr]
    total = bpr * rows
    out, previous = [], None
    for r in range(rows):
        row = packed[r].tobytes().hex().upper()
        out.append(":" if row == previous else _acs_row(row))
        previous = row
    return f"^GFA,{total},{total},{bpr},{''.join(out)}"


@dataclass
class _Ctx:
    dpmm: int
    cjk_font: CjkFont | None
    ox: int = 0
    oy: int = 0
    usable: CjkFont | None = None
    resolved: bool = False
    warned: bool = False

    def d(self, mm: float) -> int:
        return round(mm * self.dpmm)

    def fo(self, x: int, y: int) -> str:
        """``^FO`` at (x, y) dots plus the printer's whole-dot offset, never below 0."""
        return f"^FO{max(x + self.ox, 0)},{max(y + self.oy, 0)}"

    def cjk(self) -> CjkFont | None:
        if not self.resolved:
            font = self.cjk_font or find_cjk_font()
            if font is not None:
                try:
                    _pil_font(str(font.path), font.index, 12)
                    self.usable = font
                except OSError:
                    self.usable = None
            self.resolved = True
        if self.usable is None and not self.warned:
            where = self.cjk_font.path if self.cjk_font else "the default locations"
            warnings.warn(
                f"no usable CJK TrueType font ({where}); non-Latin text is printed as '?'. "
                "Install fonts-wqy-zenhei.",
                LabelFontWarning,
                stacklevel=4,
            )
            self.warned = True
        return self.usable


def _latin_measure(bold: bool) -> Callable[[str, float], float]:
    # Printer font 0 is a condensed face: Helvetica metrics over-estimate it, which is safe.
    font = "Helvetica-Bold" if bold else "Helvetica"
    return lambda text, size: pdfmetrics.stringWidth(text, font, size)


def _cjk_measure(font: CjkFont, dpmm: int) -> Callable[[str, float], float]:
    """Width in mm of text rendered with Pillow at the pixel size the printer will get."""
    path, index = str(font.path), font.index

    def measure(text: str, size: float) -> float:
        px = max(round(size * dpmm), 1)
        return float(_pil_font(path, index, px).getlength(text)) * size / px

    return measure


def _fit(el: TextElement, ctx: _Ctx) -> tuple[CjkFont | None, FittedText]:
    """(CJK font or None for printer font 0, fitted lines) for one text element."""
    text = el.text
    font = ctx.cjk() if needs_cjk(text) else None
    if needs_cjk(text) and font is None:
        text = latin_fallback(text)
    measure = _latin_measure(el.bold) if font is None else _cjk_measure(font, ctx.dpmm)
    fitted = fit_text(
        text, el.width, el.height, el.size, measure, max_lines=el.max_lines, min_size=el.min_size
    )
    return font, fitted


def _text(el: TextElement, ctx: _Ctx) -> list[str]:
    font, fitted = _fit(el, ctx)
    size = fitted.size
    top = el.y + max(el.height - len(fitted.lines) * size * LINE_SPACING, 0) / 2
    reverse = "^FR" if el.reverse else ""
    out = []
    for i, line in enumerate(fitted.lines):
        y = ctx.d(top + i * size * LINE_SPACING)
        if font is None:
            h = max(ctx.d(size), 10)
            just = {"left": "L", "center": "C", "right": "R"}[el.align]
            out.append(
                f"{ctx.fo(ctx.d(el.x), y)}{reverse}^A0N,{h},{h}"
                f"^FB{ctx.d(el.width)},1,0,{just},0^FH^FD{_fh_escape(line)}^FS"
            )
        else:
            out.append(_cjk_line(el, line, size, y, font, ctx, reverse))
    return out


def _cjk_line(
    el: TextElement, line: str, size: float, y: int, font: CjkFont, ctx: _Ctx, reverse: str
) -> str:
    px = max(ctx.d(size), 1)
    face = _pil_font(str(font.path), font.index, px)
    width = max(1, math.ceil(face.getlength(line)))
    height = max(1, ctx.d(size * LINE_SPACING))
    image = Image.new("L", (width, height), 255)
    ImageDraw.Draw(image).text((0, round(px * _ASCENT)), line, font=face, fill=0, anchor="ls")
    ink = np.asarray(image) < 128
    box_w = ctx.d(el.width)
    offset = {"left": 0, "center": (box_w - width) // 2, "right": box_w - width}[el.align]
    return f"{ctx.fo(ctx.d(el.x) + max(offset, 0), y)}{reverse}{_gfa(ink)}^FS"


def _module_dots(
    el: BarcodeElement, modules: int, ctx: _Ctx, what: str, *, table: str = "", cap: int = 0
) -> int:
    """Whole-dot module width; below ``el.min_module`` is refused here unless a symbol
    specification ``table`` applies, whose check then names the rule broken. ``cap`` is the
    most dots the printer's own symbol command takes (``^BY``: 10); 0 = no cap (``^BX``
    takes up to the label's width; a GS1-128 over 10 dots is drawn as a graphic)."""
    fit = (
        ctx.d(el.width) // modules
        if el.symbology is not Symbology.GS1_DATAMATRIX
        else (min(ctx.d(el.width), ctx.d(el.height)) // modules)
    )
    dots = min(max(round(el.module * ctx.dpmm), 1), fit)
    if cap:
        dots = min(dots, cap)
    if dots < 1 or (not table and dots / ctx.dpmm < el.min_module - 0.01):
        raise LabelLayoutError(
            f"{what} needs {modules} modules of >= {el.min_module} mm in {el.width:.1f} mm "
            f"at {ctx.dpmm} dots/mm"
        )
    return dots


def _graphic_bars(runs: tuple[int, ...], dots: int, height: int) -> str:
    """A Code 128 symbol as a ``^GFA`` graphic field: the bars of ``runs`` (modules, bar
    first) ``dots`` wide each, ``height`` dots high; every row is the same, so ZPL's ``:``
    (repeat the previous row) keeps it short."""
    row = np.repeat(np.arange(len(runs)) % 2 == 0, np.array(runs) * dots)
    return _gfa(np.tile(row, (height, 1)))


def _check_table(
    table: str, el: BarcodeElement, dots: int, height: int, quiet: int, ctx: _Ctx
) -> None:
    if table and el.symbology is not Symbology.CODE128:
        check_symbol(
            table,
            el.symbology,
            module_dots=dots,
            height_dots=height,
            quiet_dots=quiet,
            dots_per_mm=ctx.dpmm,
            what=f"{el.symbology.value} {el.data!r}",
        )


def symbol_dots(el: BarcodeElement, dpi: int) -> tuple[int, int, int]:
    """(module, bar height, narrower quiet zone) in whole dots, as :func:`render_zpl` prints
    the GS1-128 or Code 128 symbol ``el`` at ``dpi``; no table is checked."""
    ctx = _Ctx(DOTS_PER_MM[dpi], None)
    symbol = code128_symbol(el.content)
    modules = symbol.modules + 2 * CODE128_QUIET_MODULES
    dots = _module_dots(el, modules, ctx, repr(el.data), table="-", cap=_linear_cap(el, ctx))
    return dots, ctx.d(el.height), (ctx.d(el.width) - symbol.modules * dots) // 2


def datamatrix_dots(el: BarcodeElement, dpi: int) -> tuple[int, int, int]:
    """(module, symbol side, narrower quiet zone) in whole dots, as :func:`render_zpl`
    prints the GS1 DataMatrix ``el`` at ``dpi``; no table is checked."""
    assert isinstance(el.content, GS1Message)
    ctx = _Ctx(DOTS_PER_MM[dpi], None)
    n = ecc200_ascii_size(el.content.element_string)
    dots = _module_dots(el, n + 2 * DATAMATRIX_QUIET_MODULES, ctx, "GS1 DataMatrix", table="-")
    side = min(ctx.d(el.width), ctx.d(el.height))
    return dots, n * dots, (side - n * dots) // 2


def _linear_cap(el: BarcodeElement, ctx: _Ctx) -> int:
    """^BY's 10 dots, except for a GS1-128 symbol whose nominal module needs more (0.5 mm at
    24 dots/mm is 12): that one is drawn as a graphic in whole dots instead."""
    wanted = round(el.module * ctx.dpmm)
    return (
        0 if el.symbology is Symbology.GS1_128 and wanted > _MAX_MODULE_DOTS else _MAX_MODULE_DOTS
    )


def _barcode(el: BarcodeElement, ctx: _Ctx, table: str = "") -> str:
    if el.symbology is Symbology.GS1_DATAMATRIX:
        assert isinstance(el.content, GS1Message)
        n = ecc200_ascii_size(el.content.element_string)
        dots = _module_dots(
            el,
            n + 2 * DATAMATRIX_QUIET_MODULES,
            ctx,
            "GS1 DataMatrix",
            table=table,
            cap=0,  # ^BX h: 1 to the width of the label (ZPL II guide): the box is the limit
        )
        x = ctx.d(el.x) + (ctx.d(el.width) - n * dots) // 2
        y = ctx.d(el.y) + (ctx.d(el.height) - n * dots) // 2
        side = min(ctx.d(el.width), ctx.d(el.height))
        _check_table(table, el, dots, n * dots, (side - n * dots) // 2, ctx)
        field = zpl_datamatrix_field(el.content)
        return f"{ctx.fo(x, y)}^BXN,{dots},200,{n},{n},,_^FD{field}^FS"
    symbol = code128_symbol(el.content)
    gs1_table = table if el.symbology is Symbology.GS1_128 else ""
    cap = _linear_cap(el, ctx)
    dots = _module_dots(
        el, symbol.modules + 2 * CODE128_QUIET_MODULES, ctx, repr(el.data), table=gs1_table, cap=cap
    )
    quiet = (ctx.d(el.width) - symbol.modules * dots) // 2
    _check_table(table, el, dots, ctx.d(el.height), quiet, ctx)
    x = ctx.d(el.x) + quiet
    if dots > _MAX_MODULE_DOTS:  # over ^BY's range: our own bars, module for module
        hri = el.content.hri if isinstance(el.content, GS1Message) else el.data
        note = f"^FXGS1-128 {_fx_text(hri)} as a graphic of {dots}-dot modules"
        bars = _graphic_bars(symbol.runs, dots, ctx.d(el.height))
        return f"{ctx.fo(x, ctx.d(el.y))}{note}{bars}^FS"
    return f"{ctx.fo(x, ctx.d(el.y))}^BY{dots}^BCN,{ctx.d(el.height)},N,N,N,N^FD{symbol.zpl_field()}^FS"


def _fx_text(text: str) -> str:
    """A comment's text: no ``^`` or ``~`` (they would start a command), ASCII only."""
    return "".join(c if c.isascii() and c not in "^~" else "?" for c in text)


def _box(el: BoxElement, ctx: _Ctx) -> str:
    w, h = max(ctx.d(el.width), 1), max(ctx.d(el.height), 1)
    t = min(w, h) if el.filled else max(ctx.d(el.thickness), 1)
    return f"{ctx.fo(ctx.d(el.x), ctx.d(el.y))}^GB{w},{h},{t},B,0^FS"


def _label(spec: LabelSpec, ctx: _Ctx) -> list[str]:
    lines = [
        "^XA",
        "^CI28",
        f"^PW{ctx.d(spec.size.width)}",
        f"^LL{ctx.d(spec.size.height)}",
        "^LH0,0",
    ]
    if spec.epc_hex:
        lines.append(f"^RS8^RFW,H,,,A^FD{spec.epc_hex}^FS")
    sizes = group_sizes(spec.texts(), lambda e: _fit(e, ctx)[1])
    for el in spec.elements:
        if isinstance(el, TextElement):
            lines.extend(_text(with_group_size(el, sizes), ctx))
        elif isinstance(el, BoxElement):
            lines.append(_box(el, ctx))
        else:
            lines.append(_barcode(el, ctx, spec.symbol_table))
    lines += ["^PQ1", "^XZ"]
    return lines


def render_zpl(
    specs: Iterable[LabelSpec],
    dpi: int = 203,
    *,
    cjk_font: CjkFont | None = None,
    offset: tuple[float, float] = (0.0, 0.0),
) -> str:
    """ZPL II for ``specs`` at ``dpi`` (203, 300 or 600), one label format per spec.

    ``cjk_font`` overrides the font search (:func:`labels.fonts.find_cjk_font`). ``offset``
    shifts every field by (x, y) mm, rounded once to whole dots (a printer's calibration, see
    :mod:`labels.printer_profiles`); module widths and the page size do not change.
    """
    if dpi not in DOTS_PER_MM:
        raise LabelError(f"dpi must be one of {SUPPORTED_DPI}, got {dpi}")
    dpmm = DOTS_PER_MM[dpi]
    ctx = _Ctx(dpmm, cjk_font, round(offset[0] * dpmm), round(offset[1] * dpmm))
    out: list[str] = []
    for spec in specs:
        out.extend(_label(spec, ctx))
    if not out:
        raise ValueError("render_zpl needs at least one label")
    return "\n".join(out) + "\n"
