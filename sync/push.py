# SPDX-License-Identifier: Apache-2.0
"""Push: the station's outbox goes to central in (station, incarnation, seq) order, in batches.

Contract:

* Order: incarnations in the order the store first wrote them, each in ``seq`` order.
* Idempotent: central keys events by (station, incarnation, seq) and by UUID; a replayed
  batch inserts nothing (``INSERT ... SELECT ... ON CONFLICT DO NOTHING``).
* Exactly once: the local push position moves only after central's COMMIT returned. A crash or
  a cut link before that replays the batch next round; central keeps one copy. Two batches
  may be in central at once (PostgreSQL), each committed only after the one before; a push
  of fewer than two batches goes in two halves (:func:`batch_for`) so it overlaps too.
* Clashes: an event whose key central already holds under another UUID (or whose UUID it holds
  under another key) is recorded in ``central_clashes``, parked locally with an alarm, and the
  push goes on past it; it is never dropped as a duplicate.
* Movement events travel with natural keys (SKU, location code, lot number and expiry, badges),
  so other stations and central can read them: written into the payload with the movement
  (``station.core.store.ledger.natural_keys``); a movement written by an earlier release
  without them gets them from the local master data as it is read for the push.
* Set-based ingest: on PostgreSQL the batch is COPYed into a temporary staging table and moved
  with one ``INSERT ... SELECT``; on SQLite (a test stand-in for central) by executemany.

Threads: runs on the sync thread, which alone writes the store (its per-thread write
connection); a ``sync-read`` thread reads the outbox and ``sync-ingest`` threads do central's
part of each batch.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from queue import Full, Queue
from typing import Any

from sqlalchemy import Connection, Engine, func, select, text, union_all

from station.core.store.database import Store
from station.core.store.events import SEQ_MASK, driver_connection, streams
from station.core.store.ledger import KEYED_PREFIX

from . import local_state
from .central_schema import central_events, central_refused
from .event_schema import payload_problem
from .protocol import SyncError

PUSH_BATCH = 10000
#: events read from the store at a time, while the previous ones are copied to central
READ_CHUNK = 1000


def batch_for(waiting: int, batch_size: int) -> int:
    """The batch size for an incarnation with ``waiting`` events: fewer than two full batches
    (and at least two read chunks) go in two halves, so the second half is read and copied
    while central checks and inserts the first (two batches are in central at a time) rather
    than central's part of one batch running after the station's part of it."""
    if 2 * READ_CHUNK <= waiting < 2 * batch_size:
        return -(-waiting // 2)
    return batch_size


EventRow = tuple[str, str, int, str, str, str, str]
"""(station_id, incarnation_id, seq, uuid, kind, payload, created_at) as central stores it."""

_PLAIN = (
    "SELECT station_id, incarnation_id, seq, uuid, kind, payload, created_at FROM outbox "
    "WHERE id > ? AND id <= ? ORDER BY id LIMIT ?"
)

_LACKING = f"o.kind = 'movement' AND substr(o.payload, 1, {len(KEYED_PREFIX)}) <> '{KEYED_PREFIX}'"

_ENRICHED = f"""
SELECT o.station_id, o.incarnation_id, o.seq, o.uuid, o.kind,
  CASE WHEN {_LACKING} THEN json_set(o.payload,
      '$.item_sku', i.sku, '$.location_code', l.code, '$.lot_no', lt.lot_no,
      '$.lot_expiry', lt.expiry, '$.serial_no', s.serial_no,
      '$.user_badge', u.badge, '$.user2_badge', u2.badge)
    ELSE o.payload END,
  o.created_at, {_LACKING}
