# SPDX-License-Identifier: Apache-2.0
"""Per-printer settings: the label stock loaded, blank margins and a calibration offset.

A :class:`PrinterProfile` says how one printer (one printer URL) differs from the ideal:

* ``size`` — the label stock it holds; templates are laid out for it instead of their
  default size (``None`` keeps each template's default).
* ``margins`` — millimetres kept blank at the top, right, bottom and left (an office printer's
  unprintable border, or a die-cut label's rounded corners). The template is laid out in the
  smaller inner area and placed on the full page by :meth:`PrinterProfile.place`.
* ``offset_x`` / ``offset_y`` — calibration shift in mm (positive = right / down) for a
  printer that prints off centre. Renderers apply it as one whole shift of the page: whole
  dots in ZPL and PNG (positions move, module widths never change), an exact translation in
  PDF. Content shifted past the edge is cut off, as the printer would.

Contracts: pure data, frozen, thread-safe; :meth:`PrinterProfile.from_json` raises
:class:`labels.errors.LabelError` for a malformed profile.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from labels.errors import LabelError
from labels.model import (
    STANDARD_SIZES,
    BarcodeElement,
    BoxElement,
    Element,
    LabelSize,
    LabelSpec,
    TextElement,
)

__all__ = ["DEFAULT_PROFILE", "PrinterProfile", "build_for_printer", "parse_size"]

Margins = tuple[float, float, float, float]


def parse_size(text: str) -> LabelSize:
    """A size by name (``100x50mm``, ``4x6in``, ``50x25mm``) or as ``WxH`` millimetres."""
    if text in STANDARD_SIZES:
        return STANDARD_SIZES[text]
    raw = text.lower().removesuffix("mm")
    try:
        width, height = (float(part) for part in raw.split("x"))
    except ValueError:
        known = ", ".join(STANDARD_SIZES)
        raise LabelError(f"label size {text!r}: use WxH in mm (e.g. 100x50) or {known}") from None
    return LabelSize(width, height, f"{width:g}x{height:g}mm")


@dataclass(frozen=True)
class PrinterProfile:
    """How one printer differs from the ideal; all lengths in mm (see the module docstring)."""

    size: LabelSize | None = None
    margins: Margins = field(default=(0.0, 0.0, 0.0, 0.0))
    offset_x: float = 0.0
    offset_y: float = 0.0

    def __post_init__(self) -> None:
        if len(self.margins) != 4 or any(m < 0 for m in self.margins):
            raise LabelError("margins are four non-negative mm values: top, right, bottom, left")
        if abs(self.offset_x) > 50 or abs(self.offset_y) > 50:
            raise LabelError("printer offsets are limited to +-50 mm")

    @property
    def offset(self) -> tuple[float, float]:
        """``(offset_x, offset_y)`` in mm, as the renderers take it."""
        return (self.offset_x, self.offset_y)

    def content_size(self, default: LabelSize) -> LabelSize:
        """The area a template is laid out in: the stock (or ``default``) minus the margins."""
        page = self.size or default
        top, right, bottom, left = self.margins
        if not any(self.margins):
            return page
        return LabelSize(page.width - left - right, page.height - top - bottom, page.name)

    def place(self, spec: LabelSpec) -> LabelSpec:
        """``spec`` (laid out in :meth:`content_size`) on the full page, moved by the margins."""
        top, _right, _bottom, left = self.margins
        page = self.size or spec.size
        if not any(self.margins) and page == spec.size:
            return spec
        if not any(self.margins):
            page_size = page
        else:
            page_size = LabelSize(
                spec.size.width + left + self.margins[1],
                spec.size.height + top + self.margins[2],
                page.name,
            )
        moved = tuple(_moved(e, left, top) for e in spec.elements)
        return dataclasses.replace(spec, size=page_size, elements=moved)

    def to_json(self) -> dict[str, Any]:
        """A JSON-able dict; :meth:`from_json` reads it back."""
        size = None if self.size is None else [self.size.width, self.size.height, self.size.name]
        return {
            "size": size,
            "margins": list(self.margins),
            "offset_x": self.offset_x,
            "offset_y": self.offset_y,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PrinterProfile:
        """The profile written by :meth:`to_json`; LabelError if malformed."""
        try:
            raw_size = data.get("size")
            size = None if raw_size is None else LabelSize(*raw_size)
            margins = tuple(float(m) for m in data.get("margins", (0, 0, 0, 0)))
            return cls(
                size,
                margins,  # type: ignore[arg-type]
                float(data.get("offset_x", 0.0)),
                float(data.get("offset_y", 0.0)),
            )
        except (TypeError, ValueError) as exc:
            if isinstance(exc, LabelError):
                raise
            raise LabelError(f"malformed printer profile {dict(data)!r}: {exc}") from None


DEFAULT_PROFILE = PrinterProfile()
"""No margins, no offset, each template at its default size."""


def _moved(el: Element, dx: float, dy: float) -> Element:
    if isinstance(el, (TextElement, BarcodeElement, BoxElement)):
        return dataclasses.replace(el, x=el.x + dx, y=el.y + dy)
    raise TypeError(f"unknown element {el!r}")  # pragma: no cover


def build_for_printer(template: str, data: object, profile: PrinterProfile) -> list[LabelSpec]:
    """Build ``template`` for ``data`` laid out for the printer's stock and margins."""
    from labels.templates import TEMPLATES, build_labels

    t = TEMPLATES.get(template)
    default = t.default_size if t else None
    size = profile.content_size(default) if default else None
    return [profile.place(spec) for spec in build_labels(template, data, size)]
