# SPDX-License-Identifier: Apache-2.0
"""The stock ledger and the balances kept from it.

:func:`post_movement` appends one movement and updates its balance row in the same
transaction, so the balance is always exactly the sum of the ledger (a property test holds
this). Every workflow reads stock from ``balances``; nothing else writes it.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from decimal import Decimal
from typing import Any

from msgspec import Struct, field
from sqlalchemy import Connection, func, select

from . import schema
from .events import StationIdentity, append_event, driver_connection, iso, new_uuid, utc_iso
from .inserts import insert_id
from .types import to_decimal


class Movement(Struct, frozen=True):
    """One stock movement. ``qty`` is signed: positive into the location, negative out."""

    kind: str
    item_id: int
    location_id: int
    qty: Decimal
    lot_id: int | None = None
    serial_id: int | None = None
    unit_cost: Decimal | None = None
    user_id: int | None = None
    user2_id: int | None = None
    reason: str = ""
    reference: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


KEYED_PREFIX = '{"item_sku":'
"""How a movement event's outbox payload starts when it carries its natural keys, as
:func:`post_movement` writes it (see :func:`natural_keys`). Movement events written by
earlier releases start otherwise (``{"uuid":``, or sorted keys) and get their keys when they
are pushed (``sync.push.read_batch``); the outbox is append-only, so they are never rewritten."""

_NATURAL_KEYS = (
    "SELECT (SELECT sku FROM items WHERE id = ?1), (SELECT unit_cost FROM items WHERE id = ?1), "
    "(SELECT code FROM locations WHERE id = ?2), (SELECT lot_no FROM lots WHERE id = ?3), "
    "(SELECT expiry FROM lots WHERE id = ?3), (SELECT serial_no FROM serials WHERE id = ?4), "
    "(SELECT badge FROM users WHERE id = ?5), (SELECT badge FROM users WHERE id = ?6)"
)


def natural_keys(
    db: sqlite3.Connection,
    item_id: int,
    location_id: int,
    lot_id: int | None,
    serial_id: int | None,
    user_id: int | None,
    user2_id: int | None,
) -> tuple[dict[str, Any], Any]:
    """(the natural keys a movement event carries, the item's unit cost as stored), read in
    one statement of primary-key probes inside the writing transaction: SKU, location code,
    lot number and expiry, serial number and badges as they are when the movement is written
    (what was scanned), in the order :data:`KEYED_PREFIX` expects; a key the movement does
    not have is None (:func:`movement_payload` leaves it out)."""
    sku, cost, code, lot_no, expiry, serial_no, badge, badge2 = db.execute(
        _NATURAL_KEYS, (item_id, location_id, lot_id, serial_id, user_id, user2_id)
    ).fetchone()
    return {
        "item_sku": sku,
        "location_code": code,
        "lot_no": lot_no,
        "lot_expiry": expiry,
        "serial_no": serial_no,
        "user_badge": badge,
        "user2_badge": badge2,
    }, cost


def movement_payload(
    keys: dict[str, Any],
    movement_uuid: str,
    movement: Movement,
    qty: Decimal,
    cost: Decimal,
    ts: datetime,
) -> dict[str, Any]:
    """The outbox payload of a movement: its natural keys first (:data:`KEYED_PREFIX`), then
    the movement, a field that is null left out (no lot, serial or second user; every reader
    takes a missing field as null, and central parses each payload: 224 bytes instead of 372
    for a movement with none of them), then ``movement.extra`` as given."""
    body = {
        **keys,
        "uuid": movement_uuid,
        "kind": movement.kind,
        "item_id": movement.item_id,
        "lot_id": movement.lot_id,
        "serial_id": movement.serial_id,
        "location_id": movement.location_id,
        "qty": qty,
        "unit_cost": cost,
        "user_id": movement.user_id,
        "user2_id": movement.user2_id,
        "reason": movement.reason,
        "reference": movement.reference,
        "ts": iso(ts),
    }
    return {k: v for k, v in body.items() if v is not None} | movement.extra


def post_movement(conn: Connection, who: StationIdentity, movement: Movement, ts: datetime) -> int:
    """Append ``movement`` to the ledger, update its balance, and queue it for sync.

    Returns the movement id. Raises ValueError for an unknown kind or a zero quantity.
    """
    if movement.kind not in schema.MOVEMENT_KINDS:
        raise ValueError(f"unknown movement kind {movement.kind!r}")
    qty = to_decimal(movement.qty)
    if qty == 0:
        raise ValueError("a movement of zero moves nothing")
    keys, item_cost = natural_keys(
        driver_connection(conn),
        movement.item_id,
        movement.location_id,
        movement.lot_id,
        movement.serial_id,
        movement.user_id,
        movement.user2_id,
    )
    cost = movement.unit_cost if movement.unit_cost is not None else item_cost
    cost = to_decimal(cost) if cost is not None else Decimal(0)
    movement_uuid = new_uuid()
    movement_id = insert_id(
        conn,
        schema.movements.insert().values(
            uuid=movement_uuid,
            kind=movement.kind,
            item_id=movement.item_id,
            lot_id=movement.lot_id,
            serial_id=movement.serial_id,
            location_id=movement.location_id,
            qty=qty,
            unit_cost=cost,
            user_id=movement.user_id,
            user2_id=movement.user2_id,
            station_id=who.station_id,
            ts=iso(ts),
            ts_utc=utc_iso(ts),
            reason=movement.reason,
            reference=movement.reference,
        ),
    )
    _apply_to_balance(conn, movement, qty, qty * cost, movement_id)
    append_event(
        conn, who, "movement", movement_payload(keys, movement_uuid, movement, qty, cost, ts), ts
    )
    return int(movement_id)


def _balance_key(movement: Movement) -> Any:
    b = schema.balances.c
    lot_clause = b.lot_id.is_(None) if movement.lot_id is None else b.lot_id == movement.lot_id
    return (b.item_id == movement.item_id) & (b.location_id == movement.location_id) & lot_clause


def _apply_to_balance(
    conn: Connection, movement: Movement, qty: Decimal, value: Decimal, movement_id: int
) -> None:
    b = schema.balances
    row = conn.execute(select(b.c.id, b.c.qty, b.c.value).where(_balance_key(movement))).first()
    if row is None:
        conn.execute(
            b.insert().values(
                item_id=movement.item_id,
                lot_id=movement.lot_id,
                location_id=movement.location_id,
                qty=qty,
                value=value,
                last_movement_id=movement_id,
            )
        )
    else:
        conn.execute(
            b.update()
            .where(b.c.id == row.id)
            .values(qty=row.qty + qty, value=row.value + value, last_movement_id=movement_id)
        )


def balance_mismatches(conn: Connection) -> list[tuple[int, int | None, int, Decimal, Decimal]]:
    """Rows where the balance is not the sum of the ledger: (item, lot, location, book, ledger).

    Summed in Python with exact decimals (SQLite would sum the text as floats).
    """
    sums: dict[tuple[int, int | None, int], Decimal] = {}
    m = schema.movements.c
    for item_id, lot_id, location_id, qty in conn.execute(
        select(m.item_id, m.lot_id, m.location_id, m.qty)
    ):
        key = (item_id, lot_id, location_id)
        sums[key] = sums.get(key, Decimal(0)) + qty
    bad: list[tuple[int, int | None, int, Decimal, Decimal]] = []
    b = schema.balances.c
    seen: set[tuple[int, int | None, int]] = set()
    for item_id, lot_id, location_id, qty in conn.execute(
        select(b.item_id, b.lot_id, b.location_id, b.qty)
    ):
        key = (item_id, lot_id, location_id)
        seen.add(key)
        ledger = sums.get(key, Decimal(0))
        if ledger != qty:
            bad.append((item_id, lot_id, location_id, qty, ledger))
    for key, ledger in sums.items():
        if key not in seen and ledger != 0:
            bad.append((*key, Decimal(0), ledger))
    return bad


def movement_count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(schema.movements)).scalar() or 0)
