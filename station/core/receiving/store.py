# SPDX-License-Identifier: Apache-2.0
"""Reading and writing receipt sessions, their tally, receiving scans and postings.

The tables are described in ``station.core.receiving.tables``. Every function takes an
open connection; writers must run inside the engine's write transaction (``ctx.conn``), so
what they write commits together with the scan that caused it, or not at all. The per-scan
functions (:func:`tally_for_item`, :func:`count_scan`, :func:`undo_last`) run straight on
sqlite3 with bound parameters: they are on the scan path (see ``events.driver_connection``).
Quantities go in and come out as :class:`~decimal.Decimal`; they are stored as canonical text.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection

from ..store.events import driver_connection, iso
from ..store.raw_rows import fetch_rows, optional_decimal
from ..store.types import decimal_text


@dataclass(frozen=True)
class ExpectedReceipt:
    id: int
    reference: str
    supplier: str
    status: str
    expected_date: str | None


@dataclass(frozen=True)
class Session:
    id: int
    receipt_id: int | None
    reference: str
    supplier: str
    blind: bool
    status: str


@dataclass(frozen=True)
class TallyLine:
    id: int
    line_no: int
    item_id: int
    sku: str
    name: str
    unit: str
    expected: Decimal | None
    received: Decimal
    approved: Decimal | None
    lot_no: str | None
    expiry: str | None


@dataclass(frozen=True)
class ReceivingScan:
    """One accepted receiving scan; ``quarantine`` set makes it a quarantine line."""

    id: int
    tally_id: int | None
    line_no: int | None
    item_id: int | None
    gtin: str | None
    scan_text: str
    lot_no: str | None
    expiry: str | None
    qty: Decimal
    flag: str
    quarantine: str | None
    snapshot_path: str | None
    approved_by: int | None


@dataclass(frozen=True)
class Posting:
    id: int
    session_id: int
    line_no: int | None
    movement_id: int
    item_id: int
    sku: str
    lot_id: int | None
    lot_no: str | None
    location_id: int
    location_code: str
    qty: Decimal
    reversal_movement_id: int | None


_rows = fetch_rows


def _exec(conn: Connection, sql: str, params: tuple[Any, ...]) -> sqlite3.Cursor:
    return driver_connection(conn).execute(sql, params)


_dec = optional_decimal


# -- expected receipts ------------------------------------------------------------------------
OPEN_RECEIPT_STATUSES = ("open", "receiving")


def receipt_by_reference(conn: Connection, reference: str) -> ExpectedReceipt | None:
    rows = _rows(
        conn,
        "SELECT id, reference, supplier, status, expected_date FROM expected_receipts "
        "WHERE reference = ?",
        (reference,),
    )
    if not rows:
        return None
    r = rows[0]
    return ExpectedReceipt(r["id"], r["reference"], r["supplier"], r["status"], r["expected_date"])


def open_receipts(conn: Connection, limit: int = 20) -> list[ExpectedReceipt]:
    """Expected receipts not yet received (``open``, or ``receiving`` when a session is under
    way), earliest expected date first."""
    rows = _rows(
        conn,
        "SELECT id, reference, supplier, status, expected_date FROM expected_receipts "
        "WHERE status IN ('open', 'receiving') "
        "ORDER BY expected_date IS NULL, expected_date, reference LIMIT ?",
        (limit,),
    )
    return [
        ExpectedReceipt(r["id"], r["reference"], r["supplier"], r["status"], r["expected_date"])
        for r in rows
    ]


def set_receipt_status(conn: Connection, receipt_id: int, status: str, now: datetime) -> None:
    """Receipt statuses: ``open`` (nothing received), ``receiving`` (a session is open),
    ``received`` (posted as expected), ``discrepancy`` (posted with differences)."""
    _exec(
        conn,
        "UPDATE expected_receipts SET status = ?, updated_at = ? WHERE id = ?",
        (status, iso(now), receipt_id),
    )


# -- sessions ---------------------------------------------------------------------------------
def _session(row: sqlite3.Row) -> Session:
    return Session(
        row["id"],
        row["receipt_id"],
        row["reference"],
        row["supplier"],
        bool(row["blind"]),
        row["status"],
    )


def open_session_for(conn: Connection, receipt_id: int) -> Session | None:
    rows = _rows(
        conn,
        "SELECT * FROM receipt_sessions WHERE receipt_id = ? AND status = 'open' "
        "ORDER BY id DESC LIMIT 1",
        (receipt_id,),
    )
    return _session(rows[0]) if rows else None


def open_blind_session(conn: Connection, reference: str) -> Session | None:
    rows = _rows(
        conn,
        "SELECT * FROM receipt_sessions WHERE blind = 1 AND status = 'open' AND reference = ? "
        "ORDER BY id DESC LIMIT 1",
        (reference,),
    )
    return _session(rows[0]) if rows else None


def session_by_id(conn: Connection, session_id: int) -> Session | None:
    rows = _rows(conn, "SELECT * FROM receipt_sessions WHERE id = ?", (session_id,))
    return _session(rows[0]) if rows else None


def start_session(
    conn: Connection, receipt: ExpectedReceipt, user_id: int, now: datetime
) -> Session:
    """Open a session on ``receipt`` with a tally line per expected line."""
    db = driver_connection(conn)
    cur = db.execute(
        "INSERT INTO receipt_sessions (receipt_id, reference, supplier, blind, needs_review, "
        "status, user_id, started_at) VALUES (?, ?, ?, 0, 0, 'open', ?, ?)",
        (receipt.id, receipt.reference, receipt.supplier, user_id, iso(now)),
    )
    session_id = int(cur.lastrowid or 0)
    db.execute(
        "INSERT INTO receipt_tally (session_id, line_no, item_id, expected_qty, received_qty, "
        "lot_no, expiry) SELECT ?, line_no, item_id, qty, '0', lot_no, expiry "
        "FROM receipt_lines WHERE receipt_id = ?",
        (session_id, receipt.id),
    )
    set_receipt_status(conn, receipt.id, "receiving", now)
    return Session(session_id, receipt.id, receipt.reference, receipt.supplier, False, "open")


def start_blind_session(
    conn: Connection, reference: str, supplier: str, user_id: int, now: datetime
) -> Session:
    """A session without an expected receipt, marked for review."""
    cur = _exec(
        conn,
        "INSERT INTO receipt_sessions (receipt_id, reference, supplier, blind, needs_review, "
        "status, user_id, started_at) VALUES (NULL, ?, ?, 1, 1, 'open', ?, ?)",
        (reference, supplier, user_id, iso(now)),
    )
    return Session(int(cur.lastrowid or 0), None, reference, supplier, True, "open")


def finish_session(
    conn: Connection, session_id: int, status: str, location_id: int | None, now: datetime
) -> None:
    _exec(
        conn,
        "UPDATE receipt_sessions SET status = ?, location_id = ?, finished_at = ? WHERE id = ?",
        (status, location_id, iso(now), session_id),
    )


def posted_sessions(conn: Connection, limit: int = 9) -> list[Session]:
    """The newest posted sessions that still have unreversed postings."""
    rows = _rows(
        conn,
        "SELECT s.* FROM receipt_sessions s WHERE s.status = 'posted' AND EXISTS ("
        "SELECT 1 FROM receipt_postings p WHERE p.session_id = s.id "
        "AND p.reversal_movement_id IS NULL) ORDER BY s.id DESC LIMIT ?",
        (limit,),
    )
    return [_session(r) for r in rows]


def posted_session_by_reference(conn: Connection, reference: str) -> Session | None:
    rows = _rows(
        conn,
        "SELECT * FROM receipt_sessions WHERE reference = ? AND status = 'posted' "
        "ORDER BY id DESC LIMIT 1",
        (reference,),
    )
    return _session(rows[0]) if rows else None


# -- tally ------------------------------------------------------------------------------------
_TALLY_SELECT = (
    "SELECT t.id, t.line_no, t.item_id, i.sku, i.name, i.unit, t.expected_qty, t.received_qty, "
    "t.approved_qty, t.lot_no, t.expiry FROM receipt_tally t JOIN items i ON i.id = t.item_id "
)


def _tally(row: sqlite3.Row) -> TallyLine:
    return TallyLine(
        id=row["id"],
        line_no=row["line_no"],
        item_id=row["item_id"],
        sku=row["sku"],
        name=row["name"],
        unit=row["unit"],
        expected=_dec(row["expected_qty"]),
        received=Decimal(str(row["received_qty"])),
        approved=_dec(row["approved_qty"]),
        lot_no=row["lot_no"],
        expiry=row["expiry"],
    )


def tally_lines(
    conn: Connection, session_id: int, *, from_line: int = 0, limit: int = -1
) -> list[TallyLine]:
    """Tally lines in line order, from line number ``from_line``, at most ``limit`` (-1: all)."""
    rows = _rows(
        conn,
        _TALLY_SELECT + "WHERE t.session_id = ? AND t.line_no >= ? ORDER BY t.line_no LIMIT ?",
        (session_id, from_line, limit),
    )
    return [_tally(r) for r in rows]


def tally_line(conn: Connection, tally_id: int) -> TallyLine | None:
    rows = _rows(conn, _TALLY_SELECT + "WHERE t.id = ?", (tally_id,))
    return _tally(rows[0]) if rows else None


def tally_for_item(conn: Connection, session_id: int, item_id: int) -> list[TallyLine]:
    # "+t.line_no": sorting the item's few lines keeps SQLite on the (session, item) index;
    # ordered by the bare column it walked every line of the receipt by (session, line_no)
    # to skip that sort: 900 us a scan on a 1,000-line receipt instead of 10
    rows = _rows(
        conn,
        _TALLY_SELECT + "WHERE t.session_id = ? AND t.item_id = ? ORDER BY +t.line_no",
        (session_id, item_id),
    )
    return [_tally(r) for r in rows]


def add_blind_line(conn: Connection, session_id: int, item_id: int) -> TallyLine:
    """A new tally line (no expected quantity) for an item received blind."""
    db = driver_connection(conn)
    last = db.execute(
        "SELECT max(line_no) FROM receipt_tally WHERE session_id = ?", (session_id,)
    ).fetchone()[0]
    cur = db.execute(
        "INSERT INTO receipt_tally (session_id, line_no, item_id, expected_qty, received_qty) "
        "VALUES (?, ?, ?, NULL, '0')",
        (session_id, (last or 0) + 1, item_id),
    )
    line = tally_line(conn, int(cur.lastrowid or 0))
    assert line is not None
    return line


def set_approved(conn: Connection, tally_id: int, qty: Decimal) -> None:
    _exec(
        conn,
        "UPDATE receipt_tally SET approved_qty = ? WHERE id = ?",
        (decimal_text(qty), tally_id),
    )


# -- scans ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NewScan:
    """What a receiving scan adds: counted on ``tally_id``, or quarantined (``quarantine``)."""

    scan_text: str
    qty: Decimal
    tally_id: int | None = None
    item_id: int | None = None
    gtin: str | None = None
    lot_no: str | None = None
    expiry: str | None = None
    flag: str = ""
    quarantine: str | None = None
    approved_by: int | None = None


def count_scan(
    conn: Connection,
    session_id: int,
    scan: NewScan,
    new_received: Decimal | None,
    user_id: int,
    now: datetime,
) -> int:
    """Record ``scan``; when it is counted, set its tally line to ``new_received``.

    Returns the scan's id (a quarantine line's id is the handle for a snapshot).
    """
    db = driver_connection(conn)
    cur = db.execute(
        "INSERT INTO receipt_scans (session_id, tally_id, item_id, gtin, scan_text, lot_no, "
        "expiry, qty, flag, quarantine, approved_by, user_id, ts, undone) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
        (
            session_id,
            scan.tally_id,
            scan.item_id,
            scan.gtin,
            scan.scan_text,
            scan.lot_no,
            scan.expiry,
            decimal_text(scan.qty),
            scan.flag,
            scan.quarantine,
            scan.approved_by,
            user_id,
            iso(now),
        ),
    )
    if scan.tally_id is not None and new_received is not None:
        db.execute(
            "UPDATE receipt_tally SET received_qty = ? WHERE id = ?",
            (decimal_text(new_received), scan.tally_id),
        )
    return int(cur.lastrowid or 0)


_SCAN_SELECT = (
    "SELECT s.id, s.tally_id, t.line_no, s.item_id, s.gtin, s.scan_text, s.lot_no, s.expiry, "
    "s.qty, s.flag, s.quarantine, s.snapshot_path, s.approved_by FROM receipt_scans s "
    "LEFT JOIN receipt_tally t ON t.id = s.tally_id "
)


def _scan(row: sqlite3.Row) -> ReceivingScan:
    return ReceivingScan(
        id=row["id"],
        tally_id=row["tally_id"],
        line_no=row["line_no"],
        item_id=row["item_id"],
        gtin=row["gtin"],
        scan_text=row["scan_text"],
        lot_no=row["lot_no"],
        expiry=row["expiry"],
        qty=Decimal(str(row["qty"])),
        flag=row["flag"],
        quarantine=row["quarantine"],
        snapshot_path=row["snapshot_path"],
        approved_by=row["approved_by"],
    )


def undo_last(conn: Connection, session_id: int) -> tuple[ReceivingScan, Decimal | None] | None:
    """Mark the session's newest scan undone and take it off its tally line.

    Returns the scan and its line's new received quantity (None for a quarantine line), or
    None when there is nothing left to undo.
    """
    rows = _rows(
        conn,
        _SCAN_SELECT + "WHERE s.session_id = ? AND s.undone = 0 ORDER BY s.id DESC LIMIT 1",
        (session_id,),
    )
    if not rows:
        return None
    scan = _scan(rows[0])
    db = driver_connection(conn)
    db.execute("UPDATE receipt_scans SET undone = 1 WHERE id = ?", (scan.id,))
    if scan.tally_id is None:
        return scan, None
    line = tally_line(conn, scan.tally_id)
    assert line is not None
    received = line.received - scan.qty
    db.execute(
        "UPDATE receipt_tally SET received_qty = ? WHERE id = ?",
        (decimal_text(received), scan.tally_id),
    )
    return scan, received


def session_scans(conn: Connection, session_id: int) -> list[ReceivingScan]:
    """Every scan of the session that was not undone, oldest first."""
    rows = _rows(
        conn, _SCAN_SELECT + "WHERE s.session_id = ? AND s.undone = 0 ORDER BY s.id", (session_id,)
    )
    return [_scan(r) for r in rows]


def quarantine_line(conn: Connection, scan_id: int) -> ReceivingScan | None:
    rows = _rows(conn, _SCAN_SELECT + "WHERE s.id = ? AND s.quarantine IS NOT NULL", (scan_id,))
    return _scan(rows[0]) if rows else None


def quarantine_lines(conn: Connection, limit: int = 50) -> list[tuple[str, ReceivingScan]]:
    """The newest quarantine lines (not undone), each with its receipt's reference."""
    scans = _SCAN_SELECT.replace("SELECT ", "SELECT s.session_id, ", 1)
    rows = _rows(
        conn,
        f"SELECT q.*, r.reference FROM ({scans}WHERE s.quarantine IS NOT NULL AND s.undone = 0)"
        " q JOIN receipt_sessions r ON r.id = q.session_id ORDER BY q.id DESC LIMIT ?",
        (limit,),
    )
    return [(r["reference"], _scan(r)) for r in rows]


