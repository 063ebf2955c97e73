# SPDX-License-Identifier: Apache-2.0
"""The aging report over 1,000,000 ledger rows and 100,000 lots, against a hand-written GROUP BY.

A store gets 2,000 items, 400 locations and 100,000 lots, each lot one receipt and nine
issues (1,000,000 movements) spread over two years, with the balances they add up to,
written straight with sqlite3 (the ledger's own writer would take minutes). Two reports:

* today: snapshot + aging as of today (read from the balances, as the station does every
  time: no movement is dated after today);
* past: the same a year ago, rebuilt from the ledger (every movement up to then).

The station's side is :func:`station.core.stale_stock.aging_sql.aging_totals`: the report's
figures (bucket totals, value by category and by zone, the stale value), exact, summed by
SQL; each position's line is presentation and not timed here.
Each is timed beside its baseline, one hand-written SQL GROUP BY over the same tables that
gives the same bucket totals (quantity and value per aging bucket, the lot's receipt date
against the as-of day): from ``balances`` joined to ``lots`` today, from ``movements`` up to
the day's end joined to ``lots`` for the past date. The two sides alternate, ``rounds``
times, and each ratio is printed as the median and range of the rounds'. Goal: within 3x.
SQLite runs in this process, so its sides are timed in CPU time (``time.process_time``:
on a shared machine other programs' load does not reach it); PostgreSQL's work is done by
its server, so those sides are timed by the wall clock.
``postgres_*``: the same on a throwaway PostgreSQL cluster with the same rows, when
PostgreSQL's server programs are installed (``postgres: "not installed"`` otherwise).
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, create_engine, text

from bench.figures import spread
from station.core.stale_stock.aging_sql import aging_totals
from station.core.stale_stock.config import StaleSettings
from station.core.stale_stock.positions import day_end_utc
from station.core.store import schema
from station.core.store.database import Store

ITEMS, LOCATIONS, LOTS, ISSUES_PER_LOT = 2_000, 400, 100_000, 9
TODAY = date(2026, 11, 24)
SETTINGS = StaleSettings(tz=UTC)


def _rows(rng: random.Random) -> Iterator[tuple[Any, ...]]:
    """Movements: (uuid, kind, item, lot, location, qty, cost, ts, ts_utc), per lot."""
    for lot in range(1, LOTS + 1):
        item = (lot - 1) % ITEMS + 1
        loc = rng.randint(1, LOCATIONS)
        received = TODAY - timedelta(days=rng.randint(0, 730))
        cost = f"{item % 97 + 1}.{item % 100:02d}"
        stamp = datetime(received.year, received.month, received.day, 8, tzinfo=UTC)
        yield (str(uuid.uuid4()), "receipt", item, lot, loc, "1000", cost, stamp)
        span = max((TODAY - received).days, 1)
        for k in range(ISSUES_PER_LOT):
            when = stamp + timedelta(days=rng.randint(0, span), minutes=k)
            when = min(when, datetime(TODAY.year, TODAY.month, TODAY.day, 20, tzinfo=UTC))
            qty = f"-{rng.randint(1, 60)}"
            yield (str(uuid.uuid4()), "issue", item, lot, loc, qty, cost, when)


def build(path: Path) -> dict[str, Any]:
    """Create the bench store at ``path``; returns its counts and the build time."""
    t0 = time.perf_counter()
    Store.open(path, station_id="ST-BENCH").close()
    rng = random.Random(20261124)
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous=OFF")
    stamp = "2026-01-01T00:00:00+00:00"
    db.executemany(
        "INSERT INTO items (id, sku, name, unit_cost, category, owner, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                i,
                f"SKU-{i:05d}",
                f"Item {i}",
                f"{i % 97 + 1}.{i % 100:02d}",
                f"CAT{i % 12}",
                f"owner{i % 7}",
                stamp,
            )
            for i in range(1, ITEMS + 1)
        ],  # fmt: skip
    )
    db.executemany(
        "INSERT INTO locations (id, code, zone, warehouse) VALUES (?, ?, ?, ?)",
        [(i, f"L-{i:04d}", "AB"[i % 2], "WH1") for i in range(1, LOCATIONS + 1)],
    )
    balances: dict[int, list[Any]] = {}
    lots: list[tuple[Any, ...]] = []
    batch: list[tuple[Any, ...]] = []
    movement_id = 0

    def flush() -> None:
        db.executemany(
            "INSERT INTO movements (id, uuid, kind, item_id, lot_id, location_id, qty, "
            "unit_cost, station_id, ts, ts_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'ST-BENCH', "
            "?, ?)",
            batch,
        )
        batch.clear()

    for uid, kind, item, lot, loc, qty, cost, when in _rows(rng):
        movement_id += 1
        iso = when.isoformat()
        batch.append((movement_id, uid, kind, item, lot, loc, qty, cost, iso, iso))
        q, c = Decimal(qty), Decimal(cost)
        if kind == "receipt":
            expiry = (when.date() + timedelta(days=rng.randint(30, 900))).isoformat()
            lots.append((lot, item, f"LOT{lot:06d}", expiry, when.date().isoformat()))
            balances[lot] = [item, loc, q, q * c, movement_id]
        else:
            bal = balances[lot]
            bal[2] += q
            bal[3] += q * c
            bal[4] = movement_id
        if len(batch) >= 50_000:
            flush()
    flush()
    db.executemany(
        "INSERT INTO lots (id, item_id, lot_no, expiry, first_receipt_date) VALUES (?,?,?,?,?)",
        lots,
    )
    db.executemany(
        "INSERT INTO balances (item_id, lot_id, location_id, qty, value, last_movement_id) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(b[0], lot, b[1], str(b[2]), str(b[3]), b[4]) for lot, b in balances.items()],
    )
    db.commit()
    db.execute("ANALYZE")
    db.close()
    return {"movements": movement_id, "lots": len(lots), "build_s": time.perf_counter() - t0}


def _alternate(
    ours: Callable[[], Any],
    baseline: Callable[[], Any],
    rounds: int,
    clock: Callable[[], float] = time.perf_counter,
) -> tuple[dict[str, float], dict[str, float], dict[str, float], Any, Any]:
    """Time both sides ``rounds`` times on ``clock``, alternating which goes first: (ours s,
    baseline s, ratio) as median and range, and each side's last result."""
    mine: list[float] = []
    theirs: list[float] = []
    got: list[Any] = [None, None]
    for n in range(rounds):
        sides = [(0, ours, mine), (1, baseline, theirs)]
        for index, fn, times in sides if n % 2 == 0 else reversed(sides):
            t0 = clock()
            got[index] = fn()
            times.append(clock() - t0)
    ratios = [a / b for a, b in zip(mine, theirs, strict=True)]
    return spread(mine), spread(theirs), spread(ratios, 2), got[0], got[1]


