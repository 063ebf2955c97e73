# SPDX-License-Identifier: Apache-2.0
"""Which station a database file holds, read without opening it as a store (opening migrates
and takes the file over): ``station run --demo --db PATH`` asks before it rebuilds PATH."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path


def station_in_file(path: Path) -> str | None:
    """The station id ``path`` holds; ``None`` for a missing or empty file, ``""`` for a file
    that is not a station database this can read (not ours to delete)."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
            row = conn.execute("SELECT value FROM station_info WHERE key = 'station_id'").fetchone()
    except sqlite3.DatabaseError:
        return ""
    return None if row is None else str(row[0])
