# SPDX-License-Identifier: Apache-2.0
"""Writing master data (items, GTINs, locations, users, expected receipts, issue orders).

Used by imports, the demo seed and sync. Each writer upserts by natural key (SKU, GTIN,
location code, badge, reference) inside the caller's transaction and records nothing else:
the caller traces the change (an import records one audit entry and one outbox event for
its whole file, in the same transaction: :func:`station.core.import_apply.apply_batch`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, select

from .imports.records import ItemRecord
from .store import schema
from .store.events import driver_connection, iso
from .store.inserts import insert_id
from .store.types import decimal_text, to_decimal

ItemData = ItemRecord
"""An item as the writers take it: the same frozen record an item import reads (SKU, name,
unit, cost, class, owner, limits, ``(gtin, pack_qty)`` pairs), so an import writes its
records as they are."""


class GtinTaken(ValueError):
    """A GTIN given for one item already belongs to another; ``index`` is the item's place in
    the list given to :func:`upsert_items`."""

    def __init__(self, index: int, gtin: str) -> None:
        super().__init__(f"GTIN {gtin} already belongs to another item")
        self.index = index


CHUNK = 500
"""Keys per ``IN (...)`` look-up: well inside SQLite's and PostgreSQL's bound-parameter limits."""


def upsert_item(conn: Connection, data: ItemData, now: datetime) -> tuple[int, bool]:
    """Insert or update an item by SKU and attach its GTINs; returns (id, created).

    A GTIN already attached to a different item raises ValueError (a GTIN names one item).
    """
    return upsert_items(conn, [data], now)[0]


def upsert_items(
    conn: Connection, items: Sequence[ItemData], now: datetime
) -> list[tuple[int, bool]]:
    """Insert or update ``items`` by SKU and attach their GTINs, set at a time: one read of
    the keys already there (:func:`_ids_by_key`) and one prepared statement run over all rows
    for each kind of write. Returns (id, created) per item, in order; a SKU given twice is
    created once, then updated.

    A GTIN that already belongs to a different item raises :class:`GtinTaken` (the first such
    item in order) before anything is written.
    """
    t, g = schema.items, schema.gtins
    stamp = iso(now)
    skus = [d.sku for d in items]
    gtins = [gtin for d in items for gtin, _ in d.gtins]
    given_once = len(set(gtins)) == len(gtins)
    ids = _ids_by_key(conn, t.c.sku, t.c.id, skus)
    owners = _ids_by_key(conn, g.c.gtin, g.c.item_id, gtins)
    _refuse_taken_gtins(items, ids, owners, given_once)
    created = {sku for sku in skus if sku not in ids}
    first = {d.sku: d for d in reversed(items) if d.sku in created}
    # the rows go to sqlite3's executemany directly, as the scan path's do: SQLAlchemy's
    # per-row parameter processing cost more than the writes themselves
    db = driver_connection(conn)
    text = _decimal_texts(items)
    if first:
        # the ids SQLite would give (one past the largest; no other writer while we hold the
        # write transaction), so the new rows need no second read to learn them
        start = (db.execute("SELECT max(id) FROM items").fetchone()[0] or 0) + 1
        ids.update(zip(reversed(first), range(start, start + len(first)), strict=True))
        db.executemany(
            f"INSERT INTO items (id, sku, {', '.join(ITEM_COLUMNS)})"
            f" VALUES (?, ?, {', '.join('?' * len(ITEM_COLUMNS))})",
            _item_rows(list(reversed(first.values())), ids, stamp, text),
        )
    updates = [d for d in items if first.get(d.sku) is not d]
    if updates:
        # the same rows as for an insert: ?1 is the id, ?2 the SKU (unchanged), then the columns
        sets = ", ".join(f"{name} = ?{n}" for n, name in enumerate(ITEM_COLUMNS, start=3))
        db.executemany(
            f"UPDATE items SET {sets} WHERE id = ?1", _item_rows(updates, ids, stamp, text)
        )
    _write_gtins(db, items, ids, owners, text, given_once)
    if len(created) == len(skus):  # every SKU new and given once
        return [(ids[sku], True) for sku in skus]
    seen: set[str] = set()
    result = []
    for sku in skus:
        result.append((ids[sku], sku in created and sku not in seen))
        seen.add(sku)
    return result


def _refuse_taken_gtins(
    items: Sequence[ItemData], ids: dict[str, int], owners: dict[str, int], given_once: bool
) -> None:
    """Raise :class:`GtinTaken` for the first item given a GTIN that belongs to another item,
    in the store or earlier in ``items`` (``given_once``: no GTIN is given twice)."""
    if given_once and all(
        owners[gtin] == ids.get(d.sku) for d in items for gtin, _ in d.gtins if gtin in owners
    ):
        return  # the common case, checked set-wise: every GTIN given once, none taken
    claimed: dict[str, str] = {}  # gtin -> sku, for GTINs this call attaches
    for index, data in enumerate(items):
        for gtin, _ in data.gtins:
            owner = owners.get(gtin)
            taken = owner is not None and owner != ids.get(data.sku)
            if taken or claimed.setdefault(gtin, data.sku) != data.sku:
                raise GtinTaken(index, gtin)


def _write_gtins(
    db: sqlite3.Connection,
    items: Sequence[ItemData],
    ids: dict[str, int],
    owners: dict[str, int],
    text: dict[Any, str | None],
    given_once: bool,
) -> None:
    """Attach every item's GTINs; a GTIN given twice (its SKU given twice) takes the pack
    quantity given last."""
    packs = [(gtin, ids[d.sku], text[qty]) for d in items for gtin, qty in d.gtins]
    if not given_once:
        packs = list({pack[0]: pack for pack in packs}.values())
    fresh = [pack for pack in packs if pack[0] not in owners] if owners else packs
    if fresh:
        db.executemany("INSERT INTO gtins (gtin, item_id, pack_qty) VALUES (?, ?, ?)", fresh)
    kept = [(qty, gtin) for gtin, _, qty in packs if gtin in owners]
    if kept:
        db.executemany("UPDATE gtins SET pack_qty = ? WHERE gtin = ?", kept)


ITEM_COLUMNS = (
    "name", "spec", "unit", "unit_cost", "category", "abc_class", "owner", "min_qty",
    "max_qty", "min_shelf_life_days", "serialised", "updated_at",
)  # fmt: skip


def _decimal_texts(items: Sequence[ItemData]) -> dict[Any, str | None]:
    """Every decimal of ``items`` as the store keeps it (``ExactDecimal`` on SQLite: canonical
    text), each value worked out once: an item file repeats its pack sizes and limits on
    every line. ``None`` stays ``None``."""
    values = {d.unit_cost for d in items} | {d.min_qty for d in items}
    values |= {d.max_qty for d in items} | {qty for d in items for _, qty in d.gtins}
    texts: dict[Any, str | None] = {
        v: decimal_text(v if type(v) is Decimal else to_decimal(v)) for v in values - {None}
    }
    texts[None] = None
    return texts


def _item_rows(
    items: Sequence[ItemData], ids: dict[str, int], stamp: str, text: dict[Any, str | None]
) -> list[tuple[Any, ...]]:
    """Each item's id, SKU and values in ``ITEM_COLUMNS`` order, as sqlite3 parameters."""
    return [
        (
            ids[d.sku],
            d.sku,
            d.name,
            d.spec,
            d.unit,
            text[d.unit_cost],
            d.category,
            d.abc_class,
            d.owner,
            text[d.min_qty],
            text[d.max_qty],
            d.min_shelf_life_days,
            int(d.serialised),
            stamp,
        )  # fmt: skip
        for d in items
    ]


