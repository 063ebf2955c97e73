# SPDX-License-Identifier: Apache-2.0
"""Fixtures of the sync tests: a fresh central per test (a random PostgreSQL database on
127.0.0.1:5432, dropped afterwards, or a second SQLite file), stations, and helpers.

Without a PostgreSQL server the PostgreSQL tests skip, except when ``CI`` is set: then they
fail, so a CI machine without the server never passes silently.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.exc import OperationalError

from station.core.imports.records import ItemRecord, LocationRecord, UserRecord
from station.core.store import schema
from station.core.store.database import Store
from station.core.store.events import StationIdentity
from station.core.store.ledger import Movement, post_movement
from sync.central_import import import_items, import_locations, import_users
from sync.central_init import init_central
from sync.central_link import open_central
from sync.central_schema import central_events

PG_HOST = "127.0.0.1"
PG_PORT = 5432
NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def _admin_engine() -> Engine | None:
    for user in ("postgres", "root"):
        engine = create_engine(
            f"postgresql+psycopg://{user}@{PG_HOST}:{PG_PORT}/postgres",
            isolation_level="AUTOCOMMIT",
            connect_args={"connect_timeout": 3},
        )
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return engine
        except OperationalError:
            engine.dispose()
    return None


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[Engine]:
    engine = _admin_engine()
    if engine is None:
        message = f"no PostgreSQL server at {PG_HOST}:{PG_PORT}"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI is set: PostgreSQL tests must run)")
        pytest.skip(message)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def pg_template(pg_admin: Engine) -> Iterator[str]:
    """An initialised central for this test run (a random name, dropped at the end); each
    test gets a fresh copy of it."""
    name = "station_sync_tmpl_" + uuid.uuid4().hex[:12]
    with pg_admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        engine = open_central(_pg_url(pg_admin, name))
        init_central(engine)
        engine.dispose()
        yield name
    finally:
        with pg_admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _pg_url(pg_admin: Engine, name: str) -> str:
    return f"postgresql+psycopg://{pg_admin.url.username}@{PG_HOST}:{PG_PORT}/{name}"


@pytest.fixture
def pg_url(pg_admin: Engine, pg_template: str) -> Iterator[str]:
    """A fresh, initialised central database, dropped after the test."""
    name = "station_sync_test_" + uuid.uuid4().hex[:12]
    with pg_admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"'))
    try:
        yield _pg_url(pg_admin, name)
    finally:
        with pg_admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", "postgres"])
def central_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The backend-neutral tests run on a SQLite central and on PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'central.db'}"
        engine = open_central(url)
        init_central(engine)
        engine.dispose()
        return url
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def central(central_url: str) -> Iterator[Engine]:
    engine = open_central(central_url)
    seed_central(engine)
    yield engine
    engine.dispose()


def seed_central(engine: Engine) -> None:
    with engine.begin() as conn:
        import_items(
            conn,
            [
                ItemRecord(
                    sku="PPE-0001",
                    name="Gloves",
                    unit_cost=Decimal("2.50"),
                    gtins=(("06975123000012", Decimal(1)),),
                ),
                ItemRecord(sku="PPE-0002", name="Helmet", unit_cost=Decimal("10")),
            ],
            NOW,
        )
        import_locations(conn, [LocationRecord(code="A-01"), LocationRecord(code="B-01")], NOW)
        import_users(conn, [UserRecord(badge="C001", name="Clerk", role="clerk")], NOW)


class Stations:
    """Stations made in ``tmp_path``; closed at the end of the test."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.open: list[Store] = []

    def make(self, station_id: str, name: str | None = None) -> Store:
        store = Store.open(self.folder / f"{name or station_id}.db", station_id=station_id)
        self.open.append(store)
        return store

    def reopen(self, path: Path) -> Store:
        store = Store.open(path)
        self.open.append(store)
        return store

    def close(self) -> None:
        for store in self.open:
            store.close()


