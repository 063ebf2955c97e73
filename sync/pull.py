# SPDX-License-Identifier: Apache-2.0
"""Pull: central's master-data changes and the other stations' movements, by cursor.

Two streams, each with its own cursor in ``sync_cursor`` (see :mod:`sync.change_cursor` for
the rule that keeps a cursor from stepping past an uncommitted change):

* ``master``: ``central_changes`` (upserts and tombstones), applied by natural key;
* ``events``: movement events in ``central_events`` written by other stations, by central, or
  by this station's earlier incarnations (what a restored store lacks), written to the local
  ledger by :mod:`sync.ledger_pull`.

Master data goes first, so movements find their items. Each batch and the cursor after it
commit in one local transaction: a crash loses neither, and repeats nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from station.core.store.database import Store

from . import local_state
from .change_cursor import Position, read_after
from .ledger_pull import PulledMovement, insert_pulled_movements, parse_payload
from .master_pull import apply_changes

PULL_BATCH = 5000

Progress = Callable[[str, int, int], None]


@dataclass
class PullOutcome:
    changes: int = 0
    movements: int = 0
    skipped: int = 0
    alarms: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)


def pull_master(
    store: Store,
    central_engine: Engine,
    now: Callable[[], datetime],
    progress: Progress,
    *,
    batch_size: int = PULL_BATCH,
) -> int:
    """Apply every visible master-data change after the ``master`` cursor."""
    total = 0
    while True:
        with store.reading() as conn:
            after = Position.parse(local_state.cursor(conn, "master"))
        with central_engine.connect() as central:
            batch = read_after(
                central,
                "central_changes",
                ("kind", "key", "op", "payload", "changed_at"),
                after,
                batch_size,
            )
            central.rollback()
        if batch.last is None:
            return total
        with store.transaction() as conn:
            apply_changes(conn, [row for _, row in batch.rows])
            local_state.set_cursor(conn, "master", str(batch.last), now())
        total += len(batch.rows)
        progress("pull master data", total, total)
        if batch.read < batch_size:
            return total


def pull_movements(
    store: Store,
    central_engine: Engine,
    now: Callable[[], datetime],
    progress: Progress,
    *,
    batch_size: int = PULL_BATCH,
) -> PullOutcome:
    """Write every visible movement event not made by this incarnation into the ledger."""
    outcome = PullOutcome()
    mine = {"me": store.station_id, "inc": store.incarnation_id}
    while True:
        with store.reading() as conn:
            after = Position.parse(local_state.cursor(conn, "events"))
        with central_engine.connect() as central:
            batch = read_after(
                central,
                "central_events",
                ("station_id", "uuid", "payload"),
                after,
                batch_size,
                wanted="kind = 'movement' AND NOT (station_id = :me AND incarnation_id = :inc)",
                params=mine,
            )
            central.rollback()
        if batch.last is None:
            return outcome
        moves = []
        for _, (station_id, _uuid, payload) in batch.rows:
            body = parse_payload(payload)
            moves.append(PulledMovement(body["uuid"], station_id, body))
        when = now()
        with store.transaction() as conn:
            result = insert_pulled_movements(conn, moves, when)
            for key, kind, detail in result.alarms:
                local_state.raise_alarm(conn, key, kind, detail, when)
            local_state.set_cursor(conn, "events", str(batch.last), when)
        outcome.movements += result.inserted
        outcome.skipped += result.skipped
        outcome.alarms.extend(result.alarms)
        progress("pull movements", outcome.movements + outcome.skipped, 0)
        if batch.read < batch_size:
            return outcome
