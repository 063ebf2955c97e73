# SPDX-License-Identifier: Apache-2.0
"""``station import items`` of 100,000 lines against a plain csv + sqlite3 import.

The file has one item per line with a unit EAN-13 and a case GTIN-14 (200,000 barcodes). The
station's side is ``import_file``: read, check every value, write items and GTINs in one
transaction into a store opened once before (its schema already migrated). The baseline reads
the same file with ``csv`` and inserts the same rows into tables of the same shape (unique SKU,
GTIN primary key, item index) with ``executemany`` in one transaction, with the store's
durability (WAL, ``synchronous=FULL``), on the same disk. The two alternate, each on a fresh
database, ``rounds`` times; the ratio is printed as the median and range of the rounds'.
Goal: within 5x. The flush of the disk (one fsync after a 4 KB write) is printed beside them,
and so is the ratio of the two sides' CPU time (``time.process_time``), which a busy machine
disturbs less than the wall clock.
"""

from __future__ import annotations

import csv
import shutil
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.figures import flush_ms, spread
from station.core.demo_seed import gs1_check_digit

ROWS = 100_000
HEADER = ["sku", "name", "unit", "unit_cost", "category", "min_qty", "max_qty"]
HEADER += ["gtin", "case_gtin", "case_qty"]


def write_items(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        for n in range(rows):
            body = f"69{n:010d}"
            ean = body + gs1_check_digit(body)
            case = "1" + ean[:12]
            out.writerow(
                [f"SKU-{n:06d}", f"Item {n}", "EA", f"{n % 997}.{n % 100:02d}", "Spares"]
                + ["5", "100", ean, case + gs1_check_digit(case), "12"]
            )


def _station(folder: Path, source: Path) -> tuple[float, float]:
    from station.core.import_apply import import_file
    from station.core.store.database import Store

    db = folder / "station.db"
    Store.open(db, station_id="ST-BENCH").close()  # migrated before the clock starts
    began, cpu = time.perf_counter(), time.process_time()
    report = import_file(db, "items", source, now=datetime.now(UTC))
    took = time.perf_counter() - began, time.process_time() - cpu
    assert report.created == report.rows, report.lines()
    return took


BASELINE_SCHEMA = """
CREATE TABLE items (id INTEGER PRIMARY KEY, sku TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
  unit TEXT NOT NULL, unit_cost TEXT, category TEXT NOT NULL, min_qty TEXT, max_qty TEXT,
  updated_at TEXT NOT NULL);
CREATE TABLE gtins (gtin TEXT PRIMARY KEY, item_id INTEGER NOT NULL REFERENCES items(id),
  pack_qty TEXT NOT NULL);
CREATE INDEX ix_gtins_item_id ON gtins (item_id);
"""


def _baseline(folder: Path, source: Path) -> tuple[float, float]:
    began, cpu = time.perf_counter(), time.process_time()
    conn = sqlite3.connect(folder / "plain.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.executescript(BASELINE_SCHEMA)
    stamp = datetime.now(UTC).isoformat()
    with source.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT INTO items (id, sku, name, unit, unit_cost, category, min_qty, max_qty,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (n, r["sku"], r["name"], r["unit"], r["unit_cost"], r["category"], r["min_qty"])
            + (r["max_qty"], stamp)
            for n, r in enumerate(rows, start=1)
        ],
    )
    conn.executemany(
        "INSERT INTO gtins (gtin, item_id, pack_qty) VALUES (?, ?, ?)",
        [(r["gtin"], n, "1") for n, r in enumerate(rows, start=1)]
        + [(r["case_gtin"], n, r["case_qty"]) for n, r in enumerate(rows, start=1)],
    )
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - began, time.process_time() - cpu


def run(rows: int = ROWS, rounds: int = 3) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="station-bench-imports-"))
    station_s: list[tuple[float, float]] = []  # (wall, cpu) per round
    plain_s: list[tuple[float, float]] = []
    try:
        source = folder / "items.csv"
        write_items(source, rows)
        flush = flush_ms(folder)
        for n in range(rounds):
            # alternate which side goes first, so neither always meets a warm page cache
            order = [(_station, station_s), (_baseline, plain_s)]
            for side, times in order if n % 2 == 0 else reversed(order):
                work = folder / f"round-{n}-{side.__name__}"
                work.mkdir()
                times.append(side(work, source))
                shutil.rmtree(work)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    ratios = [s[0] / p[0] for s, p in zip(station_s, plain_s, strict=True)]
    cpu_ratios = [s[1] / p[1] for s, p in zip(station_s, plain_s, strict=True)]
    return {
        "rows": rows,
        "rounds": rounds,
        "station_s": spread([s for s, _ in station_s]),
        "plain_csv_sqlite3_s": spread([p for p, _ in plain_s]),
        "ratio": spread(ratios),
        "station_cpu_s": spread([c for _, c in station_s]),
        "plain_cpu_s": spread([c for _, c in plain_s]),
        "cpu_ratio": spread(cpu_ratios),
        "flush_ms": flush,
        "goal": "station import within 5x a plain csv + sqlite3 import",
        "within_goal": statistics.median(ratios) <= 5,
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
