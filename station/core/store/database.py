# SPDX-License-Identifier: Apache-2.0
"""Opening the station's SQLite store: pragmas, migrations, backups, transactions.

Every connection runs in WAL mode with ``synchronous=FULL`` and foreign keys on, so a
transaction that returned from COMMIT has reached the disk's WAL and survives a crash or a
power cut. Writes begin with ``BEGIN IMMEDIATE`` so a write never fails half-way on a lock
upgrade. Alembic migrations run when the store is opened; a copy of the file is taken first.

Threads: a :class:`Store` may be shared; SQLAlchemy hands each thread its own connection.
The engine writes on one thread (the store thread) with :meth:`Store.transaction`; background
work writes through the same process-wide gate with :meth:`Store.background_transaction` or
:meth:`Store.write_in_slices`, which yield to a waiting scan (:mod:`.write_gate`). Readers may
run anywhere.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, select
from sqlalchemy.exc import DBAPIError

from .. import features
from . import schema
from .audit_anchor import AuditAnchor
from .checkpoints import WalCheckpointer
from .errors import StoreError, store_error_from
from .events import StationIdentity, driver_connection, outbox_stream
from .revisions import database_heads, file_heads
from .station_lock import StationLock, is_held, take_station_lock
from .write_gate import SLICE_BUDGET_S, WriteGate

#: every this many slices a long background write lets the WAL checkpoint catch up
CATCH_UP_EVERY = 64
#: or after this long of slices since the last catch-up, whichever comes first (slices run
#: to their budget when no scan waits: 64 of them would let the log grow five times as long)
CATCH_UP_AFTER_S = 1.28
#: and waits at most this long for it (holding no lock: scans go on meanwhile)
CATCH_UP_WAIT_S = 2.0

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)
T = TypeVar("T")

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def version_dirs() -> tuple[Path, ...]:
    """Where the migrations are: the shared ones under ``MIGRATIONS_DIR`` and each feature's
    own folder (a test checks that the heads read from these folders are the ones Alembic
    finds)."""
    return (MIGRATIONS_DIR / "versions", *features.migration_folders())


def alembic_config() -> Config:
    """The store's migrations: the shared ones in ``migrations/versions`` and each feature's
    own branch in ``station/core/<feature>/migrations`` (:mod:`station.core.features`)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("version_path_separator", "os")
    cfg.set_main_option("version_locations", os.pathsep.join(str(f) for f in version_dirs()))
    return cfg


def head_revisions() -> set[str]:
    """The newest migrations this build knows: one per branch (each feature of the station
    keeps its own branch of migrations, all rooted in the initial schema), as Alembic sees
    them."""
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def _sqlite_url(path: Path, read_only: bool) -> str:
    if read_only:
        return f"sqlite:///file:{path}?mode=ro&uri=true"
    return f"sqlite:///{path}"


