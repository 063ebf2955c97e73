# SPDX-License-Identifier: Apache-2.0
"""The pull cursor against the real PostgreSQL: every event and every master-data change is
pulled once, whatever the transaction ids (a batch straddling 999 → 1000 once lost the rows
below it) and however concurrent transactions interleave their commits."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text

from station.core.imports.records import LocationRecord
from sync import local_state
from sync.central_import import import_locations
from sync.central_init import init_central
from sync.central_link import open_central
from sync.change_cursor import Position, read_after
from sync.pull import pull_movements
from sync.service import sync_once

from .pg_cluster import require_tools, throwaway_cluster
from .sync_fixtures import (
    NOW,
    Stations,
    balances,
    post_many,
    seed_central,
    settle,
    sync_settled,
)

pytestmark = pytest.mark.postgres


def _burn_to_just_below_a_power_of_ten(url: str, margin: int) -> int:
    """Spend transaction ids (each ``pg_current_xact_id()`` in autocommit takes one) until the
    next one is ``margin`` below a power of ten; returns that power."""
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as db:
        current = int(db.execute("SELECT pg_current_xact_id()::text").fetchone()[0])  # type: ignore[index]
        power = 1000
        while power - margin <= current + 1:
            power *= 10
        while current < power - margin - 1:
            current = int(db.execute("SELECT pg_current_xact_id()::text").fetchone()[0])  # type: ignore[index]
    return power


def _central_xids(central: Engine, table: str) -> set[int]:
    with central.connect() as conn:
        rows = conn.execute(text(f"SELECT DISTINCT xid::text FROM {table}")).scalars()
        return {int(x) for x in rows}


def test_events_and_master_data_written_across_a_power_of_ten_all_reach_the_other_station(
    stations: Stations,
) -> None:
    require_tools("straddle test")
    with throwaway_cluster() as cluster:
        central = open_central(cluster.url)
        init_central(central)
        seed_central(central)
        a, b = stations.make("ST-A"), stations.make("ST-B")
        assert sync_once(a, central).ok and sync_once(b, central).ok
        post_many(a, 10_000)
        power = _burn_to_just_below_a_power_of_ten(cluster.url, margin=8)
        # Master-data imports and twenty pushes of 500, one transaction each: their ids run
        # from a few below the power of ten to well above it.
        for n in range(5):
            with central.begin() as conn:
                import_locations(conn, [LocationRecord(code=f"S-{n}")], NOW)
            if n == 1:
                pushed = sync_once(a, central, push_batch=500)
                assert pushed.ok and pushed.pushed == 10_000, pushed.error
        for table in ("central_events", "central_changes"):
            xids = _central_xids(central, table)
            assert min(xids) < power <= max(xids), f"{table} does not straddle {power}: {xids}"
        settle(central)
        pulled = sync_once(b, central)
        assert pulled.ok, pulled.error
        assert pulled.pulled_movements == 10_000
        assert balances(b) == balances(a) == {("PPE-0001", "A-01", None): 10_000}
        with b.reading() as conn:
            codes = set(conn.execute(text("SELECT code FROM locations")).scalars())
        assert {f"S-{n}" for n in range(5)} <= codes
        again = sync_once(b, central)
        assert again.ok and again.pulled_movements == 0
        central.dispose()


# --- the cursor over random interleavings of committing transactions -------------------------

Step = tuple[str, int]
"""("write", t): transaction t writes a row; ("commit" | "abort", t): it ends; ("pull", 0)."""

TRANSACTIONS = 4


def _steps() -> st.SearchStrategy[list[Step]]:
    step = st.one_of(
        st.tuples(st.just("write"), st.integers(0, TRANSACTIONS - 1)),
        st.tuples(st.sampled_from(["commit", "abort"]), st.integers(0, TRANSACTIONS - 1)),
        st.tuples(st.just("pull"), st.just(0)),
    )
    return st.lists(step, min_size=1, max_size=30)


@pytest.fixture
def cursor_db(pg_url: str) -> Iterator[str]:
    yield pg_url.replace("postgresql+psycopg", "postgresql")


def _pull_all(central: Engine, after: Position, limit: int) -> tuple[list[int], Position]:
    got: list[int] = []
    while True:
        with central.connect() as conn:
            batch = read_after(conn, "central_changes", ("key",), after, limit)
            conn.rollback()
        got.extend(int(key) for _, (key,) in batch.rows)
        if batch.last is None:
            return got, after
        assert batch.last > after
        after = batch.last


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=_steps(), limit=st.integers(1, 3))
def test_the_cursor_pulls_each_committed_change_once_whatever_the_commit_order(
    cursor_db: str, steps: list[Step], limit: int
) -> None:
    central = open_central(cursor_db.replace("postgresql", "postgresql+psycopg", 1))
    with central.begin() as conn:
        conn.execute(text("TRUNCATE central_changes"))
    sessions = [psycopg.connect(cursor_db) for _ in range(TRANSACTIONS)]
    written: dict[int, list[int]] = {t: [] for t in range(TRANSACTIONS)}
    committed: list[int] = []
    pulled: list[int] = []
    after = Position(0, 0)
    counter = 0
    try:
        for action, t in steps:
            if action == "write":
                counter += 1
                sessions[t].execute(
                    "INSERT INTO central_changes (kind, key, op, payload, changed_at) "
                    "VALUES ('location', %s, 'upsert', '{}', 'now')",
                    (str(counter),),
                )
                written[t].append(counter)
            elif action == "pull":
                got, after = _pull_all(central, after, limit)
                pulled.extend(got)
            else:
                (sessions[t].commit if action == "commit" else sessions[t].rollback)()
                if action == "commit":
                    committed.extend(written[t])
                written[t] = []
        for t in range(TRANSACTIONS):
            sessions[t].commit()
            committed.extend(written[t])
        settle(central)
        got, after = _pull_all(central, after, limit)
        pulled.extend(got)
    finally:
        for session in sessions:
            session.close()
        central.dispose()
    assert sorted(pulled) == sorted(committed)  # each committed change once, none invented


def test_pull_passes_its_own_events_once_instead_of_rescanning_them(
    pg_url: str, stations: Stations
) -> None:
    central = open_central(pg_url)
    seed_central(central)
    a, b = stations.make("ST-A"), stations.make("ST-B")
    assert sync_settled(a, central).ok and sync_settled(b, central).ok
    post_many(a, 30)
    assert sync_once(a, central).ok
    settle(central)
    mine = pull_movements(a, central, lambda: NOW, lambda *_: None, batch_size=7)
    assert mine.movements == 0
    with a.reading() as conn:
        cursor = Position.parse(local_state.cursor(conn, "events"))
    with central.connect() as conn:
        newest = conn.execute(
            text("SELECT xid::text, id FROM central_events ORDER BY xid DESC, id DESC LIMIT 1")
        ).one()
    assert cursor == Position(int(newest[0]), int(newest[1]))  # past its own events, for good
    other = pull_movements(b, central, lambda: NOW, lambda *_: None, batch_size=7)
    assert other.movements == 30
    central.dispose()