def set_snapshot_path(conn: Connection, scan_id: int, path: str) -> None:
    _exec(conn, "UPDATE receipt_scans SET snapshot_path = ? WHERE id = ?", (path, scan_id))


# -- postings ---------------------------------------------------------------------------------
def add_posting(
    conn: Connection,
    session_id: int,
    line_no: int | None,
    movement_id: int,
    item_id: int,
    lot_id: int | None,
    location_id: int,
    qty: Decimal,
) -> None:
    _exec(
        conn,
        "INSERT INTO receipt_postings (session_id, line_no, movement_id, item_id, lot_id, "
        "location_id, qty) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (session_id, line_no, movement_id, item_id, lot_id, location_id, decimal_text(qty)),
    )


_POSTING_SELECT = (
    "SELECT p.id, p.session_id, p.line_no, p.movement_id, p.item_id, i.sku, p.lot_id, lt.lot_no, "
    "p.location_id, loc.code, p.qty, p.reversal_movement_id FROM receipt_postings p "
    "JOIN items i ON i.id = p.item_id JOIN locations loc ON loc.id = p.location_id "
    "LEFT JOIN lots lt ON lt.id = p.lot_id "
)


def _posting(row: sqlite3.Row) -> Posting:
    return Posting(
        id=row["id"],
        session_id=row["session_id"],
        line_no=row["line_no"],
        movement_id=row["movement_id"],
        item_id=row["item_id"],
        sku=row["sku"],
        lot_id=row["lot_id"],
        lot_no=row["lot_no"],
        location_id=row["location_id"],
        location_code=row["code"],
        qty=Decimal(str(row["qty"])),
        reversal_movement_id=row["reversal_movement_id"],
    )


