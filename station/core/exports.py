# SPDX-License-Identifier: Apache-2.0
"""``station export ledger|balances``: CSV files (UTF-8 with BOM, so spreadsheet programs on
Chinese Windows open them correctly); quantities and money as exact decimal text. Text that
would start a spreadsheet formula (an item named ``=cmd|...``) is written with a leading quote
(:mod:`.spreadsheet_cells`)."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select

from .spreadsheet_cells import formula_safe
from .store import schema
from .store.catalog import all_stock
from .store.database import Store
from .store.types import decimal_text

LEDGER_COLUMNS = [
    "id",
    "uuid",
    "ts",
    "kind",
    "sku",
    "item_name",
    "lot",
    "expiry",
    "location",
    "qty",
    "unit_cost",
    "user",
    "user2",
    "station_id",
    "reason",
    "reference",
]
BALANCE_COLUMNS = ["sku", "item_name", "unit", "location", "lot", "expiry", "qty", "value"]


def export_ledger(store: Store, target: Path) -> int:
    m, i, lt, loc, u = schema.movements, schema.items, schema.lots, schema.locations, schema.users
    u2 = u.alias("u2")
    query = (
        select(
            m.c.id,
            m.c.uuid,
            m.c.ts,
            m.c.kind,
            i.c.sku,
            i.c.name,
            lt.c.lot_no,
            lt.c.expiry,
            loc.c.code,
            m.c.qty,
            m.c.unit_cost,
            u.c.badge,
            u2.c.badge.label("badge2"),
            m.c.station_id,
            m.c.reason,
            m.c.reference,
        )
        .join(i, i.c.id == m.c.item_id)
        .join(loc, loc.c.id == m.c.location_id)
        .outerjoin(lt, lt.c.id == m.c.lot_id)
        .outerjoin(u, u.c.id == m.c.user_id)
        .outerjoin(u2, u2.c.id == m.c.user2_id)
        .order_by(m.c.id)
    )
    count = 0
    with store.reading() as conn, target.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(LEDGER_COLUMNS)
        for row in conn.execute(query):
            values: list[object] = [formula_safe(v) if isinstance(v, str) else v for v in row]
            values[9] = decimal_text(row.qty)
            values[10] = decimal_text(row.unit_cost) if row.unit_cost is not None else ""
            writer.writerow(["" if v is None else v for v in values])
            count += 1
    return count


def export_balances(store: Store, target: Path) -> int:
    count = 0
    with store.reading() as conn, target.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(BALANCE_COLUMNS)
        for line in all_stock(conn):
            writer.writerow(
                [
                    formula_safe(line.sku),
                    formula_safe(line.item_name),
                    formula_safe(line.unit),
                    formula_safe(line.location_code),
                    formula_safe(line.lot_no or ""),
                    line.expiry or "",
                    decimal_text(line.qty),
                    decimal_text(line.value),
                ]
            )
            count += 1
    return count
