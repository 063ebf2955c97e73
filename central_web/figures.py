# SPDX-License-Identifier: Apache-2.0
"""The dashboard's figures, each a table the page draws and offers as CSV.

Stale-stock figures read the tasks and outcomes under row-level security (a manager's cut is
their warehouses', an owner's their own tasks'). Money released is what the outcomes
recorded: each one reconciled with a movement out of the lot (migration c007), at that
movement's cost; transfers release none. Count accuracy and variance history come from the
ledger as ``station central derive`` last summed it (``central_stock_months``): count
corrections are adjustments whose reason is not a stale-stock clearing (``stale:...``);
accuracy per warehouse is ``1 - |variance value| / stock value``. That summary carries no
row-level security of its own, so these two figures are narrowed to the manager's warehouses
here; owners get none.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, text

from .queries import Profile


@dataclass(frozen=True)
class Figure:
    name: str
    title: str  # a key of texts.TEXTS
    columns: tuple[str, ...]  # keys of texts.TEXTS
    rows: list[tuple[Any, ...]]


_TASK_CUTS = """
SELECT GROUPING(warehouse) = 0, GROUPING(category) = 0, GROUPING(owner) = 0,
       coalesce(nullif(CASE WHEN GROUPING(warehouse) = 0 THEN warehouse
                            WHEN GROUPING(category) = 0 THEN category
                            WHEN GROUPING(owner) = 0 THEN owner
                            ELSE substr(raised_at, 1, 7) END, ''), '-') AS label,
       count(*) FILTER (WHERE status = 'open') AS open_tasks,
       coalesce(sum(value) FILTER (WHERE status = 'open'), 0) AS open_value,
       coalesce(sum(value), 0) AS raised
FROM central_stale_tasks
GROUP BY GROUPING SETS ((warehouse), (category), (owner), (substr(raised_at, 1, 7)))
"""
_RELEASED_BY = """
SELECT coalesce(nullif({col}, ''), '-') AS label, count(*), coalesce(sum(o.released), 0)
FROM central_task_outcomes o JOIN central_stale_tasks t ON t.id = o.task_id
GROUP BY 1 ORDER BY 1
"""
_RELEASED_MONTHS = """
SELECT substr(o.recorded_at, 1, 7) AS month, sum(o.released)
FROM central_task_outcomes o JOIN central_stale_tasks t ON t.id = o.task_id GROUP BY 1
"""
_LEDGER = """
SELECT coalesce(nullif(warehouse, ''), '-'), month, value_change, corrections, variance
FROM central_stock_months
WHERE (:all_warehouses OR warehouse = ANY(:warehouses)) ORDER BY 1, 2
"""


def _task_cuts(conn: Connection) -> list[Figure]:
    """Open tasks by warehouse, category and owner, and value raised per month: one scan of
    the tasks (grouping sets)."""
    cuts: dict[str, list[tuple[Any, ...]]] = {"warehouse": [], "category": [], "owner": []}
    raised: dict[str, Decimal] = {}
    for by_w, by_c, by_o, label, count, value, total in conn.execute(text(_TASK_CUTS)):
        key = "warehouse" if by_w else "category" if by_c else "owner" if by_o else None
        if key is None:
            raised[label] = total
        elif count:
            cuts[key].append((label, count, value))
    released: dict[str, Decimal] = {
        str(m): Decimal(str(v)) for m, v in conn.execute(text(_RELEASED_MONTHS))
    }
    months = [
        (m, raised.get(m, Decimal(0)), released.get(m) or Decimal(0))
        for m in sorted(set(raised) | set(released))
    ]
    figures = [
        Figure(f"by_{key}", f"dash.by_{key}", (f"col.{key}", "col.tasks", "col.value"),
               sorted(rows, key=lambda r: (-r[2], r[0])))
        for key, rows in cuts.items()
    ]  # fmt: skip
    figures.append(
        Figure("by_month", "dash.by_month", ("col.month", "col.raised", "col.released"), months)
    )
    return figures


def _released_by(conn: Connection, name: str, column: str, label: str) -> Figure:
    rows = [tuple(r) for r in conn.execute(text(_RELEASED_BY.format(col=column)))]
    return Figure(name, f"dash.{name}", (label, "col.tasks", "col.released"), rows)


def _ledger(conn: Connection, who: Profile) -> list[tuple[Any, ...]]:
    if who.role == "owner":
        return []
    return [
        tuple(r)
        for r in conn.execute(
            text(_LEDGER),
            {"all_warehouses": who.role == "admin", "warehouses": list(who.warehouses)},
        )
    ]


def _accuracy(rows: Sequence[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    per: dict[str, list[Decimal]] = {}
    for warehouse, _month, stock, corrections, variance in rows:
        acc = per.setdefault(warehouse or "-", [Decimal(0), Decimal(0), Decimal(0)])
        acc[0] += stock
        acc[1] += corrections
        acc[2] += variance
    out = []
    for warehouse, (stock, corrections, variance) in sorted(per.items()):
        accuracy = max(Decimal(0), 1 - variance / stock) if stock > 0 else Decimal(1)
        out.append((warehouse, stock, int(corrections), variance, f"{accuracy * 100:.1f}%"))
    return out


def figures(conn: Connection, who: Profile) -> dict[str, Figure]:
    """Every figure of the dashboard, for ``who`` (the connection runs as them)."""
    out = [
        *_task_cuts(conn),
        _released_by(conn, "released_month", "substr(o.recorded_at, 1, 7)", "col.month"),
        _released_by(conn, "released_owner", "t.owner", "col.owner"),
        _released_by(conn, "released_warehouse", "t.warehouse", "col.warehouse"),
    ]
    ledger = _ledger(conn, who)
    out.append(
        Figure(
            "accuracy",
            "dash.accuracy",
            ("col.warehouse", "col.stock_value", "col.corrections", "col.variance", "col.accuracy"),
            _accuracy(ledger),
        )
    )
    out.append(
        Figure(
            "variance",
            "dash.variance",
            ("col.warehouse", "col.month", "col.corrections", "col.variance"),
            [(w or "-", m, c, v) for w, m, _s, c, v in ledger if c],
        )
    )
    return {f.name: f for f in out}


def as_csv(figure: Figure, headings: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headings)
    for row in figure.rows:
        writer.writerow([_cell(v) for v in row])
    return buffer.getvalue()


def _cell(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else f"{value:.2f}"
    text_value = str(value)
    # a cell a spreadsheet would run as a formula is kept as text
    return (
        "'" + text_value
        if text_value[:1] in ("=", "+", "-", "@") and text_value != "-"
        else (text_value)
    )
