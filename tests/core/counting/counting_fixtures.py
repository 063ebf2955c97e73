# SPDX-License-Identifier: Apache-2.0
"""Running counting scenario scripts through ``station script --db`` on a copy of the demo
warehouse, and reading back what they left in the store."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from station.core.store.database import Store

SCRIPTS = Path(__file__).parent / "scripts"


def prepared_db(
    demo_template: Path, tmp_path: Path, change: Callable[[Connection], None] | None = None
) -> Path:
    """A copy of the demo store, changed by ``change`` in one transaction."""
    target = tmp_path / "count.db"
    shutil.copyfile(demo_template, target)
    if change is not None:
        store = Store.open(target)
        with store.transaction() as conn:
            change(conn)
        store.close()
    return target


def run(db: Path, script: str | Path, tmp_path: Path) -> list[dict[str, Any]]:
    """Run a script file from scripts/ (by name) or a text (when it has newlines)."""
    if isinstance(script, str) and "\n" in script:
        path = tmp_path / "inline.txt"
        path.write_text(script, encoding="utf-8")
    else:
        path = SCRIPTS / script
    done = subprocess.run(
        [sys.executable, "-m", "station", "script", "--db", str(db), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def query(db: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    store = Store.open(db)
    try:
        with store.reading() as conn:
            return [tuple(r) for r in conn.exec_driver_sql(sql, params).all()]
    finally:
        store.close()


def by_line(rows: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    return {r["line"]: r for r in rows}
