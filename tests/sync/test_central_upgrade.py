# SPDX-License-Identifier: Apache-2.0
"""A central made by an earlier release upgrades with `station central init`: its events move
into the partitioned table with their cursor positions, and the stations' logins keep syncing
without pulling anything twice."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, text

from station.core.store.database import MIGRATIONS_DIR
from sync.central_init import CENTRAL_MIGRATIONS_DIR, _config, init_central
from sync.central_link import open_central
from sync.credentials import read_secret, write_secret
from sync.grants import grant_station

from .sync_fixtures import Stations, assert_exactly_once, balances, post, seed_central, sync_settled

pytestmark = pytest.mark.postgres

RUN = uuid.uuid4().hex[:8]


@pytest.fixture
def old_central(pg_admin: Engine) -> Iterator[str]:
    """A central database at the first central schema (c001), as an earlier release left it."""
    name = "station_sync_upgrade_" + uuid.uuid4().hex[:12]
    with pg_admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = f"postgresql+psycopg://{pg_admin.url.username}@127.0.0.1:5432/{name}"
    engine = open_central(url)
    with engine.begin() as conn:
        command.upgrade(_config(MIGRATIONS_DIR, conn), "heads")
        command.upgrade(_config(CENTRAL_MIGRATIONS_DIR, conn), "c001")
        conn.execute(
            text(
                "INSERT INTO central_meta (key, value) VALUES ('protocol_version', '1'), "
                "('oldest_push_protocol', '1'), ('oldest_pull_protocol', '1')"
            )
        )
        conn.execute(text("INSERT INTO central_station_logins VALUES (current_user, 'CENTRAL')"))
    engine.dispose()
    try:
        yield url
    finally:
        with pg_admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            for role in conn.execute(
                text("SELECT rolname FROM pg_roles WHERE rolname LIKE :p"), {"p": f"%{RUN}"}
            ).scalars():
                conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))


def _login(admin: Engine, url: str, station_id: str, folder: Path) -> Engine:
    with admin.begin() as conn:
        role, password = grant_station(conn, station_id)
    secret = write_secret(folder / f"{role}.secret", password)
    user = admin.url.username or ""
    return open_central(url.replace(f"//{user}@", f"//{role}@"), read_secret(secret, required=True))


def test_an_old_central_upgrades_and_its_stations_keep_syncing(
    old_central: str, stations: Stations, tmp_path: Path
) -> None:
    admin = open_central(old_central)
    seed_central(admin)
    st1, st2 = f"ST-1-{RUN}", f"ST-2-{RUN}"
    one, two = _login(admin, old_central, st1, tmp_path), _login(admin, old_central, st2, tmp_path)
    s1, s2 = stations.make(st1), stations.make(st2)
    assert sync_settled(s1, one).ok and sync_settled(s2, two).ok
    post(s1, "PPE-0001", "A-01", "5")
    post(s1, "PPE-0002", "B-01", "2")
    assert sync_settled(s1, one).ok and sync_settled(s2, two).pulled_movements == 2

    assert "c002" in init_central(admin)[0]
    with admin.connect() as conn:
        kind = conn.execute(
            text("SELECT relkind FROM pg_class WHERE relname = 'central_events'")
        ).scalar_one()
        assert kind == "p"  # partitioned

    assert sync_settled(s2, two).pulled_movements == 0  # nothing pulled twice
    post(s1, "PPE-0001", "A-01", "3")
    post(s2, "PPE-0002", "B-01", "-1")
    assert sync_settled(s1, one).ok and sync_settled(s2, two).ok
    assert sync_settled(s1, one).ok
    assert (
        balances(s1)
        == balances(s2)
        == {
            ("PPE-0001", "A-01", None): Decimal(8),
            ("PPE-0002", "B-01", None): Decimal(1),
        }
    )
    assert_exactly_once(admin, s1)
    assert_exactly_once(admin, s2)
    for engine in (one, two, admin):
        engine.dispose()