def open_postings(conn: Connection, session_id: int) -> list[Posting]:
    """Postings of a session not yet reversed, in line order."""
    rows = _rows(
        conn,
        _POSTING_SELECT + "WHERE p.session_id = ? AND p.reversal_movement_id IS NULL "
        "ORDER BY p.line_no IS NULL, p.line_no, p.id",
        (session_id,),
    )
    return [_posting(r) for r in rows]


def posting_by_id(conn: Connection, posting_id: int) -> Posting | None:
    rows = _rows(conn, _POSTING_SELECT + "WHERE p.id = ?", (posting_id,))
    return _posting(rows[0]) if rows else None


def mark_reversed(conn: Connection, posting_id: int, movement_id: int) -> None:
    _exec(
        conn,
        "UPDATE receipt_postings SET reversal_movement_id = ? WHERE id = ?",
        (movement_id, posting_id),
    )


def balance_qty(conn: Connection, item_id: int, lot_id: int | None, location_id: int) -> Decimal:
    """The book quantity of one (item, lot, location) balance; 0 when there is none."""
    rows = _rows(
        conn,
        "SELECT qty FROM balances WHERE item_id = ? AND location_id = ? "
        "AND coalesce(lot_id, 0) = coalesce(?, 0)",
        (item_id, location_id, lot_id),
    )
    return Decimal(str(rows[0]["qty"])) if rows else Decimal(0)


