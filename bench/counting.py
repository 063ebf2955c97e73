# SPDX-License-Identifier: Apache-2.0
"""Counting figures: variance computation for a count of 10,000 lines, and the supervisor's
review list over a ledger of 100,000 movements (goal: under 200 ms each).

Both run on a seeded demo store in a temporary folder. ``variance_pure_ms`` is the computation
alone (station.core.counting.variances.compute_variances); ``close_session_ms`` is what closing
a counted location costs at the station (read the snapshot, the lines and the ledger since the
snapshot, compute, store every variance) in one transaction.
"""

from __future__ import annotations

import random
import shutil
import statistics
import tempfile
import time
import uuid
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from station.core.clock import station_timezone
from station.core.counting.review import review_rows
from station.core.counting.sessions import open_session
from station.core.counting.variances import (
    Counted,
    ItemInfo,
    Moved,
    Tolerance,
    close_session,
    compute_variances,
    ledger_mark,
)
from station.core.demo_seed import seed_demo
from station.core.engine.state import load_settings
from station.core.store.database import Store
from station.core.store.events import driver_connection
from station.core.store.ledger import post_movement

GOAL_MS = 200


def _best_ms(fn: Any, repeat: int = 5) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return round(min(times), 2), round(statistics.median(times), 2)


def _pure(lines: int = 10_000) -> tuple[float, float]:
    rng = random.Random(7)
    items = {i: ItemInfo(Decimal(rng.randint(100, 9999)) / 100, "ABC"[i % 3]) for i in range(2000)}
    book: dict[tuple[int, int | None], Decimal] = {
        (i, lot): Decimal(rng.randint(0, 100)) for i in range(2000) for lot in (1, 2)
    }
    counted = [
        Counted(rng.randrange(2000), rng.choice((1, 2, None)), Decimal(rng.randint(1, 20)), n)
        for n in range(lines)
    ]
    moved = [Moved(n, rng.randrange(2000), 1, Decimal(-1)) for n in range(500)]
    limits = {"A": Tolerance(Decimal(0), Decimal(0)), "B": Tolerance(Decimal(2), Decimal(50))}
    return _best_ms(lambda: compute_variances(book, moved, counted, 10**9, items, limits))


def _close(store: Store, lines: int = 10_000) -> float:
    tz = station_timezone("Asia/Shanghai")
    now = datetime(2026, 11, 24, 10, 0, tzinfo=tz)
    rng = random.Random(3)
    with store.transaction() as conn:
        db = driver_connection(conn)
        loc = db.execute("SELECT id FROM locations WHERE code = 'C-04-2'").fetchone()[0]
        task = db.execute("SELECT id FROM count_tasks ORDER BY id LIMIT 1").fetchone()[0]
        user = db.execute("SELECT id FROM users WHERE badge = 'N001'").fetchone()[0]
        item_ids = [r[0] for r in db.execute("SELECT id FROM items")]
        from station.core.store.events import StationIdentity
        from station.core.store.ledger import Movement

        who = StationIdentity(store.station_id, store.incarnation_id)
        for item in item_ids:
            post_movement(conn, who, Movement("opening", item, loc, Decimal(50)), now)
        session = open_session(
            conn, now, task_id=task, location_id=loc, counter_id=user, device_url="bench://"
        )
        mark = ledger_mark(conn)
        db.executemany(
            "INSERT INTO count_lines (session_id, item_id, lot_id, qty, source, user_id, "
            "device_url, counted_at, ledger_mark, voided) VALUES (?, ?, NULL, ?, 'scan', ?, "
            "'bench://', ?, ?, 0)",
            [
                (session, rng.choice(item_ids), "1", user, now.isoformat(), mark)
                for _ in range(lines)
            ],
        )
    settings = {**load_settings_of(store), "count_auto_approve_within_tolerance": False}
    with store.transaction() as conn:
        t0 = time.perf_counter()
        close_session(conn, now, session, settings, lambda m: 0)
        return round((time.perf_counter() - t0) * 1000, 2)


def load_settings_of(store: Store) -> dict[str, Any]:
    with store.reading() as conn:
        return load_settings(conn)


def _grow_ledger(store: Store, rows: int = 100_000, variances: int = 2_000) -> None:
    rng = random.Random(11)
    with store.transaction() as conn:
        db = driver_connection(conn)
        items = [r[0] for r in db.execute("SELECT id FROM items")]
        locs = [r[0] for r in db.execute("SELECT id FROM locations")]
        have = db.execute("SELECT count(*) FROM movements").fetchone()[0]
        db.executemany(
            "INSERT INTO movements (uuid, kind, item_id, location_id, qty, unit_cost, station_id, "
            "ts, ts_utc, reason, reference) VALUES (?, 'receipt', ?, ?, '1', '1', 'B', "
            "'2026-01-01T00:00:00+08:00', '2025-12-31T16:00:00+00:00', '', '')",
            [(str(uuid.uuid4()), rng.choice(items), rng.choice(locs)) for _ in range(rows - have)],
        )
        session = db.execute("SELECT id, task_id, counter_id FROM count_sessions").fetchone()
        db.executemany(
            "INSERT INTO count_variances (session_id, task_id, location_id, item_id, lot_id, "
            "lots_counted, book_qty, moved_qty, counted_qty, variance_qty, unit_cost, value, "
            "abc_class, within_tolerance, moved_during_count, status, counter_id, recount_of, "
            "created_at, created_utc) VALUES (?, ?, ?, ?, NULL, 1, '10', '0', ?, ?, '2.5', ?, "
            "'B', 0, 0, 'pending', ?, NULL, '2026-11-24T10:00:00+08:00', "
            "'2026-11-24T02:00:00+00:00')",
            [
                (
                    session[0],
                    session[1],
                    rng.choice(locs),
                    rng.choice(items),
                    str(10 + d),
                    str(d),
                    str(Decimal(d) * Decimal("2.5")),
                    session[2],
                )
                for d in (rng.randint(-9, 9) or 1 for _ in range(variances))
            ],
        )


def run() -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="station-bench-count-"))
    try:
        store = Store.open(folder / "count.db", station_id="ST-BENCH")
        seed_demo(store, date(2026, 11, 24), station_timezone("Asia/Shanghai"))
        pure_best, pure_median = _pure()
        close_ms = _close(store)
        _grow_ledger(store)
        with store.reading() as conn:
            ledger = conn.exec_driver_sql("SELECT count(*) FROM movements").scalar()

            def review() -> None:
                rows = review_rows(conn)
                assert rows

            review_best, review_median = _best_ms(review)
            count = len(review_rows(conn))
        store.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "count_lines": 10_000,
        "variance_pure_ms_best": pure_best,
        "variance_pure_ms_median": pure_median,
        "close_session_ms": close_ms,
        "ledger_rows": ledger,
        "pending_variances": count,
        "review_list_ms_best": review_best,
        "review_list_ms_median": review_median,
        "goal_ms_under": GOAL_MS,
    }


if __name__ == "__main__":  # pragma: no cover
    import json

    print(json.dumps(run(), indent=2))
