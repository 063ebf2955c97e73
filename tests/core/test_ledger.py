# SPDX-License-Identifier: Apache-2.0
"""Ledger and balances agree after any sequence of movements, to the last decimal."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from station.core.master_data import ItemData, upsert_item, upsert_location
from station.core.store import catalog
from station.core.store.database import Store
from station.core.store.events import StationIdentity
from station.core.store.ledger import Movement, balance_mismatches, post_movement

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

quantities = st.decimals(
    min_value=Decimal("-1000"),
    max_value=Decimal("1000"),
    places=3,
    allow_nan=False,
    allow_infinity=False,
).filter(lambda d: d != 0)
movements = st.lists(
    st.tuples(
        st.sampled_from(["opening", "receipt", "issue", "adjustment", "transfer"]),
        st.integers(0, 2),  # item
        st.integers(0, 2),  # location
        st.sampled_from([None, "LOT-A", "LOT-B"]),
        quantities,
    ),
    min_size=1,
    max_size=40,
)


@pytest.fixture(scope="module")
def ledger_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store.open(Path(tmp_path_factory.mktemp("ledger")) / "l.db", station_id="ST-L")
    with store.transaction() as conn:
        for n in range(3):
            upsert_item(
                conn,
                ItemData(sku=f"SKU{n}", name=f"Item {n}", unit_cost=Decimal("1.10") * (n + 1)),
                NOW,
            )
            upsert_location(conn, f"LOC{n}")
    return store


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(moves=movements)
def test_balances_are_the_sum_of_the_ledger(ledger_store: Store, moves: list) -> None:
    who = StationIdentity(ledger_store.station_id, ledger_store.incarnation_id)
    expected: dict[tuple[int, str | None, int], Decimal] = {}
    with ledger_store.transaction() as conn:
        items = [catalog.item_by_sku(conn, f"SKU{n}") for n in range(3)]
        locs = [catalog.location_by_code(conn, f"LOC{n}") for n in range(3)]
        before = {
            (line.sku, line.lot_no, line.location_code): line.qty
            for line in catalog.all_stock(conn)
        }
        for kind, i, loc, lot, qty in moves:
            item, location = items[i], locs[loc]
            assert item and location
            lot_id = catalog.lot_id_for(conn, item.id, lot) if lot else None
            post_movement(conn, who, Movement(kind, item.id, location.id, qty, lot_id=lot_id), NOW)
            key = (i, lot, loc)
            expected[key] = expected.get(key, Decimal(0)) + qty
    with ledger_store.reading() as conn:
        assert balance_mismatches(conn) == []
        after = {
            (line.sku, line.lot_no, line.location_code): line.qty
            for line in catalog.all_stock(conn)
        }
    for (i, lot, loc), delta in expected.items():
        key = (f"SKU{i}", lot, f"LOC{loc}")
        assert after.get(key, Decimal(0)) == before.get(key, Decimal(0)) + delta


def test_quantities_stay_exact(store: Store) -> None:
    who = StationIdentity(store.station_id, store.incarnation_id)
    with store.transaction() as conn:
        item_id, _ = upsert_item(
            conn, ItemData(sku="OIL", name="Oil", unit="L", unit_cost=Decimal("0.1")), NOW
        )
        loc_id, _ = upsert_location(conn, "A")
        for _ in range(10):
            post_movement(conn, who, Movement("receipt", item_id, loc_id, Decimal("0.1")), NOW)
    with store.reading() as conn:
        (line,) = catalog.all_stock(conn)
    assert line.qty == Decimal("1.0")
    assert line.value == Decimal("0.10")


def test_a_movement_of_nothing_is_refused(store: Store) -> None:
    who = StationIdentity(store.station_id, store.incarnation_id)
    with pytest.raises(ValueError), store.transaction() as conn:
        item_id, _ = upsert_item(conn, ItemData(sku="X", name="X"), NOW)
        loc_id, _ = upsert_location(conn, "A")
        post_movement(conn, who, Movement("receipt", item_id, loc_id, Decimal(0)), NOW)
