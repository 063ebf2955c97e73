# SPDX-License-Identifier: Apache-2.0
"""Typed, validated records produced by :func:`station.core.imports.read_import`.

Contracts shared by every record:

* Instances are frozen and hashable; every text field is stripped of surrounding white
  space and free of control characters. A text field that is optional in the file is ``""``
  when absent or blank (never ``None``) unless its annotation says ``| None``.
* Quantities and money are :class:`decimal.Decimal`, never ``float``; they are finite and
  never negative. Receipt and issue line quantities and case quantities are greater than
  zero; an opening stock balance may be zero.
* Dates are :class:`datetime.date`.
* One record is one data row of the file; ``ImportBatch.line_numbers[i]`` is the line of
  ``records[i]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

__all__ = [
    "ImportRecord",
    "IssueLineRecord",
    "ItemRecord",
    "LocationRecord",
    "MovementRecord",
    "ReceiptLineRecord",
    "StockRecord",
    "UserRecord",
]


@dataclass(frozen=True, slots=True)
class ItemRecord:
    """One item (SKU) of the item master. Natural key: ``sku``.

    ``gtins`` holds ``(gtin, pack_qty)`` pairs: each GTIN is 14 digits with a valid GS1
    check digit, unique within the file; unit barcodes have ``pack_qty == 1`` and a case
    barcode has the case quantity. ``abc_class`` is ``"A"``, ``"B"``, ``"C"`` or ``None``.
    ``min_qty <= max_qty`` when both are given.
    """

    sku: str
    name: str
    spec: str = ""
    unit: str = "EA"
    unit_cost: Decimal | None = None
    category: str = ""
    abc_class: str | None = None
    owner: str = ""
    min_qty: Decimal | None = None
    max_qty: Decimal | None = None
    min_shelf_life_days: int | None = None
    serialised: bool = False
    gtins: tuple[tuple[str, Decimal], ...] = ()


@dataclass(frozen=True, slots=True)
class LocationRecord:
    """One storage location (bin). Natural key: ``code``; ``barcode`` unique when given."""

    code: str
    barcode: str | None = None
    zone: str = ""
    warehouse: str = ""


@dataclass(frozen=True, slots=True)
class UserRecord:
    """One station user. Natural key: ``badge``. ``role`` is one of
    ``clerk``, ``counter``, ``supervisor``, ``admin``. Files never carry PINs."""

    badge: str
    name: str
    role: str


@dataclass(frozen=True, slots=True)
class StockRecord:
    """One opening balance: ``qty`` of ``sku`` at ``location``, optionally one lot.

    Natural key: ``(sku, location, lot)``. ``qty`` may be zero (ERP stock exports list
    items with nothing on hand); the writer decides whether a zero balance is stored.
    """

    sku: str
    location: str
    qty: Decimal
    lot: str | None = None
    expiry: date | None = None
    received_date: date | None = None
    unit_cost: Decimal | None = None


@dataclass(frozen=True, slots=True)
class ReceiptLineRecord:
    """One line of an expected receipt (purchase order / ASN). Natural key:
    ``(reference, line_no)``. All lines of one reference share ``supplier`` and
    ``expected_date``. ``line_no`` comes from the file, or is the 1-based order of
    appearance of the row within its reference."""

    reference: str
    supplier: str
    expected_date: date | None
    line_no: int
    sku: str
    qty: Decimal
    lot: str | None = None
    expiry: date | None = None


@dataclass(frozen=True, slots=True)
class IssueLineRecord:
    """One line of an issue order / pick list. Natural key: ``(reference, line_no)``.
    All lines of one reference share ``destination``; ``line_no`` as for receipts."""

    reference: str
    destination: str
    line_no: int
    sku: str
    qty: Decimal
    lot: str | None = None
    location: str | None = None


@dataclass(frozen=True, slots=True)
class MovementRecord:
    """One dated movement of a stock history (an ERP's stock-movement export). ``kind`` is
    ``receipt``, ``issue``, ``transfer``, ``adjustment`` or ``opening``; ``qty`` is signed
    (positive into ``location``, negative out of it), never zero. No natural key: a history
    may repeat a line (two equal issues on one day)."""

    date: date
    kind: str
    sku: str
    location: str
    qty: Decimal
    lot: str | None = None
    unit_cost: Decimal | None = None
    reference: str = ""


ImportRecord = (
    ItemRecord
    | LocationRecord
    | UserRecord
    | StockRecord
    | ReceiptLineRecord
    | IssueLineRecord
    | MovementRecord
)
