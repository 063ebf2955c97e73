# SPDX-License-Identifier: Apache-2.0
"""Scans first: who writes the store next, and background work cut into short slices.

SQLite has one writer at a time. Left to itself, a scan that arrives while sync holds the
write lock for a 5,000-movement transaction waits for all of it (and SQLite's busy handler
then sleeps in growing steps), so a clerk feels a second. Instead every write in the
process passes this gate:

* the engine's transactions (:meth:`Store.transaction`, one per input) go first: a waiting
  scan is let in as soon as the current writer leaves, ahead of any background writer;
* background writers (sync pull and push, the print queue, raising report tasks) use
  :meth:`Store.background_transaction` for one short write, or :meth:`Store.write_in_slices`
  for a long one: it commits a slice as soon as a scan is waiting (checked after every unit of
  work, a run of 50 pulled movements) or when :data:`SLICE_BUDGET_S` has passed, and carries
  on in a new slice after the scan. Each slice commits its own progress (a sync cursor, say)
  with its rows, so a crash between slices loses nothing and repeats nothing.

Other processes never write beside a station (:mod:`.station_lock`), so the gate is all the
arbitration the store needs.

Which thread writes is checked too: the engine's writes must stay on the one thread the
engine runs on (the store thread). With ``STATION_CHECK_WRITER_THREADS=1`` (the test suite
sets it) an engine-kind write on another thread raises :class:`WrongWriterThread`, so a
background job that writes with a plain transaction fails its tests instead of queueing
scans behind it.
"""

from __future__ import annotations

import os
import threading

#: the longest a background slice keeps the write lock before it commits (seconds) while no
#: scan waits (a waiting scan ends it after the current unit). Longer slices commit more rows
#: at once: a pulled movement's random-UUID index page is then written to the log once for
#: several of its rows (20 ms slices cost a pull of 300,000 movements about 30% more).
SLICE_BUDGET_S = 0.1


class WrongWriterThread(AssertionError):
    """An engine write on a thread other than the store thread (checked in tests)."""


def checking_threads() -> bool:
    return os.environ.get("STATION_CHECK_WRITER_THREADS", "") not in ("", "0")


class WriteGate:
    """Orders the process's writers: scans before background work. Re-entrant per thread."""

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._holder: int | None = None
        self._depth = 0
        self._scans_waiting = 0
        self._scan_holds = False
        self.check_threads = checking_threads()
        self.scan_thread: int | None = None
        self.scan_thread_name = ""

    # -- scans -----------------------------------------------------------------------------
    def bind_scan_thread(self) -> None:
        """Make the calling thread the store thread (the engine calls this per input)."""
        me = threading.get_ident()
        if self.scan_thread != me:
            self.scan_thread, self.scan_thread_name = me, threading.current_thread().name

    def enter_scan(self) -> None:
        me = threading.get_ident()
        if self.check_threads and self.scan_thread is not None and self.scan_thread != me:
            raise WrongWriterThread(
                f"an engine write on thread {threading.current_thread().name!r}; the store "
                f"thread is {self.scan_thread_name!r}: background work must use "
                "Store.background_transaction or Store.write_in_slices"
            )
        with self._cond:
            if self._holder == me:
                self._depth += 1
                return
            self._scans_waiting += 1
            try:
                while self._holder is not None:
                    self._cond.wait()
            finally:
                self._scans_waiting -= 1
            self._holder, self._depth, self._scan_holds = me, 1, True

    # -- background ------------------------------------------------------------------------
    def enter_background(self) -> None:
        me = threading.get_ident()
        with self._cond:
            if self._holder == me:
                self._depth += 1
                return
            while self._holder is not None or self._scans_waiting:
                self._cond.wait()
            self._holder, self._depth, self._scan_holds = me, 1, False

    def wait_for_scans(self) -> None:
        """For background work between two steps done outside a transaction (parsing what
        central sent, rendering a label): while a scan writes or waits to, wait. The scan
        then has the interpreter to itself instead of sharing it with this thread."""
        if not self._scans_waiting and not self._scan_holds:
            return
        with self._cond:
            while self._scans_waiting or self._scan_holds:
                self._cond.wait(timeout=0.5)

    def scan_waiting(self) -> bool:
        """True when a scan waits for the writer to leave (a slice should end now)."""
        return self._scans_waiting > 0

    def leave(self) -> None:
        with self._cond:
            self._depth -= 1
            if self._depth == 0:
                self._holder, self._scan_holds = None, False
                self._cond.notify_all()
