# SPDX-License-Identifier: Apache-2.0
"""Label library: templates -> :class:`LabelSpec` -> PDF, ZPL II or a PNG preview, sent by URL.

A pure library (stdlib, reportlab, Pillow, numpy, zxing-cpp and the shared GS1 codec in
:mod:`drivers.gs1`); it never imports the station, sync or Qt. Typical use::

    from labels import BatchLabelData, batch_label, print_labels
    print_labels([batch_label(data)], "raw+socket://printer:9100")

See docs/labels.md for each template's data, the sizes and the printer URLs.
"""

from __future__ import annotations

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
