# SPDX-License-Identifier: Apache-2.0
"""Raising stale-stock tasks from central stock, and the ledger per warehouse and month (run
as central's owner by ``station central derive``: :func:`derive_web`).

Central stock is the sum of every station's movement events per (SKU, location, lot). Each
position with stock on hand becomes at most one task, under a key naming its kind, SKU,
location and lot, so running this again raises nothing twice:

* ``near_expiry``: the lot expires within ``NEAR_EXPIRY_DAYS`` (or has expired);
* ``stale``: nothing of the item was issued for ``STALE_DAYS`` (counted from the lot's first
  receipt at the location when it never was);
* ``slow``: the same for ``SLOW_DAYS`` but less than ``STALE_DAYS``;
* ``below_min`` / ``above_max``: the item's central stock against ``items.min_qty`` /
  ``max_qty`` (no location or lot), again once the previous task for it has an outcome.

One pass over the movement events also sums, per warehouse and month, the value moved in
and out, the count corrections (adjustments whose reason is not a stale-stock clearing,
``stale:...``) and their absolute value at cost: ``central_stock_months``, rewritten whole
each time, which the dashboard reads (count accuracy, variance history) without scanning the
events.

Each task carries the item's owner (``items.owner``), category, the location's warehouse, the
value at the item's cost and a due date ``DUE_DAYS`` ahead (a near-expiry task by its expiry
at the latest).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Connection, Engine, select

from station.core.store import schema
from station.core.store.events import iso
from sync.central_schema import central_events
from sync.central_web_schema import central_stale_tasks, central_stock_months
from sync.change_cursor import Position, read_after

STALE_DAYS = 180
SLOW_DAYS = 90
NEAR_EXPIRY_DAYS = 30
DUE_DAYS = 14
REPEATABLE = ("below_min", "above_max")
BATCH = 50_000


@dataclass
class _Position:
    qty: Decimal = Decimal(0)
    first_in: date | None = None
    expiry: date | None = None


def _day(ts: str) -> date:
    return datetime.fromisoformat(ts).date()


@dataclass
class Ledger:
    """What one pass over the movement events found."""

    positions: dict[tuple[str, str, str], _Position]
    last_issue: dict[str, date]
    months: dict[tuple[str, str], list[Decimal]]  # (location, month) -> value, corrections, var


def read_ledger(conn: Connection) -> Ledger:
    """The ledger in one query (inside the caller's transaction)."""
    ledger = Ledger({}, {}, {})
    rows = conn.execute(
        select(central_events.c.payload).where(central_events.c.kind == "movement")
    ).scalars()
    for payload in rows:
        _add(ledger, payload)
    return ledger


def read_ledger_in_batches(engine: Engine, batch_size: int = BATCH) -> Ledger:
    """The ledger read in short transactions of ``batch_size`` events along the pull cursor
    (docs/sync.md), so a derive over millions of events never holds a snapshot open for long
    (a long transaction anywhere in the cluster holds every station's pull back). Events of
    transactions still running wait for the next derive, as they wait for the next pull."""
    ledger = Ledger({}, {}, {})
    after = Position(0, 0)
    while True:
        with engine.connect() as conn:
            batch = read_after(
                conn, "central_events", ("payload",), after, batch_size, "t.kind = 'movement'"
            )
            conn.rollback()
        for _, (payload,) in batch.rows:
            _add(ledger, payload)
        if batch.last is None or batch.read < batch_size:
            return ledger
        after = batch.last


def _add(ledger: Ledger, payload: str) -> None:
    body = json.loads(payload)
    sku, location = body["item_sku"], body["location_code"]
    p = ledger.positions.setdefault((sku, location, body.get("lot_no") or ""), _Position())
    qty = Decimal(str(body["qty"]))
    p.qty += qty
    day = _day(body["ts"])
    if qty > 0 and (p.first_in is None or day < p.first_in):
        p.first_in = day
    if body.get("lot_expiry"):
        p.expiry = date.fromisoformat(str(body["lot_expiry"])[:10])
    kind = body.get("kind")
    if kind == "issue" and (sku not in ledger.last_issue or day > ledger.last_issue[sku]):
        ledger.last_issue[sku] = day
    value = qty * Decimal(str(body.get("unit_cost") or 0))
    month = ledger.months.setdefault(
        (location, body["ts"][:7]), [Decimal(0), Decimal(0), Decimal(0)]
    )
    month[0] += value
    if kind == "adjustment" and not str(body.get("reason") or "").startswith("stale:"):
        month[1] += 1
        month[2] += abs(value)


def summarise_months(conn: Connection, ledger: Ledger, warehouses: dict[str, str]) -> int:
    """Rewrite ``central_stock_months`` from ``ledger``; returns its number of rows."""
    per: dict[tuple[str, str], list[Decimal]] = {}
    for (location, month), (value, corrections, variance) in ledger.months.items():
        acc = per.setdefault(
            (warehouses.get(location) or "", month), [Decimal(0), Decimal(0), Decimal(0)]
        )
        acc[0] += value
        acc[1] += corrections
        acc[2] += variance
    conn.execute(central_stock_months.delete())
    if per:
        conn.execute(
            central_stock_months.insert(),
            [
                {
                    "warehouse": w,
                    "month": m,
                    "value_change": v,
                    "corrections": int(c),
                    "variance": var,
                }
                for (w, m), (v, c, var) in sorted(per.items())
            ],
        )
    return len(per)


def _kind_of(p: _Position, idle: int, today: date) -> str | None:
    if p.expiry is not None and p.expiry <= today + timedelta(days=NEAR_EXPIRY_DAYS):
        return "near_expiry"
    if idle >= STALE_DAYS:
        return "stale"
    if idle >= SLOW_DAYS:
        return "slow"
    return None


def _warehouses(conn: Connection) -> dict[str, str]:
    return {
        code: warehouse or ""
        for code, warehouse in conn.execute(
            select(schema.locations.c.code, schema.locations.c.warehouse)
        )
    }


def derive_web(engine: Engine, now: datetime) -> list[str]:
    """Raise the tasks and rewrite the monthly ledger summary; returns the new tasks' keys.
    Reads the ledger in short transactions, then writes in one."""
    ledger = read_ledger_in_batches(engine)
    with engine.begin() as conn:
        summarise_months(conn, ledger, _warehouses(conn))
        return raise_tasks(conn, now, ledger)


def raise_tasks(conn: Connection, now: datetime, ledger: Ledger | None = None) -> list[str]:
    """Raise every task central stock calls for and none exists for; returns their keys."""
    today = now.date()
    items = {r.sku: r for r in conn.execute(select(schema.items)).all()}
    warehouses = _warehouses(conn)
    held = dict(conn.execute(select(central_stale_tasks.c.key, central_stale_tasks.c.status)).all())
    ledger = ledger or read_ledger(conn)
    positions, last_issue = ledger.positions, ledger.last_issue
    rows: list[dict[str, object]] = []
    totals: dict[str, Decimal] = {}

    def add(key: str, kind: str, sku: str, **values: object) -> None:
        status = held.get(key)
        if status == "open" or (status is not None and kind not in REPEATABLE):
            return
        item = items.get(sku)
        cost = Decimal(str(item.unit_cost)) if item is not None and item.unit_cost else Decimal(0)
        qty = Decimal(str(values.pop("qty")))
        due = today + timedelta(days=DUE_DAYS)
        expiry = values.get("expiry")
        if isinstance(expiry, date):
            due = max(today, min(due, expiry))
            values["expiry"] = expiry.isoformat()
        rows.append(
            {
                "key": key,
                "kind": kind,
                "sku": sku,
                "item_name": item.name if item is not None else sku,
                "category": (item.category or "") if item is not None else "",
                "owner": (item.owner or "") if item is not None else "",
                "qty": qty,
                "unit_cost": cost,
                "value": qty * cost,
                "due_date": due.isoformat(),
                "raised_at": iso(now),
                "lot_no": "",
                "location": "",
                "warehouse": "",
                "expiry": None,
                **values,
            }
        )

    for (sku, location, lot), p in sorted(positions.items()):
        totals[sku] = totals.get(sku, Decimal(0)) + p.qty
        if p.qty <= 0:
            continue
        since = (
            max(d for d in (p.first_in, last_issue.get(sku)) if d is not None)
            if (p.first_in or last_issue.get(sku))
            else today
        )
        kind = _kind_of(p, (today - since).days, today)
        if kind is None:
            continue
        add(
            f"{kind}:{sku}:{location}:{lot}",
            kind,
            sku,
            qty=p.qty,
            lot_no=lot,
            location=location,
            warehouse=warehouses.get(location) or "",
            age_days=(today - (p.first_in or today)).days,
            expiry=p.expiry,
        )
    for sku, item in sorted(items.items()):
        total = totals.get(sku, Decimal(0))
        for kind, limit, breached in (
            ("below_min", item.min_qty, lambda t, m: t < m),
            ("above_max", item.max_qty, lambda t, m: t > m),
        ):
            if limit is not None and breached(total, Decimal(str(limit))):
                add(f"{kind}:{sku}::", kind, sku, qty=total, age_days=0)
    for row in rows:
        if held.get(str(row["key"])) is not None:  # a repeatable task whose last one is done
            conn.execute(
                central_stale_tasks.update()
                .where(central_stale_tasks.c.key == row["key"])
                .values(key=f"{row['key']}:{iso(now)}")
            )
    columns = sorted({c for row in rows for c in row})
    if rows:  # one statement for them all (tens of thousands on a first derive)
        conn.execute(
            central_stale_tasks.insert(),
            [{c: row.get(c) for c in columns} for row in rows],
        )
    return [str(r["key"]) for r in rows]
