# SPDX-License-Identifier: Apache-2.0
"""History import and scheduled jobs: a year of stock movements (about 10,000 lines with U8
headers, GB18030) read and posted in one transaction, and the scheduler's first run over the
demo warehouse.

``read_rows_per_s`` is reading and checking the file (station.core.imports.read_import);
``post_rows_per_s`` is posting the checked lines as movements (ledger, balances, outbox) in
one transaction; ``bare_insert_rows_per_s`` is the baseline: the same number of plain SQLite
inserts of a movement-sized row in one transaction, in the same run, so
``post_vs_bare_insert`` compares across machines. ``jobs_first_run_ms`` is every scheduled job
(stale-stock alerts to tasks, count plan, label retry) on a fresh demo store, with the tasks
it raised.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from station.core.clock import ManualClock
from station.core.demo_seed import seed_demo
from station.core.features import discover_jobs
from station.core.import_apply import apply_batch, import_file
from station.core.imports import read_import
from station.core.jobs import JobHost
from station.core.scheduler.runner import Scheduler
from station.core.store.database import Store

TZ = ZoneInfo("Asia/Shanghai")
ITEMS = 27
HEADER = "单据日期,单据号,单据类型,存货编码,批号,货位,入库数量,出库数量,单价"


def _history(path: Path, today: date) -> int:
    lines = [HEADER]
    for n in range(ITEMS):
        sku = f"B-{n:03d}"
        for k in range(13):
            day = today - timedelta(days=365 - 30 * k)
            lines.append(f"{day},RK{n}{k},采购入库单,{sku},,A-01,1000,,{n + 1}.00")
        for days_ago in range(364, -1, -1):
            day = today - timedelta(days=days_ago)
            lines.append(f"{day},CK{n}{days_ago},材料出库单,{sku},,A-01,,{n % 7 + 1},{n + 1}.00")
    path.write_bytes(("\n".join(lines) + "\n").encode("gb18030"))
    return len(lines) - 1


def _bare_inserts(folder: Path, rows: int) -> float:
    con = sqlite3.connect(folder / "bare.db")
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute(
        "CREATE TABLE m (id INTEGER PRIMARY KEY, uuid TEXT, kind TEXT, item_id INT, "
        "location_id INT, qty TEXT, unit_cost TEXT, ts TEXT, ts_utc TEXT, reason TEXT)"
    )
    t0 = time.perf_counter()
    with con:
        con.executemany(
            "INSERT INTO m (uuid, kind, item_id, location_id, qty, unit_cost, ts, ts_utc, reason)"
            " VALUES (?, 'issue', 1, 1, '-3', '2.00', ?, ?, 'imported history')",
            ((f"u{i}", f"t{i}", f"t{i}") for i in range(rows)),
        )
    elapsed = time.perf_counter() - t0
    con.close()
    return rows / elapsed


def _import(folder: Path, today: date) -> dict[str, Any]:
    db = folder / "site.db"
    items = folder / "items.csv"
    items.write_text(
        "sku,name,unit_cost\n" + "".join(f"B-{n:03d},Item {n},{n + 1}\n" for n in range(ITEMS)),
        encoding="utf-8",
    )
    locations = folder / "locations.csv"
    locations.write_text("code\nA-01\n", encoding="utf-8")
    import_file(db, "items", items)
    import_file(db, "locations", locations)
    history = folder / "history.csv"
    rows = _history(history, today)
    t0 = time.perf_counter()
    batch = read_import("movements", history)
    read_s = time.perf_counter() - t0
    store = Store.open(db)
    try:
        t0 = time.perf_counter()
        apply_batch(store, batch, datetime.now(TZ))
        post_s = time.perf_counter() - t0
    finally:
        store.close()
    post_rate = rows / post_s
    bare = _bare_inserts(folder, rows)
    return {
        "history_rows": rows,
        "read_rows_per_s": round(rows / read_s),
        "post_rows_per_s": round(post_rate),
        "bare_insert_rows_per_s": round(bare),
        "post_vs_bare_insert": round(bare / post_rate, 1),
    }


def _jobs(folder: Path) -> dict[str, Any]:
    store = Store.open(folder / "demo.db", station_id="ST-BENCH")
    try:
        seed_demo(store, date(2026, 11, 24), TZ)
        clock = ManualClock(datetime(2026, 11, 24, 9, 30, tzinfo=TZ), TZ)
        jobs = discover_jobs(JobHost(store, clock, {}, in_place=True))
        settings = {
            "jobs_alerts_interval_min": 60,
            "jobs_count_plan_interval_min": 60,
            "jobs_print_retry_interval_s": 30,
        }
        scheduler = Scheduler(store, clock, jobs, settings)
        t0 = time.perf_counter()
        runs = scheduler.run_due()
        elapsed = (time.perf_counter() - t0) * 1000
    finally:
        store.close()
    return {
        "jobs_first_run_ms": round(elapsed, 1),
        "jobs_ok": all(r.ok for r in runs),
        "jobs_results": {r.job: r.message_en for r in runs},
    }


def run() -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="station-bench-history-"))
    try:
        return {**_import(folder, date.today()), **_jobs(folder)}
    finally:
        shutil.rmtree(folder, ignore_errors=True)
