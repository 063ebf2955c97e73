# SPDX-License-Identifier: Apache-2.0
"""Writing master data (items, GTINs, locations, users, expected receipts, issue orders).

Used by imports, the demo seed and, later, sync. Each writer upserts by natural key (SKU,
GTIN, location code, badge, reference) inside the caller's transaction and records an
outbox event and an audit entry, so master-data changes are traced like everything else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, select

from .store import schema
from .store.events import iso
from .store.inserts import insert_id


@dataclass(frozen=True)
class ItemData:
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


def upsert_item(conn: Connection, data: ItemData, now: datetime) -> tuple[int, bool]:
    """Insert or update an item by SKU and attach its GTINs; returns (id, created).

    A GTIN already attached to a different item raises ValueError (a GTIN names one item).
    """
    t = schema.items
    values: dict[str, Any] = {
        "name": data.name,
        "spec": data.spec,
        "unit": data.unit,
        "unit_cost": data.unit_cost,
        "category": data.category,
        "abc_class": data.abc_class,
        "owner": data.owner,
        "min_qty": data.min_qty,
        "max_qty": data.max_qty,
        "min_shelf_life_days": data.min_shelf_life_days,
        "serialised": data.serialised,
        "updated_at": iso(now),
    }
    existing = conn.execute(select(t.c.id).where(t.c.sku == data.sku)).scalar()
    if existing is None:
        item_id = int(insert_id(conn, t.insert().values(sku=data.sku, **values)))
        created = True
    else:
        item_id = int(existing)
        conn.execute(t.update().where(t.c.id == item_id).values(**values))
        created = False
    g = schema.gtins
    for gtin, pack_qty in data.gtins:
        owner = conn.execute(select(g.c.item_id).where(g.c.gtin == gtin)).scalar()
        if owner is None:
            conn.execute(g.insert().values(gtin=gtin, item_id=item_id, pack_qty=pack_qty))
        elif owner != item_id:
            raise ValueError(f"GTIN {gtin} already belongs to another item")
        else:
            conn.execute(g.update().where(g.c.gtin == gtin).values(pack_qty=pack_qty))
    return item_id, created


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
    conn: Connection, badge: str, name: str, role: str, *, pin_hash: str | None = None
) -> tuple[int, bool]:
    """Insert or update a user by badge. An update never touches the PIN."""
    if role not in schema.ROLES:
        raise ValueError(f"unknown role {role!r}; roles are {', '.join(schema.ROLES)}")
    t = schema.users
    existing = conn.execute(select(t.c.id).where(t.c.badge == badge)).scalar()
    if existing is None:
        new_id = insert_id(
            conn, t.insert().values(badge=badge, name=name, role=role, pin_hash=pin_hash)
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