FROM outbox o
LEFT JOIN items i ON o.kind = 'movement' AND i.id = json_extract(o.payload, '$.item_id')
LEFT JOIN locations l ON o.kind = 'movement' AND l.id = json_extract(o.payload, '$.location_id')
LEFT JOIN lots lt ON o.kind = 'movement' AND lt.id = json_extract(o.payload, '$.lot_id')
LEFT JOIN serials s ON o.kind = 'movement' AND s.id = json_extract(o.payload, '$.serial_id')
LEFT JOIN users u ON o.kind = 'movement' AND u.id = json_extract(o.payload, '$.user_id')
LEFT JOIN users u2 ON o.kind = 'movement' AND u2.id = json_extract(o.payload, '$.user2_id')
WHERE o.id > ? AND o.id <= ?
ORDER BY o.id LIMIT ?
"""
"""The outbox with natural keys added to movements written without them (by a release before
keys were written with the movement), from the local master data as it is at the push; a
movement that carries them (:data:`KEYED_PREFIX`) keeps its payload as written. The last
column tells which rows lacked them."""


@dataclass
class PushOutcome:
    pushed: int = 0
    already_there: int = 0
    parked: int = 0
    rewound: list[str] = field(default_factory=list)
    lacking: dict[str, int] = field(default_factory=dict)


@dataclass
class IngestOutcome:
    inserted: int
    clashes: list[EventRow]
    refused: list[tuple[EventRow, str]] = field(default_factory=list)
    """Malformed events central refused (kept in ``central_refused``), with the reason."""


def incarnations(conn: Connection, station_id: str) -> list[tuple[str, int]]:
    """(incarnation, highest seq) of this station's outbox, in the order first written."""
    return [(inc, top) for inc, _stream, top in streams(conn, station_id) if top]


def read_batch(
    conn: Connection, station_id: str, incarnation_id: str, after_seq: int, limit: int
) -> list[EventRow]:
    """The next events to push, every movement with its natural keys."""
    return read_events(conn, station_id, incarnation_id, after_seq, limit, enrich=False)[0]


def read_events(
    conn: Connection,
    station_id: str,
    incarnation_id: str,
    after_seq: int,
    limit: int,
    enrich: bool,
) -> tuple[list[EventRow], bool]:
    """(the next events to push, whether a movement among them was written without its
    natural keys). Read as written, and read again with the keys added only when a movement
    lacks them; ``enrich`` (the chunk before lacked them: an outbox written by an earlier
    release) reads with the keys added at once."""
    stream = {inc: st for inc, st, _top in streams(conn, station_id)}.get(incarnation_id)
    if stream is None:
        return [], False
    base = stream << 32
    db = driver_connection(conn)
    bounds = (base | after_seq, base | SEQ_MASK, limit)
    if not enrich:
        rows: list[EventRow] = db.execute(_PLAIN, bounds).fetchall()
        if all(row[4] != "movement" or row[5].startswith(KEYED_PREFIX) for row in rows):
            return rows, False
    enriched = db.execute(_ENRICHED, bounds).fetchall()
    return [row[:7] for row in enriched], any(row[7] for row in enriched)


def central_positions(
    central: Connection, station_id: str, incarnation_ids: Sequence[str]
) -> dict[str, int]:
    """incarnation -> highest seq central holds for this station (taken or refused)."""
    if not incarnation_ids:
        return {}
    held: dict[str, int] = {}
    tops = [
        select(table.c.incarnation_id, func.max(table.c.seq))
        .where(table.c.station_id == station_id, table.c.incarnation_id.in_(incarnation_ids))
        .group_by(table.c.incarnation_id)
        for table in (central_events, central_refused)
    ]
    for inc, top in central.execute(union_all(*tops)):  # one round trip for both tables
        held[inc] = max(held.get(inc, 0), int(top))
    return held


