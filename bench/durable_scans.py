# SPDX-License-Identifier: Apache-2.0
"""Durable scans per second through the engine versus raw sqlite3 inserts.

Both sides use the same durability: WAL, ``synchronous=FULL``, one commit per acknowledged
scan (no group commit), on the same disk, in the same run, in alternating blocks, after a
warm-up that brings both WAL files to their steady state. The engine side does what a lookup
scan at the bench does: interpret the scan, find the item and its stock, write its outbox
event (which is also its scan-log entry), save the engine state if it changed, commit.
``block_ratio_median`` is the median of the ratios of single blocks: a WAL checkpoint falls
in some blocks and not others.
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from station.core.clock import SystemClock, station_timezone
from station.core.demo_seed import seed_demo
from station.core.engine.inputs import Pin, Scan
from station.core.engine.session import Engine
from station.core.store.database import Store

SCANS = ("06975123000012", "16975123000019", "$LOC-A-01-1", "06975123000050")


def _engine(folder: Path) -> tuple[Store, Engine]:
    store = Store.open(folder / "engine.db", station_id="ST-BENCH")
    seed_demo(store, date.today(), station_timezone())
    engine = Engine(store, SystemClock())
    engine.handle(Scan("$USR-C001"))
    engine.handle(Pin("1111"))
    return store, engine


def _raw(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE scans (id INTEGER PRIMARY KEY, ts TEXT, raw BLOB, text TEXT)")
    return conn


def _engine_block(engine: Engine, start: int, n: int, latencies: list[float]) -> float:
    began = time.perf_counter()
    for i in range(start, start + n):
        t0 = time.perf_counter()
        outcome = engine.handle(Scan(SCANS[i % len(SCANS)], device_url="bench://"))
        latencies.append(time.perf_counter() - t0)
        assert outcome.committed
    return time.perf_counter() - began


def _raw_block(conn: sqlite3.Connection, start: int, n: int) -> float:
    began = time.perf_counter()
    for i in range(start, start + n):
        conn.execute("BEGIN IMMEDIATE")
        text = SCANS[i % len(SCANS)]
        conn.execute(
            "INSERT INTO scans (ts, raw, text) VALUES (?, ?, ?)", (time.time(), text.encode(), text)
        )
        conn.execute("COMMIT")
    return time.perf_counter() - began


WARM_UP = 1500
"""Commits each side makes before the measured ones. A new WAL file grows with every commit
until the first checkpoint (1,000 pages) and each growing write makes the flush dearer; after
that, commits overwrite the WAL in place. A station spends its day in that steady state, and
the engine's store is already there after the demo seed, so the raw side gets there too
before anything is timed."""


def raw_rate(path: Path, n: int) -> float:
    """Raw sqlite3 durable inserts per second on a new file at ``path``, timed after the
    warm-up (the disk's baseline for other benchmarks)."""
    conn = _raw(path)
    try:
        _raw_block(conn, 0, WARM_UP)
        return n / _raw_block(conn, 0, n)
    finally:
        conn.close()


def run(n: int = 6000, block: int = 100) -> dict[str, Any]:
    """Both sides in alternating blocks of ``block`` commits on the same disk, so a change in
    the disk's flush speed during the run (other work on the machine) hits both alike."""
    folder = Path(tempfile.mkdtemp(prefix="station-bench-"))
    latencies: list[float] = []
    engine_s = raw_s = 0.0
    block_ratios: list[float] = []
    try:
        store, engine = _engine(folder)
        raw = _raw(folder / "raw.db")
        _engine_block(engine, 0, WARM_UP, [])
        _raw_block(raw, 0, WARM_UP)
        for start in range(0, n, block):
            e = _engine_block(engine, start, block, latencies)
            r = _raw_block(raw, start, block)
            engine_s, raw_s = engine_s + e, raw_s + r
            block_ratios.append(r / e)
        # the same work without the flush (not durable, never how the station runs): what
        # each side costs the CPU, so the flush's share can be read off
        unflushed = 2000
        driver = store._writer_connection().connection.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        driver.execute("PRAGMA synchronous=OFF")
        raw.execute("PRAGMA synchronous=OFF")
        engine_cpu_s = _engine_block(engine, 0, unflushed, [])
        raw_cpu_s = _raw_block(raw, 0, unflushed)
        raw.close()
        store.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    engine_rate, raw_rate = n / engine_s, n / raw_s
    latencies.sort()
    block_ratios.sort()
    return {
        "scans": n,
        "engine_scans_per_s": round(engine_rate, 1),
        "raw_sqlite3_inserts_per_s": round(raw_rate, 1),
        "ratio_engine_to_raw": round(engine_rate / raw_rate, 3),
        "block_ratio_median": round(block_ratios[len(block_ratios) // 2], 3),
        "goal_ratio_at_least": 0.5,
        "engine_latency_ms_median": round(statistics.median(latencies) * 1000, 3),
        "engine_latency_ms_p99": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 3),
        "engine_us_per_scan_without_flush": round(engine_cpu_s / unflushed * 1e6, 1),
        "raw_us_per_insert_without_flush": round(raw_cpu_s / unflushed * 1e6, 1),
    }