class Store:
    """The station's local database. Open it with :meth:`Store.open`."""

    def __init__(self, engine: Engine, read_engine: Engine, path: Path, read_only: bool) -> None:
        self.engine = engine
        self.read_engine = read_engine
        self.path = path
        self.read_only = read_only
        self._info: dict[str, str] = {}
        self._local = threading.local()
        self._writers: list[Connection] = []
        self.audit_anchor: AuditAnchor | None = None
        #: this process's hold on the file (None when opened read-only)
        self.station_lock: StationLock | None = None
        #: scans first: every write of this process passes it (see :mod:`.write_gate`)
        self.gate = WriteGate()
        #: WAL checkpoints on their own thread, never in a scan's commit
        self.checkpointer = None if read_only else WalCheckpointer(path)
        self._slices = 0  # slices written by write_in_slices, for the log's catch-up
        self._sliced_s = 0.0  # and their time since the last catch-up

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        read_only: bool = False,
        station_id: str | None = None,
        extra_pragmas: Mapping[str, Any] | None = None,
    ) -> Store:
        """Open (creating and migrating if needed) the store at ``path``.

        Opening for writing takes the store's station lock (:mod:`.station_lock`) for as
        long as the store is open: a second process is refused with ``store.in_use`` naming
        the holder. Read-only opens take no lock.

        Raises :class:`StoreError` with a clear message when the file is missing (read-only),
        in use by another station, not a database, damaged, or written by a newer station.
        """
        path = Path(path).expanduser().resolve()
        if read_only and not path.exists():
            raise StoreError("store.unavailable", f"No station database at {path}")
        held: StationLock | None = None
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
            held = take_station_lock(path, _command_line())
        try:
            store = cls._open_locked(path, read_only, station_id, extra_pragmas)
        except BaseException:
            if held is not None:
                held.release()
            raise
        store.station_lock = held
        return store

    @classmethod
    def open_reader(cls, path: str | Path) -> Store:
        """Open ``path`` read-only, for reports, exports, checks and backups beside a running
        station. A store that needs an upgrade is upgraded first when no station holds it."""
        path = Path(path).expanduser().resolve()
        try:
            return cls.open(path, read_only=True)
        except StoreError as exc:
            if exc.key != "store.needs_migration" or is_held(path):
                raise
        cls.open(path).close()
        return cls.open(path, read_only=True)

    @classmethod
    def _open_locked(
        cls,
        path: Path,
        read_only: bool,
        station_id: str | None,
        extra_pragmas: Mapping[str, Any] | None,
    ) -> Store:
        extra = dict(extra_pragmas or {})
        engine = create_engine(_sqlite_url(path, read_only))
        _install_connection_hooks(
            engine, read_only, extra, "BEGIN" if read_only else "BEGIN IMMEDIATE"
        )
        read_engine = create_engine(_sqlite_url(path, read_only))
        _install_connection_hooks(read_engine, read_only, extra, "BEGIN")
        store = cls(engine, read_engine, path, read_only)
        try:
            store._migrate(station_id)
            store._load_info()
        except StoreError:
            store.close()
            raise
        except (DBAPIError, sqlite3.Error) as exc:
            store.close()
            raise store_error_from(exc) from exc
        return store

    def _migrate(self, station_id: str | None) -> None:
        """Upgrade to the newest migrations; an up-to-date store is told apart by plain SQL,
        so that opening one never loads Alembic."""
        with self.read_engine.connect() as conn:
            current = database_heads(conn)
            conn.rollback()
        if current == file_heads(version_dirs()):
            return
        from alembic import command
        from alembic.script import ScriptDirectory

        heads = head_revisions()
        if current == heads:
            return
        if self.read_only:
            raise StoreError(
                "store.needs_migration",
                f"The database at {self.path} needs an upgrade; open it read-write once.",
            )
        known = {
            rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()
        }
        unknown = current - known
        if unknown:
            raise StoreError(
                "store.too_new",
                f"The database at {self.path} was written by a newer station "
                f"({', '.join(sorted(unknown))}).",
            )
        if current:
            stamp = "-".join(sorted(heads))
            self.backup(self.path.with_name(f"{self.path.name}.before-{stamp}.bak"))
        cfg = alembic_config()
        with self.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "heads")
            self._ensure_identity(conn, station_id)

    @staticmethod
    def _ensure_identity(conn: Connection, station_id: str | None) -> None:
        info = dict(
            conn.execute(select(schema.station_info.c.key, schema.station_info.c.value)).all()
        )
        now = datetime.now(UTC).isoformat()
        wanted = {
            "station_id": station_id
            or info.get("station_id")
            or f"ST-{uuid.uuid4().hex[:8].upper()}",
            "incarnation_id": info.get("incarnation_id") or str(uuid.uuid4()),
            "created_at": info.get("created_at") or now,
        }
        for key, value in wanted.items():
            if key not in info:
                conn.execute(schema.station_info.insert().values(key=key, value=value))
        who = StationIdentity(wanted["station_id"], wanted["incarnation_id"])
        outbox_stream(conn, who)
        conn.info.pop("outbox_streams", None)

    def _load_info(self) -> None:
        with self.read_engine.connect() as conn:
            rows = driver_connection(conn).execute("SELECT key, value FROM station_info").fetchall()
            conn.rollback()
        self._info = {key: value for key, value in rows}

    # -- identity --------------------------------------------------------------------------
    @property
    def station_id(self) -> str:
        return self._info["station_id"]

    @property
    def incarnation_id(self) -> str:
        return self._info["incarnation_id"]

    def new_incarnation(
        self,
        then: Callable[[Connection, StationIdentity], None] | None = None,
        *,
        new_id: str | None = None,
    ) -> str:
        """Give this store a new incarnation id (after a restore, or when a copy of the file
        was found to have sent events under the same keys), so new events never reuse an
        outbox key that a copy of the old file may already have sent. ``then(conn, who)``
        runs in the same transaction, under the new identity."""
        new_id = new_id or str(uuid.uuid4())
        with self.transaction() as conn:
            conn.execute(
                schema.station_info.update()
                .where(schema.station_info.c.key == "incarnation_id")
                .values(value=new_id)
            )
            who = StationIdentity(self.station_id, new_id)
            outbox_stream(conn, who)
            if then is not None:
                then(conn, who)
        self._info["incarnation_id"] = new_id
        return new_id

    # -- transactions ----------------------------------------------------------------------
    def transaction(self) -> _WriteTransaction:
        """One write transaction, committed durably on leaving the block
        (``with store.transaction() as conn:``).

        Raises :class:`StoreError` (nothing committed) when the disk is full, the file is
        read-only, locked or damaged.
        """
        return _WriteTransaction(self, True)

    def background_transaction(self) -> _WriteTransaction:
        """One short write transaction for background work (sync, the print queue): it waits
        while a scan writes or waits, so a scan never queues behind it. Keep it short; a long
        job uses :meth:`write_in_slices`."""
        return _WriteTransaction(self, False)

    def write_in_slices(
        self,
        units: Iterable[T],
        apply: Callable[[Connection, T], None],
        *,
        close_slice: Callable[[Connection, T], None] | None = None,
        budget_s: float = SLICE_BUDGET_S,
    ) -> int:
        """Apply ``units`` one by one in background transactions that each end after
        ``budget_s`` or as soon as a scan is waiting; the next slice begins after the scan.
        ``close_slice(conn, last_unit)`` runs last in every slice, so a cursor committed with
        the slice's rows says exactly how far the work got. Returns the slices committed.

        A failure rolls back the current slice only; earlier slices stand with their cursor.
        Every :data:`CATCH_UP_EVERY` slices or :data:`CATCH_UP_AFTER_S` of them (counted
        across calls) the write waits, holding no lock, for the WAL checkpoint to catch up, so
        a long write keeps the log short.
        """
        items = iter(units)
        pending = next(items, _DONE)
        slices = 0
        clock = time.perf_counter
        gate = self.gate
        while pending is not _DONE:
            self._slices += 1
            if self.checkpointer is not None and (
                not self._slices % CATCH_UP_EVERY or self._sliced_s >= CATCH_UP_AFTER_S
            ):
                self._slices, self._sliced_s = 0, 0.0
                self.checkpointer.catch_up(CATCH_UP_WAIT_S)  # see checkpoints.py
            with self.background_transaction() as conn:
                started = clock()
                while True:
                    unit: T = pending
                    apply(conn, unit)
                    pending = next(items, _DONE)
                    if pending is _DONE or gate.scan_waiting() or clock() - started >= budget_s:
                        break
                if close_slice is not None:
                    close_slice(conn, unit)
            self._sliced_s += clock() - started
            slices += 1
        return slices

    def anchor_audit(self, key_path: Path) -> AuditAnchor:
        """Anchor the audit head after every commit that adds entries; the key stays at
        ``key_path`` (outside the database), the anchor beside the database file."""
        self.audit_anchor = AuditAnchor(
            key_path, self.path.with_name(self.path.name + ".audit-anchor")
        )
        return self.audit_anchor

    def _anchor_head(self) -> None:
        """Re-seal the anchor over the new head, only if the chain up to it verifies."""
        assert self.audit_anchor is not None
        try:
            with self.reading() as conn:
                sealed = self.audit_anchor.reseal(conn, self.station_id)
        except OSError as exc:  # the commit stands; the anchor catches up next time
            log.warning("audit anchor not written: %s", exc)
            return
        if not sealed.ok:
            log.error("audit anchor NOT re-sealed, the chain does not verify: %s", sealed.reason)
            self._raise_alarm(
                f"audit.not_resealed:{sealed.reason}",
                "audit.not_resealed",
                {"reason": sealed.reason, "action": "run `station verify`; call support"},
            )

    def take_alarms(self) -> list[str]:
        """The kinds of the alarms this thread's commits raised since the last call (the
        engine shows them with the input's outcome)."""
        raised: list[str] = getattr(self._local, "alarms", [])
        self._local.alarms = []
        return raised

    def _raise_alarm(self, key: str, kind: str, detail: dict[str, Any]) -> None:
        """An alarm in the station's alarm list (``sync_alarms``), which the window's sync
        status and ``station sync`` show, and :meth:`take_alarms` hands to the engine;
        written right after a commit, on that writer."""
        self._local.alarms = [*getattr(self._local, "alarms", []), kind]
        from .events import canonical_json

        raw = self._writer_connection().connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        try:
            raw.execute(
                "INSERT OR IGNORE INTO sync_alarms (key, kind, detail, raised_at) "
                "VALUES (?, ?, ?, ?)",
                (key[:200], kind, canonical_json(detail), datetime.now(UTC).isoformat()),
            )
            if raw.in_transaction:
                raw.execute("COMMIT")
        except sqlite3.Error as exc:  # the alarm is a courtesy; the log line stands
            log.warning("alarm %s not written: %s", kind, exc)

    def _writer_connection(self) -> Connection:
        """This thread's write connection, kept open: checking one out of the pool for every
        scan costs more than the scan's own statements."""
        conn: Connection | None = getattr(self._local, "writer", None)
        if conn is None or conn.closed or conn.invalidated:
            conn = self.engine.connect()
            self._local.writer = conn
            self._writers.append(conn)
        return conn

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A read-only snapshot; never writes."""
        try:
            with self.read_engine.connect() as conn:
                yield conn
                conn.rollback()
        except (DBAPIError, sqlite3.Error) as exc:
            raise store_error_from(exc) from exc

    def pragma(self, name: str) -> Any:
        """The value of a pragma on a fresh connection from the pool (for checks and tests)."""
        with self.read_engine.connect() as conn:
            value = conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            conn.rollback()
        return value

    def backup(self, target: str | Path) -> Path:
        """Copy the whole database consistently (SQLite's online backup) to ``target``."""
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        raw = self.engine.raw_connection()
        try:
            source = raw.driver_connection
            assert isinstance(source, sqlite3.Connection)
            with sqlite3.connect(target) as dest:
                source.backup(dest)
            dest.close()
        finally:
            raw.close()
        return target

    def close(self) -> None:
        if self.checkpointer is not None:
            self.checkpointer.stop()
        for conn in self._writers:
            try:
                conn.close()
            except (DBAPIError, sqlite3.Error):
                pass
        self._writers.clear()
        self.engine.dispose()
        self.read_engine.dispose()
        held, self.station_lock = self.station_lock, None
        if held is not None:
            held.release()


class _WriteTransaction:
    """The block of :meth:`Store.transaction`. The transaction is the driver's own
    (BEGIN IMMEDIATE ... COMMIT): SQLAlchemy's transaction bookkeeping costs more than a
    scan's statements. SQLAlchemy statements inside the block join it (the begin hook sees
    it is open). A class rather than a generator: every scan enters one."""

    __slots__ = ("store", "scan", "conn", "driver")
    conn: Connection
    driver: sqlite3.Connection

    def __init__(self, store: Store, scan: bool) -> None:
        self.store = store
        self.scan = scan

    def __enter__(self) -> Connection:
        store = self.store
        if self.scan:
            store.gate.enter_scan()
        else:
            store.gate.enter_background()
        try:
            conn = self.conn = store._writer_connection()
            info = conn.info
            info.pop("audit_head_changed", None)
            driver = conn.connection.driver_connection
            assert isinstance(driver, sqlite3.Connection)
            self.driver = driver
            if info.get("synchronous", "FULL") != (wanted := _SYNC[self.scan]):
                driver.execute(f"PRAGMA synchronous={wanted}")
                driver.execute(f"PRAGMA cache_size={_CACHE_KIB[self.scan]}")
                info["synchronous"] = wanted
            driver.execute("BEGIN" if store.read_only else "BEGIN IMMEDIATE")
        except BaseException as exc:
            store.gate.leave()
            if isinstance(exc, sqlite3.Error | DBAPIError):
                raise store_error_from(exc) from exc
            raise
        return conn

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, _tb: Any
    ) -> None:
        try:
            self._finish(kind, error)
        finally:
            self.store.gate.leave()

    def _finish(self, kind: type[BaseException] | None, error: BaseException | None) -> None:
        conn, driver = self.conn, self.driver
        if kind is None:
            try:
                if conn.in_transaction():
                    conn.commit()
                else:
                    driver.execute("COMMIT")
            except BaseException as exc:
                self._undo()
                if isinstance(exc, (DBAPIError, sqlite3.Error)):
                    raise store_error_from(exc) from exc
                raise
            store = self.store
            if store.checkpointer is not None:
                store.checkpointer.committed()
            if conn.info.pop("audit_head_changed", False) and store.audit_anchor is not None:
                store._anchor_head()
            return
        self._undo()
        if isinstance(error, (DBAPIError, sqlite3.Error)):
            raise store_error_from(error) from error

    def _undo(self) -> None:
        conn, driver = self.conn, self.driver
        conn.info.pop("audit_head_changed", None)
        conn.info.pop("outbox_streams", None)  # a stream made in this transaction is gone
        try:
            if conn.in_transaction():
                conn.rollback()
            if driver.in_transaction:
                driver.execute("ROLLBACK")
        except (DBAPIError, sqlite3.Error) as exc:
            raise store_error_from(exc) from exc