_STAGING_COLUMNS = "station_id, incarnation_id, seq, uuid, kind, payload, created_at"
_CLASHES = (
    f"SELECT {_STAGING_COLUMNS} FROM sync_staging s WHERE NOT EXISTS ("
    "SELECT 1 FROM central_events e WHERE e.uuid = s.uuid AND e.station_id = s.station_id "
    "AND e.incarnation_id = s.incarnation_id AND e.seq = s.seq) AND NOT EXISTS ("
    "SELECT 1 FROM central_refused r WHERE r.station_id = s.station_id "
    "AND r.incarnation_id = s.incarnation_id AND r.seq = s.seq) ORDER BY seq"
)
_GAPS = (
    "SELECT s.station_id, s.incarnation_id, min(s.seq), (SELECT max(e.seq) FROM central_events e "
    "WHERE e.station_id = s.station_id AND e.incarnation_id = s.incarnation_id), "
    "(SELECT max(r.seq) FROM central_refused r "
    "WHERE r.station_id = s.station_id AND r.incarnation_id = s.incarnation_id) "
    "FROM sync_staging s GROUP BY s.station_id, s.incarnation_id"
)
_GAPS_BELOW = (
    "SELECT s.station_id, s.incarnation_id, min(s.seq), (SELECT max(e.seq) FROM central_events e "
    "WHERE e.station_id = s.station_id AND e.incarnation_id = s.incarnation_id "
    "AND e.seq < min(s.seq)), (SELECT max(r.seq) FROM central_refused r "
    "WHERE r.station_id = s.station_id AND r.incarnation_id = s.incarnation_id "
    "AND r.seq < min(s.seq)) FROM sync_staging s GROUP BY s.station_id, s.incarnation_id"
)
""":data:`_GAPS` asked after the staged batch went in: what central holds below the batch
(central holds no event past a gap, so this is what it held before the batch)."""


def ingest(central: Connection, rows: Sequence[EventRow], now_text: str) -> IngestOutcome:
    """Put ``rows`` into ``central_events`` inside the caller's central transaction.

    Raises SyncError("gap") when the batch would leave a hole in a station's sequence (the
    caller rewinds to central's position). Clashing rows are recorded in ``central_clashes``.
    """
    return ingest_chunks(central, [list(rows)], now_text)[1]


def ingest_chunks(
    central: Connection,
    chunks: Iterable[list[EventRow]],
    now_text: str,
    copied: threading.Event | None = None,
    gaps: str = "before",
) -> tuple[list[EventRow], IngestOutcome]:
    """:func:`ingest` of a batch that arrives in chunks (read from the store while the earlier
    chunks are copied to central); returns the batch's rows and the outcome. ``copied`` is
    set once the chunks are consumed; ``gaps="later"`` leaves the gap check to the caller
    (:data:`_GAPS_BELOW`, after the batch before has committed; PostgreSQL only)."""
    if central.dialect.name == "postgresql":
        rows, inserted, refused = _stage_postgres(central, chunks, copied, gaps == "before")
    else:
        rows = [row for chunk in chunks for row in chunk]
        if copied is not None:
            copied.set()
        inserted, refused = _stage_sqlite(central, rows, now_text)
    clash_rows: list[Any] = []
    if inserted + len(refused) < len(rows):  # only then can a row have met another's key
        clash_rows = [tuple(r) for r in central.execute(text(_CLASHES)).all()]
    if clash_rows:  # one executemany, not a round trip per clash (a copied-back store)
        central.execute(
            text(
                "INSERT INTO central_clashes (station_id, incarnation_id, seq, uuid, kind, "
                "payload, reported_at) VALUES (:s, :i, :q, :u, :k, :p, :t) "
                "ON CONFLICT (uuid) DO NOTHING"
            ),
            [
                {"s": r[0], "i": r[1], "q": r[2], "u": r[3], "k": r[4], "p": r[5], "t": now_text}
                for r in clash_rows
            ],
        )
    return rows, IngestOutcome(inserted, clash_rows, refused)


def _check_gaps(central: Connection) -> None:
    _raise_gaps(central.execute(text(_GAPS)).all())


def _raise_gaps(found: Iterable[Sequence[Any]]) -> None:
    """SyncError("gap") when a staged incarnation starts past what central holds of it."""
    for station_id, incarnation_id, low, taken, refused in found:
        high = max(int(taken or 0), int(refused or 0))
        if int(low) > high + 1:
            raise SyncError(
                "gap",
                f"central holds events of {station_id}/{incarnation_id} up to {high or 0}; "
                f"a batch starting at {low} would leave a gap",
            )


_STAGING = (
    "CREATE TEMP TABLE sync_staging (station_id text, incarnation_id text, seq bigint, "
    "uuid text, kind text, payload text, created_at text) ON COMMIT DELETE ROWS"
)


_STAGING_TYPES = ["text", "text", "int8", "text", "text", "text", "text"]


