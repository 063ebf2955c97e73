# SPDX-License-Identifier: Apache-2.0
"""Turn mapped rows into records, and check rules that span the whole file.

Contracts:

* :class:`Row` reads one field of one row through a parser from
  :mod:`station.core.imports.values`; a parser's :class:`FieldError` or a blank required
  cell becomes an :class:`ImportFileError` at the row's line whose reason starts with
  ``column '<header as written>' (<field>)``.
* One collector per kind (:func:`collector_for`) builds records in file order and raises
  on the first problem, including a natural key seen earlier in the file (the reason names
  the earlier line). Keys: items ``sku`` (and every GTIN, across items), locations ``code``
  (and ``barcode``), users ``badge``, stock ``(sku, location, lot)``, receipt and issue lines
  ``(reference, line_no)``.
* Receipt and issue lines of one reference must agree on ``supplier``/``expected_date``
  (receipts) or ``destination`` (issues); a blank cell takes the reference's value from
  its other lines. :meth:`Collector.finish` returns the records once every row is in.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, Final, TypeVar, cast

from station.core.imports.errors import FieldError, ImportFileError
from station.core.imports.headers import HeaderMap, normalise_header
from station.core.imports.item_columns import Rows, plain_items
from station.core.imports.records import (
    ImportRecord,
    IssueLineRecord,
    ItemRecord,
    LocationRecord,
    MovementRecord,
    ReceiptLineRecord,
    StockRecord,
    UserRecord,
)
from station.core.imports.values import (
    parse_abc_class,
    parse_bool,
    parse_code,
    parse_date,
    parse_decimal,
    parse_gtin,
    parse_gtin_list,
    parse_role,
    parse_text,
    parse_whole_number,
)

__all__ = ["Collector", "Row", "collector_for"]

T = TypeVar("T")

_ONE: Final[Decimal] = Decimal(1)
_MAX_SHELF_LIFE_DAYS: Final[int] = 36_500
_MAX_LINE_NO: Final[int] = 999_999


def _quantity(raw: str) -> Decimal:
    return parse_decimal(raw)


def _positive_quantity(raw: str) -> Decimal:
    return parse_decimal(raw, positive=True)


def _money(raw: str) -> Decimal:
    return parse_decimal(raw, money=True)


def _shelf_life_days(raw: str) -> int:
    return parse_whole_number(raw, minimum=0, maximum=_MAX_SHELF_LIFE_DAYS)


def _line_no(raw: str) -> int:
    return parse_whole_number(raw, minimum=1, maximum=_MAX_LINE_NO)


class Row:
    """One data row of a file, read field by field (see module contract)."""

    def __init__(
        self,
        cells: tuple[str, ...],
        header_map: HeaderMap,
        path: str | os.PathLike[str],
        line: int,
    ) -> None:
        self.cells = cells
        self.header_map = header_map
        self.path = path
        self.line = line

    def label(self, field: str) -> str:
        """``column 'header' (field)``, or ``column 'field'`` when the header is the field."""
        header = self.header_map.headers.get(field, field)
        if normalise_header(header) == normalise_header(field):
            return f"column '{header}'"
        return f"column '{header}' ({field})"

    def error(self, field: str, problem: str) -> ImportFileError:
        """An :class:`ImportFileError` at this row: ``<label>: <problem>``."""
        return ImportFileError(self.path, self.line, f"{self.label(field)}: {problem}")

    def raw(self, field: str) -> str:
        """The cell text of ``field``; ``""`` when the column is absent or the row short."""
        index = self.header_map.columns.get(field)
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index]

    def get(self, field: str, parser: Callable[[str], T]) -> T | None:
        """The parsed value of ``field``, or ``None`` for a blank or absent cell."""
        raw = self.raw(field)
        if not raw.strip():
            return None
        try:
            return parser(raw)
        except FieldError as exc:
            raise self.error(field, exc.problem) from None

    def require(self, field: str, parser: Callable[[str], T]) -> T:
        """The parsed value of ``field``; a blank cell raises."""
        value = self.get(field, parser)
        if value is None:
            raise ImportFileError(
                self.path, self.line, f"{self.label(field)} is empty; a value is required"
            )
        return value

    def text(self, field: str) -> str:
        """Optional free text: ``""`` when blank or absent."""
        return self.get(field, parse_text) or ""


class Collector:
    """Builds the records of one kind from rows in file order; see module contract."""

    def __init__(self) -> None:
        self._records: list[ImportRecord] = []

    def add(self, row: Row) -> None:
        """Validate ``row`` and keep its record; raise :class:`ImportFileError` if bad."""
        self._records.append(self.build(row))

    def add_rows(self, rows: Rows, header_map: HeaderMap, path: str | os.PathLike[str]) -> None:
        """:meth:`add` each of ``rows`` (``(line, cells)``, in file order)."""
        for line, cells in rows:
            self.add(Row(cells, header_map, path, line))

    def build(self, row: Row) -> ImportRecord:  # pragma: no cover - abstract
        """Make the record of one row, checking file-wide rules."""
        raise NotImplementedError

    def finish(self) -> list[ImportRecord]:
        """Every record, in file order."""
        return self._records


class _Keys:
    """Remembers the first line of each natural key of one kind."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.seen: dict[object, int] = {}

    def claim(self, row: Row, field: str, key: object, shown: str) -> None:
        first = self.seen.setdefault(key, row.line)
        if first != row.line:
            raise row.error(
                field,
                f"{shown} is a duplicate of line {first}; each {self.what} may appear only "
                "once in a file",
            )


