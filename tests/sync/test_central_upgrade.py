# SPDX-License-Identifier: Apache-2.0
"""A central made by an earlier release upgrades with `station central init`: its events move
into the partitioned table with their cursor positions, and the stations' logins keep syncing
without pulling anything twice."""

from __future__ import annotations

import json
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

from .sync_fixtures import (
    Stations,
    assert_exactly_once,
    balances,
    drop_logins,
    post,
    seed_central,
    station_login,
    sync_settled,
)

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
        drop_logins(pg_admin, f"%{RUN}")


OLD_EVENT = (
    "INSERT INTO central_events (station_id, incarnation_id, seq, uuid, kind, payload, "
    "created_at) VALUES ('ST-OLD', 'old-inc', :seq, :uuid, 'movement', :payload, :ts)"
)


def _old_movement(seq: int, qty: str) -> dict[str, object]:
    payload = {
        "uuid": str(uuid.uuid4()),
        "kind": "receipt",
        "item_sku": "PPE-0001",
        "location_code": "A-01",
        "lot_no": None,
        "qty": qty,
        "unit_cost": "2.5",
        "ts": "2026-11-24T09:30:00+00:00",
    }
    return {"seq": seq, "uuid": str(uuid.uuid4()), "payload": json.dumps(payload), "ts": "now"}


def _positions(admin: Engine) -> list[tuple[int, str]]:
    with admin.connect() as conn:
        return [
            (int(i), str(x))
            for i, x in conn.execute(text("SELECT id, xid::text FROM central_events ORDER BY id"))
        ]


def test_an_old_central_upgrades_and_its_stations_keep_syncing(
    old_central: str, stations: Stations, tmp_path: Path
) -> None:
    admin = open_central(old_central)
    seed_central(admin)
    st1, st2 = f"ST-1-{RUN}", f"ST-2-{RUN}"
    one = station_login(admin, st1, tmp_path)  # granted by the old central, before the upgrade
    with admin.begin() as conn:  # events an earlier release's stations pushed
        for seq, qty in ((1, "5"), (2, "2")):
            conn.execute(text(OLD_EVENT), _old_movement(seq, qty))
    before = _positions(admin)
    s1, s2 = stations.make(st1), stations.make(st2)
    refused = sync_settled(s1, one)
    assert not refused.ok and refused.reason == "version"
    assert "upgrade central" in refused.error

    assert init_central(admin)[0].startswith("central schema ready")
    with admin.connect() as conn:
        kind = conn.execute(
            text("SELECT relkind FROM pg_class WHERE relname = 'central_events'")
        ).scalar_one()
        assert kind == "p"  # partitioned
    assert _positions(admin) == before  # ids and transaction ids kept: cursors stay valid

    two = station_login(admin, st2, tmp_path)
    first = sync_settled(s2, two)
    assert first.ok and first.pulled_movements == 2, first.error
    post(s2, "PPE-0001", "A-01", "-1")
    assert sync_settled(s2, two).pushed == 1
    caught_up = sync_settled(s1, one)
    assert caught_up.ok and caught_up.pulled_movements == 3
    for store, login in ((s1, one), (s2, two)):
        again = sync_settled(store, login)
        assert again.ok and again.pulled_movements == 0  # nothing pulled twice
    assert balances(s1) == balances(s2) == {("PPE-0001", "A-01", None): Decimal(6)}
    assert_exactly_once(admin, s2)
    for engine in (one, two, admin):
        engine.dispose()
