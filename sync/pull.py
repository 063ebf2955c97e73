# SPDX-License-Identifier: Apache-2.0
"""Pull: central's master-data changes and the other stations' movements, by cursor.

Two streams, each with its own cursor in ``sync_cursor`` (see :mod:`sync.change_cursor` for
the rule that keeps a cursor from stepping past an uncommitted change):

* ``master``: ``central_changes`` (upserts and tombstones), applied by natural key;
* ``events``: movement events in ``central_events`` written by other stations, by central, or
  by this station's earlier incarnations (what a restored store lacks), written to the local
  ledger by :mod:`sync.ledger_pull`.

Master data goes first, so movements find their items. A batch read from central is written
in slices of at most ~20 ms that yield to a waiting scan (``Store.write_in_slices``); each
slice commits its rows, the balances they change (once per slice) and the cursor after its
last row, and a last short transaction moves
the cursor past the rows the filter passed over (parking unusable events), so a crash loses
nothing and repeats nothing. Batches holding only rows the station does not want (its own
events) are passed in memory and their cursor committed once, after the last of them. While
a batch of movements is checked and written, the next one is read from central on a helper
thread (a failed write discards it; the cursor in the store says where to resume).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, text

from station.core import cycle_collector
from station.core.store.database import Store

from . import local_state
from .change_cursor import Batch, Position, read_after
from .event_schema import payload_problem
from .ledger_pull import LedgerSlice, PulledMovement, prepare
from .master_pull import apply_changes

PULL_BATCH = 5000
#: rows applied between checks of the slice's time budget (a scan waits at most one run)
RUN = 50

Progress = Callable[[str, int, int], None]


@dataclass
class PullOutcome:
    changes: int = 0
    movements: int = 0
    skipped: int = 0
    parked: int = 0
    alarms: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)


def _runs(rows: Sequence[Any]) -> Iterator[list[Any]]:
    """``rows`` in runs of :data:`RUN`: the units a slice is made of."""
    for start in range(0, len(rows), RUN):
        yield list(rows[start : start + RUN])


def _write_batch(
    store: Store,
    stream: str,
    batch: Batch,
    rows: Sequence[tuple[Position, Any]],
    apply: Callable[[Connection, list[Any]], None],
    when: datetime,
    finish: Callable[[Connection], None] | None = None,
    close: Callable[[Connection], None] | None = None,
) -> None:
    """Write ``rows`` (position, unit) in slices, each ending with ``close`` and the cursor
    after its last row; then, in one short transaction, ``finish`` and the cursor after the
    last row read."""
    assert batch.last is not None

    def advance(conn: Connection, run: list[Any]) -> None:
        if close is not None:
            close(conn)
        local_state.set_cursor(conn, stream, str(run[-1][0]), when)

    store.write_in_slices(_runs(rows), apply, close_slice=advance)
    with store.background_transaction() as conn:
        if finish is not None:
            finish(conn)
        local_state.set_cursor(conn, stream, str(batch.last), when)


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
        _write_batch(
            store,
            "master",
            batch,
            batch.rows,
            lambda conn, run: _applied(apply_changes(conn, [row for _, row in run])),
            now(),
        )
        total += len(batch.rows)
        progress("pull master data", total, total)
        if batch.read < batch_size:
            return total


def _applied(_count: int) -> None:
    return None


class _LedgerWriter:
    """Pulled movements into the ledger, slice by slice: each run's rows go in as they come
    (:class:`sync.ledger_pull.LedgerSlice`), the slice's balances and alarms when it closes;
    counted in ``outcome``."""

    def __init__(self, outcome: PullOutcome, when: datetime) -> None:
        self.outcome = outcome
        self.when = when
        self.ledger: LedgerSlice | None = None

    def insert(self, conn: Connection, run: list[tuple[Position, PulledMovement]]) -> None:
        if self.ledger is None:
            self.ledger = LedgerSlice(conn, self.when)
        self.ledger.insert([move for _, move in run])

    def close(self, conn: Connection) -> None:
        ledger, self.ledger = self.ledger, None
        if ledger is None:
            return
        result = ledger.close()
        for key, kind, detail in result.alarms:
            local_state.raise_alarm(conn, key, kind, detail, self.when)
        self.outcome.movements += result.inserted
        self.outcome.skipped += result.skipped
        self.outcome.alarms.extend(result.alarms)


def _parker(
    outcome: PullOutcome, bad: list[tuple[tuple[str, str, str, int, str], str]], when: datetime
) -> Callable[[Connection], None]:
    """Park the batch's unusable events, each with its alarm, with the batch's last cursor."""

    def park(conn: Connection) -> None:
        for event, problem in bad:
            local_state.park(conn, event, problem, when)
            alarm = (
                f"sync.bad_event:{event[0]}",
                "sync.bad_event",
                {"uuid": event[0], "station": event[1], "seq": event[3], "problem": problem},
            )
            local_state.raise_alarm(conn, *alarm, when)
            outcome.alarms.append(alarm)
        outcome.parked += len(bad)

    return park


def pull_movements(
    store: Store,
    central_engine: Engine,
    now: Callable[[], datetime],
    progress: Progress,
    *,
    batch_size: int = PULL_BATCH,
) -> PullOutcome:
    """Write every visible movement event not made by this incarnation into the ledger.
    While a batch is checked and written, the next one is read from central on a helper
    thread."""
    with (
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-fetch") as pool,
        cycle_collector.heap_set_aside(),
    ):
        return _pull_movements(store, central_engine, now, progress, batch_size, pool)


def _pull_movements(
    store: Store,
    central_engine: Engine,
    now: Callable[[], datetime],
    progress: Progress,
    batch_size: int,
    pool: ThreadPoolExecutor,
) -> PullOutcome:
    outcome = PullOutcome()
    mine = {"me": store.station_id, "inc": store.incarnation_id}

    def fetch(after: Position) -> Batch:
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
        return batch

    with store.reading() as conn:
        after = saved = Position.parse(local_state.cursor(conn, "events"))
    batch = fetch(after)  # an idle round reads once, on this thread
    while True:
        ahead = (
            pool.submit(fetch, batch.last)
            if batch.last is not None and batch.read == batch_size
            else None
        )
        if batch.last is None or (not batch.rows and batch.read < batch_size):
            if batch.last is not None or after != saved:  # rows passed, none wanted
                with store.background_transaction() as conn:
                    local_state.set_cursor(conn, "events", str(batch.last or after), now())
            return outcome
        if not batch.rows:  # only rows this station does not want: pass them, commit later
            after = batch.last
            assert ahead is not None
            batch = ahead.result()
            continue
        moves: list[tuple[Position, PulledMovement]] = []
        bad: list[tuple[tuple[str, str, str, int, str], str]] = []
        for n, (position, (station_id, incarnation_id, seq, uuid, payload)) in enumerate(
            batch.rows
        ):
            if n % RUN == 0:
                store.gate.wait_for_scans()  # parsing is CPU work: a waiting scan goes first
            body, problem = payload_problem("movement", payload)
            if body is None:
                bad.append(((uuid, station_id, incarnation_id, int(seq), "movement"), str(problem)))
            else:
                moves.append((position, prepare(station_id, body)))
        when = now()
        writer = _LedgerWriter(outcome, when)
        if bad:
            _report_unusable(central_engine, bad)
        _write_batch(
            store,
            "events",
            batch,
            moves,
            writer.insert,
            when,
            _parker(outcome, bad, when),
            writer.close,
        )
        after = saved = batch.last or after
        progress("pull movements", outcome.movements + outcome.skipped, 0)
        if ahead is None:
            return outcome
        batch = ahead.result()


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
