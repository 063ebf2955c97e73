# SPDX-License-Identifier: Apache-2.0
"""Writing movements pulled from central into the local ledger, balances kept exact.

``station.core.store.ledger.post_movement`` is for movements this station makes (new UUID,
an outbox event). A pulled movement keeps its original UUID, station and time, queues no
event, and updates its balance row exactly as the ledger does (qty and qty x unit cost,
summed as exact decimals), so the local balance stays the sum of the local ledger.

References travel by natural key (SKU, location code, lot number, badge). A SKU or location
the station does not know yet is created as an inactive placeholder and an alarm is raised:
the movement is never dropped. A lot already known with another expiry raises an alarm for
a supervisor (the same lot arriving from two stations). A movement whose UUID the ledger
already holds is skipped (idempotent pulls).

Runs inside the caller's write transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection

from station.core.store.events import driver_connection
from station.core.store.types import decimal_text, to_decimal


@dataclass
class PulledMovement:
    uuid: str
    station_id: str
    payload: dict[str, Any]


@dataclass
class LedgerPullResult:
    inserted: int = 0
    skipped: int = 0
    alarms: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)


class _Resolver:
    """Natural key -> local id, cached for one batch; creates placeholders when unknown."""

    def __init__(self, conn: Connection, result: LedgerPullResult, now: str) -> None:
        self.db = driver_connection(conn)
        self.result = result
        self.now = now
        self.items: dict[str, int] = {}
        self.locations: dict[str, int] = {}
        self.users: dict[str, int | None] = {}
        self.lots: dict[tuple[int, str], tuple[int, str | None]] = {}

    def item(self, sku: str, origin: str) -> int:
        if sku not in self.items:
            row = self.db.execute("SELECT id FROM items WHERE sku = ?", (sku,)).fetchone()
            if row is None:
                cur = self.db.execute(
                    "INSERT INTO items (sku, name, active, updated_at) VALUES (?, ?, 0, ?)",
                    (sku, f"(unknown item from {origin})", self.now),
                )
                row = (cur.lastrowid,)
                self.result.alarms.append(
                    (f"sync.unknown_item:{sku}", "sync.unknown_item", {"sku": sku, "from": origin})
                )
            self.items[sku] = int(row[0])
        return self.items[sku]

    def location(self, code: str, origin: str) -> int:
        if code not in self.locations:
            row = self.db.execute("SELECT id FROM locations WHERE code = ?", (code,)).fetchone()
            if row is None:
                cur = self.db.execute("INSERT INTO locations (code, active) VALUES (?, 0)", (code,))
                row = (cur.lastrowid,)
                self.result.alarms.append(
                    (
                        f"sync.unknown_location:{code}",
                        "sync.unknown_location",
                        {"location": code, "from": origin},
                    )
                )
            self.locations[code] = int(row[0])
        return self.locations[code]

    def user(self, badge: str | None) -> int | None:
        if not badge:
            return None
        if badge not in self.users:
            row = self.db.execute("SELECT id FROM users WHERE badge = ?", (badge,)).fetchone()
            self.users[badge] = None if row is None else int(row[0])
        return self.users[badge]

    def lot(self, item_id: int, lot_no: str, expiry: str | None, sku: str, origin: str) -> int:
        key = (item_id, lot_no)
        if key not in self.lots:
            row = self.db.execute(
                "SELECT id, expiry FROM lots WHERE item_id = ? AND lot_no = ?", key
            ).fetchone()
            if row is None:
                cur = self.db.execute(
                    "INSERT INTO lots (item_id, lot_no, expiry) VALUES (?, ?, ?)",
                    (item_id, lot_no, expiry),
                )
                row = (cur.lastrowid, expiry)
            self.lots[key] = (int(row[0]), row[1])
        lot_id, known = self.lots[key]
        if expiry and known and expiry != known:
            self.result.alarms.append(
                (
                    f"sync.lot_expiry:{sku}:{lot_no}:{expiry}",
                    "sync.lot_expiry",
                    {"sku": sku, "lot": lot_no, "here": known, "pulled": expiry, "from": origin},
                )
            )
        return lot_id


def _ts_utc(ts: str) -> str:
    return datetime.fromisoformat(ts).astimezone(UTC).isoformat()


def insert_pulled_movements(
    conn: Connection, movements: Sequence[PulledMovement], now: datetime
) -> LedgerPullResult:
    """Append pulled movements to the ledger and their balances; see the module contract."""
    result = LedgerPullResult()
    if not movements:
        return result
    db = driver_connection(conn)
    known: set[str] = set()
    uuids = [m.uuid for m in movements]
    for start in range(0, len(uuids), 500):
        chunk = uuids[start : start + 500]
        marks = ",".join("?" for _ in chunk)
        known.update(
            r[0] for r in db.execute(f"SELECT uuid FROM movements WHERE uuid IN ({marks})", chunk)
        )
    resolve = _Resolver(conn, result, now.isoformat())
    rows: list[tuple[Any, ...]] = []
    sums: list[tuple[tuple[int, int | None, int], Decimal, Decimal]] = []
    for m in movements:
        if m.uuid in known:
            result.skipped += 1
            continue
        known.add(m.uuid)
        row, key, qty, value = _movement_row(resolve, m)
        rows.append(row)
        sums.append((key, qty, value))
    if not rows:
        return result
    db.executemany(_INSERT_MOVEMENT, rows)
    ids = _inserted_ids(db, [row[0] for row in rows])
    deltas: dict[tuple[int, int | None, int], list[Any]] = {}
    for (key, qty, value), movement_id in zip(sums, ids, strict=True):
        delta = deltas.setdefault(key, [Decimal(0), Decimal(0), movement_id])
        delta[0] += qty
        delta[1] += value
        delta[2] = movement_id
    for (item_id, lot_id, location_id), (qty, value, last_id) in deltas.items():
        _apply_to_balance(db, item_id, lot_id, location_id, qty, value, last_id)
    result.inserted += len(rows)
    return result


_INSERT_MOVEMENT = (
    "INSERT INTO movements (uuid, kind, item_id, lot_id, serial_id, location_id, qty, "
    "unit_cost, user_id, user2_id, station_id, ts, ts_utc, reason, reference) "
    "VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _inserted_ids(db: Any, uuids: list[str]) -> list[int]:
    """The row ids of the movements just inserted, in order: one writer inserts them with
    consecutive ids (checked on the first one; looked up one by one otherwise)."""
    last = int(db.execute("SELECT last_insert_rowid()").fetchone()[0])
    first = last - len(uuids) + 1
    found = db.execute("SELECT id FROM movements WHERE uuid = ?", (uuids[0],)).fetchone()
    if found is not None and int(found[0]) == first:
        return list(range(first, last + 1))
    return [
        int(db.execute("SELECT id FROM movements WHERE uuid = ?", (u,)).fetchone()[0])
        for u in uuids
    ]


def _movement_row(
    resolve: _Resolver, m: PulledMovement
) -> tuple[tuple[Any, ...], tuple[int, int | None, int], Decimal, Decimal]:
    """One movement's insert parameters, its balance key, quantity and value (the batch sums
    them per balance row and applies each sum once)."""
    p = m.payload
    item_id = resolve.item(p["item_sku"], m.station_id)
    location_id = resolve.location(p["location_code"], m.station_id)
    lot_id = (
        resolve.lot(item_id, p["lot_no"], p.get("lot_expiry"), p["item_sku"], m.station_id)
        if p.get("lot_no")
        else None
    )
    qty = to_decimal(p["qty"])
    cost = to_decimal(p["unit_cost"]) if p.get("unit_cost") is not None else Decimal(0)
    row = (
        m.uuid,
        p["kind"],
        item_id,
        lot_id,
        location_id,
        decimal_text(qty),
        decimal_text(cost),
        resolve.user(p.get("user_badge")),
        resolve.user(p.get("user2_badge")),
        m.station_id,
        p["ts"],
        _ts_utc(p["ts"]),
        p.get("reason") or "",
        p.get("reference") or "",
    )
    return row, (item_id, lot_id, location_id), qty, qty * cost


def _apply_to_balance(
    db: Any,
    item_id: int,
    lot_id: int | None,
    location_id: int,
    qty: Decimal,
    value: Decimal,
    movement_id: int,
) -> None:
    row = db.execute(
        "SELECT id, qty, value FROM balances WHERE item_id = ? AND location_id = ? "
        "AND coalesce(lot_id, 0) = ?",
        (item_id, location_id, lot_id or 0),
    ).fetchone()
    if row is None:
        db.execute(
            "INSERT INTO balances (item_id, lot_id, location_id, qty, value, last_movement_id) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (item_id, lot_id, location_id, decimal_text(qty), decimal_text(value), movement_id),
        )
    else:
        db.execute(
            "UPDATE balances SET qty = ?, value = ?, last_movement_id = ? WHERE id = ?",
            (
                decimal_text(Decimal(str(row[1])) + qty),
                decimal_text(Decimal(str(row[2])) + value),
                movement_id,
                row[0],
            ),
        )
