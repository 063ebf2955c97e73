# SPDX-License-Identifier: Apache-2.0
"""The central epoch: a restore that changes the transaction counter must not hide events.

The pull cursor stands on transaction ids (:mod:`sync.change_cursor`). A central restored
with pg_dump into a fresh server restarts the counter near 1,000 while its rows keep the old
ids, and a point-in-time recovery reuses the ids after its target: either way new rows would
sort behind every station's cursor for good. So central records an epoch in ``central_meta``:
a random ``epoch`` id and ``epoch_cluster``, the server's system identifier and timeline
(``central_cluster()``, migration c004).

* ``station central init`` on a restored central (the live cluster differs from
  ``epoch_cluster``) starts a new epoch: a new ``epoch`` id, and every log row's ``xid`` set to
  0, so the restored rows sort before anything written from now on.
* Until then a station's round stops with "central was restored" (nothing is lost: its events
  wait in its outbox).
* A station that sees a new epoch raises ``central.restored``, sets both pull cursors back to
  the start and pulls everything again: idempotent, since the ledger skips a movement whose
  UUID it holds and master data is applied by natural key. Its push compares with what
  central holds and re-pushes what the restore lost (``central.behind``).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Connection, select, text

from station.core.store.database import Store

from . import local_state
from .central_schema import central_meta
from .protocol import SyncError

LOGS = ("central_events", "central_changes")


def live_cluster(conn: Connection) -> str | None:
    """The server and timeline central runs on (None on SQLite or without the privilege)."""
    if conn.dialect.name != "postgresql":
        return None
    value = conn.execute(text("SELECT central_cluster()")).scalar()
    return None if value is None else str(value)


def _meta(conn: Connection) -> dict[str, str]:
    rows = conn.execute(
        select(central_meta.c.key, central_meta.c.value).where(
            central_meta.c.key.in_(("epoch", "epoch_cluster"))
        )
    )
    return {key: value for key, value in rows}


def _put(conn: Connection, key: str, value: str, known: dict[str, str]) -> None:
    if key in known:
        conn.execute(central_meta.update().where(central_meta.c.key == key).values(value=value))
    else:
        conn.execute(central_meta.insert().values(key=key, value=value))


def start_epoch_if_restored(conn: Connection) -> str | None:
    """Inside ``station central init``: record the epoch, or start a new one when central runs
    on another server or timeline than the one it recorded. Returns a line to print when a new
    epoch began after a restore."""
    meta = _meta(conn)
    cluster = live_cluster(conn) or ""
    if "epoch" in meta and meta.get("epoch_cluster", "") == cluster:
        return None
    restored = "epoch" in meta
    if restored and conn.dialect.name == "postgresql":
        # The owner rewrites its append-only log once: trigger and forced row security off,
        # inside init's transaction, then back on.
        conn.execute(text("ALTER TABLE central_events DISABLE TRIGGER central_events_append_only"))
        conn.execute(text("ALTER TABLE central_events NO FORCE ROW LEVEL SECURITY"))
        for table in LOGS:
            conn.execute(text(f"UPDATE {table} SET xid = '0' WHERE xid <> '0'"))
        conn.execute(text("ALTER TABLE central_events FORCE ROW LEVEL SECURITY"))
        conn.execute(text("ALTER TABLE central_events ENABLE TRIGGER central_events_append_only"))
    epoch = str(uuid.uuid4())
    _put(conn, "epoch", epoch, meta)
    _put(conn, "epoch_cluster", cluster, meta)
    if restored:
        return f"central was restored onto another server or timeline: new epoch {epoch}"
    return None


def follow_epoch(store: Store, meta: dict[str, str], cluster: str | None, now: datetime) -> bool:
    """At the start of a round, given central's ``central_meta`` and :func:`live_cluster`:
    True when central began a new epoch since this station's last round (its pull cursors
    are then set back to the start, ``central.restored`` raised). Raises
    SyncError("restored") while a restored central has not been re-initialised."""
    epoch = meta.get("epoch")
    if epoch is None:
        return False
    if cluster is not None and meta.get("epoch_cluster", "") not in ("", cluster):
        raise SyncError(
            "restored",
            "central was restored onto another server and not yet re-initialised: run "
            "`station central init` there; this station's events wait in its outbox",
        )
    with store.reading() as conn:
        seen = local_state.status(conn).get("central_epoch")
    if seen == epoch:
        return False
    with store.background_transaction() as conn:
        if seen is not None:
            for stream in ("master", "events"):
                local_state.set_cursor(conn, stream, "0:0", now)
            local_state.raise_alarm(
                conn,
                f"central.restored:{epoch}",
                "central.restored",
                {"previous_epoch": seen, "epoch": epoch},
                now,
            )
        local_state.set_status(conn, {"central_epoch": epoch})
    return seen is not None