def _ids_by_key(conn: Connection, key: Any, value: Any, keys: Sequence[str]) -> dict[str, int]:
    """``{key: value}`` for the rows whose ``key`` is among ``keys``: CHUNK keys a query, or,
    for more keys than the table has rows, one read of the whole table."""
    unique = list(dict.fromkeys(keys))
    found: dict[str, int] = {}
    # straight to sqlite3, one statement text per chunk size: sqlite3 keeps it prepared,
    # where SQLAlchemy compiled a 500-value IN list again for every chunk
    db = driver_connection(conn)
    table = key.table.name
    if len(unique) > CHUNK:
        (rows,) = db.execute(f"SELECT count(*) FROM {table}").fetchone()
        if rows <= len(unique):
            wanted = set(unique)
            pairs = db.execute(f"SELECT {key.name}, {value.name} FROM {table}")
            return {k: int(v) for k, v in pairs if k in wanted}
    head = f"SELECT {key.name}, {value.name} FROM {table} WHERE {key.name} IN "
    for start in range(0, len(unique), CHUNK):
        part = unique[start : start + CHUNK]
        rows = db.execute(head + "(" + ", ".join("?" * len(part)) + ")", part)
        found.update((k, int(v)) for k, v in rows)
    return found


def upsert_location(
    conn: Connection, code: str, *, barcode: str | None = None, zone: str = "", warehouse: str = ""
) -> tuple[int, bool]:
    t = schema.locations
    existing = conn.execute(select(t.c.id).where(t.c.code == code)).scalar()
    values = {"barcode": barcode, "zone": zone, "warehouse": warehouse}
    if existing is None:
        return int(insert_id(conn, t.insert().values(code=code, **values))), True
    conn.execute(t.update().where(t.c.id == existing).values(**values))
    return int(existing), False


