# SPDX-License-Identifier: Apache-2.0
"""The expiry report's figures computed by the database, exactly.

:func:`expiry_totals` gives the expired and near-expiry quantity and value of
:func:`station.core.stale_stock.expiry.expiry` (same rules: a lot is usable through its
expiry day; the window is ``days``, else the item's ``min_shelf_life_days``, else its
category's, else ``stale_stock.near_expiry_days``) from one GROUP BY over the stock of the
as-of day (:mod:`station.core.stale_stock.stock_sql`), exact
(:mod:`station.core.stale_stock.exact_sums`); money the scaled integers cannot hold is summed
in Python from the snapshot instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import OperationalError

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
from .expiry import expiry
from .positions import day_end_utc, load_snapshot
from .stock_sql import cut_conditions, from_ledger, stock_source


@dataclass(frozen=True)
class ExpiryTotals:
    """The expiry report without its lines: what its summary and chart show."""

    as_of: date
    currency: str
    expired_qty: Decimal
    expired_value: Decimal
    near_qty: Decimal
    near_value: Decimal
    computed_by: str  # "sql" | "python"


def _days_left(sqlite: bool) -> str:
    expiry_day = "substr(l.expiry, 1, 10)"
    if sqlite:
        return f"CAST(julianday({expiry_day}) - julianday(:as_of) AS INTEGER)"
    return f"(CAST({expiry_day} AS date) - CAST(:as_of AS date))"


def _query(
    sqlite: bool, ledger: bool, settings: StaleSettings, cut: Cut, days: int | None
) -> tuple[str, dict[str, Any]]:
    params: dict[str, Any] = {"default_window": settings.near_expiry_days}
    by_category = ""
    for n, (category, days_) in enumerate(sorted(settings.near_expiry_by_category.items())):
        by_category += f" WHEN :cat{n} THEN {int(days_)}"
        params[f"cat{n}"] = category
    category_window = (
        f"CASE it.category{by_category} ELSE :default_window END"
        if by_category
        else ":default_window"
    )
    window = f"coalesce(it.min_shelf_life_days, {category_window})"
    if days is not None:
        window = ":days"
        params["days"] = int(days)
    where = ["l.expiry IS NOT NULL", *cut_conditions(cut, params)]
    sql = f"""
WITH p AS ({stock_source(sqlite, ledger)}),
e AS (
  SELECT p.q, p.v, p.v2, {_days_left(sqlite)} AS days_left, {window} AS window_days
  FROM p JOIN lots l ON l.id = p.lot_id JOIN items it ON it.id = p.item_id
  JOIN locations lc ON lc.id = p.location_id
  WHERE {" AND ".join(where)})
SELECT CASE WHEN days_left < 0 THEN 'expired' ELSE 'near' END AS status,
  sum(q), sum(v), sum(v2)
FROM e WHERE days_left < 0 OR days_left <= window_days GROUP BY 1"""
    return sql, params


def expiry_totals(
    conn: Connection,
    as_of: date,
    settings: StaleSettings,
    cut: Cut | None = None,
    days: int | None = None,
) -> ExpiryTotals:
    """Expired and near-expiry stock at the end of the local day ``as_of`` within ``cut``;
    ``days`` overrides every window."""
    cut = cut or Cut()
    cutoff = day_end_utc(as_of, settings.tz or UTC)
    ledger = from_ledger(conn, cutoff)
    sqlite = conn.dialect.name == "sqlite"
    sql, params = _query(sqlite, ledger, settings, cut, days)
    params.update(as_of=as_of.isoformat(), cutoff=cutoff)
    try:
        rows = list(conn.execute(text(sql), params).all())
        check(rows, slice(1, 4))
    except (OperationalError, NotExact) as exc:
        if isinstance(exc, OperationalError) and not is_overflow(exc):
            raise
        report = expiry(load_snapshot(conn, as_of, settings, cut), days)
        return ExpiryTotals(
            as_of,
            settings.currency,
            report.expired_qty,
            report.expired_value,
            report.near_qty,
            report.near_value,
            "python",
        )
    sums = {"expired": (Decimal(0), Decimal(0)), "near": (Decimal(0), Decimal(0))}
    for status, q, v, v2 in rows:
        if not sqlite:
            sums[status] = (numeric(q), numeric(v))
        else:
            value = value_of(v, v2) if ledger else exact(v, VALUE_DIGITS)
            sums[status] = (exact(q, QTY_DIGITS), value)
    return ExpiryTotals(
        as_of, settings.currency, *sums["expired"], *sums["near"], computed_by="sql"
    )
