# SPDX-License-Identifier: Apache-2.0
"""Receiving throughput: scans per second through the engine on a 1,000-line receipt.

A demo store gets 1,000 extra items and one expected receipt with a line of 2 units for each;
a clerk then receives it by scanning every item's EAN twice (2,000 scans), each scan one
engine input with one commit (WAL, ``synchronous=FULL``, no group commit): interpret, find
the item and its tally line, count it, write the outbox events (a scan's is also its
scan-log entry) and the engine state. Raw sqlite3 inserts with the same durability run
before and after, as the disk's baseline. Goal: at least 500 scans/s. ``without_fsync_scans_per_s`` repeats the receipt with
``synchronous=OFF`` (not durable, never how the station runs): the CPU's own ceiling, so a
slow or busy disk can be told apart from slow code.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from datetime import date, datetime
from datetime import time as clock_time
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench.durable_scans import raw_rate
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


def _receive(store: Store) -> tuple[float, list[float], str]:
    engine = Engine(store, SystemClock())
    engine.handle(Scan("$USR-C001"))
    engine.handle(Pin("1111"))
    started = engine.handle(Scan(REFERENCE))
    assert started.message_key == "receiving.started", started.message
    scans = [_ean(n) for n in range(1, LINES + 1) for _ in range(PER_LINE)]
    latencies = []
    start = time.perf_counter()
    for text in scans:
        t0 = time.perf_counter()
        outcome = engine.handle(Scan(text, device_url="bench://"))
        latencies.append(time.perf_counter() - t0)
        assert outcome.committed and outcome.message_key == "receiving.counted", outcome.message
    elapsed = time.perf_counter() - start
    done = engine.handle(Scan("$CMD-DONE"))
    assert done.message_key == "receiving.posted_clean", done.message
    return len(scans) / elapsed, latencies, done.state["summary"]["complete"]


def run() -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="station-bench-receiving-"))
    try:
        store = _prepare(folder)
        raw_before = raw_rate(folder / "raw1.db", 1000)
        rate, latencies, complete = _receive(store)
        store.close()
        raw_after = raw_rate(folder / "raw2.db", 1000)
        unsynced = _prepare(folder, "unsynced.db", durable=False)
        cpu_rate, _, _ = _receive(unsynced)
        unsynced.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    latencies.sort()
    raw = (raw_before + raw_after) / 2
    return {
        "receipt_lines": LINES,
        "scans": len(latencies),
        "lines_complete": complete,
        "receiving_scans_per_s": round(rate, 1),
        "goal_scans_per_s_at_least": 500,
        "raw_sqlite3_inserts_per_s": round(raw, 1),
        "ratio_to_raw": round(rate / raw, 3),
        "without_fsync_scans_per_s": round(cpu_rate, 1),
        "latency_ms_median": round(statistics.median(latencies) * 1000, 3),
        "latency_ms_p99": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 3),
    }