def upsert_user(
    conn: Connection,
    badge: str,
    name: str,
    role: str,
    *,
    pin_hash: str | None = None,
    pin_origin: str | None = None,
) -> tuple[int, bool]:
    """Insert or update a user by badge. An update never touches the PIN. ``pin_origin`` says
    how a given PIN came (see ``schema.users``)."""
    if role not in schema.ROLES:
        raise ValueError(f"unknown role {role!r}; roles are {', '.join(schema.ROLES)}")
    t = schema.users
    existing = conn.execute(select(t.c.id).where(t.c.badge == badge)).scalar()
    if existing is None:
        new_id = insert_id(
            conn,
            t.insert().values(
                badge=badge, name=name, role=role, pin_hash=pin_hash, pin_origin=pin_origin
            ),
        )
        return int(new_id), True
    conn.execute(t.update().where(t.c.id == existing).values(name=name, role=role))
    return int(existing), False


@dataclass(frozen=True)
class OrderLine:
    line_no: int
    item_id: int
    qty: Decimal
    lot_no: str | None = None
    expiry: date | None = None
    location_id: int | None = None


def upsert_expected_receipt(
    conn: Connection,
    reference: str,
    supplier: str,
    expected_date: date | None,
    lines: Sequence[OrderLine],
    now: datetime,
) -> tuple[int, str]:
    """Create or replace an expected receipt; returns (id, "created"|"updated"|"in_progress").

    A receipt already in progress (status other than ``open``) is left unchanged.
    """
    r, rl = schema.expected_receipts, schema.receipt_lines
    row = conn.execute(select(r.c.id, r.c.status).where(r.c.reference == reference)).first()
    if row is not None and row.status != "open":
        return int(row.id), "in_progress"
    values = {
        "supplier": supplier,
        "expected_date": expected_date.isoformat() if expected_date else None,
        "updated_at": iso(now),
    }
    if row is None:
        receipt_id = int(insert_id(conn, r.insert().values(reference=reference, **values)))
        status = "created"
    else:
        receipt_id = int(row.id)
        conn.execute(r.update().where(r.c.id == receipt_id).values(**values))
        conn.execute(rl.delete().where(rl.c.receipt_id == receipt_id))
        status = "updated"
    for line in lines:
        conn.execute(
            rl.insert().values(
                receipt_id=receipt_id,
                line_no=line.line_no,
                item_id=line.item_id,
                qty=line.qty,
                lot_no=line.lot_no,
                expiry=line.expiry.isoformat() if line.expiry else None,
            )
        )
    return receipt_id, status


def upsert_issue_order(
    conn: Connection, reference: str, destination: str, lines: Sequence[OrderLine], now: datetime
) -> tuple[int, str]:
    """Create or replace an issue order; one already in progress is left unchanged."""
    o, ol = schema.issue_orders, schema.issue_lines
    row = conn.execute(select(o.c.id, o.c.status).where(o.c.reference == reference)).first()
    if row is not None and row.status != "open":
        return int(row.id), "in_progress"
    if row is None:
        order_id = int(
            insert_id(
                conn,
                o.insert().values(
                    reference=reference, destination=destination, updated_at=iso(now)
                ),
            )
        )
        status = "created"
    else:
        order_id = int(row.id)
        conn.execute(
            o.update()
            .where(o.c.id == order_id)
            .values(destination=destination, updated_at=iso(now))
        )
        conn.execute(ol.delete().where(ol.c.order_id == order_id))
        status = "updated"
    for line in lines:
        conn.execute(
            ol.insert().values(
                order_id=order_id,
                line_no=line.line_no,
                item_id=line.item_id,
                qty=line.qty,
                lot_no=line.lot_no,
                location_id=line.location_id,
            )
        )
    return order_id, status
