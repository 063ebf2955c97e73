# SPDX-License-Identifier: Apache-2.0
"""The aging figures' one GROUP BY over the positions of the as-of day.

Each position (:func:`station.core.stale_stock.stock_sql.stock_source`) has a *kind*: its
aging bucket (or "undated" when its lot has no usable receipt date) times two, plus one when
it is stale. :func:`aging_query` gives rows ``(kind, category, warehouse, zone, q, v, v2)``,
one per kind, category and warehouse-and-zone: a few hundred, rolled up in Python.

SQLite groups by sorting, and sorting 100,000 rows on text keys cost more than everything
else, so there each position gets one integer: kind, plus its item's category number and
its location's warehouse-and-zone number, both numbered first (``ci``, ``zi``: one row per
item and per location). The grouped rows take their names back at the end. PostgreSQL
groups by hashing: it groups on the text of the items and locations themselves, whose
statistics tell it the groups are few (through a CTE it guessed one group per position, and
sorted them all on disk instead).

A lot's receipt date is compared as ISO text without cutting it: ``first_receipt_date <
:after`` (the day after the as-of day) is the same test as its first ten characters being
at most the as-of day, and the bucket bounds alike.
"""

from __future__ import annotations

from typing import Any

from .config import StaleSettings
from .cuts import Cut
from .stock_sql import cut_conditions, stock_source

ZONE_SPAN = 2**31  # category numbers stay below it: one number per item at most


def undated_kind(settings: StaleSettings) -> int:
    """The bucket number of stock without a usable receipt date (it counts as the oldest)."""
    return len(settings.buckets) + 1


def _kinds(settings: StaleSettings) -> int:
    """How many kinds there are: each bucket and "undated", stale or not."""
    return 2 * (undated_kind(settings) + 1)


def fifo_table(sqlite: bool) -> str:
    """The ``:fifo`` JSON parameter as rows ``(item_id, lot_id, received)``."""
    if sqlite:
        return (
            # typed, so that SQLite can index them to join the positions
            "SELECT CAST(json_extract(value, '$[0]') AS INTEGER) AS item_id, "
            "CAST(json_extract(value, '$[1]') AS INTEGER) AS lot_id, "
            "json_extract(value, '$[2]') AS received FROM json_each(:fifo)"
        )
    return (
        "SELECT CAST(e->>0 AS INTEGER) AS item_id, CAST(e->>1 AS INTEGER) AS lot_id, "
        "e->>2 AS received FROM json_array_elements(CAST(:fifo AS json)) AS e"
    )


def _last_issues(cut: Cut, params: dict[str, Any]) -> tuple[str, str]:
    """A SELECT of each item (within ``cut``) with its category and its last issue before
    ``:cutoff``; and the cut's conditions on the locations ``lc``."""
    where = cut_conditions(cut, params)
    on_items = " AND ".join(w for w in where if w.startswith("it."))
    on_locations = " AND ".join(w for w in where if w.startswith("lc."))
    items = f"""SELECT it.id AS item_id, it.category, (SELECT max(m.ts_utc) FROM movements m
    WHERE m.kind = 'issue' AND m.item_id = it.id AND m.ts_utc < :cutoff) AS last_utc
  FROM items it {"WHERE " + on_items if on_items else ""}"""
    return items, on_locations


def _numbered(items: str, kinds: int, on_locations: str) -> str:
    """SQLite: ``ci``, each item of ``items`` with its category's number ``cat``, whether it
    has gone unissued since the stale day, and ``part``, its share of the key; ``zi``, each
    location with its warehouse-and-zone number ``zone_no`` and its ``part``. (Built on a
    CTE of the items instead, ``ci`` would be scanned whole for each position.)"""
    return f"""
ci AS MATERIALIZED (
  SELECT item_id, category, dense_rank() OVER (ORDER BY category) AS cat,
    {kinds} * dense_rank() OVER (ORDER BY category) AS part,
    CASE WHEN coalesce(last_utc, '') < :stale_end THEN 1 ELSE 0 END AS idle,
    CASE WHEN last_utc IS NULL THEN 0 ELSE 1 END AS issued
  FROM ({items}) i),
zi AS MATERIALIZED (
  SELECT lc.id AS location_id, lc.warehouse, lc.zone,
    dense_rank() OVER (ORDER BY lc.warehouse, lc.zone) AS zone_no,
    {kinds * ZONE_SPAN} * dense_rank() OVER (ORDER BY lc.warehouse, lc.zone) AS part
  FROM locations lc {"WHERE " + on_locations if on_locations else ""})"""


