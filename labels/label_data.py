# SPDX-License-Identifier: Apache-2.0
"""What each label template prints: one frozen dataclass per template (:mod:`labels.templates`
builds the pages from them). Callers fill these from their own records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Final


@dataclass(frozen=True)
class BatchLabelData:
    """A received batch/lot of one item. GS1 data: (01) GTIN, (17) expiry, (10) lot."""

    item_name: str
    sku: str
    gtin: str
    lot: str
    expiry: dt.date | str | None = None
    """A date, or the GS1 form YYMMDD as text, where DD may be 00 (no day: the month)."""
    quantity: int | Decimal | None = None
    unit: str = ""
    received: dt.date | None = None
    location: str = ""
    epc_serial: str | None = None
    """RFID labels: the SGTIN-96 serial (digits, no leading zero) to write to the tag."""
    company_prefix_length: int | None = None
    """RFID labels: digits of the GS1 company prefix in the GTIN (6-12), for the SGTIN-96."""
    epc_filter: int = 1
    """RFID labels: the SGTIN filter value (1 point of sale item, 2 full case, 6 unit load)."""


@dataclass(frozen=True)
class SsccLabelData:
    """A pallet / logistic unit. ``sscc``: 17 digits (check digit added) or 18 (checked).

    Optional content data goes into a second GS1-128: (02) content GTIN (needs ``count``),
    (17) expiry, (37) count, (10) lot.
    """

    sscc: str
    ship_from: str = ""
    ship_to: str = ""
    description: str = ""
    carrier: str = ""
    content_gtin: str | None = None
    count: int | None = None
    lot: str | None = None
    expiry: dt.date | None = None
    epc_hex: str | None = None


@dataclass(frozen=True)
class LocationLabelData:
    """A storage location; barcode ``$LOC-<code>`` (printable ASCII, no spaces)."""

    code: str
    description: str = ""


@dataclass(frozen=True)
class BadgeData:
    """A user badge; barcode ``$USR-<badge_id>`` (printable ASCII, no spaces)."""

    badge_id: str
    display_name: str
    role: str = ""


@dataclass(frozen=True)
class CommandEntry:
    """One command barcode ``$CMD-<command>`` with the caption printed above it."""

    command: str
    caption: str


DEFAULT_COMMANDS: Final[tuple[CommandEntry, ...]] = (
    CommandEntry("DONE", "Done 完成"),
    CommandEntry("CANCEL", "Cancel 取消"),
    CommandEntry("UNDO", "Undo 撤销"),
    CommandEntry("ACK", "Acknowledge 确认"),
)


@dataclass(frozen=True)
class CommandSheetData:
    """Command barcodes, ``per_page`` to a label page (more entries make more pages)."""

    title: str = "Station commands"
    entries: tuple[CommandEntry, ...] = DEFAULT_COMMANDS
    per_page: int = 4


@dataclass(frozen=True)
class StaleStockData:
    """A flag put on stock that has not moved. GS1 DataMatrix (01)+(10) if ``gtin`` is set."""

    item_name: str
    sku: str
    lot: str
    location: str
    last_movement: dt.date
    flagged_on: dt.date
    gtin: str | None = None
    quantity: int | None = None
    unit: str = ""
    note: str = ""
    banner: str = "STALE STOCK 陈旧库存"
