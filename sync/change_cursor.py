# SPDX-License-Identifier: Apache-2.0
"""The pull cursor over central's logs (``central_events``, ``central_changes``).

On PostgreSQL a row's position is (``xid``, ``id``): the id of the transaction that wrote it
(xid8) and its row id. Ids come from sequences and transactions commit out of order, so a row
with a smaller id can become visible after a larger one was read. The cursor therefore only
reads rows whose transaction is older than the oldest transaction still in progress
(``xid < pg_snapshot_xmin(pg_current_snapshot())``): every such transaction has finished, so
no row can appear behind the cursor later. Rows of running transactions wait for the next
round. On SQLite (one writer at a time, ids assigned in commit order) the position is the row
id alone and written ``0:<id>``.

The rows are ordered by the xid8 column itself and the row id (never by a text rendering of
the xid, which sorts ``1001`` before ``999``), so the index on (``xid``, ``id``) serves each
batch as a range scan and an idle round is one index probe (per partition). The read turns
the planner's sort off for its own transaction: a table just filled in bulk has no statistics
yet, and the planner then estimated ten thousand rows after the cursor, read every one of them
(a bitmap scan) and sorted them on disk for each batch (131 ms per 5,000 rows at 100,000
events, growing with the rows left; 6.6 ms through the index).

A filter (``wanted``) does not hide rows from the cursor: rows it rejects are read too (their
position only, their columns as NULL) and the cursor steps past them, so rows a station does
not want (its own events) are passed once, never rescanned every round.

The rows are fetched through the driver's own cursor, as plain tuples: a pull reads millions,
and a SQLAlchemy row, a position object and a column tuple for each (with the garbage
collector's visits to them) were about a tenth of a pull's CPU time in a profile.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import Connection


class Position(NamedTuple):
    """Where a row stands in the log, ordered as the cursor reads: (xid, row id)."""

    xid: int
    row_id: int

    def __str__(self) -> str:
        return f"{self.xid}:{self.row_id}"

    @classmethod
    def parse(cls, value: str) -> Position:
        xid, _, row_id = value.partition(":")
        return cls(int(xid or 0), int(row_id or 0))


@dataclass
class Batch:
    """One read: the wanted rows (position, columns), the position of the last row read
    (wanted or not; ``None`` when nothing was read) and how many rows were read in all."""

    rows: list[tuple[Position, tuple[Any, ...]]] = field(default_factory=list)
    last: Position | None = None
    read: int = 0


def read_after(
    central: Connection,
    table: str,
    columns: Sequence[str],
    after: Position,
    limit: int,
    wanted: str = "",
    params: dict[str, Any] | None = None,
) -> Batch:
    """Up to ``limit`` rows of ``table`` after ``after`` that no running transaction can still
    precede, in cursor order. ``wanted`` (SQL on the table's columns, with ``params``) picks
    the rows whose columns are returned; the others only move the cursor."""
    keep = f"({wanted})" if wanted else "true"
    cols = ", ".join(f"CASE WHEN {keep} THEN t.{c} END" for c in columns)
    bind: dict[str, Any] = {"limit": limit, **(params or {})}
    raw: Any = central.connection.driver_connection
    if central.dialect.name == "postgresql":
        bind.update(x=str(after.xid), i=after.row_id)
        central.exec_driver_sql("SET LOCAL enable_sort = off")  # see the module docstring
        sql = (
            f"SELECT t.xid::text, t.id, {keep}, {cols} FROM {table} t "
            "WHERE (t.xid, t.id) > (CAST(:x AS xid8), :i) "
            "AND t.xid < (SELECT pg_snapshot_xmin(pg_current_snapshot())) "
            "ORDER BY t.xid, t.id LIMIT :limit"
        )
        sql = _NAMED.sub(r"%(\1)s", sql.replace("%", "%%"))
    else:
        bind.update(i=after.row_id)
        sql = (
            f"SELECT 0, t.id, {keep}, {cols} FROM {table} t WHERE t.id > :i "
            "ORDER BY t.id LIMIT :limit"
        )
    cursor = raw.cursor()
    try:
        cursor.execute(sql, bind)
        found = cursor.fetchall()
    finally:
        cursor.close()
    batch = Batch(read=len(found))
    if not found:
        return batch
    rows = batch.rows
    for r in found:
        if r[2]:
            rows.append((Position(int(r[0]), r[1]), r[3:]))
    batch.last = Position(int(found[-1][0]), found[-1][1])
    return batch


#: a bind parameter written ``:name`` (psycopg writes it ``%(name)s``)
_NAMED = re.compile(r"(?<![:\w]):(\w+)")
