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

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, text

from station.core.store.database import Store

from . import local_state
from .change_cursor import Position, read_after
from .event_schema import payload_problem
from .ledger_pull import PulledMovement, insert_pulled_movements
from .master_pull import apply_changes

PULL_BATCH = 5000

Progress = Callable[[str, int, int], None]


@dataclass
class PullOutcome:
    changes: int = 0
    movements: int = 0
    skipped: int = 0
    parked: int = 0
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
                ("station_id", "incarnation_id", "seq", "uuid", "payload"),
                after,
                batch_size,
                wanted="kind = 'movement' AND NOT (station_id = :me AND incarnation_id = :inc)",
                params=mine,
            )
            central.rollback()
        if batch.last is None:
            return outcome
        moves = []
        bad: list[tuple[tuple[str, str, str, int, str], str]] = []
        for _, (station_id, incarnation_id, seq, uuid, payload) in batch.rows:
            body, problem = payload_problem("movement", payload)
            if body is None:
                bad.append(((uuid, station_id, incarnation_id, int(seq), "movement"), str(problem)))
            else:
                moves.append(PulledMovement(body["uuid"], station_id, body))
        when = now()
        if bad:
            _report_unusable(central_engine, bad)
        with store.transaction() as conn:
            result = insert_pulled_movements(conn, moves, when)
            for event, problem in bad:
                local_state.park(conn, event, problem, when)
                result.alarms.append(
                    (
                        f"sync.bad_event:{event[0]}",
                        "sync.bad_event",
                        {
                            "uuid": event[0],
                            "station": event[1],
                            "seq": event[3],
                            "problem": problem,
                        },
                    )
                )
            for key, kind, detail in result.alarms:
                local_state.raise_alarm(conn, key, kind, detail, when)
            local_state.set_cursor(conn, "events", str(batch.last), when)
        outcome.movements += result.inserted
        outcome.skipped += result.skipped
        outcome.parked += len(bad)
        outcome.alarms.extend(result.alarms)
        progress("pull movements", outcome.movements + outcome.skipped, 0)
        if batch.read < batch_size:
            return outcome


def _report_unusable(
    central_engine: Engine, bad: list[tuple[tuple[str, str, str, int, str], str]]
) -> None:
    """Raise a ``sync.bad_event`` alert on central for each event this station cannot apply
    (keyed by the reporting station and the event, so repeats collapse)."""
    with central_engine.begin() as central:
        for (uuid, station_id, incarnation_id, seq, _kind), problem in bad:
            detail = json.dumps(
                {
                    "uuid": uuid,
                    "station": station_id,
                    "incarnation": incarnation_id,
                    "seq": seq,
                    "problem": problem,
                },
                sort_keys=True,
            )
            if central.dialect.name == "postgresql":
                central.execute(
                    text("SELECT central_raise_alert('sync.bad_event', :k, :d)"),
                    {"k": uuid, "d": detail},
                )
            else:
                central.execute(
                    text(
                        "INSERT OR IGNORE INTO central_alerts (key, kind, detail, raised_at) "
                        "VALUES (:k, 'sync.bad_event', :d, datetime('now'))"
                    ),
                    {"k": f"sync.bad_event:{uuid}", "d": detail},
                )
