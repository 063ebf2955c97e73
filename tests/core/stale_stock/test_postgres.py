# SPDX-License-Identifier: Apache-2.0
"""The same stale-stock queries give the same answers on SQLite and on PostgreSQL.

Each test gets a throwaway database on the PostgreSQL server at 127.0.0.1:5432 (dropped
afterwards), made a central database (``sync.central_init.init_central``: the store's
migrations, this area's included, then central's), with a copy of the hand-built ledger;
every analysis then runs on both connections. Without the server the test skips, except
when ``CI`` is set: then it fails (``tests.sync.sync_fixtures.pg_admin``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date

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
from tests.sync.sync_fixtures import pg_admin  # noqa: F401

from .stale_fixtures import AS_OF, build_ledger

COPIED = ("settings", "users", "items", "locations", "lots", "movements", "balances")


@pytest.fixture
def pg_engine(pg_admin: Engine) -> Iterator[Engine]:  # noqa: F811
    """A fresh database on the shared server, dropped after the test."""
    name = "station_stale_test_" + uuid.uuid4().hex[:12]
    with pg_admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = create_engine(pg_admin.url.set(database=name))
    try:
        yield engine
    finally:
        engine.dispose()
        with pg_admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def both(store: Store, pg_engine: Engine) -> tuple[Store, Engine]:
    build_ledger(store)
    init_central(pg_engine)  # the central database: every store migration, then central's
    with store.reading() as src, pg_engine.begin() as dst:
        for name in COPIED:
            table = schema.load_all_tables().tables[name]
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
