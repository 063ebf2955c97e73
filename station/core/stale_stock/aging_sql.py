# SPDX-License-Identifier: Apache-2.0
"""The aging report's figures computed by the database, exactly.

:func:`aging_totals` gives the same bucket totals, breakdowns by category and zone, and stale
value as :func:`station.core.stale_stock.aging.aging` (the rules are in
:mod:`station.core.stale_stock.positions` and :mod:`station.core.stale_stock.aging`), from one
GROUP BY (:mod:`station.core.stale_stock.aging_query`) over the stock of the as-of day: the
balances when no movement is dated after it, else the ledger up to the end of that day. Only
the few grouped rows reach Python. :func:`positions_with` gives the same positions to the
slow-mover sums.

Money stays exact (:mod:`station.core.stale_stock.exact_sums`): NUMERIC sums on PostgreSQL,
scaled 64-bit integers on SQLite. Money the integers cannot hold (more decimals than the
scale, or past 64 bits) sends the whole report to the Python sums of :func:`aging`, which are
exact at any size; ``computed_by`` says which ran.

A position's receipt date is its lot's first receipt date; stock without a usable one takes
the oldest receipt still on hand (FIFO, computed in Python by the snapshot's own rules and
passed to the query as one JSON parameter), only when the first pass finds such stock.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import OperationalError

from .aging import BucketTotal, aging, share
from .aging_query import aging_query, fifo_table, undated_kind
from .config import StaleSettings
from .cuts import Cut
from .exact_sums import (
    QTY_DIGITS,
    VALUE_DIGITS,
    NotExact,
    check,
    exact,
    is_overflow,
    numeric,
    value_of,
)
from .positions import day_end_utc, fifo_received, load_snapshot
from .stock_sql import cut_conditions, from_ledger, stock_source


@dataclass(frozen=True)
class AgingTotals:
    """The aging report without its lines: what the summary, charts and breakdowns show."""

    as_of: date
    currency: str
    buckets: list[BucketTotal]
    total_qty: Decimal
    total_value: Decimal
    stale_value: Decimal
    stale_share: Decimal
    by_category: dict[str, list[Decimal]]  # category -> value per bucket
    by_zone: dict[str, list[Decimal]]  # "warehouse/zone" -> value per bucket
    computed_by: str  # "sql" | "python"


def positions_with(sqlite: bool, ledger: bool, cut: Cut, fifo: bool, params: dict[str, Any]) -> str:
    """``WITH ...`` ending in ``r``: one row per position within ``cut`` with ``item_id``,
    ``q``, ``v``, ``v2``, the item's ``category``, the location's ``warehouse`` and ``zone``,
    the item's ``last_utc`` issue before ``:cutoff`` and the ``received`` day (the lot's, or
    with ``fifo`` the oldest receipt on hand from the ``:fifo`` JSON, else NULL)."""
    received = "p.lot_day"
    if fifo:
        received = f"coalesce({received}, f.received)"
    where = cut_conditions(cut, params)
    fifo_join = (
        "LEFT JOIN fifo f ON f.item_id = p.item_id "
        "AND coalesce(f.lot_id, 0) = coalesce(p.lot_id, 0)"
        if fifo
        else ""
    )
    source = stock_source(sqlite, ledger)
    fifo_cte = f", fifo AS ({fifo_table(sqlite)})" if fifo else ""
    return f"""
WITH p AS MATERIALIZED (
  SELECT s.*, CASE WHEN substr(l.first_receipt_date, 1, 10) <= :as_of
    THEN substr(l.first_receipt_date, 1, 10) END AS lot_day
  FROM ({source}) s LEFT JOIN lots l ON l.id = s.lot_id),
li AS MATERIALIZED (
  SELECT it.id AS item_id, (SELECT max(m.ts_utc) FROM movements m WHERE m.kind = 'issue'
    AND m.item_id = it.id AND m.ts_utc < :cutoff) AS last_utc FROM items it){fifo_cte},
