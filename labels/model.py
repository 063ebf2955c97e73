# SPDX-License-Identifier: Apache-2.0
"""Label model: a page of physical size holding positioned elements, all in millimetres.

A :class:`LabelSpec` is what templates produce and what the renderers (:mod:`labels.pdf`,
:mod:`labels.zpl`) consume. It is renderer-neutral and contains no fonts, dots or points.

Contracts:

* Coordinates are millimetres from the **top-left** corner of the label, x to the right,
  y downwards (the ZPL convention; the PDF renderer flips y itself).
* Every element has a bounding box (``x``, ``y``, ``width``, ``height``). A renderer never
  draws outside that box: text is shrunk (then ellipsised) to fit, barcodes get a smaller
  module width or a :class:`LabelLayoutError`.
* Barcode boxes include the quiet zones. Templates keep boxes from overlapping, except that a
  :class:`TextElement` with ``reverse=True`` is meant to sit on a filled :class:`BoxElement`.
* All dataclasses are frozen; specs are safe to share between threads.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from labels.element_string import GS1Message
from labels.errors import LabelError, LabelLayoutError

__all__ = [
    "DOTS_PER_MM",
    "MM_PER_INCH",
    "SIZE_100X50",
    "SIZE_4X6",
    "SIZE_50X25",
    "SIZE_A5",
    "SIZE_A6",
    "STANDARD_SIZES",
    "SUPPORTED_DPI",
    "Align",
    "BarcodeElement",
    "BoxElement",
    "Element",
    "LabelError",
    "LabelLayoutError",
    "LabelSize",
    "LabelSpec",
    "Symbology",
    "TextElement",
    "mm_to_dots",
    "mm_to_points",
]

MM_PER_INCH = 25.4

DOTS_PER_MM: dict[int, int] = {203: 8, 300: 12, 600: 24}
"""Nominal dpi -> the printer's real dots per mm (203 dpi printers print 8 dots/mm)."""
SUPPORTED_DPI = tuple(DOTS_PER_MM)


def mm_to_points(mm: float) -> float:
    """Millimetres to PDF points (1 pt = 1/72 inch)."""
    return mm * 72.0 / MM_PER_INCH


def mm_to_dots(mm: float, dpi: int) -> int:
    """Millimetres to whole printer dots, rounded to the nearest dot."""
    return round(mm * dpi / MM_PER_INCH)


@dataclass(frozen=True)
class LabelSize:
    """Physical label (page) size in millimetres, width x height as the label is read."""

    width: float
    height: float
    name: str = ""

    def __post_init__(self) -> None:
        if not (self.width > 0 and self.height > 0):
            raise LabelError(f"label size must be positive, got {self.width}x{self.height} mm")


SIZE_100X50 = LabelSize(100.0, 50.0, "100x50mm")
SIZE_4X6 = LabelSize(101.6, 152.4, "4x6in")
SIZE_50X25 = LabelSize(50.0, 25.0, "50x25mm")
SIZE_A6 = LabelSize(105.0, 148.0, "A6")
SIZE_A5 = LabelSize(148.0, 210.0, "A5")
STANDARD_SIZES: dict[str, LabelSize] = {
    s.name: s for s in (SIZE_100X50, SIZE_4X6, SIZE_50X25, SIZE_A6, SIZE_A5)
}
"""Sizes every template is tested with, keyed by name."""

Align = Literal["left", "center", "right"]


class Symbology(StrEnum):
    """Barcode kinds the renderers can draw."""

    GS1_128 = "gs1-128"
    """Code 128 with FNC1 first; data is a GS1 element string, GS (0x1D) = separator FNC1."""
    CODE128 = "code128"
    """Plain Code 128; data is printable ASCII."""
    GS1_DATAMATRIX = "gs1-datamatrix"
    """ECC 200 Data Matrix with FNC1 first; data is a GS1 element string with GS separators."""


