# SPDX-License-Identifier: Apache-2.0
"""A central PostgreSQL filled by two stations' syncs, stale-stock tasks raised from it, the
web view's own role and its users: owners Li Wei (North's gloves) and Zhang Min (South's
helmets, one named with HTML), manager Wang (North), an admin."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text

from central_web.accounts import add_user, grant_web
from central_web.tasks import derive_web
from station.core.imports.records import ItemRecord, LocationRecord
from station.core.store import schema
from station.core.store.catalog import lot_id_for
from station.core.store.database import Store
from station.core.store.events import StationIdentity
from station.core.store.ledger import Movement, post_movement
from sync.central_import import import_items, import_locations
from sync.central_link import open_central
from tests.sync.sync_fixtures import Stations, settle, sync_settled

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
LONG_AGO = NOW - timedelta(days=200)
PASSWORD = "correct horse 1"
EVIL = "<script>alert('x')</script> Helmet"


@dataclass
class Site:
    admin: Engine
    web: Engine
    north: Store
    south: Store
    users: dict[str, int]
    role: str

    def task_id(self, sku: str) -> int:
        with self.admin.connect() as conn:
            return int(
                conn.execute(
                    text("SELECT id FROM central_stale_tasks WHERE sku = :s"), {"s": sku}
                ).scalar_one()
            )


def move(
    store: Store,
    sku: str,
    location: str,
    qty: str,
    lot: str,
    ts: datetime,
    expiry: date | None = None,
    reason: str = "",
) -> None:
    """Post one movement: a receipt when positive, an issue when negative, an adjustment when
    a reason is given (a count correction)."""
    with store.transaction() as conn:
        item = conn.execute(select(schema.items.c.id).where(schema.items.c.sku == sku)).scalar()
        loc = conn.execute(
            select(schema.locations.c.id).where(schema.locations.c.code == location)
        ).scalar()
        assert item is not None and loc is not None
        kind = "adjustment" if reason else "receipt" if Decimal(qty) > 0 else "issue"
        who = StationIdentity(store.station_id, store.incarnation_id)
        lot_id = lot_id_for(conn, item, lot, expiry=expiry)
        movement = Movement(kind, item, loc, Decimal(qty), lot_id=lot_id, reason=reason)
        post_movement(conn, who, movement, ts)


def _seed(admin: Engine) -> None:
    with admin.begin() as conn:
        import_items(
            conn,
            [
                ItemRecord(
                    sku="GLV-01",
                    name="Nitrile gloves",
                    unit_cost=Decimal("2.50"),
                    category="PPE",
                    owner="Li Wei",
                ),
                ItemRecord(
                    sku="TAP-01",
                    name="Sealing tape",
                    unit_cost=Decimal("4"),
                    category="Packing",
                    owner="Chen Jie",
                ),
                ItemRecord(
                    sku="HLM-01",
                    name=EVIL,
                    unit_cost=Decimal("10"),
                    category="Safety",
                    owner="Zhang Min",
                ),
            ],
            NOW,
        )
        import_locations(
            conn,
            [
                LocationRecord(code="A-01", warehouse="North"),
                LocationRecord(code="B-01", warehouse="South"),
            ],
            NOW,
        )


@pytest.fixture
def site(pg_url: str, pg_admin: Engine, stations: Stations, tmp_path: Path) -> Iterator[Site]:
    admin = open_central(pg_url)
    _seed(admin)
    north, south = stations.make("N1"), stations.make("S1")
    for store in (north, south):
        sync_settled(store, admin)
    move(north, "GLV-01", "A-01", "40", "L-GLV-1", LONG_AGO)
    move(south, "HLM-01", "B-01", "6", "L-HLM-1", LONG_AGO)
    move(north, "TAP-01", "A-01", "30", "L-TAP-9", NOW - timedelta(days=20), date(2026, 12, 10))
    for store in (north, south):
        sync_settled(store, admin)
    settle(admin)  # derive reads the events along the pull cursor (docs/sync.md)
    assert len(derive_web(admin, NOW)) == 3
    role = "web_" + uuid.uuid4().hex[:10]
    with admin.begin() as conn:
        grant_web(conn, role)
        users = {
            "li": add_user(conn, "li", "Li Wei", "owner", PASSWORD, lang="zh"),
            "zhang": add_user(conn, "zhang", "Zhang Min", "owner", PASSWORD),
            "wang": add_user(conn, "wang", "Wang Fang", "manager", PASSWORD, warehouses=["North"]),
            "root": add_user(conn, "root", "Admin", "admin", PASSWORD),
        }
    web = open_central(admin.url.set(username=role).render_as_string(hide_password=False))
    try:
        yield Site(admin, web, north, south, users, role)
    finally:
        web.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP OWNED BY "{role}"'))
        admin.dispose()
        with pg_admin.connect() as conn:
            conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
