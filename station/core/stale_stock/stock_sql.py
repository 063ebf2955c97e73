# SPDX-License-Identifier: Apache-2.0
"""The stock of the as-of day as SQL, for the report figures summed by the database.

:func:`stock_source` is a SELECT of one row per position (item, lot, location) with its
quantity ``q`` and value ``v`` (plus ``v2``, the second part of a ledger value on SQLite, see
:mod:`station.core.stale_stock.exact_sums`): from ``balances`` when no movement is dated after
the as-of day, else from the ledger up to ``:cutoff`` (the end of that day, UTC), the same
rule as :func:`station.core.stale_stock.positions.load_snapshot`. :func:`cut_conditions`
gives the conditions of a :class:`Cut` on the joined ``items it`` and ``locations lc``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, text

from .cuts import Cut
from .exact_sums import QTY_DIGITS, VALUE_DIGITS, scaled, value_parts

CUT_COLUMNS = (
    ("category", "it.category"),
    ("owner", "it.owner"),
    ("warehouse", "lc.warehouse"),
    ("zone", "lc.zone"),
    ("location", "lc.code"),
)


def from_ledger(conn: Connection, cutoff: str) -> bool:
    """Whether the stock at ``cutoff`` must be rebuilt from the ledger: a movement came after
    it, so today's balances are not that day's stock."""
    later = conn.execute(
        text("SELECT 1 FROM movements WHERE ts_utc >= :cutoff LIMIT 1"), {"cutoff": cutoff}
    ).first()
    return later is not None


def stock_source(sqlite: bool, ledger: bool) -> str:
    """The positions' SELECT (see the module docstring)."""
    return _ledger_source(sqlite) if ledger else _balances_source(sqlite)


def cut_conditions(cut: Cut, params: dict[str, Any]) -> list[str]:
    """SQL conditions for the fields of ``cut`` that are set; their values go to ``params``."""
    where = []
    for name, column in CUT_COLUMNS:
        value = getattr(cut, name)
        if value is not None:
            where.append(f"{column} = :cut_{name}")
            params[f"cut_{name}"] = value
    return where


def _balances_source(sqlite: bool) -> str:
    if not sqlite:
        return (
            "SELECT item_id, lot_id, location_id, qty AS q, value AS v, 0 AS v2 "
            "FROM balances WHERE qty != 0"
        )
    return (
        f"SELECT item_id, lot_id, location_id, {scaled('qty', QTY_DIGITS)} AS q, "
        f"{scaled('value', VALUE_DIGITS)} AS v, 0 AS v2 "
        "FROM balances WHERE qty NOT IN ('0', '-0')"
    )


def _ledger_source(sqlite: bool) -> str:
    if not sqlite:
        return (
            "SELECT item_id, lot_id, location_id, sum(qty) AS q, "
            "coalesce(sum(qty * unit_cost), 0) AS v, 0 AS v2 "
            "FROM movements WHERE ts_utc < :cutoff GROUP BY item_id, lot_id, location_id "
            "HAVING sum(qty) != 0"
        )
    q = scaled("qty", QTY_DIGITS)
    whole, fraction = value_parts("qty", "unit_cost")
    return (
        f"SELECT item_id, lot_id, location_id, sum({q}) AS q, sum({whole}) AS v, "
        f"sum({fraction}) AS v2 "
        "FROM movements WHERE ts_utc < :cutoff GROUP BY item_id, lot_id, location_id "
        f"HAVING sum({q}) != 0"
    )
