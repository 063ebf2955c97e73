# SPDX-License-Identifier: Apache-2.0
"""The pull cursor over central's logs (``central_events``, ``central_changes``).

On PostgreSQL a row's position is (``xid``, ``id``): the id of the transaction that wrote it
(xid8) and its row id. Ids come from sequences and transactions commit out of order, so a row
with a smaller id can become visible after a larger one was read. The cursor therefore only
reads rows whose transaction is older than the oldest transaction still in progress
(``xid < pg_snapshot_xmin(pg_current_snapshot())``): every such transaction has finished, so
no row can appear behind the cursor later. Rows of transactions still running wait for the
next round. On SQLite (one writer at a time, ids assigned in commit order) the position is the
row id alone and written ``0:<id>``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text


@dataclass(frozen=True)
class Position:
    xid: int
    row_id: int

    def __str__(self) -> str:
        return f"{self.xid}:{self.row_id}"

    @classmethod
    def parse(cls, value: str) -> Position:
        xid, _, row_id = value.partition(":")
        return cls(int(xid or 0), int(row_id or 0))


def read_after(
    central: Connection,
    table: str,
    columns: Sequence[str],
    after: Position,
    limit: int,
    where: str = "",
    params: dict[str, Any] | None = None,
) -> list[tuple[Position, tuple[Any, ...]]]:
    """Up to ``limit`` rows of ``table`` after ``after`` that no running transaction can still
    precede, in cursor order; each with its position. ``where`` adds a filter (SQL on the
    table's columns, with ``params``)."""
    cols = ", ".join(columns)
    extra = f" AND ({where})" if where else ""
    bind: dict[str, Any] = {"limit": limit, **(params or {})}
    if central.dialect.name == "postgresql":
        horizon = central.execute(text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text"))
        bind.update(x=str(after.xid), i=after.row_id, h=horizon.scalar_one())
        sql = (
            f"SELECT xid::text, id, {cols} FROM {table} "
            "WHERE (xid, id) > (CAST(:x AS xid8), :i) AND xid < CAST(:h AS xid8)"
            f"{extra} ORDER BY xid, id LIMIT :limit"
        )
    else:
        bind.update(i=after.row_id)
        sql = f"SELECT 0, id, {cols} FROM {table} WHERE id > :i{extra} ORDER BY id LIMIT :limit"
    rows = central.execute(text(sql), bind).all()
    return [(Position(int(r[0]), int(r[1])), tuple(r[2:])) for r in rows]