def lot_exists(conn: Connection, item_id: int, lot_no: str) -> bool:
    rows = _rows(conn, "SELECT 1 FROM lots WHERE item_id = ? AND lot_no = ?", (item_id, lot_no))
    return bool(rows)


def unit_gtin(conn: Connection, item_id: int) -> str | None:
    """The item's GTIN of the smallest pack (the one a batch label carries)."""
    rows = _rows(
        conn,
        "SELECT gtin, pack_qty FROM gtins WHERE item_id = ?",
        (item_id,),
    )
    if not rows:
        return None
    return str(min(rows, key=lambda r: Decimal(str(r["pack_qty"])))["gtin"])


# -- stock by lot (moves and reversals) -------------------------------------------------------
@dataclass(frozen=True)
class LotStock:
    lot_id: int | None
    lot_no: str | None
    expiry: str | None
    qty: Decimal


def stock_lots_at(conn: Connection, item_id: int, location_id: int) -> list[LotStock]:
    """Non-zero balances of one item at one location, by lot, earliest expiry first."""
    rows = _rows(
        conn,
        "SELECT b.lot_id, lt.lot_no, lt.expiry, b.qty FROM balances b "
        "LEFT JOIN lots lt ON lt.id = b.lot_id WHERE b.item_id = ? AND b.location_id = ? "
        "ORDER BY lt.expiry IS NULL, lt.expiry, lt.lot_no",
        (item_id, location_id),
    )
    found = [LotStock(r["lot_id"], r["lot_no"], r["expiry"], Decimal(str(r["qty"]))) for r in rows]
    return [s for s in found if s.qty != 0]
