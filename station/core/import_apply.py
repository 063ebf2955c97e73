# SPDX-License-Identifier: Apache-2.0
"""The writing half of ``station import``: apply a validated file to the store.

All or nothing: the whole file goes in one transaction; a row that names an unknown SKU or
location refuses the whole file with ``FILE:LINE: reason``. Master data is updated by its
natural key; an expected receipt or issue order already in progress is left alone and its
rows are reported. ``stock`` rows become ``opening`` movements. ``movements`` rows are a dated
history posted as it happened (:func:`_movements`): no workflow rule is replayed, each movement
is marked as imported, and the lots take their first receipt dates from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, literal_column, select

from .clock import SystemClock
from .imports import (
    ImportBatch,
    ImportFileError,
    IssueLineRecord,
    ItemRecord,
    LocationRecord,
    MovementRecord,
    ReceiptLineRecord,
    StockRecord,
    UserRecord,
    read_import,
)
from .master_data import (
    GtinTaken,
    OrderLine,
    upsert_expected_receipt,
    upsert_issue_order,
    upsert_items,
    upsert_location,
    upsert_user,
)
from .store import catalog
from .store.database import Store
from .store.events import StationIdentity, append_audit, append_event
from .store.ledger import Movement, post_movement
from .store.tables.sync_state import sync_cursor, sync_push_position, sync_status


class ImportRefused(Exception):
    """The file was not imported; ``str`` says where and why. Nothing was written."""


@dataclass
class ImportReport:
    kind: str
    path: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    skipped: list[str] = field(default_factory=list)
    ignored_columns: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        out = [
            f"{self.path}: {self.rows} {self.kind} rows: {self.created} created, {self.updated} updated"
        ]
        if self.ignored_columns:
            out.append("ignored columns: " + ", ".join(self.ignored_columns))
        out.extend(self.skipped)
        return out


def import_file(
    db: Path,
    kind: str,
    path: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    now: datetime | None = None,
) -> ImportReport:
    try:
        batch: ImportBatch[Any] = read_import(kind, path, progress)
    except ImportFileError as exc:
        raise ImportRefused(str(exc)) from None
    store = Store.open(db)
    try:
        return apply_batch(store, batch, now or SystemClock().now())
    finally:
        store.close()


CENTRAL_KINDS = ("items", "locations", "users", "stock", "receipts", "issues")
"""What central owns once a station syncs: imported there (``station central import``) and
pulled by every station. ``movements`` (a dated history of this station) stay local: they
become this station's events and reach central with its push, once."""


def synced(conn: Connection) -> bool:
    """True once this store has synced with a central database (a round ended well, or a
    pull cursor or push position is recorded)."""
    t = sync_status.c
    if conn.execute(select(t.value).where(t.key == "last_sync_at")).first():
        return True
    for table in (sync_cursor, sync_push_position):
        if conn.execute(select(literal_column("1")).select_from(table).limit(1)).first():
            return True
    return False


def refuse_if_central_owns(conn: Connection, kind: str, path: str) -> None:
    if kind in CENTRAL_KINDS and synced(conn):
        raise ImportRefused(
            f"{path}: this station syncs with a central database, which owns {kind}: import "
            f"the file there with `station central import {kind} FILE --url URL` and this "
            "station pulls it with its next sync; nothing was imported"
        )


def apply_batch(store: Store, batch: ImportBatch[Any], now: datetime) -> ImportReport:
    report = ImportReport(
        batch.kind, batch.path, rows=len(batch.records), ignored_columns=batch.ignored_columns
    )
    who = StationIdentity(store.station_id, store.incarnation_id)
    with store.transaction() as conn:
        refuse_if_central_owns(conn, batch.kind, batch.path)
        APPLIERS[batch.kind](conn, who, batch, report, now)
        append_audit(
            conn,
            now,
            None,
            f"import.{batch.kind}",
            {
                "file": batch.path,
                "rows": len(batch.records),
                "created": report.created,
                "updated": report.updated,
            },
        )
        append_event(
            conn,
            who,
            "import",
            {"kind": batch.kind, "file": batch.path, "rows": len(batch.records)},
            now,
        )
    return report


def _count(report: ImportReport, created: bool) -> None:
    if created:
        report.created += 1
    else:
        report.updated += 1


def _items(
    conn: Connection,
    who: StationIdentity,
    batch: ImportBatch[ItemRecord],
    report: ImportReport,
    now: datetime,
) -> None:
    items = batch.records  # an ItemRecord is the writers' ItemData
    try:
        written = upsert_items(conn, items, now)
    except GtinTaken as exc:
        raise ImportRefused(f"{batch.path}:{batch.line_numbers[exc.index]}: {exc}") from None
    created = sum(created for _, created in written)
    report.created += created
    report.updated += len(written) - created


def _locations(
    conn: Connection,
    who: StationIdentity,
    batch: ImportBatch[LocationRecord],
    report: ImportReport,
    now: datetime,
) -> None:
    for rec in batch.records:
        _, created = upsert_location(
            conn, rec.code, barcode=rec.barcode, zone=rec.zone, warehouse=rec.warehouse
        )
        _count(report, created)


def _users(
    conn: Connection,
    who: StationIdentity,
    batch: ImportBatch[UserRecord],
    report: ImportReport,
    now: datetime,
) -> None:
    for rec in batch.records:
        _, created = upsert_user(conn, rec.badge, rec.name, rec.role)
        _count(report, created)


