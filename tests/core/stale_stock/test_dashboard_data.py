# SPDX-License-Identifier: Apache-2.0
"""The dashboard's data on the demo warehouse, and the flag label it asks for."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from labels.data_json import data_from_json
from labels.templates import stale_stock_label
from station.core.stale_stock.dashboard import flag_label_effect, load_dashboard
from station.core.store.database import Store

AS_OF = date(2026, 11, 24)


def test_dashboard_figures_add_up(demo_store: Store) -> None:
    data = load_dashboard(demo_store, AS_OF)
    assert data.total_value == sum((b.value for b in data.buckets), Decimal(0))
    assert Decimal(0) < data.stale_value < data.total_value
    assert len(data.slowest) == 10
    assert [s.idle_days for s in data.slowest] == sorted(
        (s.idle_days for s in data.slowest), reverse=True
    )
    oldest = data.lots_by_bucket[">365"]
    assert oldest and all(r.age_days is not None and r.age_days > 365 for r in oldest)
    assert [r.value for r in oldest] == sorted((r.value for r in oldest), reverse=True)


def test_flag_label_effect_builds_the_stale_stock_label(demo_store: Store) -> None:
    row = load_dashboard(demo_store, AS_OF).lots_by_bucket[">365"][0]
    effect = flag_label_effect(row, AS_OF)
    assert effect["kind"] == "labels" and effect["template"] == "stale_stock"
    data = data_from_json("stale_stock", effect["data"][0])
    assert data.sku == row.sku and data.location == row.location  # type: ignore[attr-defined]
    assert data.flagged_on == AS_OF  # type: ignore[attr-defined]
    stale_stock_label(data)  # type: ignore[arg-type]
