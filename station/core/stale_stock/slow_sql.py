# SPDX-License-Identifier: Apache-2.0
"""The slow-mover report's figures computed by the database, exactly.

:func:`slow_totals` gives what the summary of
:func:`station.core.stale_stock.slow_movers.slow_movers` shows: how many items are slow or
dead, their value, and the value of all stock, from one query over the positions of
:func:`station.core.stale_stock.aging_sql.positions_with` grouped per item and then per
status. The rules are the same: an item's idle days run from its last issue on or before the
as-of day, or from its oldest receipt on hand when never issued; it is slow from ``days``
(default ``stale_stock.slow_days``) and dead from ``stale_stock.dead_days`` on. A local day
of issue is compared through the UTC end of that day, so no time zone arithmetic runs in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection

from .aging_sql import positions_with, run_exact
from .config import StaleSettings
from .cuts import Cut
from .exact_sums import VALUE_DIGITS, NotExact, exact, numeric, value_of
from .positions import day_end_utc, fifo_received, load_snapshot
from .slow_movers import slow_movers
from .stock_sql import from_ledger


@dataclass(frozen=True)
class SlowTotals:
    """The slow-mover report without its lines: what its summary and chart show."""

    as_of: date
    currency: str
    days: int
    items: int  # slow and dead items
    slow_value: Decimal
    dead_value: Decimal
    total_value: Decimal  # of all stock within the cut
    computed_by: str  # "sql" | "python"


def _status(threshold: str, dead: str) -> str:
    """``'dead'``, ``'slow'`` or ``'active'`` of one item row of ``by_item``."""
    return f"""CASE
    WHEN last_utc IS NOT NULL THEN CASE WHEN last_utc >= :end_{threshold} THEN 'active'
      WHEN last_utc < :end_{dead} THEN 'dead' ELSE 'slow' END
    WHEN oldest IS NULL OR oldest > :day_{threshold} THEN 'active'
    WHEN oldest <= :day_{dead} THEN 'dead' ELSE 'slow' END"""


def _query(sqlite: bool, ledger: bool, cut: Cut, fifo: bool) -> tuple[str, dict[str, Any]]:
    params: dict[str, Any] = {}
    sql = (
        positions_with(sqlite, ledger, cut, fifo, params)
        + f""",
by_item AS (
  SELECT item_id, min(received) AS oldest, max(last_utc) AS last_utc,
    max(CASE WHEN received IS NULL THEN 1 ELSE 0 END) AS undated,
    sum(q) AS q, sum(v) AS v, sum(v2) AS v2
  FROM r GROUP BY item_id)
SELECT {_status("slow", "dead")} AS status, count(*), max(undated), sum(v), sum(v2)
FROM by_item GROUP BY 1"""
    )
    return sql, params


def slow_totals(
    conn: Connection,
    as_of: date,
    settings: StaleSettings,
    cut: Cut | None = None,
    days: int | None = None,
) -> SlowTotals:
    """Slow and dead stock at the end of the local day ``as_of`` within ``cut``; ``days``
    overrides ``stale_stock.slow_days``."""
    cut = cut or Cut()
    threshold = settings.slow_days if days is None else days
    tz = settings.tz or UTC
    cutoff = day_end_utc(as_of, tz)
    ledger = from_ledger(conn, cutoff)
    sqlite = conn.dialect.name == "sqlite"

    def run(fifo: dict[tuple[int, int | None], date | None] | None) -> list[Any]:
        sql, params = _query(sqlite, ledger, cut, fifo is not None)
        for name, n in (("slow", threshold), ("dead", settings.dead_days)):
            day = as_of - timedelta(days=n)
            params[f"day_{name}"], params[f"end_{name}"] = day.isoformat(), day_end_utc(day, tz)
        return run_exact(conn, sql, params, as_of, cutoff, fifo, slice(3, 5))

    try:
        rows = run(None)
        if any(row[2] for row in rows):  # stock without a usable lot date: FIFO
            rows = run(fifo_received(conn, cutoff, as_of))
    except NotExact:
        snap = load_snapshot(conn, as_of, settings, cut)
        report = slow_movers(snap, days)
        return SlowTotals(
            as_of, settings.currency, report.days, len(report.lines), report.slow_value,
            report.dead_value, snap.total_value(), "python",
        )  # fmt: skip
    values = {"slow": Decimal(0), "dead": Decimal(0), "active": Decimal(0)}
    items = 0
    for status, count, _undated, v, v2 in rows:
        if not sqlite:
            values[status] = numeric(v)
        else:
            values[status] = value_of(v, v2) if ledger else exact(v, VALUE_DIGITS)
        items += count if status != "active" else 0
    return SlowTotals(
        as_of=as_of,
        currency=settings.currency,
        days=threshold,
        items=items,
        slow_value=values["slow"],
        dead_value=values["dead"],
        total_value=sum(values.values(), Decimal(0)),
        computed_by="sql",
    )