def _item_id(conn: Connection, batch: ImportBatch[Any], line: int, sku: str) -> int:
    item = catalog.item_by_sku(conn, sku)
    if item is None:
        raise ImportRefused(
            f"{batch.path}:{line}: SKU {sku!r} is not a known item; import items first"
        )
    return item.id


def _location_id(conn: Connection, batch: ImportBatch[Any], line: int, code: str) -> int:
    loc = catalog.location_by_code(conn, code)
    if loc is None:
        raise ImportRefused(
            f"{batch.path}:{line}: location {code!r} is not known; import locations first"
        )
    return loc.id


def _stock(
    conn: Connection,
    who: StationIdentity,
    batch: ImportBatch[StockRecord],
    report: ImportReport,
    now: datetime,
) -> None:
    for line, rec in zip(batch.line_numbers, batch.records, strict=True):
        item_id = _item_id(conn, batch, line, rec.sku)
        location_id = _location_id(conn, batch, line, rec.location)
        received = rec.received_date or now.date()
        lot_id = (
            catalog.lot_id_for(conn, item_id, rec.lot, expiry=rec.expiry, received=received)
            if rec.lot
            else None
        )
        when = (
            datetime.combine(received, time(0, 0), tzinfo=now.tzinfo) if rec.received_date else now
        )
        if rec.qty == 0:
            continue
        post_movement(
            conn,
            who,
            Movement(
                kind="opening",
                item_id=item_id,
                location_id=location_id,
                qty=rec.qty,
                lot_id=lot_id,
                unit_cost=rec.unit_cost,
                reason="opening balance import",
                reference=Path(batch.path).name,
            ),
            when,
        )
        report.created += 1


HISTORY_REASON = "imported history"
"""The ``reason`` of every movement a history import posts (how reports tell them apart)."""


def _movements(
    conn: Connection,
    who: StationIdentity,
    batch: ImportBatch[MovementRecord],
    report: ImportReport,
    now: datetime,
) -> None:
    """Post each line at noon of its day (station time), oldest day first and in file order
    within a day, so slow movers, aging and ABC read the history as if the station had been
    there. Every SKU and location must be known; the first unknown one refuses the file."""
    name = Path(batch.path).name
    items: dict[str, int] = {}
    locations: dict[str, int] = {}
    rows = sorted(
        zip(batch.line_numbers, batch.records, strict=True), key=lambda lr: (lr[1].date, lr[0])
    )
    for line, rec in rows:
        if rec.sku not in items:
            items[rec.sku] = _item_id(conn, batch, line, rec.sku)
        if rec.location not in locations:
            locations[rec.location] = _location_id(conn, batch, line, rec.location)
        item_id = items[rec.sku]
        when = datetime.combine(rec.date, time(12, 0), tzinfo=now.tzinfo)
        lot_id = (
            catalog.lot_id_for(conn, item_id, rec.lot, received=rec.date if rec.qty > 0 else None)
            if rec.lot
            else None
        )
        post_movement(
            conn,
            who,
            Movement(
                kind=rec.kind,
                item_id=item_id,
                location_id=locations[rec.location],
                qty=rec.qty,
                lot_id=lot_id,
                unit_cost=rec.unit_cost,
                reason=HISTORY_REASON,
                reference=rec.reference or name,
                extra={"imported": name, "line": line},
            ),
            when,
        )
        report.created += 1


def _grouped(batch: ImportBatch[Any]) -> dict[str, list[tuple[int, Any]]]:
    groups: dict[str, list[tuple[int, Any]]] = {}
    for line, rec in zip(batch.line_numbers, batch.records, strict=True):
        groups.setdefault(rec.reference, []).append((line, rec))
    return groups


def _receipts(
    conn: Connection,
    who: StationIdentity,
    batch: ImportBatch[ReceiptLineRecord],
    report: ImportReport,
    now: datetime,
) -> None:
    for reference, rows in _grouped(batch).items():
        first = rows[0][1]
        lines = [
            OrderLine(
                rec.line_no,
                _item_id(conn, batch, line, rec.sku),
                Decimal(rec.qty),
                rec.lot,
                rec.expiry,
            )
            for line, rec in rows
        ]
        _, status = upsert_expected_receipt(
            conn, reference, first.supplier, first.expected_date, lines, now
        )
        _order_status(report, batch, reference, rows[0][0], status)


def _issues(
    conn: Connection,
    who: StationIdentity,
    batch: ImportBatch[IssueLineRecord],
    report: ImportReport,
    now: datetime,
) -> None:
    for reference, rows in _grouped(batch).items():
        lines = [
            OrderLine(
                rec.line_no,
                _item_id(conn, batch, line, rec.sku),
                Decimal(rec.qty),
                rec.lot,
                location_id=_location_id(conn, batch, line, rec.location) if rec.location else None,
            )
            for line, rec in rows
        ]
        _, status = upsert_issue_order(conn, reference, rows[0][1].destination, lines, now)
        _order_status(report, batch, reference, rows[0][0], status)


def _order_status(
    report: ImportReport, batch: ImportBatch[Any], reference: str, line: int, status: str
) -> None:
    if status == "in_progress":
        report.skipped.append(
            f"{batch.path}:{line}: {reference} is already in progress; left unchanged"
        )
    else:
        _count(report, status == "created")


APPLIERS: dict[str, Callable[..., None]] = {
    "items": _items,
    "locations": _locations,
    "users": _users,
    "stock": _stock,
    "receipts": _receipts,
    "issues": _issues,
    "movements": _movements,
}