class _ItemCollector(Collector):
    def __init__(self) -> None:
        super().__init__()
        self._skus = _Keys("sku")
        self._gtins: dict[str, tuple[str, int]] = {}

    def add_rows(self, rows: Rows, header_map: HeaderMap, path: str | os.PathLike[str]) -> None:
        """Plain rows a column at a time (:mod:`~station.core.imports.item_columns`), any
        others row by row, which names the line and column of a problem."""
        records = plain_items(rows, header_map.columns, self._skus.seen, self._gtins)
        if records is None:
            super().add_rows(rows, header_map, path)
        else:
            self._records.extend(records)

    def build(self, row: Row) -> ItemRecord:
        sku = row.require("sku", parse_code)
        self._skus.claim(row, "sku", sku, f"'{sku}'")
        min_qty = row.get("min_qty", _quantity)
        max_qty = row.get("max_qty", _quantity)
        if min_qty is not None and max_qty is not None and max_qty < min_qty:
            raise row.error("max_qty", f"'{max_qty}' is less than the minimum {min_qty}")
        return ItemRecord(
            sku=sku,
            name=row.require("name", parse_text),
            spec=row.text("spec"),
            unit=row.get("unit", parse_code) or "EA",
            unit_cost=row.get("unit_cost", _money),
            category=row.text("category"),
            abc_class=row.get("abc_class", parse_abc_class),
            owner=row.text("owner"),
            min_qty=min_qty,
            max_qty=max_qty,
            min_shelf_life_days=row.get("min_shelf_life_days", _shelf_life_days),
            serialised=bool(row.get("serialised", parse_bool)),
            gtins=self._gtins_of(row, sku),
        )

    def _gtins_of(self, row: Row, sku: str) -> tuple[tuple[str, Decimal], ...]:
        pairs = [(gtin, _ONE) for gtin in row.get("gtin", parse_gtin_list) or ()]
        for gtin, _ in pairs:
            self._claim_gtin(row, "gtin", gtin, sku)
        case_gtin = row.get("case_gtin", parse_gtin)
        if case_gtin is not None:
            case_qty = row.get("case_qty", _positive_quantity)
            if case_qty is None:
                raise ImportFileError(
                    row.path,
                    row.line,
                    f"{row.label('case_qty')} is empty; the case quantity is required when "
                    f"a case GTIN ('{case_gtin}') is given",
                )
            if case_gtin in (gtin for gtin, _ in pairs):
                raise row.error("case_gtin", f"'{case_gtin}' is also this item's unit GTIN")
            self._claim_gtin(row, "case_gtin", case_gtin, sku)
            pairs.append((case_gtin, case_qty))
        return tuple(pairs)

    def _claim_gtin(self, row: Row, field: str, gtin: str, sku: str) -> None:
        owner, line = self._gtins.setdefault(gtin, (sku, row.line))
        if line != row.line:
            raise row.error(
                field,
                f"GTIN '{gtin}' is already given to sku '{owner}' on line {line}; a GTIN "
                "may belong to one item only",
            )


class _LocationCollector(Collector):
    def __init__(self) -> None:
        super().__init__()
        self._codes = _Keys("location code")
        self._barcodes = _Keys("location barcode")

    def build(self, row: Row) -> LocationRecord:
        code = row.require("code", parse_code)
        self._codes.claim(row, "code", code, f"'{code}'")
        barcode = row.get("barcode", parse_code)
        if barcode is not None:
            self._barcodes.claim(row, "barcode", barcode, f"'{barcode}'")
        return LocationRecord(
            code=code, barcode=barcode, zone=row.text("zone"), warehouse=row.text("warehouse")
        )


