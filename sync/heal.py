# SPDX-License-Identifier: Apache-2.0
"""Parked events settled: a store copied back heals; what cannot heal stays on screen.

A store's file copied back by hand (or a cloned disk, a backup copied over the live file
without ``station restore``) keeps the incarnation of the copy that went on working: its next
events take (station, incarnation, seq) keys that copy already sent. At the end of each push:

* **Lost incarnation, seen early**: central holds more events of the store's *current*
  incarnation than the store wrote. Nothing has clashed yet; the store takes a new incarnation
  before it writes on, sets its events pull cursor back to the start (the pull then brings in
  the other copy's movements, skipped by UUID where the ledger holds them) and raises
  ``store.copied_back``.
* **Lost incarnation, seen by a clash**: an event parked because central holds its key under a
  UUID central does not hold for this one. The store takes a new incarnation and, in the same
  local transaction, writes each such event again under it (same UUID, payload and time: the
  same event with a new key, recorded in ``outbox_reissued``: the scan log lists it once),
  marks it resolved (``resolved_at``, ``resolution``), sets the events pull cursor back, and
  raises ``store.copied_back``. The next push sends them.
* **Already there**: a parked event whose UUID central holds for this station is resolved as
  such (nothing to send).
* **Cannot heal**: an event central refused as malformed cannot be sent again as it is; it
  stays parked, counted on screen (``SyncResult.parked_open``) with its ``sync.refused`` alarm
  and central alert, until a supervisor settles it (``station sync --resolve UUID``).

Every ``store.copied_back`` is raised in the station's alarms and in ``central_alerts``, with
the action to take: work done again after the copy-back (a receipt keyed in twice) now counts
twice; compare the station's stock with central's for the items named.

Threads: runs on the sync thread, between push and pull.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, select, text

from station.core.store.database import Store
from station.core.store.events import (
    StationIdentity,
    driver_connection,
    iso,
    reissue_event,
    streams,
)
from station.core.store.tables.sync_state import sync_parked

from . import local_state
from .central_schema import central_alerts, central_events

ACTION = (
    "this station's database was copied back over a newer copy: its events were sent again "
    "under a new incarnation and the other copy's movements pulled in; check the stock of the "
    "items named for work done twice (a receipt or pick keyed in again after the copy-back)"
)


UNHEALED = (
    "central holds this event's key under another event and this store's outbox no longer "
    "holds it: re-enter what it recorded if it is missing from central, then settle it with "
    "`station parked --resolve UUID --note ...`"
)


@dataclass(frozen=True)
class Parked:
    uuid: str
    incarnation_id: str
    seq: int
    kind: str
    reason: str


@dataclass
class HealOutcome:
    new_incarnation: str | None = None
    resent: int = 0
    already_there: int = 0
    items: list[str] = field(default_factory=list)


def open_parked(conn: Connection) -> list[Parked]:
    """Parked events nobody settled yet, in the order they were parked."""
    p = sync_parked.c
    rows = conn.execute(
        select(p.uuid, p.incarnation_id, p.seq, p.kind, p.reason)
        .where(p.resolved_at.is_(None))
        .order_by(p.id)
    )
    return [Parked(u, inc, int(seq), kind, reason) for u, inc, seq, kind, reason in rows]


def open_parked_count(conn: Connection) -> int:
    return len(open_parked(conn))


def resolve(conn: Connection, uuid: str, resolution: str, now: datetime) -> bool:
    """Mark a parked event settled; False when it is not parked or already settled."""
    p = sync_parked
    done = conn.execute(
        p.update()
        .where(p.c.uuid == uuid, p.c.resolved_at.is_(None))
        .values(resolved_at=iso(now), resolution=resolution[:200])
    ).rowcount
    return bool(done)


def resolve_many(conn: Connection, settled: list[tuple[str, str]], now: datetime) -> None:
    """:func:`resolve` for many (uuid, resolution) at once."""
    if settled:
        driver_connection(conn).executemany(
            "UPDATE sync_parked SET resolved_at = ?, resolution = ? "
            "WHERE uuid = ? AND resolved_at IS NULL",
            [(iso(now), how[:200], uuid_) for uuid_, how in settled],
        )


def raise_central_alert(
    central: Connection, station_id: str, kind: str, key: str, detail: dict[str, Any], now: str
) -> None:
    """An alert in ``central_alerts``, once per key. On PostgreSQL through
    ``central_raise_alert()``, which names the station from the session."""
    body = json.dumps(detail, sort_keys=True)
    if central.dialect.name == "postgresql":
        central.execute(
            text("SELECT central_raise_alert(:k, :key, :d)"), {"k": kind, "key": key, "d": body}
        )
        return
    full = f"{kind}:{station_id}:{key}"
    if central.execute(select(central_alerts.c.key).where(central_alerts.c.key == full)).first():
        return
    central.execute(central_alerts.insert().values(key=full, kind=kind, detail=body, raised_at=now))


def _held_uuids(central: Connection, station_id: str, uuids: Sequence[str]) -> set[str]:
    e = central_events.c
    held: set[str] = set()
    for start in range(0, len(uuids), 1000):
        chunk = list(uuids[start : start + 1000])
        held.update(
            central.execute(
                select(e.uuid).where(e.station_id == station_id, e.uuid.in_(chunk))
            ).scalars()
        )
    return held


def settle(
    store: Store, central_engine: Engine, now: datetime, lacking: dict[str, int]
) -> HealOutcome:
    """Settle what the last push parked or found (``lacking``: incarnation -> events central
    holds beyond the store's top); see the module contract."""
    outcome = HealOutcome()
    with store.reading() as conn:
        parked = open_parked(conn)
    clashes = [p for p in parked if p.reason == local_state.CLASH_REASON]
    early = lacking.get(store.incarnation_id, 0) > 0
    if not clashes and not early:
        return outcome
    station_id = store.station_id
    with central_engine.connect() as central:
        held = _held_uuids(central, station_id, [p.uuid for p in clashes])
        central.rollback()
    there = [p for p in clashes if p.uuid in held]
    lost = [p for p in clashes if p.uuid not in held]
    if there:
        with store.background_transaction() as conn:
            resolve_many(conn, [(p.uuid, "central holds this event already") for p in there], now)
            local_state.acknowledge(conn, [f"sync.clash:{p.uuid}" for p in there], now)
        outcome.already_there = len(there)
    if not lost and not early:
        return outcome
    old = store.incarnation_id
    # (event, its outbox id, payload, created_at), in key order
    again: list[tuple[Parked, int, str, str]] = []
    missing: list[Parked] = []
    with store.reading() as conn:
        stream_of = {inc: st for inc, st, _top in streams(conn, station_id)}
        for p in sorted(lost, key=lambda p: (p.incarnation_id, p.seq)):
            stream = stream_of.get(p.incarnation_id)
            row = None
            outbox_id = ((stream or 0) << 32) | p.seq  # the outbox's key (uuid is not indexed)
            if stream is not None:
                row = conn.exec_driver_sql(
                    "SELECT payload, created_at FROM outbox WHERE id = ? AND uuid = ?",
                    (outbox_id, p.uuid),
                ).first()
            if row is None:  # not in this store's outbox: nothing to send again
                missing.append(p)
                continue
            again.append((p, outbox_id, str(row[0]), str(row[1])))
            item = json.loads(row[0]).get("item_id") if p.kind == "movement" else None
            if item is not None:
                sku = conn.exec_driver_sql("SELECT sku FROM items WHERE id = ?", (item,)).scalar()
                if sku and sku not in outcome.items:
                    outcome.items.append(str(sku))
    if missing:  # cannot heal: shown to a supervisor, here and at central
        with central_engine.begin() as central:
            for p in missing:
                raise_central_alert(
                    central,
                    station_id,
                    "sync.clash",
                    p.uuid,
                    {
                        "station": station_id,
                        "incarnation": p.incarnation_id,
                        "seq": p.seq,
                        "action": UNHEALED,
                    },
                    now.isoformat(),
                )
    if not again and not early:
        return outcome
    new_id = str(uuid.uuid4())
    detail = {
        "old_incarnation": old,
        "new_incarnation": new_id,
        "sent_again": len(again),
        "central_held_more": lacking.get(old, 0),
        "items": outcome.items,
        "action": ACTION,
    }
    # Central's alert first: if the link drops before the store heals, the next round heals
    # and raises it again (the same key: once).
    with central_engine.begin() as central:
        raise_central_alert(
            central,
            station_id,
            "store.copied_back",
            old,
            {"station": station_id, **detail},
            now.isoformat(),
        )

    def write_again(conn: Connection, who: StationIdentity) -> None:
        settled = []
        for p, outbox_id, payload, created_at in again:
            seq = reissue_event(conn, who, outbox_id, p.uuid, p.kind, payload, created_at)
            settled.append((p.uuid, f"sent again as {who.incarnation_id}/{seq}"))
        resolve_many(conn, settled, now)
        outcome.resent = len(settled)
        local_state.set_cursor(conn, "events", "0:0", now)
        local_state.raise_alarm(conn, f"store.copied_back:{old}", "store.copied_back", detail, now)
        # one alarm now stands for the clashes it settled
        local_state.acknowledge(conn, [f"sync.clash:{p.uuid}" for p, *_ in again], now)

    outcome.new_incarnation = store.new_incarnation(write_again, new_id=new_id)
    return outcome
