# SPDX-License-Identifier: Apache-2.0
"""One sync round, and the background service that runs rounds every N seconds or on demand.

A round: check the protocol window, measure the clock skew, check and report the audit head,
push the outbox, send the PINs set here (:mod:`sync.badges`), pull master data, pull other stations' movements, record the status. Any
failure ends the round with a :class:`~sync.protocol.SyncResult` saying why (``ok=False``);
nothing is marked sent that central did not commit, and the next round resumes.

Threads: :class:`SyncService` runs rounds on its own daemon thread, never on the UI thread;
``on_result`` is called on that thread (a UI must hop to its own thread to render it).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime

import psycopg
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DBAPIError, OperationalError

from station.core.store.database import Store

from . import local_state
from .audit_head import check_and_report
from .badges import push_pins
from .central_epoch import follow_epoch, live_cluster
from .central_link import ANSWER_TIMEOUT_S, open_central
from .central_schema import central_meta
from .heal import open_parked_count, settle
from .protocol import (
    PROTOCOL_VERSION,
    CentralUnreachable,
    SyncError,
    SyncResult,
    VersionRefused,
)
from .pull import pull_master, pull_movements
from .push import push

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
SKEW_ALARM_S = 60.0
_FAILURES: tuple[type[BaseException], ...] = (DBAPIError, OSError, psycopg.Error, sqlite3.Error)


def _no_progress(_stage: str, _done: int, _total: int) -> None:
    return None


def _utcnow() -> datetime:
    return datetime.now(UTC)


def check_version(central_engine: Engine) -> tuple[bool, dict[str, str], str | None]:
    """(may pull, central_meta, the server central runs on) in one visit: may pull is True
    when this station may pull too, False when it may only push (inside the window).
    Raises VersionRefused beyond the window, SyncError when central is not set up."""
    with central_engine.connect() as conn:
        try:
            meta = dict(conn.execute(select(central_meta.c.key, central_meta.c.value)).all())
        except DBAPIError as exc:
            if isinstance(exc, OperationalError):
                raise
            raise SyncError(
                "not_central", "the central database is not set up (run `station central init`)"
            ) from None
        may_pull = _window(meta)
        cluster = live_cluster(conn)
        conn.rollback()
    return may_pull, meta, cluster


def _window(meta: dict[str, str]) -> bool:
    central_version = int(meta.get("protocol_version", "0"))
    oldest_push = int(meta.get("oldest_push_protocol", "0"))
    oldest_pull = int(meta.get("oldest_pull_protocol", "0"))
    if PROTOCOL_VERSION > central_version:
        raise VersionRefused(
            f"central speaks sync protocol {central_version}, this station {PROTOCOL_VERSION}: "
            "upgrade central (`station central init`); the station's events are kept"
        )
    if PROTOCOL_VERSION < oldest_push:
        raise VersionRefused(
            f"central no longer accepts sync protocol {PROTOCOL_VERSION} (oldest accepted: "
            f"{oldest_push}): upgrade this station; its unsent events are kept"
        )
    return PROTOCOL_VERSION >= oldest_pull


def _clock_and_audit(
    store: Store, central_engine: Engine, now: datetime
) -> tuple[float, str | None]:
    with store.reading() as local, central_engine.begin() as central:
        if central.dialect.name == "postgresql":
            central_now = central.execute(text("SELECT now()")).scalar_one()
        else:  # a SQLite central has no clock of its own: no skew to measure
            central_now = now
        alarm = check_and_report(
            local, central, store.station_id, store.incarnation_id, now.isoformat()
        )
    skew = (now - central_now).total_seconds()
    return skew, alarm


def sync_once(
    store: Store,
    central_engine: Engine,
    progress: Progress = _no_progress,
    *,
    now: Callable[[], datetime] = _utcnow,
    push_batch: int | None = None,
) -> SyncResult:
    """Run one round; never raises for central trouble (see ``SyncResult.ok``/``reason``)."""
    result = SyncResult()
    try:
        _round(store, central_engine, progress, now, push_batch, result)
        result.ok = True
    except SyncError as exc:
        result.error, result.reason = str(exc), exc.reason
    except _FAILURES as exc:
        failure = classify(exc)
        result.error, result.reason = str(failure), failure.reason
    except Exception as exc:  # noqa: BLE001 - a round never takes the sync thread down
        log.exception("sync round failed")
        result.error = (
            f"sync stopped by an unexpected error ({type(exc).__name__}: {exc}); retrying"
        )
        result.reason = "internal"
    with store.reading() as conn:
        result.waiting = local_state.waiting_count(conn, store.station_id)
        result.alarms = [kind for kind, _key, _detail in local_state.open_alarms(conn)]
        result.parked_open = open_parked_count(conn)
    result.finished_at = now()
    status = {"last_attempt_at": result.finished_at.isoformat(), "last_error": result.error}
    if result.ok:
        status["last_sync_at"] = result.finished_at.isoformat()
    if result.clock_skew_seconds is not None:
        status["clock_skew_seconds"] = f"{result.clock_skew_seconds:.1f}"
    with store.background_transaction() as conn:
        local_state.set_status(conn, status)
    return result


def classify(exc: BaseException) -> SyncError:
    """A database or socket error as a SyncError: ``unreachable`` when the link or server is
    down, ``refused`` when central answered with an error (a privilege, a constraint)."""
    cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    down = isinstance(cause, OSError | psycopg.OperationalError) or (
        isinstance(exc, DBAPIError) and exc.connection_invalidated
    )
    if down or isinstance(exc, OperationalError) and not isinstance(cause, psycopg.Error):
        return CentralUnreachable(f"central cannot be reached: {_first_line(cause)}")
    return SyncError("refused", f"central refused the sync: {_first_line(cause)}")


def _first_line(exc: BaseException) -> str:
    text_ = str(getattr(exc, "orig", None) or exc).strip()
    return text_.splitlines()[0] if text_ else type(exc).__name__


def _round(
    store: Store,
    central_engine: Engine,
    progress: Progress,
    now: Callable[[], datetime],
    push_batch: int | None,
    result: SyncResult,
) -> None:
    progress("connect", 0, 0)
    may_pull, meta, cluster = check_version(central_engine)
    result.push_only = not may_pull
    when = now()
    follow_epoch(store, meta, cluster, when)
    skew, audit_alarm = _clock_and_audit(store, central_engine, when)
    result.clock_skew_seconds = skew
    with store.background_transaction() as conn:
        if abs(skew) > SKEW_ALARM_S:
            local_state.raise_alarm(
                conn, f"sync.clock_skew:{when.date()}", "sync.clock_skew", {"seconds": skew}, when
            )
        if audit_alarm:
            local_state.raise_alarm(
                conn,
                f"{audit_alarm}:{store.incarnation_id}",
                audit_alarm,
                {"station": store.station_id},
                when,
            )
    kwargs = {"batch_size": push_batch} if push_batch else {}
    pushed = push(store, central_engine, now, progress, **kwargs)
    result.pushed, result.already_there, result.parked = (
        pushed.pushed,
        pushed.already_there,
        pushed.parked,
    )
    if pushed.lacking or pushed.rewound:
        with store.background_transaction() as conn:
            for inc, count in pushed.lacking.items():
                local_state.raise_alarm(
                    conn,
                    f"store.restored:{inc}",
                    "store.restored",
                    {"incarnation": inc, "central_holds_more": count},
                    when,
                )
            for inc in pushed.rewound:
                local_state.raise_alarm(
                    conn, f"central.behind:{inc}", "central.behind", {"incarnation": inc}, when
                )
    healed = settle(store, central_engine, when, pushed.lacking)
    if healed.new_incarnation is not None:
        result.copied_back = True
        if healed.resent:  # the events written again under the new incarnation go now
            again = push(store, central_engine, now, progress, **kwargs)
            result.pushed += again.pushed
            result.already_there += again.already_there
            result.parked += again.parked
    result.pins_sent, result.pins_refused = push_pins(store, central_engine, now)
    if may_pull:
        result.pulled_changes = pull_master(store, central_engine, now, progress)
        pulled = pull_movements(store, central_engine, now, progress)
        result.pulled_movements = pulled.movements


class SyncService:
    """Runs :func:`sync_once` on a background thread every ``interval_s`` and on demand
    (``interval_s`` None: only on demand, as the station's scheduler asks for rounds).

    ``url`` and ``password`` open central (see :mod:`sync.central_link`), every call bounded
    by ``timeout_s``; ``on_result`` gets each round's :class:`SyncResult` on the sync thread.
    The thread never dies of a round: whatever a round raises is logged and shown as that
    round's error, and the next round runs. :meth:`stop` waits for the round in progress
    (bounded by the timeouts).
    """

    def __init__(
        self,
        store: Store,
        url: str,
        password: str | None = None,
        *,
        interval_s: float | None = 60.0,
        on_result: Callable[[SyncResult], None] | None = None,
        timeout_s: float = ANSWER_TIMEOUT_S,
    ) -> None:
        self.store = store
        self.url = url
        self.engine = open_central(url, password, timeout_s=timeout_s)
        self.interval_s = interval_s
        self.on_result = on_result
        self.last_result: SyncResult | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self, progress_cb: Progress = _no_progress) -> SyncResult:
        """One round on the calling thread."""
        result = sync_once(self.store, self.engine, progress_cb)
        self.last_result = result
        self._show(result)
        return result

    def _show(self, result: SyncResult) -> None:
        if self.on_result is None:
            return
        try:
            self.on_result(result)
        except Exception:  # noqa: BLE001 - a failing display must not stop sync
            log.exception("showing the sync result failed")

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="station-sync", daemon=True)
            self._thread.start()

    def sync_now(self) -> None:
        """Ask for a round as soon as the current one (if any) ends."""
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self.engine.dispose()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception as exc:  # noqa: BLE001 - the thread outlives any round
                log.exception("sync round failed")
                failed = SyncResult(error=f"sync stopped by an unexpected error ({exc}); retrying")
                failed.reason, failed.finished_at = "internal", _utcnow()
                self.last_result = failed
                self._show(failed)
            self._wake.wait(self.interval_s)
            self._wake.clear()