class _UserCollector(Collector):
    def __init__(self) -> None:
        super().__init__()
        self._badges = _Keys("badge")

    def build(self, row: Row) -> UserRecord:
        badge = row.require("badge", parse_code)
        self._badges.claim(row, "badge", badge, f"'{badge}'")
        return UserRecord(
            badge=badge, name=row.require("name", parse_text), role=row.require("role", parse_role)
        )


class _StockCollector(Collector):
    def __init__(self) -> None:
        super().__init__()
        self._keys = _Keys("sku, location and lot")

    def build(self, row: Row) -> StockRecord:
        sku = row.require("sku", parse_code)
        location = row.require("location", parse_code)
        lot = row.get("lot", parse_code)
        shown = f"sku '{sku}' at location '{location}'" + (f" lot '{lot}'" if lot else "")
        self._keys.claim(row, "sku", (sku, location, lot), shown)
        return StockRecord(
            sku=sku,
            location=location,
            qty=row.require("qty", _quantity),
            lot=lot,
            expiry=row.get("expiry", parse_date),
            received_date=row.get("received_date", parse_date),
            unit_cost=row.get("unit_cost", _money),
        )


class _OrderCollector(Collector):
    """Shared rules of receipt and issue lines: line numbers and per-reference fields."""

    def __init__(self) -> None:
        super().__init__()
        self._keys = _Keys("reference and line number")
        self._count: dict[str, int] = {}
        # reference -> field -> (value, line) of the first non-blank value.
        self._shared: dict[str, dict[str, tuple[object, int]]] = {}

    def line_no(self, row: Row, reference: str) -> int:
        position = self._count.get(reference, 0) + 1
        self._count[reference] = position
        line_no = row.get("line_no", _line_no)
        number = position if line_no is None else line_no
        field = "reference" if line_no is None else "line_no"
        self._keys.claim(row, field, (reference, number), f"'{reference}' line {number}")
        return number

    def shared(self, row: Row, reference: str, field: str, value: object) -> None:
        """Check ``value`` of ``field`` against the reference's other lines."""
        if value is None or value == "":
            return
        fields = self._shared.setdefault(reference, {})
        first, line = fields.setdefault(field, (value, row.line))
        if first != value:
            raise row.error(
                field,
                f"'{_show(value)}' differs from '{_show(first)}' on line {line} for the same "
                f"reference '{reference}'; all lines of one reference must agree",
            )

    def finish(self) -> list[ImportRecord]:
        records = []
        for record in self._records:
            fields = self._shared.get(getattr(record, "reference", ""), {})
            changes = {
                name: value
                for name, (value, _) in fields.items()
                if getattr(record, name) in (None, "")
            }
            records.append(dataclasses.replace(cast(Any, record), **changes) if changes else record)
        return records


def _show(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


class _ReceiptCollector(_OrderCollector):
    def build(self, row: Row) -> ReceiptLineRecord:
        reference = row.require("reference", parse_code)
        supplier = row.text("supplier")
        expected = row.get("expected_date", parse_date)
        self.shared(row, reference, "supplier", supplier)
        self.shared(row, reference, "expected_date", expected)
        return ReceiptLineRecord(
            reference=reference,
            supplier=supplier,
            expected_date=expected,
            line_no=self.line_no(row, reference),
            sku=row.require("sku", parse_code),
            qty=row.require("qty", _positive_quantity),
            lot=row.get("lot", parse_code),
            expiry=row.get("expiry", parse_date),
        )


class _IssueCollector(_OrderCollector):
    def build(self, row: Row) -> IssueLineRecord:
        reference = row.require("reference", parse_code)
        destination = row.text("destination")
        self.shared(row, reference, "destination", destination)
        return IssueLineRecord(
            reference=reference,
            destination=destination,
            line_no=self.line_no(row, reference),
            sku=row.require("sku", parse_code),
            qty=row.require("qty", _positive_quantity),
            lot=row.get("lot", parse_code),
            location=row.get("location", parse_code),
        )


# the movement kinds a history line may name: English words, or words in U8 / Kingdee
# document types (采购入库单, 材料出库单, 调拨单, 盘亏单 ...), looked for in this order
_KIND_WORDS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("opening", ("opening", "opening balance", "期初")),
    ("transfer", ("transfer", "move", "调拨", "移库", "转库", "移仓")),
    ("adjustment", ("adjustment", "adjust", "count", "盘点", "盘盈", "盘亏", "调整", "报损")),
    ("receipt", ("receipt", "receive", "received", "purchase", "入库", "收货", "收料", "到货")),
    (
        "issue",
        ("issue", "issued", "shipment", "consumption", "出库", "领料", "发料", "发货", "销售"),
    ),
)
MAX_ROW_ERRORS: Final[int] = 50
"""A history import lists at most this many bad lines (then says how many more)."""


