# SPDX-License-Identifier: Apache-2.0
"""Durable scans per second through the engine versus raw sqlite3 inserts.

Both sides use the same durability: WAL, ``synchronous=FULL``, one commit per acknowledged
scan (no group commit), on the same disk, in the same run. The engine side does what a
lookup scan at the bench does: interpret the scan, find the item and its stock, write the
scan log, the outbox event and the engine state, commit.
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


def _engine_rate(folder: Path, n: int) -> tuple[float, list[float]]:
    store = Store.open(folder / "engine.db", station_id="ST-BENCH")
    seed_demo(store, date.today(), station_timezone())
    engine = Engine(store, SystemClock())
    engine.handle(Scan("$USR-C001"))
    engine.handle(Pin("1111"))
    latencies = []
    start = time.perf_counter()
    for i in range(n):
        t0 = time.perf_counter()
        outcome = engine.handle(Scan(SCANS[i % len(SCANS)], device_url="bench://"))
        latencies.append(time.perf_counter() - t0)
        assert outcome.committed
    elapsed = time.perf_counter() - start
    store.close()
    return n / elapsed, latencies


def _raw_rate(path: Path, n: int) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE scans (id INTEGER PRIMARY KEY, ts TEXT, raw BLOB, text TEXT)")
    start = time.perf_counter()
    for i in range(n):
        conn.execute("BEGIN IMMEDIATE")
        text = SCANS[i % len(SCANS)]
        conn.execute(
            "INSERT INTO scans (ts, raw, text) VALUES (?, ?, ?)", (time.time(), text.encode(), text)
        )
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return n / elapsed


def run(n: int = 1500) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="station-bench-"))
    try:
        # raw before and after the engine, so drift in the disk's speed shows and averages out
        raw_before = _raw_rate(folder / "raw1.db", n)
        engine, latencies = _engine_rate(folder, n)
        raw_after = _raw_rate(folder / "raw2.db", n)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    latencies.sort()
    raw = (raw_before + raw_after) / 2
    return {
        "scans": n,
        "engine_scans_per_s": round(engine, 1),
        "raw_sqlite3_inserts_per_s": round(raw, 1),
        "raw_before_after": [round(raw_before, 1), round(raw_after, 1)],
        "ratio_engine_to_raw": round(engine / raw, 3),
        "goal_ratio_at_least": 0.5,
        "engine_latency_ms_median": round(statistics.median(latencies) * 1000, 3),
        "engine_latency_ms_p99": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 3),
    }