def _stage_postgres(
    central: Connection,
    chunks: Iterable[list[EventRow]],
    copied: threading.Event | None,
    check_gaps: bool,
) -> tuple[list[EventRow], int, list[tuple[EventRow, str]]]:
    """COPY into the session's staging table, then ``central_ingest_events()`` (migrations
    c003, c010): central takes the station from the session, assigns ids, checks every
    payload."""
    raw: Any = central.connection.driver_connection
    with raw.cursor() as cur:
        cur.execute("SELECT to_regclass('pg_temp.sync_staging') IS NULL")
        if cur.fetchone()[0]:
            cur.execute(_STAGING)
            # The ingest function runs as central's owner, which must read this session's table.
            cur.execute(
                "SELECT quote_ident(proowner::regrole::text) FROM pg_proc "
                "WHERE proname = 'central_ingest_events'"
            )
            owner = cur.fetchone()[0]
            cur.execute(f"GRANT SELECT ON pg_temp.sync_staging TO {owner}")
        rows: list[EventRow] = []
        try:
            with cur.copy(
                f"COPY sync_staging ({_STAGING_COLUMNS}) FROM STDIN (FORMAT binary)"
            ) as copy:
                copy.set_types(_STAGING_TYPES)  # binary: no escaping on either side
                for chunk in chunks:
                    rows.extend(chunk)
                    for row in chunk:
                        copy.write_row(row)
        finally:
            if copied is not None:
                copied.set()
        if not check_gaps:
            cur.execute("SELECT * FROM central_ingest_events()")
            inserted, seqs, problems = cur.fetchone()
        else:
            # One round trip: the gap check, then the ingest. A gap found raises here, and the
            # caller's rollback undoes what the ingest did.
            cur.execute(f"{_GAPS}; SELECT * FROM central_ingest_events()")
            gaps = cur.fetchall()
            cur.nextset()
            inserted, seqs, problems = cur.fetchone()
            _raise_gaps(gaps)
    by_seq = {int(r[2]): r for r in rows} if seqs else {}
    return rows, int(inserted), [(by_seq[int(q)], p) for q, p in zip(seqs, problems, strict=True)]


def _stage_sqlite(
    central: Connection, rows: Sequence[EventRow], now_text: str
) -> tuple[int, list[tuple[EventRow, str]]]:
    raw: Any = central.connection.driver_connection
    raw.execute(
        "CREATE TEMP TABLE IF NOT EXISTS sync_staging (station_id text, incarnation_id text, "
        "seq integer, uuid text, kind text, payload text, created_at text)"
    )
    raw.execute("DELETE FROM sync_staging")
    refused = []
    good = []
    for row in rows:
        _body, problem = payload_problem(row[4], row[5])
        if problem:
            refused.append((row, problem))
        else:
            good.append(row)
    raw.executemany(f"INSERT INTO sync_staging ({_STAGING_COLUMNS}) VALUES (?,?,?,?,?,?,?)", rows)
    _check_gaps(central)
    raw.executemany(
        f"INSERT OR IGNORE INTO central_refused ({_STAGING_COLUMNS}, problem, reported_at) "
        "VALUES (?,?,?,?,?,?,?,?,?)",
        [(*row, problem, now_text) for row, problem in refused],
    )
    raw.execute("DELETE FROM sync_staging")
    raw.executemany(f"INSERT INTO sync_staging ({_STAGING_COLUMNS}) VALUES (?,?,?,?,?,?,?)", good)
    cur = raw.execute(
        f"INSERT OR IGNORE INTO central_events ({_STAGING_COLUMNS}) SELECT {_STAGING_COLUMNS} "
        "FROM sync_staging ORDER BY station_id, incarnation_id, seq"
    )
    return int(cur.rowcount), refused


Progress = Callable[[str, int, int], None]