def parse_movement_kind(raw: str) -> str:
    """``receipt``, ``issue``, ``transfer``, ``adjustment`` or ``opening`` from an English
    word or an ERP document type."""
    text = " ".join(raw.strip().lower().split())
    for kind, words in _KIND_WORDS:
        if text in words or any(w in text for w in words if not w.isascii()):
            return kind
    raise FieldError(
        f"'{raw.strip()}' is not a movement kind; use receipt, issue, transfer, adjustment or "
        "opening (or an ERP document type such as 采购入库单 or 材料出库单)"
    )


def _signed_quantity(raw: str) -> Decimal:
    text = raw.strip()
    negative = text.startswith("-") or (text.startswith("(") and text.endswith(")"))
    body = text.strip("()").lstrip("-")
    value = parse_decimal(body)
    return -value if negative else value


class _MovementCollector(Collector):
    """A history line: its kind (given, or from which of in / out holds the quantity) and
    signed quantity. Unlike the other kinds it keeps going after a bad row and refuses the
    file with every bad line (:meth:`finish`), so one pass over a year's export shows all
    that must be fixed."""

    def __init__(self) -> None:
        super().__init__()
        self.errors: list[ImportFileError] = []

    def add(self, row: Row) -> None:
        try:
            self._records.append(self.build(row))
        except ImportFileError as exc:
            self.errors.append(exc)

    def build(self, row: Row) -> MovementRecord:
        when = row.require("date", parse_date)
        if when > date.today():
            raise row.error("date", f"'{when.isoformat()}' is in the future")
        qty_in = row.get("qty_in", _signed_quantity) or Decimal(0)
        qty_out = row.get("qty_out", _signed_quantity) or Decimal(0)
        signed = row.get("qty", _signed_quantity)
        if qty_in and qty_out:
            raise row.error("qty_in", "both an in and an out quantity; a line moves one way")
        given = row.get("kind", parse_movement_kind)
        if signed is None:
            if not (qty_in or qty_out):
                raise ImportFileError(
                    row.path, row.line, "no quantity: give qty, or an in or out quantity"
                )
            signed = qty_in if qty_in else -qty_out
            kind = given or ("receipt" if qty_in else "issue")
        else:
            kind = given or ("receipt" if signed > 0 else "issue")
            if kind == "issue" and row.raw("qty").strip().lstrip("+")[:1] not in ("-", "("):
                signed = -signed  # an issue's quantity is written as how much went out
        if signed == 0:
            raise row.error("qty", "is zero; a movement of nothing cannot be imported")
        return MovementRecord(
            date=when,
            kind=kind,
            sku=row.require("sku", parse_code),
            location=row.require("location", parse_code),
            qty=signed,
            lot=row.get("lot", parse_code),
            unit_cost=row.get("unit_cost", _money),
            reference=row.text("reference")[:100],
        )

    def finish(self) -> list[ImportRecord]:
        if not self.errors:
            return self._records
        first = self.errors[0]
        shown = [f"line {e.line}: {e.reason}" for e in self.errors[:MAX_ROW_ERRORS]]
        more = len(self.errors) - len(shown)
        if more:
            shown.append(f"and {more} more lines")
        raise ImportFileError(
            first.path,
            first.line,
            f"{len(self.errors)} lines cannot be imported, so nothing was: " + "; ".join(shown),
        )


_COLLECTORS: Final[dict[str, Callable[[], Collector]]] = {
    "items": _ItemCollector,
    "locations": _LocationCollector,
    "users": _UserCollector,
    "stock": _StockCollector,
    "receipts": _ReceiptCollector,
    "issues": _IssueCollector,
    "movements": _MovementCollector,
}


def collector_for(kind: str) -> Collector:
    """A fresh collector for ``kind`` (one of ``IMPORT_KINDS``); ``KeyError`` otherwise."""
    return _COLLECTORS[kind]()
