# SPDX-License-Identifier: Apache-2.0
"""Scans first: background writers yield to a waiting scan between slices, each slice commits
its own progress, and an engine write on the wrong thread fails (as the whole suite checks)."""

from __future__ import annotations

import sqlite3
import threading
import time
from typing import Any

import pytest
from sqlalchemy import Connection, text

from station.core.engine.inputs import Scan
from station.core.engine.session import Engine
from station.core.store.database import CATCH_UP_EVERY, Store
from station.core.store.write_gate import WrongWriterThread


def _table(store: Store) -> None:
    with store.transaction() as conn:
        conn.execute(text("CREATE TABLE bench_rows (n INTEGER, cursor INTEGER)"))


def _until(check: Any) -> None:
    deadline = time.monotonic() + 30
    while not check():
        assert time.monotonic() < deadline
        time.sleep(0.001)


def test_a_waiting_scan_gets_in_between_two_units_of_background_work(store: Store) -> None:
    _table(store)
    order: list[str] = []
    cursors: list[int] = []
    scan_thread: list[threading.Thread] = []

    def scan() -> None:
        store.gate.bind_scan_thread()
        with store.transaction() as conn:
            order.append("scan")
            conn.execute(text("INSERT INTO bench_rows VALUES (-1, NULL)"))

    def apply(conn: Connection, n: int) -> None:
        order.append(f"unit {n}")
        conn.execute(text("INSERT INTO bench_rows VALUES (:n, NULL)"), {"n": n})
        if n == 10:  # a scan arrives while the slice holds the writer
            scan_thread.append(threading.Thread(target=scan, name="station-store"))
            scan_thread[0].start()
            _until(store.gate.scan_waiting)

    def close_slice(conn: Connection, last: int) -> None:
        cursors.append(last)
        conn.execute(text("UPDATE bench_rows SET cursor = :c WHERE n = :c"), {"c": last})

    slices = store.write_in_slices(range(30), apply, close_slice=close_slice, budget_s=60.0)
    scan_thread[0].join()
    assert order.index("scan") == order.index("unit 10") + 1  # before unit 11: scans first
    assert slices == 2 and cursors == [10, 29]  # the slice ended for it, cursor and all
    with store.reading() as conn:
        rows = conn.execute(text("SELECT count(*), count(cursor) FROM bench_rows")).one()
    assert tuple(rows) == (31, 2)


def test_a_failed_slice_leaves_the_earlier_slices_and_their_cursor(store: Store) -> None:
    _table(store)

    def apply(conn: Connection, n: int) -> None:
        if n == 7:
            raise RuntimeError("central went away")
        conn.execute(text("INSERT INTO bench_rows VALUES (:n, NULL)"), {"n": n})

    def close_slice(conn: Connection, last: int) -> None:
        conn.execute(text("UPDATE bench_rows SET cursor = :c WHERE n = :c"), {"c": last})

    with pytest.raises(RuntimeError):
        store.write_in_slices(range(10), apply, close_slice=close_slice, budget_s=0.0)
    with store.reading() as conn:
        kept = conn.execute(text("SELECT n FROM bench_rows ORDER BY n")).scalars().all()
        cursor = conn.execute(text("SELECT max(cursor) FROM bench_rows")).scalar()
    assert kept == [0, 1, 2, 3, 4, 5, 6] and cursor == 6


def test_a_long_background_write_keeps_the_log_short(store: Store) -> None:
    _table(store)

    def apply(conn: Connection, n: int) -> None:  # a new page of the table every unit
        conn.execute(text("INSERT INTO bench_rows VALUES (:n, zeroblob(3500))"), {"n": n})
        conn.execute(text("UPDATE bench_rows SET cursor = :n WHERE n = 0"), {"n": n})

    units = 8 * CATCH_UP_EVERY
    store.write_in_slices(range(units), apply, budget_s=0.0)  # a slice per unit
    with store.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM bench_rows")).scalar() == units
    probe = sqlite3.connect(store.path)
    try:
        ((_busy, frames, _copied),) = probe.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
    finally:
        probe.close()
    # Without catching up the log holds every slice's pages (three or more per slice); with
    # it, the log starts again at its beginning after each catch-up.
    assert frames < units


def test_an_engine_write_on_another_thread_fails_while_background_writes_pass(
    engine: Engine,
) -> None:
    store = engine.store
    assert engine.handle(Scan("06975123000012")).committed  # the store thread is this one
    failures: list[BaseException] = []

    def plain_write() -> None:
        try:
            with store.transaction() as conn:
                conn.execute(text("SELECT 1"))
        except BaseException as exc:
            failures.append(exc)

    def background_write() -> None:
        with store.background_transaction() as conn:
            conn.execute(text("SELECT 1"))

    for target in (plain_write, background_write):
        worker = threading.Thread(target=target, name="station-sync")
        worker.start()
        worker.join()
    assert len(failures) == 1 and isinstance(failures[0], WrongWriterThread)
    assert "'station-sync'" in str(failures[0])
    assert engine.handle(Scan("06975123000012")).committed  # and the gate is free