def push(
    store: Store,
    central_engine: Engine,
    now: Callable[[], datetime],
    progress: Progress,
    *,
    batch_size: int = PUSH_BATCH,
) -> PushOutcome:
    """Push every waiting outbox event of this station; see the module contract."""
    outcome = PushOutcome()
    station_id = store.station_id
    with store.reading() as conn:
        incs = incarnations(conn, station_id)
        acked = local_state.push_positions(conn, station_id)
    with central_engine.connect() as central:
        held = central_positions(central, station_id, [inc for inc, _ in incs])
        central.rollback()
    total = sum(max(top - acked.get(inc, 0), 0) for inc, top in incs)
    done = 0
    for inc, top in incs:
        position = acked.get(inc, 0)
        central_top = held.get(inc, 0)
        if central_top < position:  # central lost events (restored from a backup): re-push
            outcome.rewound.append(inc)
            position = central_top
        if central_top > top:  # central holds events this store lacks (a restored store)
            outcome.lacking[inc] = central_top - top
        if position < top:
            size = batch_for(top - position, batch_size)
            counts = _push_incarnation(store, central_engine, inc, position, size, now)
            for rows_done, (pushed, already, parked) in counts:
                outcome.pushed += pushed
                outcome.already_there += already
                outcome.parked += parked
                done += rows_done
                progress("push", min(done, total), total)
    return outcome


class _ReadAhead:
    """An incarnation's waiting events read from the store in chunks on a helper thread, up to
    a batch and two chunks ahead of the one being copied to central, so reading overlaps both
    the copy and central's work on the batch before. A chunk shorter than asked for is the
    last."""

    def __init__(
        self,
        pool: ThreadPoolExecutor,
        read: Callable[[int, int], list[EventRow]],
        after: int,
        batch_size: int,
    ) -> None:
        self.read, self.batch_size = read, batch_size
        self.chunk = min(READ_CHUNK, batch_size)
        self.chunks: Queue[list[EventRow] | BaseException | None] = Queue(
            maxsize=batch_size // self.chunk + 2
        )
        self.stopped = threading.Event()
        self.pending: list[EventRow] = []
        self.ended = False
        pool.submit(self._produce, after)

    def _produce(self, after: int) -> None:
        try:
            while not self.stopped.is_set():
                rows = self.read(after, self.chunk)
                if rows:
                    self._put(rows)
                if len(rows) < self.chunk:
                    break
                after = int(rows[-1][2])
        except BaseException as exc:  # noqa: BLE001 - handed to the pushing thread
            self._put(exc)
            return
        self._put(None)

    def _put(self, item: list[EventRow] | BaseException | None) -> None:
        while not self.stopped.is_set():
            try:
                self.chunks.put(item, timeout=0.1)
                return
            except Full:
                continue

    def _fill(self) -> None:
        if self.pending or self.ended:
            return
        item = self.chunks.get()
        if isinstance(item, BaseException):
            self.ended = True
            raise item
        if item is None:
            self.ended = True
        else:
            self.pending = item

    def more(self) -> bool:
        """True while events are waiting (blocks for the chunk being read)."""
        self._fill()
        return bool(self.pending)

    def batch(self) -> Iterator[list[EventRow]]:
        """The chunks of the next batch (up to ``batch_size`` events)."""
        left = self.batch_size
        while left > 0:
            self._fill()
            if not self.pending:
                return
            take, self.pending = self.pending[:left], self.pending[left:]
            left -= len(take)
            yield take

    def close(self) -> None:
        self.stopped.set()


class _Abandoned(Exception):
    """The batch before did not commit, so this one was rolled back (its error is raised)."""


