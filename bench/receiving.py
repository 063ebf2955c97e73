# SPDX-License-Identifier: Apache-2.0
"""Receiving: the CPU a scan costs through the engine on a 1,000-line receipt, against a raw insert.

A demo store gets 1,000 extra items and one expected receipt with a line of 2 units for each;
a clerk then receives it by scanning every item's EAN twice (2,000 scans), each scan one
engine input with one commit (WAL, ``synchronous=FULL``, no group commit): interpret, find
the item and its tally line, count it, write the outbox events (a scan's is also its
scan-log entry) and the engine state. The baseline is one raw sqlite3 insert and commit with
the same durability on the same disk. The two alternate in blocks of 100 (which goes first
alternates too), so a change in the machine's load or the disk's speed hits both alike; each
block gives CPU per scan (``time.process_time``) and wall time, printed as the median and
range of the blocks, with the disk's flush cost beside them. Goal: at least 500 scans/s.
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import tempfile
import time
from datetime import date, datetime
from datetime import time as clock_time
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench.durable_scans import WARM_UP, _raw, _raw_block
from bench.figures import flush_ms, spread
from station.core.clock import SystemClock, station_timezone
from station.core.demo_seed import gs1_check_digit, seed_demo
from station.core.engine.inputs import Pin, Scan
from station.core.engine.session import Engine
from station.core.master_data import ItemData, OrderLine, upsert_expected_receipt, upsert_item
from station.core.store.database import Store

LINES = 1000
PER_LINE = 2
REFERENCE = "PO-BENCH-1000"


def _ean(n: int) -> str:
    body = f"697599{n:06d}"
    return body + gs1_check_digit(body)


def _prepare(folder: Path, name: str = "receiving.db", durable: bool = True) -> Store:
    pragmas = None if durable else {"synchronous": 0}
    store = Store.open(folder / name, station_id="ST-BENCH", extra_pragmas=pragmas)
    tz = station_timezone()
    seed_demo(store, date.today(), tz)
    stamp = datetime.combine(date.today(), clock_time(8, 0), tzinfo=tz)
    with store.transaction() as conn:
        lines = []
        for n in range(1, LINES + 1):
            item_id, _ = upsert_item(
                conn,
                ItemData(
                    sku=f"BENCH-{n:04d}",
                    name=f"Bench item {n}",
                    gtins=(("0" + _ean(n), Decimal(1)),),
                ),
                stamp,
            )
            lines.append(OrderLine(line_no=n, item_id=item_id, qty=Decimal(PER_LINE)))
        upsert_expected_receipt(conn, REFERENCE, "Bench Supplier", date.today(), lines, stamp)
    return store


def _start(store: Store) -> Engine:
    engine = Engine(store, SystemClock())
    engine.handle(Scan("$USR-C001"))
    engine.handle(Pin("1111"))
    started = engine.handle(Scan(REFERENCE))
    assert started.message_key == "receiving.started", started.message
    return engine


def _engine_block(engine: Engine, scans: list[str], latencies: list[float]) -> tuple[float, float]:
    """(CPU s, wall s) for ``scans`` through the engine."""
    cpu, wall = time.process_time(), time.perf_counter()
    for text in scans:
        t0 = time.perf_counter()
        outcome = engine.handle(Scan(text, device_url="bench://"))
        latencies.append(time.perf_counter() - t0)
        assert outcome.committed and outcome.message_key == "receiving.counted", outcome.message
    return time.process_time() - cpu, time.perf_counter() - wall


def _raw_side(conn: sqlite3.Connection, start: int, n: int) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    _raw_block(conn, start, n)
    return time.process_time() - cpu, time.perf_counter() - wall


def run(block: int = 100) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="station-bench-receiving-"))
    scans = [_ean(n) for n in range(1, LINES + 1) for _ in range(PER_LINE)]
    latencies: list[float] = []
    station: list[tuple[float, float]] = []
    raw: list[tuple[float, float]] = []
    try:
        flush = flush_ms(folder)
        store = _prepare(folder)
        engine = _start(store)
        conn = _raw(folder / "raw.db")
        _raw_block(conn, 0, WARM_UP)
        for n, start in enumerate(range(0, len(scans), block)):
            chunk = scans[start : start + block]
            if n % 2:
                raw.append(_raw_side(conn, start, len(chunk)))
            station.append(_engine_block(engine, chunk, latencies))
            if not n % 2:
                raw.append(_raw_side(conn, start, len(chunk)))
        done = engine.handle(Scan("$CMD-DONE"))
        assert done.message_key == "receiving.posted_clean", done.message
        complete = done.state["summary"]["complete"]
        conn.close()
        store.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    latencies.sort()
    sizes = [len(scans[s : s + block]) for s in range(0, len(scans), block)]
    us = 1e6
    station_cpu = [c / k * us for (c, _), k in zip(station, sizes, strict=True)]
    raw_cpu = [c / k * us for (c, _), k in zip(raw, sizes, strict=True)]
    station_rate = [k / w for (_, w), k in zip(station, sizes, strict=True)]
    raw_rate_ = [k / w for (_, w), k in zip(raw, sizes, strict=True)]
    return {
        "receipt_lines": LINES,
        "scans": len(latencies),
        "lines_complete": complete,
        "blocks": len(sizes),
        "receiving_cpu_us_per_scan": spread(station_cpu, 1),
        "raw_insert_cpu_us": spread(raw_cpu, 1),
        "cpu_ratio": spread([s / r for s, r in zip(station_cpu, raw_cpu, strict=True)], 2),
        "receiving_scans_per_s": spread(station_rate, 1),
        "raw_sqlite3_inserts_per_s": spread(raw_rate_, 1),
        "flush_ms": flush,
        "goal_scans_per_s_at_least": 500,
        "latency_ms_median": round(statistics.median(latencies) * 1000, 3),
        "latency_ms_p99": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 3),
    }
