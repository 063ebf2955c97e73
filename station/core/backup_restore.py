# SPDX-License-Identifier: Apache-2.0
"""``station restore``: put a backup in place of the station database, safely.

The current file (if any) is kept beside it as ``*.before-restore-<time>.bak``; the backup
is checked (a station database, intact) before anything is replaced; the restored store
gets a new incarnation id, so events it writes from now on never reuse an outbox key that
the old file may already have synced.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from .store.database import Store
from .store.errors import StoreError
from .store.events import append_audit
from .store.station_lock import take_station_lock


class RestoreError(Exception):
    """The backup cannot be restored; nothing was changed."""


def _check_backup(path: Path) -> None:
    if not path.is_file():
        raise RestoreError(f"{path}: no such backup file")
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            ok = conn.execute("PRAGMA integrity_check").fetchone()
            tables = {
                row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        conn.close()
    except sqlite3.Error as exc:
        raise RestoreError(f"{path}: not a station backup ({exc})") from None
    if not ok or ok[0] != "ok":
        raise RestoreError(f"{path}: the backup is damaged ({ok[0] if ok else 'no answer'})")
    if "station_info" not in tables or "movements" not in tables:
        raise RestoreError(f"{path}: not a station backup (no station tables)")


def restore_backup(backup: Path, db: Path, audit_key: Path | None = None) -> str:
    """Restore ``backup`` to ``db``; returns a sentence saying what was done.

    With ``audit_key`` the restored chain is verified from its first entry and, if it holds,
    the anchor is moved to the restored head (after the ``store.restored`` entry), so a
    legitimate restore raises no tamper alarm; a broken chain is left unanchored and said so.
    """
    _check_backup(backup)
    lock = take_station_lock(db, "station restore")  # no station may run on it meanwhile
    try:
        return _restore(backup, db, audit_key)
    finally:
        lock.release()


def _restore(backup: Path, db: Path, audit_key: Path | None) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = None
    if db.exists():
        kept = db.with_name(f"{db.name}.before-restore-{stamp}.bak")
        current = Store.open(db)
        try:
            current.backup(kept)
        finally:
            current.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    tmp = db.with_name(db.name + ".restoring")
    shutil.copyfile(backup, tmp)
    tmp.replace(db)
    try:
        store = Store.open(db)
    except StoreError as exc:
        raise RestoreError(f"the restored file cannot be opened: {exc}") from None
    try:
        old = store.incarnation_id
        new = store.new_incarnation()
        with store.transaction() as conn:
            append_audit(
                conn,
                datetime.now(UTC),
                None,
                "store.restored",
                {"backup": str(backup), "old_incarnation": old, "new_incarnation": new},
            )
        anchored = ""
        if audit_key is not None:
            with store.reading() as conn:
                moved = store.anchor_audit(audit_key).restart(conn, store.station_id)
            if not moved.ok:
                anchored = f"; the restored audit chain does not verify ({moved.reason})"
    finally:
        store.close()
    where = f"; the previous database was kept as {kept}" if kept else ""
    return f"restored {backup} to {db} (new incarnation {new}){where}{anchored}"
