# SPDX-License-Identifier: Apache-2.0
"""WAL checkpoints off the scan path.

SQLite copies the write-ahead log back into the database (a checkpoint) by itself on the
commit that takes the log past 1,000 pages; that commit then waits for the copy and an fsync
of the whole database file, which on a busy store is a scan waiting hundreds of
milliseconds. The station's write connections turn that off (``wal_autocheckpoint=0``) and
this checkpointer does the copy instead, on its own thread and connection, in passive mode:
it never blocks a writer, and a scan committing meanwhile only appends to the log.

Every :data:`CHECK_EVERY` commits the log's size is looked at (one ``stat``); past
:data:`WAL_PAGES` pages the checkpointer is woken.

A passive checkpoint never finishes while a writer keeps appending, and SQLite starts the log
afresh only after one finished: during a long background write (a pull of a million
movements) the log grew past 1.7 GB, and every page read searched an index of all its
frames. Such a writer calls :meth:`WalCheckpointer.catch_up` between two of its transactions,
holding no lock, so the copy finishes and the next commit starts the log at its beginning.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from pathlib import Path

log = logging.getLogger(__name__)

CHECK_EVERY = 32
WAL_PAGES = 1000
PAGE_BYTES = 4096


class WalCheckpointer:
    """Checkpoints one database's WAL on a daemon thread, started when first needed."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.wal = db.with_name(db.name + "-wal")
        self.checkpoints = 0
        self._commits = 0
        self._wake = threading.Event()
        self._caught_up = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._guard = threading.Lock()

    def committed(self) -> None:
        """Called after each commit (any thread); cheap unless the log has grown."""
        self._commits += 1
        if self._commits % CHECK_EVERY:
            return
        try:
            size = os.stat(self.wal).st_size
        except OSError:
            return
        if size > WAL_PAGES * PAGE_BYTES:
            self._start()
            self._wake.set()

    def _start(self) -> None:
        with self._guard:
            if self._thread is None and not self._stop.is_set():
                self._thread = threading.Thread(
                    target=self._run, name="store-checkpoint", daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        conn = sqlite3.connect(self.db, isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA busy_timeout=0")
            conn.execute("PRAGMA synchronous=FULL")
            while True:
                self._wake.wait()
                self._wake.clear()
                if self._stop.is_set():
                    return
                try:
                    ((_busy, frames, copied),) = conn.execute(
                        "PRAGMA wal_checkpoint(PASSIVE)"
                    ).fetchall()
                    self.checkpoints += 1
                    if frames == copied:
                        self._caught_up.set()
                except sqlite3.Error as exc:  # busy or gone: the next wake tries again
                    log.debug("checkpoint skipped: %s", exc)
        finally:
            conn.close()

    def catch_up(self, timeout_s: float) -> bool:
        """Wake the checkpointer and wait (at most ``timeout_s``) until it has copied the whole
        log back. For a background writer between two transactions; True when it did."""
        self._caught_up.clear()
        self._start()
        self._wake.set()
        return self._caught_up.wait(timeout_s)

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        with self._guard:
            thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout=30)
