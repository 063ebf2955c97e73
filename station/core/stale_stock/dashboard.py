# SPDX-License-Identifier: Apache-2.0
"""What the station's stale-stock dashboard shows, read in one go off the UI thread.

:func:`load_dashboard` returns a :class:`DashboardData` (plain frozen dataclasses: Decimal,
str, date; no SQL rows), so the Qt widget only renders. It reads through
``Store.reading()`` and may run on any thread; it never writes. :func:`flag_label_effect`
turns a drill-down row into the effect that prints a stale-stock flag label
(``{"kind": "labels", "template": "stale_stock", "data": [...]}``), carried out by whoever
carries out effects.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ..store.database import Store
from .aging import AgingLine, BucketTotal, aging
from .alerts import Task, list_tasks, raise_tasks, released_money, today_in
from .config import load_stale_settings
from .cuts import Cut
from .expiry import expiry
from .positions import load_snapshot
from .slow_movers import slow_movers

DRILL_ROWS = 200
"""At most this many lots per bucket in the drill-down (highest value first)."""


@dataclass(frozen=True)
class LotRow:
    """One position in the drill-down: a lot (or lotless stock) at a location."""

    sku: str
    item_name: str
    unit: str
    lot_no: str
    location: str
    zone: str
    warehouse: str
    qty: Decimal
    value: Decimal
    received: date | None
    age_days: int | None
    last_issue: date | None
    idle_days: int | None
    expiry: date | None
    stale: bool


@dataclass(frozen=True)
class SlowRow:
    sku: str
    item_name: str
    idle_days: int
    last_issue: date | None
    qty: Decimal
    value: Decimal
    status: str


@dataclass(frozen=True)
class DashboardData:
    as_of: date
    currency: str
    total_value: Decimal
    stale_value: Decimal
    stale_share: Decimal  # percent
    near_expiry_value: Decimal
    expired_value: Decimal
    released_value: Decimal
    buckets: list[BucketTotal]
    slowest: list[SlowRow]  # the ten slowest movers
    open_alerts: list[Task]
    open_alert_count: int
    lots_by_bucket: dict[str, list[LotRow]]  # bucket label -> lots, highest value first


def _row(line: AgingLine) -> LotRow:
    p = line.position
    return LotRow(
        p.item.sku,
        p.item.name,
        p.item.unit,
        p.lot.lot_no if p.lot else "",
        p.location.code,
        p.location.zone,
        p.location.warehouse,
        p.qty,
        p.value,
        p.received,
        line.age_days,
        p.last_issue,
        line.idle_days,
        p.lot.expiry if p.lot else None,
        line.stale,
    )


def load_dashboard(
    store: Store,
    as_of: date | None = None,
    cut: Cut | None = None,
    site: Mapping[str, Any] | None = None,
) -> DashboardData:
    """The dashboard as of ``as_of`` (default: today, station time) within ``cut``; ``site``
    is the site file's settings."""
    with store.reading() as conn:
        settings = load_stale_settings(conn, site)
        day = as_of or today_in(settings)
        snap = load_snapshot(conn, day, settings, cut)
        report = aging(snap)
        exp = expiry(snap)
        slow = slow_movers(snap)
        tasks = list_tasks(conn, status="open")
        released = released_money(conn, settings)
    by_bucket: dict[str, list[LotRow]] = {b.label: [] for b in report.buckets}
    for line in sorted(report.lines, key=lambda ln: -ln.position.value):
        rows = by_bucket[line.bucket]
        if len(rows) < DRILL_ROWS:
            rows.append(_row(line))
    return DashboardData(
        as_of=day,
        currency=settings.currency,
        total_value=report.total_value,
        stale_value=report.stale_value,
        stale_share=report.stale_share,
        near_expiry_value=exp.near_value,
        expired_value=exp.expired_value,
        released_value=released.total,
        buckets=report.buckets,
        slowest=[
            SlowRow(s.item.sku, s.item.name, s.idle_days, s.last_issue, s.qty, s.value, s.status)
            for s in slow.lines[:10]
        ],
        open_alerts=tasks[:50],
        open_alert_count=len(tasks),
        lots_by_bucket=by_bucket,
    )


def raise_due_alerts(
    store: Store, now: datetime, site: Mapping[str, Any] | None = None
) -> list[int]:
    """Turn today's new alerts into follow-up tasks (one write transaction); returns their
    ids. Run it on the store's worker thread: the scheduler's ``stale_alerts`` job does."""
    with store.transaction() as conn:
        settings = load_stale_settings(conn, site)
        day = now.astimezone(settings.tz).date() if settings.tz else now.date()
        return raise_tasks(conn, load_snapshot(conn, day, settings), now)


def flag_label_effect(row: LotRow, flagged_on: date) -> dict[str, Any]:
    """The effect that prints a stale-stock flag label for ``row`` (JSON-able)."""
    qty = int(row.qty) if row.qty == row.qty.to_integral_value() else None
    last = row.last_issue or row.received or flagged_on
    return {
        "kind": "labels",
        "template": "stale_stock",
        "data": [
            {
                "item_name": row.item_name,
                "sku": row.sku,
                "lot": row.lot_no,
                "location": row.location,
                "last_movement": last.isoformat(),
                "flagged_on": flagged_on.isoformat(),
                "quantity": qty,
                "unit": row.unit,
                "note": f"{row.idle_days} days idle" if row.idle_days is not None else "",
            }
        ],
    }
