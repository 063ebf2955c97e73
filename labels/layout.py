# SPDX-License-Identifier: Apache-2.0
"""Millimetre layout helpers for templates: frames that split, and element builders.

Templates describe a label as nested :class:`Frame` splits (rows and columns with weights),
then place text and barcodes into the frames. Because each element gets its own frame and
frames never overlap, labels cannot overlap at any size; renderers keep each element inside
its frame.

Contracts: everything is pure; builders raise :class:`labels.errors.LabelLayoutError` when a
barcode cannot fit its frame at its minimum module width.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations, pairwise
from typing import Final

from labels.element_string import GS1Message
from labels.errors import LabelLayoutError
from labels.fonts import LINE_SPACING
from labels.model import Align, BarcodeElement, Element, Symbology, TextElement
from labels.symbols import (
    DATAMATRIX_QUIET_MODULES,
    code128_symbol,
    datamatrix_matrix,
    ecc200_ascii_size,
)

__all__ = [
    "MIN_MODULE",
    "Frame",
    "code128_block",
    "datamatrix_block",
    "gs1_128_block",
    "gs1_128_rows_needed",
    "text_block",
]

MIN_MODULE: Final = 0.25
"""Smallest X dimension (mm) templates use for linear codes: two dots at 203 dpi."""

HRI_FRACTION: Final = 0.22
"""Share of a barcode row taken by its human-readable line ..."""
HRI_MAX: Final = 4.5
"""... but never more than this many mm."""


@dataclass(frozen=True)
class Frame:
    """A rectangle in mm, origin top-left of the label."""

    x: float
    y: float
    w: float
    h: float

    def inset(self, dx: float, dy: float | None = None) -> Frame:
        """The frame shrunk by ``dx`` left/right and ``dy`` (default ``dx``) top/bottom."""
        dy = dx if dy is None else dy
        return Frame(self.x + dx, self.y + dy, max(self.w - 2 * dx, 0), max(self.h - 2 * dy, 0))

    def rows(self, weights: Sequence[float], gap: float = 0.0) -> list[Frame]:
        """Split top to bottom into frames with heights proportional to ``weights``."""
        free = self.h - gap * (len(weights) - 1)
        total = sum(weights)
        out, y = [], self.y
        for w in weights:
            h = free * w / total
            out.append(Frame(self.x, y, self.w, h))
            y += h + gap
        return out

    def cols(self, weights: Sequence[float], gap: float = 0.0) -> list[Frame]:
        """Split left to right into frames with widths proportional to ``weights``."""
        free = self.w - gap * (len(weights) - 1)
        total = sum(weights)
        out, x = [], self.x
        for w in weights:
            wd = free * w / total
            out.append(Frame(x, self.y, wd, self.h))
            x += wd + gap
        return out

    def take_top(self, h: float, gap: float = 0.0) -> tuple[Frame, Frame]:
        """``(top part of height h, the rest below it after gap)``."""
        h = min(h, self.h)
        rest = Frame(self.x, self.y + h + gap, self.w, max(self.h - h - gap, 0))
        return Frame(self.x, self.y, self.w, h), rest

    def take_right(self, w: float, gap: float = 0.0) -> tuple[Frame, Frame]:
        """``(the rest on the left, right part of width w)``, separated by gap."""
        w = min(w, self.w)
        left = Frame(self.x, self.y, max(self.w - w - gap, 0), self.h)
        return left, Frame(self.x + self.w - w, self.y, w, self.h)


def text_block(
    frame: Frame,
    text: str,
    *,
    bold: bool = False,
    align: Align = "left",
    max_lines: int = 1,
    reverse: bool = False,
    group: str = "",
) -> TextElement:
    """Text filling ``frame``: font size = frame height / (lines x line spacing)."""
    size = frame.h / (max_lines * LINE_SPACING)
    return TextElement(
        frame.x,
        frame.y,
        frame.w,
        frame.h,
        text,
        size,
        bold=bold,
        align=align,
        max_lines=max_lines,
        min_size=min(1.5, size),
        reverse=reverse,
        group=group,
    )


def _module_for(modules: int, width: float, nominal: float) -> float:
    # 2 % slack so renderers rounding to whole dots still fit the frame.
    return min(nominal, width * 0.98 / modules)


def gs1_128_rows_needed(
    message: GS1Message, width: float, max_rows: int = 3, min_module: float = MIN_MODULE
) -> int:
    """How many GS1-128 symbols (split between element strings) ``message`` needs to fit
    ``width`` mm at ``min_module`` or more; raises LabelLayoutError beyond ``max_rows``."""
    for rows in range(1, min(max_rows, len(message.fields)) + 1):
        parts = _split(message, rows)
        if all(
            _module_for(code128_symbol(p).modules_with_quiet, width, 1.0) >= min_module
            for p in parts
        ):
            return rows
    raise LabelLayoutError(
        f"{message.hri} does not fit {width:.1f} mm as GS1-128 at {min_module} mm modules"
    )


def _split(message: GS1Message, rows: int) -> list[GS1Message]:
    """Split the element strings into ``rows`` contiguous runs, narrowest widest symbol."""
    fields = message.fields
    best: list[GS1Message] = [message]
    best_width = -1
    for cuts in combinations(range(1, len(fields)), rows - 1):
        bounds = (0, *cuts, len(fields))
        parts = [GS1Message(fields[a:b]) for a, b in pairwise(bounds)]
        widest = max(code128_symbol(p).modules for p in parts)
        if best_width < 0 or widest < best_width:
            best, best_width = parts, widest
    return best


def gs1_128_block(
    frame: Frame,
    message: GS1Message,
    *,
    module: float,
    max_rows: int = 2,
    min_module: float = MIN_MODULE,
) -> list[Element]:
    """GS1-128 symbol(s) with their HRI lines filling ``frame``.

    Uses one symbol if it fits at ``min_module``, else splits the element strings over
    up to ``max_rows`` symbols (each still FNC1-first and complete per element string).
    """
    rows = gs1_128_rows_needed(message, frame.w, max_rows, min_module)
    out: list[Element] = []
    for part, row in zip(_split(message, rows), frame.rows([1] * rows, gap=1.0), strict=True):
        out.extend(_linear_with_hri(row, part, part.hri, module, Symbology.GS1_128, min_module))
    return out


def code128_block(
    frame: Frame, text: str, *, module: float, hri: str | None = None
) -> list[Element]:
    """A plain Code 128 symbol with an optional human-readable line, filling ``frame``."""
    if hri is None:
        symbol = code128_symbol(text)
        x = _module_for(symbol.modules_with_quiet, frame.w, module)
        _check_module(x, text)
        return [BarcodeElement(frame.x, frame.y, frame.w, frame.h, Symbology.CODE128, text, x)]
    return _linear_with_hri(frame, text, hri, module, Symbology.CODE128)


def _check_module(x: float, what: str, min_module: float = MIN_MODULE) -> None:
    if x < min_module:
        raise LabelLayoutError(f"{what!r} needs {min_module} mm modules; only {x:.3f} mm fit")


def _linear_with_hri(
    frame: Frame,
    content: GS1Message | str,
    hri: str,
    module: float,
    symbology: Symbology,
    min_module: float = MIN_MODULE,
) -> list[Element]:
    symbol = code128_symbol(content)
    x = _module_for(symbol.modules_with_quiet, frame.w, module)
    _check_module(x, hri, min_module)
    hri_h = min(frame.h * HRI_FRACTION, HRI_MAX)
    gap = max(frame.h * 0.03, 0.8)
    bars, text = frame.take_top(frame.h - hri_h - gap, gap=gap)
    return [
        BarcodeElement(bars.x, bars.y, bars.w, bars.h, symbology, content, x, min_module),
        text_block(text, hri, align="center"),
    ]


def datamatrix_block(frame: Frame, message: GS1Message, *, module: float) -> BarcodeElement:
    """A GS1 DataMatrix centred in the largest square inside ``frame``.

    The module is chosen so that the printer's worst-case size (ASCII encodation) plus the
    one-module quiet zone fits; the zxing-cpp symbol used for PDF is never larger.
    """
    side = min(frame.w, frame.h)
    worst = max(ecc200_ascii_size(message.element_string), datamatrix_matrix(message).shape[0])
    x = min(module, side * 0.98 / (worst + 2 * DATAMATRIX_QUIET_MODULES))
    if x < 0.25:
        raise LabelLayoutError(f"GS1 DataMatrix {message.hri} needs a {side:.1f} mm+ square")
    sx = frame.x + (frame.w - side) / 2
    sy = frame.y + (frame.h - side) / 2
    return BarcodeElement(sx, sy, side, side, Symbology.GS1_DATAMATRIX, message, x, 0.25)
