# SPDX-License-Identifier: Apache-2.0
"""Alerts become follow-up tasks with owners and due dates; outcomes release money."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from station.core.stale_stock.alerts import (
    TaskError,
    cancel_task,
    list_tasks,
    raise_tasks,
    record_outcome,
    released_money,
)
from station.core.stale_stock.config import load_stale_settings
from station.core.stale_stock.positions import load_snapshot
from station.core.stale_stock.slow_movers import slow_movers
from station.core.store import schema
from station.core.store.database import Store
from station.core.store.events import StationIdentity

from .stale_fixtures import AS_OF, Ids, at, build_ledger

D = Decimal


@pytest.fixture
def ledger(store: Store) -> tuple[Store, Ids]:
    ids = build_ledger(store)
    # stale after 130 days: X2/G1 (idle 146) became stale within the last 30 days, X3 (207)
    # is older backlog and raises no alert
    with store.transaction() as conn:
        conn.execute(
            schema.settings.insert().values(
                key="stale_stock.slow_days", value="130", updated_at="2026-11-24"
            )
        )
    return store, ids


def _raise(store: Store) -> list[int]:
    with store.transaction() as conn:
        snap = load_snapshot(conn, AS_OF, load_stale_settings(conn))
        return raise_tasks(conn, snap, at(AS_OF, 9))


def _by_kind(store: Store) -> dict[tuple[str, str, str | None], object]:
    with store.reading() as conn:
        return {(t.kind, t.sku, t.lot_no): t for t in list_tasks(conn)}


def test_alerts_become_tasks_with_owner_and_due_date(ledger: tuple[Store, Ids]) -> None:
    store, _ = ledger
    assert len(_raise(store)) == 4
    tasks = _by_kind(store)
    assert set(tasks) == {
        ("expired", "X2", "G2"),
        ("near_expiry", "X2", "G1"),
        ("stale", "X2", "G1"),
        ("below_min", "X3", None),  # 30 on hand, min 50
    }
    near = tasks[("near_expiry", "X2", "G1")]
    assert near.owner == "Bob" and near.action == "promote"  # type: ignore[attr-defined]
    # due in 14 days (2026-12-08), before the expiry on 2026-12-10
    assert near.due_date == date(2026, 12, 8)  # type: ignore[attr-defined]
    assert tasks[("below_min", "X3", None)].owner == "Ann"  # type: ignore[attr-defined]
    assert tasks[("expired", "X2", "G2")].value == D("50.00")  # type: ignore[attr-defined]
    assert _raise(store) == []  # raised once


def test_outcomes_are_movements_and_release_money(ledger: tuple[Store, Ids]) -> None:
    store, ids = ledger
    _raise(store)
    tasks = _by_kind(store)
    who = StationIdentity(store.station_id, store.incarnation_id)
    expired = tasks[("expired", "X2", "G2")].id  # type: ignore[attr-defined]
    near = tasks[("near_expiry", "X2", "G1")].id  # type: ignore[attr-defined]
    stale_g1 = tasks[("stale", "X2", "G1")].id  # type: ignore[attr-defined]
    below = tasks[("below_min", "X3", None)].id  # type: ignore[attr-defined]
    with store.transaction() as conn:
        scrap = record_outcome(conn, who, expired, "scrap", at(AS_OF, 11))
        promo = record_outcome(conn, who, near, "promote", at(AS_OF, 11), qty=D(10))
        moved = record_outcome(
            conn, who, stale_g1, "transfer", at(AS_OF, 11), to_location_id=ids.locations["B-01"]
        )
        counted = record_outcome(conn, who, below, "count", at(AS_OF, 11))
    assert (scrap.qty, scrap.released) == (D(5), D("50.00"))
    assert (promo.qty, promo.released) == (D(10), D("100.00"))
    assert (moved.qty, moved.released, len(moved.movement_ids)) == (D(20), D(0), 2)  # 30 - 10
    assert counted.movement_ids == ()
    with store.reading() as conn:
        released = released_money(conn, load_stale_settings(conn))
        reasons = conn.execute(
            select(schema.movements.c.kind, schema.movements.c.reason).where(
                schema.movements.c.reference == f"STALE-{expired}"
            )
        ).all()
        count_task = conn.execute(
            select(schema.count_tasks.c.item_id).where(
                schema.count_tasks.c.reference == f"STALE-{below}"
            )
        ).scalar()
        open_left = {t.kind for t in list_tasks(conn)}
        # clearing issues are not consumption: X2 is still a slow mover
        snap = load_snapshot(conn, AS_OF, load_stale_settings(conn))
    assert reasons == [("adjustment", "stale:scrap")]
    assert released.by_action == {"promote": (D(10), D("100.00")), "scrap": (D(5), D("50.00"))}
    assert released.total == D("150.00")
    assert (released.open_tasks, released.done_tasks) == (0, 4)
    assert count_task == ids.items["X3"]
    assert open_left == set()
    assert "X2" in [s.item.sku for s in slow_movers(snap).lines]
    with store.reading() as conn:
        s = load_stale_settings(conn)
        assert released_money(conn, s, since=date(2026, 11, 25)).total == D(0)
        assert released_money(conn, s, since=AS_OF, until=AS_OF).total == D("150.00")


def test_outcomes_are_checked_before_anything_is_written(ledger: tuple[Store, Ids]) -> None:
    store, _ = ledger
    _raise(store)
    tasks = _by_kind(store)
    who = StationIdentity(store.station_id, store.incarnation_id)
    near = tasks[("near_expiry", "X2", "G1")].id  # type: ignore[attr-defined]
    below = tasks[("below_min", "X3", None)].id  # type: ignore[attr-defined]
    with store.transaction() as conn:
        with pytest.raises(TaskError):
            record_outcome(conn, who, near, "promote", at(AS_OF, 11), qty=D(31))  # 30 on hand
        with pytest.raises(TaskError):
            record_outcome(conn, who, near, "sell", at(AS_OF, 11))
        with pytest.raises(TaskError):
            record_outcome(conn, who, near, "transfer", at(AS_OF, 11))  # no destination
        with pytest.raises(TaskError):
            record_outcome(conn, who, below, "scrap", at(AS_OF, 11))  # no location
        cancel_task(conn, below, at(AS_OF, 11))
        with pytest.raises(TaskError):
            record_outcome(conn, who, below, "count", at(AS_OF, 11))
    # a cancelled min breach that still holds is raised again; the others are not
    assert len(_raise(store)) == 1
