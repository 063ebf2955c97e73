# SPDX-License-Identifier: Apache-2.0
"""Label library: templates -> :class:`LabelSpec` -> PDF, ZPL II or a PNG preview, sent by URL.

A pure library (stdlib, reportlab, Pillow, numpy, zxing-cpp and the shared GS1 codec in
:mod:`drivers.gs1`); it never imports the station, sync or Qt. Typical use::

    from labels import BatchLabelData, batch_label, print_labels
    print_labels([batch_label(data)], "raw+socket://printer:9100")

See docs/labels.md for each template's data, the sizes and the printer URLs.

The names are imported on first use (PEP 562): a station that only queues labels, or reads
their errors, does not load reportlab, numpy and zxing-cpp to render them. ``_SOURCES`` says
where each name lives; the ``TYPE_CHECKING`` imports say the same to the type checker (a test
checks that the two and ``__all__`` agree).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from labels.element_string import GS1Message, normalize_gtin, sscc_with_check_digit
    from labels.errors import LabelError, LabelFontWarning, LabelLayoutError
    from labels.fonts import CjkFont, find_cjk_font
    from labels.model import (
        SIZE_4X6,
        SIZE_50X25,
        SIZE_100X50,
        BarcodeElement,
        BoxElement,
        LabelSize,
        LabelSpec,
        Symbology,
        TextElement,
    )
    from labels.pdf import render_pdf
    from labels.png import render_png
    from labels.printer_profiles import PrinterProfile, build_for_printer, parse_size
    from labels.printing import PrinterError, PrinterTarget, parse_printer_url, print_labels
    from labels.templates import (
        DEFAULT_COMMANDS,
        TEMPLATES,
        BadgeData,
        BatchLabelData,
        CommandEntry,
        CommandSheetData,
        LocationLabelData,
        SsccLabelData,
        StaleStockData,
        badge_label,
        batch_label,
        build_labels,
        command_sheet,
        location_label,
        sscc_label,
        stale_stock_label,
    )
    from labels.zpl import render_zpl

_SOURCES: dict[str, tuple[str, ...]] = {
    "labels.element_string": (
        "GS1Message",
        "normalize_gtin",
        "sscc_with_check_digit",
    ),
    "labels.errors": (
        "LabelError",
        "LabelFontWarning",
        "LabelLayoutError",
    ),
    "labels.fonts": (
        "CjkFont",
        "find_cjk_font",
    ),
    "labels.model": (
        "SIZE_4X6",
        "SIZE_50X25",
        "SIZE_100X50",
        "BarcodeElement",
        "BoxElement",
        "LabelSize",
        "LabelSpec",
        "Symbology",
        "TextElement",
    ),
    "labels.pdf": ("render_pdf",),
    "labels.png": ("render_png",),
    "labels.printer_profiles": (
        "PrinterProfile",
        "build_for_printer",
        "parse_size",
    ),
    "labels.printing": (
        "PrinterError",
        "PrinterTarget",
        "parse_printer_url",
        "print_labels",
    ),
    "labels.templates": (
        "DEFAULT_COMMANDS",
        "TEMPLATES",
        "BadgeData",
        "BatchLabelData",
        "CommandEntry",
        "CommandSheetData",
        "LocationLabelData",
        "SsccLabelData",
        "StaleStockData",
        "badge_label",
        "batch_label",
        "build_labels",
        "command_sheet",
        "location_label",
        "sscc_label",
        "stale_stock_label",
    ),
    "labels.zpl": ("render_zpl",),
}
_MODULE_OF = {name: module for module, names in _SOURCES.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'labels' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "DEFAULT_COMMANDS",
    "SIZE_100X50",
    "SIZE_4X6",
    "SIZE_50X25",
    "TEMPLATES",
    "BadgeData",
    "BarcodeElement",
    "BatchLabelData",
    "BoxElement",
    "CjkFont",
    "CommandEntry",
    "CommandSheetData",
    "GS1Message",
    "LabelError",
    "LabelFontWarning",
    "LabelLayoutError",
    "LabelSize",
    "LabelSpec",
    "LocationLabelData",
    "PrinterError",
    "PrinterProfile",
    "PrinterTarget",
    "SsccLabelData",
    "StaleStockData",
    "Symbology",
    "TextElement",
    "badge_label",
    "batch_label",
    "build_for_printer",
    "build_labels",
    "command_sheet",
    "find_cjk_font",
    "location_label",
    "normalize_gtin",
    "parse_printer_url",
    "parse_size",
    "print_labels",
    "render_pdf",
    "render_png",
    "render_zpl",
    "sscc_label",
    "sscc_with_check_digit",
    "stale_stock_label",
]
