# SPDX-License-Identifier: Apache-2.0
"""Reading and writing the station's sync bookkeeping (``tables/sync_state.py``).

Every writer takes an open write connection (inside ``Store.transaction()``), so the state
commits together with what it describes: a pull cursor with the rows pulled up to it, a push
position only after central's COMMIT returned (the caller's duty, see :mod:`sync.push`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from station.core.store.events import canonical_json, driver_connection, iso, streams
from station.core.store.tables.sync_state import (
    sync_alarms,
    sync_cursor,
    sync_parked,
    sync_push_position,
    sync_status,
)

CLASH_REASON = "central holds this key with another event"
"""The reason a clash is parked with (:mod:`sync.push`); :mod:`sync.heal` settles those."""


def push_positions(conn: Connection, station_id: str) -> dict[str, int]:
    """incarnation id -> last seq central has committed, for this station."""
    p = sync_push_position.c
    rows = conn.execute(select(p.incarnation_id, p.acked_seq).where(p.station_id == station_id))
    return {inc: int(seq) for inc, seq in rows}


def set_push_position(
    conn: Connection, station_id: str, incarnation_id: str, seq: int, now: datetime
) -> None:
    t = sync_push_position
    updated = conn.execute(
        t.update()
        .where(t.c.station_id == station_id, t.c.incarnation_id == incarnation_id)
        .values(acked_seq=seq, acked_at=iso(now))
    ).rowcount
    if not updated:
        conn.execute(
            t.insert().values(
                station_id=station_id,
                incarnation_id=incarnation_id,
                acked_seq=seq,
                acked_at=iso(now),
            )
        )


def cursor(conn: Connection, stream: str) -> str:
    value = conn.execute(select(sync_cursor.c.position).where(sync_cursor.c.stream == stream))
    return value.scalar() or "0:0"


def set_cursor(conn: Connection, stream: str, position: str, now: datetime) -> None:
    t = sync_cursor
    if not conn.execute(
        t.update().where(t.c.stream == stream).values(position=position, updated_at=iso(now))
    ).rowcount:
        conn.execute(t.insert().values(stream=stream, position=position, updated_at=iso(now)))


def raise_alarm(
    conn: Connection, key: str, kind: str, detail: dict[str, Any], now: datetime
) -> bool:
    """Raise an alarm once per ``key``; returns True when it is new."""
    t = sync_alarms
    if conn.execute(select(t.c.id).where(t.c.key == key)).first() is not None:
        return False
    conn.execute(
        t.insert().values(key=key, kind=kind, detail=canonical_json(detail), raised_at=iso(now))
    )
    return True


def raise_alarms(
    conn: Connection, alarms: list[tuple[str, str, dict[str, Any]]], now: datetime
) -> None:
    """Raise many alarms (key, kind, detail) at once, each once per key."""
    if alarms:
        driver_connection(conn).executemany(
            "INSERT INTO sync_alarms (key, kind, detail, raised_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (key) DO NOTHING",
            [(key, kind, canonical_json(detail), iso(now)) for key, kind, detail in alarms],
        )


def acknowledge(conn: Connection, keys: list[str], now: datetime) -> None:
    """Mark alarms seen to (an alarm another one now stands for)."""
    if keys:
        driver_connection(conn).executemany(
            "UPDATE sync_alarms SET acknowledged_at = ? WHERE key = ? AND acknowledged_at IS NULL",
            [(iso(now), key) for key in keys],
        )


def open_alarms(conn: Connection) -> list[tuple[str, str, str]]:
    """(kind, key, detail JSON) of alarms nobody acknowledged yet, oldest first."""
    t = sync_alarms.c
    rows = conn.execute(
        select(t.kind, t.key, t.detail).where(t.acknowledged_at.is_(None)).order_by(t.id)
    )
    return [(kind, key, detail) for kind, key, detail in rows]


def park(
    conn: Connection,
    event: tuple[str, str, str, int, str],
    reason: str,
    now: datetime,
) -> None:
    """Keep an event central refused (uuid, station, incarnation, seq, kind) for a supervisor."""
    uuid, station_id, incarnation_id, seq, kind = event
    t = sync_parked
    if conn.execute(select(t.c.id).where(t.c.uuid == uuid)).first() is None:
        conn.execute(
            t.insert().values(
                uuid=uuid,
                station_id=station_id,
                incarnation_id=incarnation_id,
                seq=seq,
                kind=kind,
                reason=reason,
                parked_at=iso(now),
            )
        )


def park_many(
    conn: Connection, events: list[tuple[tuple[str, str, str, int, str], str]], now: datetime
) -> None:
    """:func:`park` for many (event, reason) at once."""
    if events:
        driver_connection(conn).executemany(
            "INSERT INTO sync_parked (uuid, station_id, incarnation_id, seq, kind, reason, "
            "parked_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uuid) DO NOTHING",
            [(*event, reason[:200], iso(now)) for event, reason in events],
        )


def set_status(conn: Connection, values: dict[str, str]) -> None:
    t = sync_status
    for key, value in values.items():
        if not conn.execute(t.update().where(t.c.key == key).values(value=value)).rowcount:
            conn.execute(t.insert().values(key=key, value=value))


def status(conn: Connection) -> dict[str, str]:
    return dict(conn.execute(select(sync_status.c.key, sync_status.c.value)).all())


def waiting_count(conn: Connection, station_id: str) -> int:
    """Outbox events of this station central has not committed yet."""
    acked = push_positions(conn, station_id)
    return sum(max(top - acked.get(inc, 0), 0) for inc, _stream, top in streams(conn, station_id))
