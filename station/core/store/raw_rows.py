# SPDX-License-Identifier: Apache-2.0
"""Reads on the scan path and at start, straight on sqlite3 inside the caller's transaction.

SQLAlchemy's statement machinery costs more than these small reads; they run on the driver
connection under the same SQLAlchemy connection (see ``events.driver_connection``), with
parameters bound, and return rows (``sqlite3.Row`` or tuples) or a single value for the
store modules to turn into Structs.
"""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection

from .events import driver_connection


def fetch_rows(conn: Connection, sql: str, params: tuple[Any, ...]) -> list[sqlite3.Row]:
    cur = driver_connection(conn).cursor()
    cur.row_factory = sqlite3.Row
    try:
        return cur.execute(sql, params).fetchall()
    finally:
        cur.close()


def fetch_one(conn: Connection, sql: str, params: tuple[Any, ...]) -> sqlite3.Row | None:
    rows = fetch_rows(conn, sql, params)
    return rows[0] if rows else None


def fetch_tuples(conn: Connection, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """Rows as plain tuples, for readers that take columns by position (the cheapest way)."""
    return driver_connection(conn).execute(sql, params).fetchall()


def fetch_tuple(conn: Connection, sql: str, params: tuple[Any, ...]) -> tuple[Any, ...] | None:
    row: tuple[Any, ...] | None = driver_connection(conn).execute(sql, params).fetchone()
    return row


def fetch_value(conn: Connection, sql: str, params: tuple[Any, ...] = ()) -> Any:
    """The first column of the first row, or None when there is no row."""
    row = driver_connection(conn).execute(sql, params).fetchone()
    return None if row is None else row[0]


def optional_decimal(value: Any) -> Decimal | None:
    """A stored decimal (text on SQLite) as a Decimal, or None."""
    return None if value is None else Decimal(str(value))
