# SPDX-License-Identifier: Apache-2.0
"""The store's migration heads, read from the migration files without importing Alembic.

Opening an up-to-date store only has to compare the database's ``alembic_version`` rows with
the newest revision of each branch; Alembic itself (a large import) is loaded only when there
is something to upgrade. The files are read, not run: each names its ``revision`` and
``down_revision`` as literals, as Alembic's templates write them. A test checks that these
heads are the ones Alembic finds.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Connection

_ASSIGNMENT = re.compile(
    r"^(?P<name>revision|down_revision)\s*(?::[^=]*)?=\s*(?P<value>.+?)\s*(?:#.*)?$", re.MULTILINE
)


def _literals(path: Path) -> dict[str, object]:
    """The module-level ``revision`` and ``down_revision`` literals (``name = literal`` or
    ``name: type = literal``, each on one line, as Alembic's templates write them)."""
    found: dict[str, object] = {}
    for match in _ASSIGNMENT.finditer(path.read_text(encoding="utf-8")):
        found.setdefault(match["name"], ast.literal_eval(match["value"]))
    return found


def _names(value: object) -> set[str]:
    if value is None:
        return set()
    if isinstance(value, str):
        return {value}
    if isinstance(value, (tuple, list)) and all(isinstance(v, str) for v in value):
        return set(value)
    raise ValueError(f"a down_revision that is not a literal revision: {value!r}")


@lru_cache(maxsize=8)
def _heads_in(folders: tuple[Path, ...]) -> frozenset[str]:
    revisions: set[str] = set()
    parents: set[str] = set()
    for folder in folders:
        for path in sorted(folder.glob("*.py")):
            values = _literals(path)
            if "revision" not in values:
                continue
            revisions |= _names(values["revision"])
            parents |= _names(values.get("down_revision"))
    return frozenset(revisions - parents)


def file_heads(folders: Iterable[Path]) -> set[str]:
    """The revisions no other migration in ``folders`` builds on: one per branch."""
    return set(_heads_in(tuple(folders)))


def database_heads(conn: Connection) -> set[str]:
    """The revisions an SQLite store says it is at (none for a new file)."""
    has_table = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).first()
    if has_table is None:
        return set()
    return {row[0] for row in conn.exec_driver_sql("SELECT version_num FROM alembic_version")}