def _push_incarnation(
    store: Store,
    central_engine: Engine,
    incarnation_id: str,
    position: int,
    batch_size: int,
    now: Callable[[], datetime],
) -> Iterator[tuple[int, tuple[int, int, int]]]:
    """Push one incarnation's waiting events batch by batch, reading them from the store (on a
    helper thread) while central takes the earlier ones. Yields (rows, counts).

    On PostgreSQL two batches are in central at a time, each in its own transaction on its
    own connection (``sync-ingest`` threads): a batch is copied and ingested while the one
    before is still being ingested, and commits only after that one committed (then its gap
    check, which sees it); a batch whose predecessor failed is rolled back. Each batch is
    acknowledged locally, in order, only after its own COMMIT returned."""
    station_id = store.station_id

    lacking = False  # the chunk before held movements written without their keys

    def read(after: int, limit: int) -> list[EventRow]:  # on the one sync-read thread
        nonlocal lacking
        with store.reading() as conn:
            rows, lacking = read_events(conn, station_id, incarnation_id, after, limit, lacking)
        return rows

    with (
        _Links(central_engine) as links,  # closed after the threads below have ended
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-read") as pool,
        ThreadPoolExecutor(max_workers=2, thread_name_prefix="sync-ingest") as ingesting,
    ):
        reader = _ReadAhead(pool, read, position, batch_size)
        try:
            if central_engine.dialect.name != "postgresql":
                while reader.more():
                    when = now()
                    with central_engine.begin() as central:
                        rows, result = ingest_chunks(central, reader.batch(), when.isoformat())
                    yield len(rows), _acknowledge(store, incarnation_id, rows, result, when)
                return
            before: tuple[Future[tuple[list[EventRow], IngestOutcome]], datetime] | None = None
            turn = 0
            while reader.more():
                copied, when = threading.Event(), now()
                turn += 1
                batch = ingesting.submit(
                    _ingest_after,
                    links.get(turn % 2),
                    reader.batch(),
                    when.isoformat(),
                    copied,
                    before[0] if before else None,
                )
                copied.wait()  # the reader serves one batch at a time
                if before is not None:
                    rows, result = before[0].result()
                    yield len(rows), _acknowledge(store, incarnation_id, rows, result, before[1])
                before = (batch, when)
                if batch.done() and batch.exception() is not None:
                    break  # raised below; its chunks may be read again, never pushed
            if before is not None:
                rows, result = before[0].result()
                yield len(rows), _acknowledge(store, incarnation_id, rows, result, before[1])
        finally:
            reader.close()


class _Links:
    """The two central connections an incarnation's push takes turns on, opened as needed and
    held for the whole push (the engine keeps one connection; a second one taken and given
    back per batch would be a new login each time)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.links: dict[int, Connection] = {}

    def get(self, turn: int) -> Connection:
        if turn not in self.links:
            self.links[turn] = self.engine.connect()
        return self.links[turn]

    def __enter__(self) -> _Links:
        return self

    def __exit__(self, *_exc: object) -> None:
        for link in self.links.values():
            link.close()


def _ingest_after(
    link: Connection,
    chunks: Iterable[list[EventRow]],
    now_text: str,
    copied: threading.Event,
    before: Future[Any] | None,
) -> tuple[list[EventRow], IngestOutcome]:
    """One batch in its own central transaction, committed only after ``before``'s. Sets
    ``copied`` once it has taken its chunks (or failed before)."""
    try:
        with link.begin():
            rows, result = ingest_chunks(link, chunks, now_text, copied, gaps="later")
            if before is not None and before.exception() is not None:  # waits for its COMMIT
                raise _Abandoned
            _raise_gaps(link.execute(text(_GAPS_BELOW)).all())
    finally:
        copied.set()
    return rows, result


def _acknowledge(
    store: Store,
    incarnation_id: str,
    rows: list[EventRow],
    result: IngestOutcome,
    when: datetime,
) -> tuple[int, int, int]:
    """Central committed ``rows``: park what it refused or found clashing and move the local
    push position past them. Returns (inserted, already there, parked)."""
    station_id = store.station_id
    last = int(rows[-1][2])
    with store.background_transaction() as conn:
        local_state.park_many(
            conn,
            [((e[3], e[0], e[1], int(e[2]), e[4]), problem) for e, problem in result.refused]
            + [
                ((c[3], c[0], c[1], int(c[2]), c[4]), local_state.CLASH_REASON)
                for c in result.clashes
            ],
            when,
        )
        local_state.raise_alarms(
            conn,
            [
                (f"sync.refused:{e[3]}", "sync.refused", {"uuid": e[3], "seq": e[2], "problem": p})
                for e, p in result.refused
            ]
            + [
                (
                    f"sync.clash:{c[3]}",
                    "sync.clash",
                    {"uuid": c[3], "station": c[0], "incarnation": c[1], "seq": c[2]},
                )
                for c in result.clashes
            ],
            when,
        )
        local_state.set_push_position(conn, station_id, incarnation_id, last, when)
    parked = len(result.clashes) + len(result.refused)
    return result.inserted, len(rows) - result.inserted - parked, parked
