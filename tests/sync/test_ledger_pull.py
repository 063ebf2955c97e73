# SPDX-License-Identifier: Apache-2.0
"""Pulled movements into the ledger: every balance is the exact sum of its movements, also
when one slice touches more balance rows than it sums before writing them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from station.core.store.database import Store
from sync.ledger_pull import BALANCES_HELD, insert_pulled_movements, prepare

from .sync_fixtures import balances

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def _payload(sku: str, qty: str, cost: str | None) -> dict[str, object]:
    return {
        "uuid": str(uuid.uuid4()),
        "kind": "receipt",
        "item_sku": sku,
        "location_code": "A-01",
        "qty": qty,
        "unit_cost": cost,
        "ts": NOW.isoformat(),
    }


def test_a_slice_touching_many_balances_leaves_each_the_sum_of_its_movements(
    tmp_path: Path,
) -> None:
    store = Store.open(tmp_path / "station.db", station_id="ST-PULL")
    try:
        skus = [f"SKU-{n:04d}" for n in range(BALANCES_HELD + 150)]
        moves = [prepare("ST-OTHER", _payload(sku, "3.50", "2")) for sku in skus]
        moves += [prepare("ST-OTHER", _payload(sku, "-1.25", None)) for sku in skus]
        moves.append(moves[0])  # pulled twice: counted once
        with store.background_transaction() as conn:
            result = insert_pulled_movements(conn, moves, NOW)
        assert (result.inserted, result.skipped) == (2 * len(skus), 1)
        assert balances(store) == {(sku, "A-01", None): Decimal("2.25") for sku in skus}
        with store.reading() as conn:
            rows = conn.exec_driver_sql(
                "SELECT b.value, b.last_movement_id, max(m.id) FROM balances b "
                "JOIN movements m ON m.item_id = b.item_id AND m.location_id = b.location_id "
                "GROUP BY b.id"
            ).all()
        assert len(rows) == len(skus)
        assert {(value, last == newest) for value, last, newest in rows} == {("7", True)}
    finally:
        store.close()
