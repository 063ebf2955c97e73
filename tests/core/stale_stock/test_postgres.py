# SPDX-License-Identifier: Apache-2.0
"""The same stale-stock queries give the same answers on SQLite and on PostgreSQL.

A throwaway PostgreSQL cluster (initdb, Unix socket only, in a temporary folder) is made a
central database (``sync.central_init.init_central``: the store's migrations, this area's
included, then central's) and gets a copy of the hand-built ledger; every analysis then runs on both
connections. Skipped where PostgreSQL's server programs are not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, select, text

from station.core.stale_stock.abc import abc_report
from station.core.stale_stock.aging import aging
from station.core.stale_stock.aging_sql import aging_totals
from station.core.stale_stock.config import load_stale_settings
from station.core.stale_stock.expiry import expiry
from station.core.stale_stock.expiry_sql import expiry_totals
from station.core.stale_stock.positions import load_snapshot
from station.core.stale_stock.slow_movers import slow_movers
from station.core.stale_stock.slow_sql import slow_totals
from station.core.store import schema
from station.core.store.database import Store
from sync.central_init import init_central

from .stale_fixtures import AS_OF, build_ledger


def _pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / name).exists():
            return str(folder / name)
    return None


def _as_postgres_user() -> list[str]:
    """initdb refuses root: run the server as the ``postgres`` user when we are root."""
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser")
    if runuser is None:
        pytest.skip("running as root without runuser")
    return [runuser, "-u", "postgres", "--"]


@pytest.fixture(scope="module")
def pg_engine() -> Iterator[Engine]:
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if initdb is None or pg_ctl is None:
        pytest.skip("PostgreSQL server programs are not installed")
    folder = Path(tempfile.mkdtemp(prefix="stale-pg-"))
    prefix = _as_postgres_user()
    if prefix:
        shutil.chown(folder, "postgres")
    data = folder / "data"
    quiet = {"check": True, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    # never capture the output: the server inherits it and a pipe would never close
    subprocess.run([*prefix, initdb, "-D", str(data), "-U", "postgres", "--auth=trust"], **quiet)  # type: ignore[call-overload]
    opts = f"-k {folder} -c listen_addresses='' -p 5439 -c fsync=off"
    log = str(folder / "server.log")
    start = [*prefix, pg_ctl, "-D", str(data), "-l", log, "-o", opts, "-w", "start"]
    subprocess.run(start, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    engine = create_engine(f"postgresql+psycopg://postgres@/postgres?host={folder}&port=5439")
    try:
        yield engine
    finally:
        engine.dispose()
        stop = [*prefix, pg_ctl, "-D", str(data), "-m", "immediate", "stop"]
        subprocess.run(stop, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(folder, ignore_errors=True)


COPIED = ("settings", "users", "items", "locations", "lots", "movements", "balances")


@pytest.fixture
def both(store: Store, pg_engine: Engine) -> tuple[Store, Engine]:
    build_ledger(store)
    with pg_engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    init_central(pg_engine)  # the central database: every store migration, then central's
    with store.reading() as src, pg_engine.begin() as dst:
        for name in COPIED:
            table = schema.metadata.tables[name]
            rows = [dict(r._mapping) for r in src.execute(select(table))]
            if rows:
                dst.execute(table.insert(), rows)
    return store, pg_engine


@pytest.mark.parametrize("as_of", [AS_OF, date(2026, 11, 23), date(2026, 5, 1)])
def test_same_answers_on_sqlite_and_postgresql(both: tuple[Store, Engine], as_of: date) -> None:
    store, pg = both

    def answers(conn) -> tuple:  # type: ignore[no-untyped-def, type-arg]
        settings = load_stale_settings(conn)
        snap = load_snapshot(conn, as_of, settings)
        ag = aging(snap)
        ex = expiry(snap)
        sl = slow_movers(snap)
        ab = abc_report(conn, as_of, settings)
        exp = expiry_totals(conn, as_of, settings)
        assert exp.computed_by == "sql"
        assert (exp.expired_qty, exp.expired_value, exp.near_qty, exp.near_value) == (
            ex.expired_qty,
            ex.expired_value,
            ex.near_qty,
            ex.near_value,
        )
        slow = slow_totals(conn, as_of, settings)
        assert slow.computed_by == "sql"
        assert (slow.items, slow.slow_value, slow.dead_value, slow.total_value) == (
            len(sl.lines),
            sl.slow_value,
            sl.dead_value,
            snap.total_value(),
        )
        totals = aging_totals(conn, as_of, settings)
        assert totals.computed_by == "sql"
        assert (totals.buckets, totals.stale_value, totals.by_zone, totals.by_category) == (
            ag.buckets,
            ag.stale_value,
            ag.by_zone,
            ag.by_category,
        )
        return (
            snap.source,
            [(b.label, b.qty, b.value) for b in ag.buckets],
            ag.stale_value,
            ag.stale_share,
            [(ln.position.item.sku, ln.days_left, ln.status, ln.position.value) for ln in ex.lines],
            [(s.item.sku, s.idle_days, s.value) for s in sl.lines],
            [(ln.item.sku, ln.consumption, ln.abc_class) for ln in ab.lines],
        )

    with store.reading() as conn:
        on_sqlite = answers(conn)
    with pg.connect() as conn:
        on_postgres = answers(conn)
    assert on_sqlite == on_postgres
    assert on_sqlite[1]  # not trivially empty