_DONE: Any = object()
#: Scans commit with an fsync of the WAL (an acknowledged scan survives a power cut).
#: Background work commits without one: its commits stay atomic and in order, and what a
#: power cut could take back (the newest pulled rows with their cursor, a push position, a
#: label marked printed) is simply done again; the next scan's fsync makes it durable too.
_SYNC = {True: "FULL", False: "NORMAL"}
#: Page cache per write connection, in KiB as SQLite writes it (negative). A scan's is
#: SQLite's default. A background writer's holds the index on a million ledger rows' random
#: movement UUIDs (about 64 MB): with the default, every pulled row read its index page back
#: from the file and pushed another one out to the log mid-slice (a pull of 1,000,000: 20.6 µs
#: a row in SQLite, 16.3 µs with this cache). SQLite fills it only as pages are read, and drops
#: it when another connection (a scan) has committed since. A slice's commit writes the pages
#: it changed, at most about one a row, cache or not.
_CACHE_KIB = {True: -2000, False: -65536}


def _command_line() -> str:
    """What this process is, for the lock's holder record (``station run``)."""
    words = [Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python", *sys.argv[1:2]]
    return " ".join(word for word in words if word and not word.startswith("-"))


def _unhex(text: str | None) -> bytes | None:
    """SQLite's unhex() (3.41+) for older libraries: the bytes of a hex string, else NULL."""
    try:
        return None if text is None else bytes.fromhex(text)
    except (TypeError, ValueError):
        return None


def _install_connection_hooks(
    engine: Engine, read_only: bool, extra: dict[str, Any], begin_sql: str
) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _on_begin)
        if sqlite3.sqlite_version_info < (3, 41):  # the scan_log view needs unhex()
            dbapi_conn.create_function("unhex", 1, _unhex, deterministic=True)
        cur = dbapi_conn.cursor()
        try:
            cur.execute("PRAGMA busy_timeout=5000")
            if not read_only:
                mode = cur.execute("PRAGMA journal_mode=WAL").fetchone()
                if mode is None or str(mode[0]).lower() != "wal":
                    raise StoreError(
                        "store.unavailable", f"The database cannot run in WAL mode ({mode})."
                    )
                cur.execute("PRAGMA wal_autocheckpoint=0")  # see checkpoints.py
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            for name, value in extra.items():
                cur.execute(f"PRAGMA {name}={int(value)}")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        driver = conn.connection.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        if not driver.in_transaction:  # Store.transaction may have begun it already
            driver.execute(begin_sql)