def _aging(conn: Connection, as_of: date) -> tuple[str, Decimal, int]:
    """The aging report's figures as the report and the dashboard's summary get them:
    bucket totals, breakdowns by category and zone and the stale value, summed by SQL."""
    totals = aging_totals(conn, as_of, SETTINGS)
    return totals.computed_by, totals.total_value, len(totals.buckets)


def _bucket_case(column: str, as_of: date) -> str:
    """SQL for the aging bucket index of a receipt date in ``column`` (text, ISO)."""
    bounds = SETTINGS.buckets
    day = f"julianday('{as_of.isoformat()}') - julianday({column})"
    whens = " ".join(f"WHEN {day} <= {b} THEN {i}" for i, b in enumerate(bounds))
    return f"CASE WHEN {column} IS NULL THEN {len(bounds)} {whens} ELSE {len(bounds)} END"


def baseline_today(conn: Connection, as_of: date) -> dict[int, tuple[float, float]]:
    """Quantity and value per aging bucket, from the balances: one GROUP BY."""
    query = (
        f"SELECT {_bucket_case('l.first_receipt_date', as_of)} AS bucket, sum(b.qty), "
        "sum(b.value) FROM balances b LEFT JOIN lots l ON l.id = b.lot_id "
        "WHERE b.qty != 0 GROUP BY bucket"
    )
    return {int(k): (q, v) for k, q, v in conn.execute(text(query))}


def baseline_past(conn: Connection, as_of: date) -> dict[int, tuple[float, float]]:
    """The same from the ledger up to the end of ``as_of``: one GROUP BY per position, one
    per bucket."""
    cutoff = day_end_utc(as_of, UTC)
    query = (
        f"SELECT {_bucket_case('l.first_receipt_date', as_of)} AS bucket, sum(q), sum(v) FROM "
        "(SELECT m.lot_id, sum(m.qty) AS q, sum(m.qty * m.unit_cost) AS v FROM movements m "
        "WHERE m.ts_utc < :cutoff GROUP BY m.item_id, m.lot_id, m.location_id) p "
        "LEFT JOIN lots l ON l.id = p.lot_id WHERE q != 0 GROUP BY bucket"
    )
    return {int(k): (q, v) for k, q, v in conn.execute(text(query), {"cutoff": cutoff})}


@contextmanager
def _postgres() -> Iterator[str | None]:
    """A throwaway cluster's URL (Unix socket only), or None without PostgreSQL."""
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb is None or pg_ctl is None:
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="stale-bench-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root
        prefix = ["runuser", "-u", "postgres", "--"]
        shutil.chown(folder, "postgres")
    data = folder / "data"
    quiet: dict[str, Any] = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    subprocess.run([*prefix, initdb, "-D", str(data), "-U", "postgres"], check=True, **quiet)
    opts = f"-k {folder} -c listen_addresses='' -p 5440 -c fsync=off"
    log = str(folder / "log")
    subprocess.run(
        [*prefix, pg_ctl, "-D", str(data), "-l", log, "-o", opts, "-w", "start"],
        check=True,
        **quiet,
    )
    try:
        yield f"postgresql+psycopg://postgres@/postgres?host={folder}&port=5440"
    finally:
        subprocess.run([*prefix, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], **quiet)
        shutil.rmtree(folder, ignore_errors=True)


