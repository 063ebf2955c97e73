# SPDX-License-Identifier: Apache-2.0
"""Inserting a row and getting its id back."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Insert


def insert_id(conn: Connection, statement: Insert) -> int:
    """Execute ``statement`` and return the new row's integer primary key."""
    key: Any = conn.execute(statement).inserted_primary_key
    return int(key[0])
