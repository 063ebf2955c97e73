# SPDX-License-Identifier: Apache-2.0
"""Reads and writes of two-person issuing: orders, their lines, runs and line versions.

Every function takes an open connection; writers must run inside ``Store.transaction()`` (the
engine's step transaction), so what they write commits with the step or not at all. Rows leave
as frozen dataclasses. Used only by ``station.core.issuing.workflow``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, select

from ..store import schema
from ..store.events import canonical_json, iso
from ..store.inserts import insert_id
from .state import IssueState
from .tables import ACTIVE_RUN_STATUSES, issue_line_versions, issue_runs

PICKABLE_ORDER_STATUSES = ("open", "partial")


@dataclass(frozen=True)
class Order:
    id: int
    reference: str
    destination: str
    status: str


@dataclass(frozen=True)
class OrderLine:
    line_no: int
    item_id: int
    remaining: Decimal
    lot_no: str | None
    location_id: int | None
    location_code: str | None


@dataclass(frozen=True)
class Run:
    id: int
    order_id: int
    picker_id: int
    status: str
    state: IssueState


@dataclass(frozen=True)
class Lot:
    id: int
    lot_no: str
    expiry: str | None
    received: str | None


def _order(row: Any) -> Order:
    return Order(int(row.id), row.reference, row.destination, row.status)


def order_by_reference(conn: Connection, reference: str) -> Order | None:
    o = schema.issue_orders.c
    row = conn.execute(
        select(o.id, o.reference, o.destination, o.status).where(o.reference == reference)
    ).first()
    return None if row is None else _order(row)


def orders_to_pick(conn: Connection, user_id: int) -> list[Order]:
    """Orders ``user_id`` may pick now: open or partly issued ones, and their own in progress."""
    o, r = schema.issue_orders.c, issue_runs.c
    mine = select(r.order_id).where(r.picker_id == user_id, r.status.in_(ACTIVE_RUN_STATUSES))
    rows = conn.execute(
        select(o.id, o.reference, o.destination, o.status)
        .where(o.status.in_(PICKABLE_ORDER_STATUSES) | o.id.in_(mine))
        .order_by(o.reference)
    )
    return [_order(row) for row in rows]


def issued_so_far(conn: Connection, order_id: int) -> dict[int, Decimal]:
    """Quantity already issued per line number (the ``post`` versions of posted runs)."""
    v, r = issue_line_versions.c, issue_runs.c
    totals: dict[int, Decimal] = {}
    rows = conn.execute(
        select(v.line_no, v.qty)
        .join(issue_runs, r.id == v.run_id)
        .where(r.order_id == order_id, r.status == "posted", v.role == "post")
    )
    for line_no, qty in rows:
        totals[line_no] = totals.get(line_no, Decimal(0)) + qty
    return totals


def remaining_lines(conn: Connection, order_id: int) -> list[OrderLine]:
    """The order's lines with what is still to issue (lines already complete left out)."""
    ol, loc = schema.issue_lines.c, schema.locations.c
    done = issued_so_far(conn, order_id)
    rows = conn.execute(
        select(ol.line_no, ol.item_id, ol.qty, ol.lot_no, ol.location_id, loc.code)
        .outerjoin(schema.locations, loc.id == ol.location_id)
        .where(ol.order_id == order_id)
        .order_by(ol.line_no)
    )
    lines = []
    for line_no, item_id, qty, lot_no, location_id, code in rows:
        remaining = qty - done.get(line_no, Decimal(0))
        if remaining > 0:
            lines.append(OrderLine(line_no, item_id, remaining, lot_no, location_id, code))
    return lines


def active_run(conn: Connection, order_id: int) -> Run | None:
    r = issue_runs.c
    row = conn.execute(
        select(r.id, r.order_id, r.picker_id, r.status, r.state)
        .where(r.order_id == order_id, r.status.in_(ACTIVE_RUN_STATUSES))
        .order_by(r.id.desc())
    ).first()
    if row is None:
        return None
    return Run(
        int(row.id), int(row.order_id), int(row.picker_id), row.status, json.loads(row.state)
    )


def create_run(
    conn: Connection, order_id: int, station_id: str, picker_id: int, now: datetime
) -> int:
    return insert_id(
        conn,
        issue_runs.insert().values(
            order_id=order_id,
            station_id=station_id,
            picker_id=picker_id,
            status="picking",
            started_at=iso(now),
            state="{}",
            updated_at=iso(now),
        ),
    )


def update_run(conn: Connection, run_id: int, now: datetime, **values: Any) -> None:
    if "state" in values:
        values["state"] = canonical_json(values["state"])
    conn.execute(
        issue_runs.update().where(issue_runs.c.id == run_id).values(updated_at=iso(now), **values)
    )


def set_order_status(conn: Connection, order_id: int, status: str, now: datetime) -> None:
    o = schema.issue_orders
    conn.execute(o.update().where(o.c.id == order_id).values(status=status, updated_at=iso(now)))


def add_version(conn: Connection, now: datetime, **values: Any) -> None:
    """One line version: run_id, line_no, round, role, user_id, item_id, lot_id, lot_no,
    location_id, qty, and optionally short_reason, outcome, movement_id."""
    conn.execute(issue_line_versions.insert().values(ts=iso(now), **values))


def lot_of(conn: Connection, item_id: int, lot_no: str) -> Lot | None:
    lt = schema.lots.c
    row = conn.execute(
        select(lt.id, lt.lot_no, lt.expiry, lt.first_receipt_date).where(
            lt.item_id == item_id, lt.lot_no == lot_no
        )
    ).first()
    return None if row is None else Lot(int(row.id), row.lot_no, row.expiry, row.first_receipt_date)


def available(conn: Connection, item_id: int, lot_id: int | None, location_id: int) -> Decimal:
    """The book quantity of one item, lot and location (zero when there is no balance)."""
    b = schema.balances.c
    lot_clause = b.lot_id.is_(None) if lot_id is None else b.lot_id == lot_id
    qty = conn.execute(
        select(b.qty).where(b.item_id == item_id, b.location_id == location_id, lot_clause)
    ).scalar()
    return Decimal(str(qty)) if qty is not None else Decimal(0)