COPIED = ("items", "locations", "lots", "movements", "balances")


def _pg_today(conn: Connection) -> Any:
    query = (
        "SELECT count(*), sum(b.qty), sum(b.value) FROM balances b "
        "LEFT JOIN lots l ON l.id = b.lot_id WHERE b.qty != 0 "
        "GROUP BY width_bucket(CAST(:as_of AS date) - CAST(l.first_receipt_date AS date), :bounds)"
    )
    return conn.execute(text(query), {"as_of": TODAY, "bounds": _pg_bounds()}).all()


def _pg_past(conn: Connection, as_of: date) -> Any:
    query = (
        "SELECT count(*), sum(q), sum(v) FROM (SELECT m.lot_id, sum(m.qty) AS q, "
        "sum(m.qty * m.unit_cost) AS v FROM movements m WHERE m.ts_utc < :cutoff "
        "GROUP BY m.item_id, m.lot_id, m.location_id) p LEFT JOIN lots l ON l.id = p.lot_id "
        "WHERE q != 0 "
        "GROUP BY width_bucket(CAST(:as_of AS date) - CAST(l.first_receipt_date AS date), :bounds)"
    )
    params = {"as_of": as_of, "cutoff": day_end_utc(as_of, UTC), "bounds": _pg_bounds()}
    return conn.execute(text(query), params).all()


def _pg_bounds() -> list[int]:
    """width_bucket's thresholds: bucket n holds ages above bound n-1 up to bound n."""
    return [b + 1 for b in SETTINGS.buckets]


def _on_postgres(path: Path, url: str, past: date, rounds: int) -> dict[str, Any]:
    engine = create_engine(url)
    schema.metadata.create_all(engine)
    t0 = time.perf_counter()
    src = sqlite3.connect(path)
    raw = engine.raw_connection()
    try:
        cur: Any = raw.cursor()
        for name in COPIED:
            cols = [c.name for c in schema.metadata.tables[name].columns]
            query = f"SELECT {', '.join(cols)} FROM {name}"
            with cur.copy(f"COPY {name} ({', '.join(cols)}) FROM STDIN") as copy:
                for row in src.execute(query):
                    copy.write_row(row)
        raw.commit()
    finally:
        raw.close()
        src.close()
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()
        load_s = time.perf_counter() - t0
        today = _alternate(lambda: _aging(conn, TODAY), lambda: _pg_today(conn), rounds)
        past_result = _alternate(lambda: _aging(conn, past), lambda: _pg_past(conn, past), rounds)
    engine.dispose()
    return {
        "postgres_load_s": round(load_s, 2),
        "postgres_aging_today_s": today[0],
        "postgres_group_by_today_s": today[1],
        "postgres_today_ratio": today[2],
        "postgres_aging_past_s": past_result[0],
        "postgres_group_by_past_s": past_result[1],
        "postgres_past_ratio": past_result[2],
        "postgres_total_value": str(today[3][1]),
        "postgres_past_total_value": str(past_result[3][1]),
    }


def run(rounds: int = 5) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="stale-bench-"))
    try:
        path = folder / "bench.db"
        built = build(path)
        past = TODAY - timedelta(days=365)
        store = Store.open(path)
        try:
            with store.reading() as conn:
                today = _alternate(
                    lambda: _aging(conn, TODAY),
                    lambda: baseline_today(conn, TODAY),
                    rounds,
                    time.process_time,
                )
                back = _alternate(
                    lambda: _aging(conn, past),
                    lambda: baseline_past(conn, past),
                    rounds,
                    time.process_time,
                )
        finally:
            store.close()
        base_total = sum(v for _, v in today[4].values())
        assert abs(float(today[3][1]) - base_total) < 1, "the report and GROUP BY must agree"
        result: dict[str, Any] = {
            "movements": built["movements"],
            "lots": built["lots"],
            "build_s": round(built["build_s"], 1),
            "rounds": rounds,
            "aging_today_s": today[0],
            "group_by_today_s": today[1],
            "today_ratio": today[2],
            "aging_today_computed_by": today[3][0],
            "aging_past_s": back[0],
            "group_by_past_s": back[1],
            "past_ratio": back[2],
            "aging_past_computed_by": back[3][0],
            "goal": "aging within 3x a hand-written GROUP BY, today and a year ago",
            "within_goal": today[2]["median"] <= 3 and back[2]["median"] <= 3,
            "total_value": str(today[3][1]),
        }
        with _postgres() as url:
            if url is None:
                result["postgres"] = "not installed"
            else:
                result.update(_on_postgres(path, url, past, rounds))
                result["same_on_postgres"] = (
                    Decimal(result["postgres_total_value"]) == today[3][1]
                    and Decimal(result["postgres_past_total_value"]) == back[3][1]
                )
        return result
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
