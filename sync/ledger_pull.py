# SPDX-License-Identifier: Apache-2.0
"""Writing movements pulled from central into the local ledger, balances kept exact.

``station.core.store.ledger.post_movement`` is for movements this station makes (new UUID,
an outbox event). A pulled movement keeps its original UUID, station and time, queues no
event, and updates its balance row exactly as the ledger does (qty and qty x unit cost,
summed as exact decimals), so the local balance stays the sum of the local ledger.

References travel by natural key (SKU, location code, lot number, badge). A SKU or location
the station does not know yet is created as an inactive placeholder and an alarm is raised:
the movement is never dropped. A lot already known with another expiry raises an alarm for
a supervisor (the same lot arriving from two stations); a lot known without one takes the
first expiry a pulled movement names, as a local receipt does (``lot_id_for``): a movement
carries the expiry its station knew when it was written, so a lot's first movement may name
none and a later one name it. A movement whose UUID the ledger
already holds is skipped (idempotent pulls).

Set-based: each payload is checked and turned into a :class:`PulledMovement` (natural keys,
canonical decimal text, exact decimals, UTC time) before the write transaction begins; inside
it, a run of movements is one UUID probe and one ``executemany`` of a prepared insert, and each
balance row is written once per slice with the exact sum of the slice's movements
(:class:`LedgerSlice`; once per 500 balance rows touched, in a slice touching more). Runs
inside the caller's write transaction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import Connection

from station.core.store.events import driver_connection
from station.core.store.types import decimal_text


class PulledMovement(NamedTuple):
    """One pulled movement, checked and prepared outside the write transaction: its natural
    keys, its quantity and cost as canonical text and as exact decimals, and its UTC time."""

    uuid: str
    kind: str
    sku: str
    location: str
    lot_no: str | None
    lot_expiry: str | None
    qty_text: str
    cost_text: str
    qty: Decimal
    value: Decimal
    user_badge: str | None
    user2_badge: str | None
    station_id: str
    ts: str
    ts_utc: str
    reason: str
    reference: str


#: a decimal's text that :func:`decimal_text` would write unchanged (most payloads' are)
_CANONICAL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]*[1-9])?")


def _exact(value: Any) -> tuple[Decimal, str]:
    """A checked payload's decimal (text, or a JSON number read as its text) and its canonical
    text."""
    text = value if isinstance(value, str) else str(value)
    number = Decimal(text)
    if text != "-0" and _CANONICAL.fullmatch(text):
        return number, text
    return number, decimal_text(number)


_ZERO = (Decimal(0), "0")


def prepare(station_id: str, p: dict[str, Any]) -> PulledMovement:
    """A movement payload that passed :func:`sync.event_schema.movement_problem`, prepared."""
    get = p.get
    qty, qty_text = _exact(p["qty"])
    raw_cost = get("unit_cost")
    cost, cost_text = _ZERO if raw_cost is None else _exact(raw_cost)
    ts = p["ts"]
    return PulledMovement(
        p["uuid"],
        p["kind"],
        p["item_sku"],
        p["location_code"],
        get("lot_no") or None,
        get("lot_expiry"),
        qty_text,
        cost_text,
        qty,
        qty * cost,
        get("user_badge") or None,
        get("user2_badge") or None,
        station_id,
        ts,
        datetime.fromisoformat(ts).astimezone(UTC).isoformat(),
        get("reason") or "",
        get("reference") or "",
    )


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
        if expiry and not known:  # a lot known without an expiry takes the first one named
            self.db.execute("UPDATE lots SET expiry = ? WHERE id = ?", (expiry, lot_id))
            self.lots[key] = (lot_id, expiry)
        elif expiry and expiry != known:
            self.result.alarms.append(
                (
                    f"sync.lot_expiry:{sku}:{lot_no}:{expiry}",
                    "sync.lot_expiry",
                    {"sku": sku, "lot": lot_no, "here": known, "pulled": expiry, "from": origin},
                )
            )
        return lot_id


BalanceKey = tuple[int, int | None, int]
"""(item id, lot id or None, location id): the row of ``balances`` a movement changes."""

#: balance rows a slice sums before it writes them (then again from nothing): a slice ends
#: with writing what it holds, and a scan waiting for the slice waits for that too
BALANCES_HELD = 500


class LedgerSlice:
    """The pulled movements of one write slice: rows go in run by run (one executemany of a
    prepared statement each), and each balance row they touch is updated once, when the slice
    closes, with the exact sum of its movements. Create one per slice (its caches and sums
    belong to the slice's transaction)."""

    def __init__(self, conn: Connection, now: datetime) -> None:
        self.db = driver_connection(conn)
        self.result = LedgerPullResult()
        self.resolve = _Resolver(conn, self.result, now.isoformat())
        self.known: set[str] = set()
        self.deltas: dict[BalanceKey, list[Any]] = {}

    def insert(self, movements: Sequence[PulledMovement]) -> None:
        """Append ``movements`` to the ledger; those whose UUID it holds are skipped."""
        db, known, resolve, result = self.db, self.known, self.resolve, self.result
        marks = ",".join("?" * len(movements))
        known.update(
            r[0]
            for r in db.execute(
                f"SELECT uuid FROM movements WHERE uuid IN ({marks})", [m.uuid for m in movements]
            )
        )
        items, locations, users, lots = (
            resolve.items,
            resolve.locations,
            resolve.users,
            resolve.lots,
        )
        rows: list[tuple[Any, ...]] = []
        sums: list[tuple[BalanceKey, Decimal, Decimal]] = []
        for m in movements:
            if m.uuid in known:
                result.skipped += 1
                continue
            known.add(m.uuid)
            item_id = items.get(m.sku) or resolve.item(m.sku, m.station_id)
            location_id = locations.get(m.location) or resolve.location(m.location, m.station_id)
            lot_id = None
            if m.lot_no is not None:
                lot = lots.get((item_id, m.lot_no))
                lot_id = (
                    lot[0]
                    if lot is not None and (not m.lot_expiry or m.lot_expiry == lot[1])
                    else resolve.lot(item_id, m.lot_no, m.lot_expiry, m.sku, m.station_id)
                )
            user_id = users[m.user_badge] if m.user_badge in users else resolve.user(m.user_badge)
            user2_id = (
                users[m.user2_badge] if m.user2_badge in users else resolve.user(m.user2_badge)
            )
            rows.append(
                (
                    m.uuid,
                    m.kind,
                    item_id,
                    lot_id,
                    location_id,
                    m.qty_text,
                    m.cost_text,
                    user_id,
                    user2_id,
                    m.station_id,
                    m.ts,
                    m.ts_utc,
                    m.reason,
                    m.reference,
                )
            )
            sums.append(((item_id, lot_id, location_id), m.qty, m.value))
        if not rows:
            return
        db.executemany(_INSERT_MOVEMENT, rows)
        ids = _inserted_ids(db, [row[0] for row in rows])
        deltas = self.deltas
        for (key, qty, value), movement_id in zip(sums, ids, strict=True):
            delta = deltas.get(key)
            if delta is None:
                deltas[key] = [qty, value, movement_id]
            else:
                delta[0] += qty
                delta[1] += value
                delta[2] = movement_id
        result.inserted += len(rows)
        if len(deltas) >= BALANCES_HELD:
            self._write_balances()

    def close(self) -> LedgerPullResult:
        """Write each touched balance once; returns what the slice did."""
        self._write_balances()
        return self.result

    def _write_balances(self) -> None:
        for (item_id, lot_id, location_id), (qty, value, last_id) in self.deltas.items():
            _apply_to_balance(self.db, item_id, lot_id, location_id, qty, value, last_id)
        self.deltas = {}


def insert_pulled_movements(
    conn: Connection, movements: Sequence[PulledMovement], now: datetime
) -> LedgerPullResult:
    """Append pulled movements to the ledger and their balances (one slice of them)."""
    ledger = LedgerSlice(conn, now)
    for start in range(0, len(movements), 500):
        ledger.insert(movements[start : start + 500])
    return ledger.close()


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