FIFO_RECEIVED = "coalesce(CASE WHEN l.first_receipt_date < :after THEN l.first_receipt_date END, f.received)"  # the lot's date when usable, else the oldest receipt on hand


def _kind(settings: StaleSettings, received: str | None, idle: str, issued: str) -> str:
    """SQL for a position's kind, by its ``received`` day (None: its lot's date, read as
    stored, so each test reads the column and nothing is computed twice); ``idle`` and
    ``issued`` say whether its item has gone unissued since the stale day and has been
    issued at all."""
    if received is None:
        received = "l.first_receipt_date"
        undated_when = f"{received} IS NULL OR {received} >= :after"
    else:
        undated_when = f"{received} IS NULL"
    last = len(settings.buckets)
    whens = " ".join(f"WHEN {received} >= :b{i} THEN {i}" for i in range(last))
    bucket = f"CASE WHEN {undated_when} THEN {undated_kind(settings)} {whens} ELSE {last} END"
    stale = (
        f"CASE WHEN {idle} AND CASE WHEN {undated_when} THEN {issued} "
        f"ELSE {received} < :stale_next END THEN 1 ELSE 0 END"
    )
    return f"({bucket}) * 2 + {stale}"


def aging_query(
    sqlite: bool, ledger: bool, settings: StaleSettings, cut: Cut, fifo: bool
) -> tuple[str, dict[str, Any]]:
    """The grouped query and its parameters (but ``as_of``, ``after``, ``cutoff``,
    ``stale_end``, ``stale_next``, ``b0``... and ``fifo``)."""
    params: dict[str, Any] = {}
    items, on_locations = _last_issues(cut, params)
    v2 = "sum(s.v2)" if ledger else "0"
    fifo_cte = f",\nfifo AS ({fifo_table(sqlite)})" if fifo else ""
    fifo_join = (
        "LEFT JOIN fifo f ON f.item_id = s.item_id "
        "AND coalesce(f.lot_id, 0) = coalesce(s.lot_id, 0)"
        if fifo
        else ""
    )
    source = f"({stock_source(sqlite, ledger)}) s"
    if not sqlite:
        idle = "coalesce(li.last_utc, '') < :stale_end"
        kind = _kind(settings, FIFO_RECEIVED if fifo else None, idle, "li.last_utc IS NOT NULL")
        sql = f"""
WITH li AS MATERIALIZED ({items}){fifo_cte}
SELECT {kind} AS kind, it.category, lc.warehouse, lc.zone, sum(s.q), sum(s.v), {v2}
FROM {source} JOIN li ON li.item_id = s.item_id JOIN items it ON it.id = s.item_id
JOIN locations lc ON lc.id = s.location_id
LEFT JOIN lots l ON l.id = s.lot_id {fifo_join}
{"WHERE " + on_locations if on_locations else ""}
GROUP BY 1, 2, 3, 4"""
        return sql, params
    kinds = _kinds(settings)
    received = None
    lots = "LEFT JOIN lots l ON l.id = s.lot_id"
    if fifo:  # each position's day first: SQLite then looks each table up by an index
        fifo_cte += f""",
u AS MATERIALIZED (
  SELECT s.item_id, s.location_id, s.q, s.v, s.v2, {FIFO_RECEIVED} AS received
  FROM {source} {lots} {fifo_join})"""
        source, received, lots = "u s", "s.received", ""
    kind = _kind(settings, received, "ci.idle = 1", "ci.issued = 1")
    # CROSS JOIN keeps SQLite's join order: the positions lead, each looks its item up once
    sql = f"""
WITH {_numbered(items, kinds, on_locations)}{fifo_cte},
g AS (
  SELECT {kind} + ci.part + zi.part AS k, sum(s.q) AS q, sum(s.v) AS v, {v2} AS v2
  FROM {source} CROSS JOIN ci ON ci.item_id = s.item_id
  CROSS JOIN zi ON zi.location_id = s.location_id {lots}
  GROUP BY 1),
cn AS (SELECT DISTINCT cat, category FROM ci),
zn AS (SELECT DISTINCT zone_no, warehouse, zone FROM zi)
SELECT g.k % {kinds} AS kind, cn.category, zn.warehouse, zn.zone, g.q, g.v, g.v2
FROM g JOIN cn ON cn.cat = (g.k / {kinds}) % {ZONE_SPAN}
JOIN zn ON zn.zone_no = g.k / ({kinds} * {ZONE_SPAN})"""
    return sql, params