@pytest.fixture
def stations(tmp_path: Path) -> Iterator[Stations]:
    made = Stations(tmp_path)
    yield made
    made.close()


def post(store: Store, sku: str, location: str, qty: str, lot: str | None = None) -> None:
    """Post one local movement (receipt when positive, issue when negative)."""
    with store.transaction() as conn:
        item = conn.execute(select(schema.items.c.id).where(schema.items.c.sku == sku)).scalar()
        loc = conn.execute(
            select(schema.locations.c.id).where(schema.locations.c.code == location)
        ).scalar()
        assert item is not None and loc is not None, "pull master data first"
        lot_id = None
        if lot:
            from station.core.store.catalog import lot_id_for

            lot_id = lot_id_for(conn, item, lot)
        kind = "receipt" if Decimal(qty) > 0 else "issue"
        who = StationIdentity(store.station_id, store.incarnation_id)
        post_movement(conn, who, Movement(kind, item, loc, Decimal(qty), lot_id=lot_id), NOW)


def balances(store: Store) -> dict[tuple[str, str, str | None], Decimal]:
    """(SKU, location, lot) -> quantity, zero rows left out."""
    out: dict[tuple[str, str, str | None], Decimal] = {}
    with store.reading() as conn:
        rows = conn.exec_driver_sql(
            "SELECT i.sku, l.code, lt.lot_no, b.qty FROM balances b "
            "JOIN items i ON i.id = b.item_id JOIN locations l ON l.id = b.location_id "
            "LEFT JOIN lots lt ON lt.id = b.lot_id"
        ).all()
    for sku, code, lot, qty in rows:
        if Decimal(str(qty)) != 0:
            out[(sku, code, lot)] = Decimal(str(qty))
    return out


def central_balances(engine: Engine) -> dict[tuple[str, str, str | None], Decimal]:
    """Central stock: the sum of every station's movement events."""
    import json

    out: dict[tuple[str, str, str | None], Decimal] = {}
    with engine.connect() as conn:
        rows = conn.execute(
            select(central_events.c.payload).where(central_events.c.kind == "movement")
        ).scalars()
        for payload in rows:
            body: dict[str, Any] = json.loads(payload)
            key = (body["item_sku"], body["location_code"], body.get("lot_no"))
            out[key] = out.get(key, Decimal(0)) + Decimal(body["qty"])
    return {k: v for k, v in out.items() if v != 0}


def central_sequences(engine: Engine, station_id: str) -> dict[str, list[int]]:
    """incarnation -> the seqs central holds for ``station_id``, sorted."""
    out: dict[str, list[int]] = {}
    e = central_events.c
    with engine.connect() as conn:
        for inc, seq in conn.execute(
            select(e.incarnation_id, e.seq).where(e.station_id == station_id).order_by(e.seq)
        ):
            out.setdefault(inc, []).append(int(seq))
    return out


def assert_exactly_once(engine: Engine, store: Store) -> None:
    """Central holds each outbox event of ``store`` once, with the same UUID, no gap."""
    with store.reading() as conn:
        local = {
            (r.incarnation_id, int(r.seq)): r.uuid
            for r in conn.execute(
                select(schema.outbox.c.incarnation_id, schema.outbox.c.seq, schema.outbox.c.uuid)
            )
        }
    e = central_events.c
    with engine.connect() as conn:
        held = conn.execute(
            select(e.incarnation_id, e.seq, e.uuid).where(e.station_id == store.station_id)
        ).all()
        dupes = conn.execute(
            select(func.count()).select_from(central_events).where(e.station_id == store.station_id)
        ).scalar_one()
    central_map = {(inc, int(seq)): u for inc, seq, u in held}
    assert dupes == len(central_map)
    assert central_map == local
    for inc, seqs in central_sequences(engine, store.station_id).items():
        assert seqs == list(range(1, len(seqs) + 1)), f"gap in {inc}"


