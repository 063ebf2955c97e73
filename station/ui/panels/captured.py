# SPDX-License-Identifier: Apache-2.0
"""What a scan carried, told the same way in every workflow: lot, expiry with the days left,
serial, and where the quantity came from (the barcode's AI 30/37, one pack, the keypad).

The window reads the fields of the scan it sent (:func:`from_scan`, with the same GS1 parser
the engine uses) and hands them with the outcome to the panel; receiving's state carries its
own (the engine's days left). :class:`CapturedMemory` remembers each lot's expiry, so a line
table can show it beside the lot. GUI thread only; nothing here reads the store.
"""

from __future__ import annotations

from datetime import date

from msgspec import Struct
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

from drivers.gs1 import parse_scan

from ..wrap_label import WrapLabel

CONTEXT = "Captured"
SOURCES = {
    "barcode": QT_TRANSLATE_NOOP("Captured", "quantity from the barcode"),
    "pack": QT_TRANSLATE_NOOP("Captured", "one pack"),
    "keypad": QT_TRANSLATE_NOOP("Captured", "quantity typed"),
}


class Captured(Struct, frozen=True):
    lot: str | None = None
    expiry: str | None = None  # ISO date
    serial: str | None = None
    quantity: str | None = None  # AI 30 or 37


def from_scan(text: str, today: date | None = None) -> Captured | None:
    """The GS1 fields of a scan's text, or None when it carried none."""
    result = parse_scan(text, today=today)
    if result.error is not None or result.kind != "gs1":
        return None
    fields = result.fields
    found = Captured(
        lot=fields.get("lot"),
        expiry=fields.get("expiry"),
        serial=fields.get("serial"),
        quantity=fields.get("quantity") or fields.get("count"),
    )
    return found if any((found.lot, found.expiry, found.serial, found.quantity)) else None


def days_left(expiry: str | None, today: date) -> int | None:
    if not expiry:
        return None
    try:
        return (date.fromisoformat(expiry) - today).days
    except ValueError:
        return None


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def captured_text(
    *,
    lot: str | None = None,
    expiry: str | None = None,
    days: int | None = None,
    serial: str | None = None,
    source: str | None = None,
) -> str:
    """One line: "Lot X · Expiry 2028-12-31 (768 days left) · Serial S · quantity typed"."""
    parts = []
    if lot:
        parts.append(QCoreApplication.translate("Captured", "Lot") + f" {lot}")
    if expiry:
        left = ""
        if days is not None:
            left = " (" + (
                QCoreApplication.translate("Captured", "{days} days left").format(days=days)
                if days >= 0
                else QCoreApplication.translate("Captured", "expired {days} days ago").format(
                    days=-days
                )
            )
            left += ")"
        parts.append(QCoreApplication.translate("Captured", "Expiry") + f" {expiry}{left}")
    if serial:
        parts.append(QCoreApplication.translate("Captured", "Serial") + f" {serial}")
    if source in SOURCES:
        parts.append(_t(str(SOURCES[source])))
    return "  ·  ".join(parts)


class CapturedMemory:
    """Expiry by (SKU or GTIN, lot) of what was scanned this run, for the line tables."""

    def __init__(self) -> None:
        self.expiry: dict[str, str] = {}

    def note(self, captured: Captured | None) -> None:
        if captured is not None and captured.lot and captured.expiry:
            self.expiry[captured.lot] = captured.expiry

    def expiry_of(self, lot: str | None) -> str | None:
        return self.expiry.get(lot) if lot else None


class CapturedLabel(WrapLabel):
    """The captured line under a panel's card; hidden while empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setObjectName("captured")
        self.setWordWrap(True)
        self.setStyleSheet("#captured { font-size: 15pt; font-weight: bold; color: #1d4e89; }")
        self.hide()

    def show_text(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))