@dataclass(frozen=True)
class TextElement:
    """One block of text, shrunk to fit its box.

    ``size`` is the nominal font size (em height) in mm. The renderer wraps onto at most
    ``max_lines`` lines and shrinks down to ``min_size`` before cutting the text with an
    ellipsis. Text containing characters above U+00FF needs the CJK font (see
    :mod:`labels.fonts`). ``reverse`` prints white on black (put it on a filled box).
    Elements sharing a non-empty ``group`` on one label are drawn at one common size (the
    smallest any of them needs), so a block of fields looks even.
    """

    x: float
    y: float
    width: float
    height: float
    text: str
    size: float
    bold: bool = False
    align: Align = "left"
    max_lines: int = 1
    min_size: float = 1.5
    reverse: bool = False
    group: str = ""


@dataclass(frozen=True)
class BarcodeElement:
    """A barcode centred in its box; the box includes the quiet zones.

    ``content`` is a :class:`GS1Message` for the GS1 symbologies and printable ASCII for
    plain Code 128 (checked on construction). ``module`` is the nominal X dimension in mm. Renderers use the largest module width
    that is at most ``module`` (ZPL: whole dots) and still fits the box; if that is below
    ``min_module`` they raise :class:`LabelLayoutError`. For linear codes the bars take the
    whole box height; for Data Matrix the symbol is square.
    """

    x: float
    y: float
    width: float
    height: float
    symbology: Symbology
    content: GS1Message | str
    module: float
    min_module: float = 0.19

    def __post_init__(self) -> None:
        if self.symbology is Symbology.CODE128:
            text = self.content
            if not isinstance(text, str) or not text:
                raise LabelError("a Code 128 barcode needs non-empty text content")
            bad = sorted({c for c in text if not 32 <= ord(c) <= 126})
            if bad:
                raise LabelError(f"Code 128 content {text!r} has non-printable-ASCII {bad!r}")
        elif not isinstance(self.content, GS1Message):
            raise LabelError(f"{self.symbology.value} needs a GS1Message as content")
        if not 0 < self.min_module <= self.module:
            raise LabelLayoutError(f"module {self.module} mm is below min {self.min_module} mm")

    @property
    def data(self) -> str:
        """What a scanner sends after the AIM id: element string (GS1) or the plain text."""
        c = self.content
        return c.element_string if isinstance(c, GS1Message) else c


@dataclass(frozen=True)
class BoxElement:
    """A rectangle outline of ``thickness`` mm, or a solid black box if ``filled``."""

    x: float
    y: float
    width: float
    height: float
    thickness: float = 0.3
    filled: bool = False


Element = TextElement | BarcodeElement | BoxElement


@dataclass(frozen=True)
class LabelSpec:
    """One label: physical size, elements in drawing order, optional RFID EPC.

    ``template`` names the template that built the spec (for logs and docs). ``epc_hex`` is
    written to the RFID inlay by ZPL printers that have one (``^RFW``); PDF ignores it.
    ``symbol_table`` names the GS1 symbol specification table (:mod:`labels.symbol_specs`)
    its GS1 symbols must meet; renderers that print in whole dots refuse a symbol that
    breaks it. Empty: no GS1 table applies (internal codes only).
    """

    size: LabelSize
    elements: tuple[Element, ...]
    template: str = ""
    epc_hex: str | None = None
    meta: dict[str, str] = field(default_factory=dict, compare=False)
    symbol_table: str = ""

    def __post_init__(self) -> None:
        if self.epc_hex is not None:
            epc = self.epc_hex
            if not epc or len(epc) % 4 or any(c not in "0123456789ABCDEF" for c in epc):
                raise LabelError(
                    f"epc_hex must be upper-case hex in whole 16-bit words, got {epc!r}"
                )

    def barcodes(self) -> Iterator[BarcodeElement]:
        """The barcode elements, in drawing order."""
        return (e for e in self.elements if isinstance(e, BarcodeElement))

    def texts(self) -> Iterator[TextElement]:
        """The text elements, in drawing order."""
        return (e for e in self.elements if isinstance(e, TextElement))
