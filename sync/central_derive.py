# SPDX-License-Identifier: Apache-2.0
"""Derived data computed where the whole ledger is: central (``station central derive``).

Negative central stock: concurrent offline issues at several stations can take central stock
(the sum of every station's movements) below zero. Each such (SKU, location, lot) is flagged
in ``central_alerts`` and gets a count task, both under deterministic keys
(``negative:<sku>:<location>:<lot>`` and ``NEG-<sku>-<location>[-<lot>]``), so running this
again collapses into the same records. The count task travels to the stations through the
change log (kind ``count_task``), where supervisors see it; nothing is dropped or adjusted.

Runs as central's owner (or a cron job), on PostgreSQL or a SQLite central.
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Connection, select

from station.core.store.events import canonical_json, iso

from .central_import import log_changes
from .central_schema import central_alerts, central_events

StockKey = tuple[str, str, str | None]


def central_stock(conn: Connection) -> dict[StockKey, Decimal]:
    """(SKU, location code, lot) -> the sum of every station's movement events."""
    totals: dict[StockKey, Decimal] = {}
    rows = conn.execute(
        select(central_events.c.payload).where(central_events.c.kind == "movement")
    ).scalars()
    for payload in rows:
        body = json.loads(payload)
        key = (body["item_sku"], body["location_code"], body.get("lot_no"))
        totals[key] = totals.get(key, Decimal(0)) + Decimal(str(body["qty"]))
    return totals


def flag_negative_stock(conn: Connection, now: datetime) -> list[StockKey]:
    """Flag every negative central balance not flagged yet; returns the newly flagged keys."""
    known = set(conn.execute(select(central_alerts.c.key)).scalars())
    flagged: list[StockKey] = []
    tasks = []
    for (sku, location, lot), qty in sorted(
        central_stock(conn).items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or "")
    ):
        if qty >= 0:
            continue
        key = f"negative:{sku}:{location}:{lot or ''}"
        if key in known:
            continue
        detail = {"sku": sku, "location": location, "lot": lot, "qty": qty}
        conn.execute(
            central_alerts.insert().values(
                key=key, kind="stock.negative", detail=canonical_json(detail), raised_at=iso(now)
            )
        )
        reference = "-".join(p for p in ("NEG", sku, location, lot) if p)
        tasks.append(
            (
                reference,
                "upsert",
                {
                    "reference": reference,
                    "scope": "location",
                    "location": location,
                    "sku": sku,
                    "priority": 90,
                    "reason": f"central stock negative ({qty})",
                    "due_date": now.date().isoformat(),
                },
            )
        )
        flagged.append((sku, location, lot))
    log_changes(conn, "count_task", tasks, now)
    return flagged
