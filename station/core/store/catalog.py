# SPDX-License-Identifier: Apache-2.0
"""Master data: items with their GTINs, lots, locations and users; and stock read-outs.

Functions take an open connection to the local SQLite store; writers must be inside
``Store.transaction()``. Reads that every scan makes run straight on sqlite3 (plain SQL,
parameters bound): they are on the scan path. Rows come back as frozen Structs (msgspec), so
callers never handle SQL rows.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from msgspec import Struct
from sqlalchemy import Connection, select

from . import schema
from .events import iso
from .inserts import insert_id
from .raw_rows import fetch_one, fetch_rows, fetch_tuple, fetch_tuples, optional_decimal


class Item(Struct, frozen=True):
    id: int
    sku: str
    name: str
    spec: str
    unit: str
    unit_cost: Decimal | None
    category: str
    abc_class: str | None
    min_shelf_life_days: int | None
    serialised: bool


class Location(Struct, frozen=True):
    id: int
    code: str
    barcode: str | None
    zone: str
    warehouse: str


class User(Struct, frozen=True):
    id: int
    badge: str
    name: str
    role: str
    pin_hash: str | None
    pin_is_one_time: bool
    failed_pins: int
    locked: bool
    active: bool
    pin_origin: str | None = None


class StockLine(Struct, frozen=True):
    item_id: int
    sku: str
    item_name: str
    unit: str
    location_code: str
    lot_no: str | None
    expiry: str | None
    qty: Decimal
    value: Decimal


_rows = fetch_rows
_one = fetch_one
_one_tuple = fetch_tuple
_dec = optional_decimal


_ITEM_COLUMNS = (
    "items.id, items.sku, items.name, items.spec, items.unit, items.unit_cost, items.category, "
    "items.abc_class, items.min_shelf_life_days, items.serialised"
)


def _item(row: tuple[Any, ...]) -> Item:
    """An item from a row that starts with :data:`_ITEM_COLUMNS` (read by position: a lookup
    by column name costs more than the rest of the conversion)."""
    item_id, sku, name, spec, unit, unit_cost, category, abc_class, shelf_life, serial = row[:10]
    return Item(
        item_id,
        sku,
        name,
        spec,
        unit,
        None if unit_cost is None else Decimal(str(unit_cost)),
        category,
        abc_class,
        shelf_life,
        bool(serial),
    )


def item_by_gtin(conn: Connection, gtin14: str) -> tuple[Item, Decimal] | None:
    """The item a 14-digit GTIN stands for, with the pack quantity of that GTIN."""
    row = _one_tuple(
        conn,
        f"SELECT {_ITEM_COLUMNS}, gtins.pack_qty FROM gtins JOIN items ON items.id = gtins.item_id "
        "WHERE gtins.gtin = ?",
        (gtin14,),
    )
    return None if row is None else (_item(row), Decimal(str(row[10])))


def item_by_sku(conn: Connection, sku: str) -> Item | None:
    row = _one_tuple(conn, f"SELECT {_ITEM_COLUMNS} FROM items WHERE sku = ?", (sku,))
    return None if row is None else _item(row)


def item_by_id(conn: Connection, item_id: int) -> Item | None:
    row = _one_tuple(conn, f"SELECT {_ITEM_COLUMNS} FROM items WHERE id = ?", (item_id,))
    return None if row is None else _item(row)


def gtins_of(conn: Connection, item_id: int) -> list[tuple[str, Decimal]]:
    rows = _rows(conn, "SELECT gtin, pack_qty FROM gtins WHERE item_id = ?", (item_id,))
    return sorted(((r["gtin"], Decimal(str(r["pack_qty"]))) for r in rows), key=lambda g: g[1])


def _location(row: sqlite3.Row) -> Location:
    return Location(
        id=row["id"],
        code=row["code"],
        barcode=row["barcode"],
        zone=row["zone"],
        warehouse=row["warehouse"],
    )


def location_by_code(conn: Connection, code: str) -> Location | None:
    row = _one(conn, "SELECT * FROM locations WHERE code = ?", (code,))
    return None if row is None else _location(row)


def location_by_barcode(conn: Connection, barcode: str) -> Location | None:
    row = _one(conn, "SELECT * FROM locations WHERE barcode = ?", (barcode,))
    return None if row is None else _location(row)


def _user(row: sqlite3.Row) -> User:
    return User(
        id=row["id"],
        badge=row["badge"],
        name=row["name"],
        role=row["role"],
        pin_hash=row["pin_hash"],
        pin_is_one_time=bool(row["pin_is_one_time"]),
        failed_pins=row["failed_pins"],
        locked=bool(row["locked"]),
        active=bool(row["active"]),
        pin_origin=row["pin_origin"],
    )


def user_by_badge(conn: Connection, badge: str) -> User | None:
    row = _one(conn, "SELECT * FROM users WHERE badge = ?", (badge,))
    return None if row is None else _user(row)


def user_by_id(conn: Connection, user_id: int) -> User | None:
    row = _one(conn, "SELECT * FROM users WHERE id = ?", (user_id,))
    return None if row is None else _user(row)


def update_user_pin_state(
    conn: Connection,
    user_id: int,
    *,
    pin_hash: str | None = None,
    pin_is_one_time: bool | None = None,
    failed_pins: int | None = None,
    locked: bool | None = None,
    pin_origin: str | None = None,
) -> None:
    values: dict[str, object] = {}
    if pin_origin is not None:
        values["pin_origin"] = pin_origin
    if pin_hash is not None:
        values["pin_hash"] = pin_hash
    if pin_is_one_time is not None:
        values["pin_is_one_time"] = pin_is_one_time
    if failed_pins is not None:
        values["failed_pins"] = failed_pins
    if locked is not None:
        values["locked"] = locked
    if values:
        conn.execute(schema.users.update().where(schema.users.c.id == user_id).values(**values))


def lot_id_for(
    conn: Connection,
    item_id: int,
    lot_no: str,
    *,
    expiry: date | None = None,
    received: date | None = None,
) -> int:
    """The id of lot ``lot_no`` of the item, created on first sight (keeps the first expiry and
    the first receipt date it was given)."""
    lt = schema.lots
    row = conn.execute(
        select(lt.c.id, lt.c.expiry, lt.c.first_receipt_date).where(
            lt.c.item_id == item_id, lt.c.lot_no == lot_no
        )
    ).first()
    if row is not None:
        updates: dict[str, str] = {}
        if row.expiry is None and expiry is not None:
            updates["expiry"] = expiry.isoformat()
        if row.first_receipt_date is None and received is not None:
            updates["first_receipt_date"] = received.isoformat()
        if updates:
            conn.execute(lt.update().where(lt.c.id == row.id).values(**updates))
        return int(row.id)
    return int(
        insert_id(
            conn,
            lt.insert().values(
                item_id=item_id,
                lot_no=lot_no,
                expiry=expiry.isoformat() if expiry else None,
                first_receipt_date=received.isoformat() if received else None,
            ),
        )
    )


_STOCK_SELECT = (
    "SELECT b.item_id, i.sku, i.name, i.unit, loc.code, lt.lot_no, lt.expiry, b.qty, b.value "
    "FROM balances b JOIN items i ON i.id = b.item_id "
    "JOIN locations loc ON loc.id = b.location_id "
    "LEFT JOIN lots lt ON lt.id = b.lot_id "
)


def _stock_lines(conn: Connection, where_order: str, params: tuple[Any, ...]) -> list[StockLine]:
    lines = []
    for item_id, sku, name, unit, code, lot_no, expiry, qty_text, value_text in fetch_tuples(
        conn, _STOCK_SELECT + where_order, params
    ):
        qty = Decimal(str(qty_text))
        if qty == 0:
            continue
        lines.append(
            StockLine(item_id, sku, name, unit, code, lot_no, expiry, qty, Decimal(str(value_text)))
        )
    return lines


def stock_of_item(conn: Connection, item: Item) -> list[StockLine]:
    """Non-zero balances of one item, by location and lot, earliest expiry first (a lookup
    scan's read: the item is known, so its row is not joined again for every line)."""
    lines = []
    for code, lot_no, expiry, qty_text, value_text in fetch_tuples(
        conn,
        "SELECT loc.code, lt.lot_no, lt.expiry, b.qty, b.value FROM balances b "
        "JOIN locations loc ON loc.id = b.location_id LEFT JOIN lots lt ON lt.id = b.lot_id "
        "WHERE b.item_id = ? ORDER BY lt.expiry IS NULL, lt.expiry, loc.code",
        (item.id,),
    ):
        qty = Decimal(str(qty_text))
        if qty != 0:
            lines.append(
                StockLine(
                    item.id, item.sku, item.name, item.unit, code, lot_no, expiry, qty,
                    Decimal(str(value_text)),
                )
            )  # fmt: skip
    return lines


def stock_at_location(conn: Connection, location_id: int) -> list[StockLine]:
    return _stock_lines(conn, "WHERE b.location_id = ? ORDER BY i.sku, lt.expiry", (location_id,))


def all_stock(conn: Connection) -> list[StockLine]:
    return _stock_lines(conn, "ORDER BY i.sku, loc.code, lt.lot_no", ())


def touch(ts: datetime) -> str:
    return iso(ts)