r AS (
  SELECT p.item_id, p.q, p.v, p.v2, it.category, lc.warehouse, lc.zone, li.last_utc,
    {received} AS received
  FROM p JOIN items it ON it.id = p.item_id JOIN locations lc ON lc.id = p.location_id
  LEFT JOIN li ON li.item_id = p.item_id {fifo_join}
  {"WHERE " + " AND ".join(where) if where else ""})"""


def _run(
    conn: Connection,
    as_of: date,
    settings: StaleSettings,
    cut: Cut,
    cutoff: str,
    ledger: bool,
    fifo: dict[tuple[int, int | None], date | None] | None,
) -> list[Any]:
    sqlite = conn.dialect.name == "sqlite"
    tz = settings.tz or UTC
    sql, params = aging_query(sqlite, ledger, settings, cut, fifo is not None)
    stale_day = as_of - timedelta(days=settings.slow_days)
    params.update(
        after=(as_of + timedelta(days=1)).isoformat(),
        stale_next=(stale_day + timedelta(days=1)).isoformat(),
        stale_end=day_end_utc(stale_day, tz),
        **{
            f"b{i}": (as_of - timedelta(days=b)).isoformat() for i, b in enumerate(settings.buckets)
        },
    )
    return run_exact(conn, sql, params, as_of, cutoff, fifo, slice(4, 7))


def run_exact(
    conn: Connection,
    sql: str,
    params: dict[str, Any],
    as_of: date,
    cutoff: str,
    fifo: dict[tuple[int, int | None], date | None] | None,
    sums: slice,
) -> list[Any]:
    """Rows of ``sql`` (built on :func:`positions_with`); :class:`NotExact` when the ``sums``
    columns could not be summed exactly."""
    params.update(as_of=as_of.isoformat(), cutoff=cutoff)
    if fifo is not None:
        params["fifo"] = json.dumps(
            [[i, lot, d.isoformat()] for (i, lot), d in fifo.items() if d is not None]
        )
    try:
        rows = list(conn.execute(text(sql), params).all())
    except OperationalError as exc:  # SQLite: a sum beyond 64 bits
        if is_overflow(exc):
            raise NotExact from exc
        raise
    check(rows, sums)
    return rows


def aging_totals(
    conn: Connection, as_of: date, settings: StaleSettings, cut: Cut | None = None
) -> AgingTotals:
    """The aging figures of the stock at the end of the local day ``as_of`` within ``cut``."""
    cut = cut or Cut()
    tz = settings.tz or UTC
    cutoff = day_end_utc(as_of, tz)
    ledger = from_ledger(conn, cutoff)
    sqlite = conn.dialect.name == "sqlite"
    undated = undated_kind(settings)
    try:
        rows = _run(conn, as_of, settings, cut, cutoff, ledger, None)
        if any(row[0] // 2 == undated for row in rows):  # stock without a lot date: FIFO
            rows = _run(
                conn, as_of, settings, cut, cutoff, ledger, fifo_received(conn, cutoff, as_of)
            )
    except NotExact:
        return _from_python(conn, as_of, settings, cut)
    labels = settings.bucket_labels()
    qty = [Decimal(0)] * len(labels)
    value = [Decimal(0)] * len(labels)
    by_category: dict[str, list[Decimal]] = {}
    by_zone: dict[str, list[Decimal]] = {}
    stale_value = Decimal(0)
    zero = [Decimal(0)] * len(labels)
    oldest = len(labels) - 1
    for kind, category, warehouse, zone, q, v, v2 in rows:
        bucket, stale = min(kind // 2, oldest), kind % 2
        if not sqlite:
            q_dec, v_dec = numeric(q), numeric(v)
        else:
            q_dec = exact(q, QTY_DIGITS)
            v_dec = value_of(v, v2) if ledger else exact(v, VALUE_DIGITS)
        qty[bucket] += q_dec
        value[bucket] += v_dec
        by_category.setdefault(category, list(zero))[bucket] += v_dec
        by_zone.setdefault(f"{warehouse}/{zone}", list(zero))[bucket] += v_dec
        if stale:
            stale_value += v_dec
    total_value = sum(value, Decimal(0))
    return AgingTotals(
        as_of=as_of,
        currency=settings.currency,
        buckets=[
            BucketTotal(label, q, v, share(v, total_value))
            for label, q, v in zip(labels, qty, value, strict=True)
        ],
        total_qty=sum(qty, Decimal(0)),
        total_value=total_value,
        stale_value=stale_value,
        stale_share=share(stale_value, total_value),
        by_category=dict(sorted(by_category.items())),
        by_zone=dict(sorted(by_zone.items())),
        computed_by="sql",
    )


def _from_python(conn: Connection, as_of: date, settings: StaleSettings, cut: Cut) -> AgingTotals:
    """The same figures summed in Python: for values the scaled integers cannot hold."""
    report = aging(load_snapshot(conn, as_of, settings, cut))
    return AgingTotals(
        as_of=report.as_of,
        currency=report.currency,
        buckets=report.buckets,
        total_qty=report.total_qty,
        total_value=report.total_value,
        stale_value=report.stale_value,
        stale_share=report.stale_share,
        by_category=report.by_category,
        by_zone=report.by_zone,
        computed_by="python",
    )