def post_many(store: Store, count: int, sku: str = "PPE-0001", location: str = "A-01") -> None:
    """``count`` receipts of 1 in one transaction (a backlog, fast)."""
    with store.transaction() as conn:
        item = conn.execute(select(schema.items.c.id).where(schema.items.c.sku == sku)).scalar()
        loc = conn.execute(
            select(schema.locations.c.id).where(schema.locations.c.code == location)
        ).scalar()
        assert item is not None and loc is not None, "pull master data first"
        who = StationIdentity(store.station_id, store.incarnation_id)
        for _ in range(count):
            post_movement(conn, who, Movement("receipt", item, loc, Decimal(1)), NOW)


def settle(engine: Engine, timeout_s: float = 30.0) -> None:
    """Wait (bounded) until every PostgreSQL transaction begun before this call has ended.

    The pull cursor never reads past the oldest transaction still running in the whole
    cluster (docs/sync.md, the cursor rule). On the shared test server other people's
    transactions can hold that horizon back for a moment; a test that expects to pull what was
    just committed waits for it here. No-op on a SQLite central.
    """
    import time

    if engine.dialect.name != "postgresql":
        return
    deadline = time.monotonic() + timeout_s
    with engine.connect() as conn:
        target = conn.execute(text("SELECT pg_snapshot_xmax(pg_current_snapshot())")).scalar()
        conn.rollback()
        while True:
            done = conn.execute(
                text("SELECT pg_snapshot_xmin(pg_current_snapshot()) >= CAST(:t AS xid8)"),
                {"t": str(target)},
            ).scalar()
            conn.rollback()
            if done:
                return
            if time.monotonic() > deadline:
                raise AssertionError(
                    "a PostgreSQL transaction stayed open for too long; the pull waits behind "
                    "the oldest one of the whole server: " + _oldest_transactions(conn)
                )
            time.sleep(0.05)


def _oldest_transactions(conn: Any) -> str:
    """The server's oldest open transactions (database, state, age, query), for a failure
    message: on a shared server they are often another test run's or a benchmark's (a login
    that may not see other users' sessions still sees their database)."""
    rows = conn.execute(
        text(
            "SELECT datname, state, round(extract(epoch FROM now() - xact_start)::numeric, 1), "
            "left(query, 60) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND "
            "(backend_xid IS NOT NULL OR backend_xmin IS NOT NULL) ORDER BY xact_start LIMIT 3"
        )
    ).all()
    conn.rollback()
    return "; ".join(f"{db} ({state}, {age} s): {query}" for db, state, age, query in rows)


def sync_settled(store: Store, engine: Engine, *args: Any, **kwargs: Any) -> Any:
    """``sync_once`` after :func:`settle`, for tests that expect to pull what was committed."""
    from sync.service import sync_once

    settle(engine)
    return sync_once(store, engine, *args, **kwargs)


def station_login(admin: Engine, station_id: str, folder: Path, **kwargs: Any) -> Engine:
    """The least-privilege login of ``station_id`` on ``admin``'s central (``station central
    grant``), opened as a station opens it (row-level security applies). The role is
    cluster-wide: the caller drops it (see :func:`drop_logins`)."""
    from sync.credentials import read_secret, write_secret
    from sync.grants import grant_station

    with admin.begin() as conn:
        role, password = grant_station(conn, station_id)
    secret = write_secret(folder / f"{role}.secret", password)
    url = admin.url.set(username=role).render_as_string(hide_password=False)
    return open_central(url, read_secret(secret, required=True), **kwargs)


def drop_logins(pg_admin: Engine, pattern: str) -> None:
    """Drop the roles whose name matches ``pattern`` (SQL LIKE), after their databases."""
    with pg_admin.connect() as conn:
        for role in conn.execute(
            text("SELECT rolname FROM pg_roles WHERE rolname LIKE :p"), {"p": pattern}
        ).scalars():
            conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
