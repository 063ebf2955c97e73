# SPDX-License-Identifier: Apache-2.0
"""Near expiry, slow movers and ABC classes on the hand-built ledger (see stale_fixtures)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from station.core.stale_stock.abc import abc_report, classify
from station.core.stale_stock.config import load_stale_settings
from station.core.stale_stock.expiry import expiry
from station.core.stale_stock.positions import ItemInfo, load_snapshot
from station.core.stale_stock.slow_movers import slow_movers
from station.core.store import catalog
from station.core.store.database import Store

from .stale_fixtures import AS_OF, build_ledger

D = Decimal


@pytest.fixture
def ledger_store(store: Store) -> Store:
    build_ledger(store)
    return store


def _snap(store: Store, as_of: date = AS_OF):  # type: ignore[no-untyped-def]
    with store.reading() as conn:
        return load_snapshot(conn, as_of, load_stale_settings(conn))


def test_near_expiry_uses_the_items_window(ledger_store: Store) -> None:
    # X2's min shelf life is 20 days: G1 (2026-12-10) has 16 days left -> near;
    # G2 (2026-11-20) expired 4 days ago; G3 (2027-06-01) has 189 days.
    report = expiry(_snap(ledger_store))
    got = [(ln.position.lot.lot_no, ln.days_left, ln.status) for ln in report.lines]  # type: ignore[union-attr]
    assert got == [("G2", -4, "expired"), ("G1", 16, "near")]
    assert (report.near_qty, report.near_value) == (D(30), D("300.00"))
    assert (report.expired_qty, report.expired_value) == (D(5), D("50.00"))


def test_near_expiry_days_asked_for_win(ledger_store: Store) -> None:
    report = expiry(_snap(ledger_store), days=16)  # the last day still in the window
    assert [ln.status for ln in report.lines] == ["expired", "near"]
    report = expiry(_snap(ledger_store), days=15)
    assert [ln.status for ln in report.lines] == ["expired"]


def test_near_expiry_in_the_past(ledger_store: Store) -> None:
    # On 2026-11-01 G2 had 19 days left (near, window 20), G1 39 (not near).
    report = expiry(_snap(ledger_store, date(2026, 11, 1)))
    assert [(ln.position.lot.lot_no, ln.days_left) for ln in report.lines] == [("G2", 19)]  # type: ignore[union-attr]


def _expiry_totals(store: Store, as_of: date = AS_OF, days: int | None = None):  # type: ignore[no-untyped-def]
    from station.core.stale_stock.expiry_sql import expiry_totals

    with store.reading() as conn:
        totals = expiry_totals(conn, as_of, load_stale_settings(conn), days=days)
    assert totals.computed_by == "sql"
    return totals


def test_expiry_figures_summed_by_the_database_by_hand(ledger_store: Store) -> None:
    # the figures of the three tests above, summed in SQL
    totals = _expiry_totals(ledger_store)
    assert (totals.near_qty, totals.near_value) == (D(30), D("300.00"))
    assert (totals.expired_qty, totals.expired_value) == (D(5), D("50.00"))
    assert _expiry_totals(ledger_store, days=16).near_qty == D(30)
    assert _expiry_totals(ledger_store, days=15).near_qty == D(0)
    past = _expiry_totals(ledger_store, date(2026, 11, 1))  # from the ledger: G2 only
    assert (past.near_qty, past.near_value, past.expired_qty) == (D(5), D("50.00"), D(0))


def test_slow_movers_by_hand(ledger_store: Store) -> None:
    # X3 last issued 2026-05-01 (207 days); X2 never issued, oldest receipt 2026-07-01 (146);
    # X1 issued 4 days ago, X4 today.
    report = slow_movers(_snap(ledger_store))
    got = [(s.item.sku, s.idle_days, s.status, s.value, s.stale_value) for s in report.lines]
    assert got == [
        ("X3", 207, "slow", D("120.00"), D("120.00")),
        ("X2", 146, "slow", D("450.00"), D("300.00")),  # G2 and G3 are younger than 90 days
    ]
    assert report.slow_value == D("570.00") and report.dead_value == D(0)
    assert [s.item.sku for s in slow_movers(_snap(ledger_store), days=200).lines] == ["X3"]
    assert [s.item.sku for s in slow_movers(_snap(ledger_store), days=207).lines] == ["X3"]
    assert slow_movers(_snap(ledger_store), days=208).lines == []


def test_dead_stock_in_the_past(ledger_store: Store) -> None:
    # On 2026-05-01 X1/L0 had not moved since 2025-10-01 (212 days): slow; X4 issued 03-01.
    report = slow_movers(_snap(ledger_store, date(2026, 5, 1)), days=60)
    assert [(s.item.sku, s.idle_days) for s in report.lines] == [("X1", 212), ("X4", 61)]


@pytest.mark.parametrize(
    ("as_of", "days", "items", "slow", "dead"),
    [
        (AS_OF, None, 2, D("570.00"), D(0)),  # X3 120 (207 days) + X2 450 (146): both slow
        (AS_OF, 200, 1, D("120.00"), D(0)),  # X3 only
        (AS_OF, 208, 0, D(0), D(0)),
        (date(2026, 5, 1), 60, 2, D("150.00"), D(0)),  # X1 100 (212 days), X4 50 (61)
    ],
)
def test_slow_figures_summed_by_the_database_by_hand(
    ledger_store: Store, as_of: date, days: int | None, items: int, slow: Decimal, dead: Decimal
) -> None:
    from station.core.stale_stock.slow_sql import slow_totals

    with ledger_store.reading() as conn:
        settings = load_stale_settings(conn)
        totals = slow_totals(conn, as_of, settings, days=days)
        report = slow_movers(load_snapshot(conn, as_of, settings), days)
    assert totals.computed_by == "sql"
    assert (totals.items, totals.slow_value, totals.dead_value) == (items, slow, dead)
    assert (totals.slow_value, totals.dead_value) == (report.slow_value, report.dead_value)


def test_abc_by_hand_and_written_back(ledger_store: Store) -> None:
    # Consumption in the year: X3 70 x 4.00 = 280, X4 800 x 0.10 = 80, X1 10 x 2.50 = 25,
    # X2 none; total 385. X3 A (0 before), X4 A (280/385 = 72.7 % before), X1 B (93.5 %), X2 C.
    with ledger_store.transaction() as conn:
        report = abc_report(conn, AS_OF, load_stale_settings(conn), write=True)
    got = [(ln.item.sku, ln.consumption, ln.abc_class) for ln in report.lines]
    assert got == [
        ("X3", D("280.00"), "A"),
        ("X4", D("80.00"), "A"),
        ("X1", D("25.00"), "B"),
        ("X2", D(0), "C"),
    ]
    assert report.total == D("385.00")
    with ledger_store.reading() as conn:
        assert catalog.item_by_sku(conn, "X4").abc_class == "A"  # type: ignore[union-attr]
        assert catalog.item_by_sku(conn, "X2").abc_class == "C"  # type: ignore[union-attr]


def test_abc_window_is_the_365_days_up_to_as_of(ledger_store: Store) -> None:
    # On 2027-03-01 the X4 issue of 2026-03-01 has left the window (365 days: 2026-03-02 on).
    with ledger_store.reading() as conn:
        report = abc_report(conn, date(2027, 3, 1), load_stale_settings(conn))
    assert {ln.item.sku: ln.consumption for ln in report.lines}["X4"] == D("30.00")
    with ledger_store.reading() as conn:
        report = abc_report(conn, date(2027, 2, 28), load_stale_settings(conn))
    assert {ln.item.sku: ln.consumption for ln in report.lines}["X4"] == D("80.00")


@pytest.mark.parametrize("cost", [Decimal("0.25"), Decimal("0.123456789"), Decimal(10**12)])
def test_abc_consumption_is_exact_past_the_scaled_integers(
    ledger_store: Store, cost: Decimal
) -> None:
    # an issue of 7 X2 on 2026-11-01 at the given cost: the SQL sums (0.25), or the Python
    # sums when the cost has more decimals than the scale or the value passes 64 bits
    from sqlalchemy import text

    from station.core.stale_stock.abc import annual_consumption
    from station.core.store.events import StationIdentity
    from station.core.store.ledger import Movement, post_movement

    from .stale_fixtures import at

    with ledger_store.transaction() as conn:
        x2 = conn.execute(text("SELECT id FROM items WHERE sku = 'X2'")).scalar_one()
        a01 = conn.execute(text("SELECT id FROM locations WHERE code = 'A-01'")).scalar_one()
        who = StationIdentity(ledger_store.station_id, ledger_store.incarnation_id)
        move = Movement("issue", x2, a01, Decimal(-7), unit_cost=cost)
        post_movement(conn, who, move, at(date(2026, 11, 1)))
    with ledger_store.reading() as conn:
        got = annual_consumption(conn, AS_OF, load_stale_settings(conn))
    assert got[x2] == 7 * cost
    assert sum(got.values()) == D("385.00") + 7 * cost


def _items(*skus: str) -> dict[int, ItemInfo]:
    return {
        n: ItemInfo(n, sku, sku, "EA", "", "", None, None, None, None, None)
        for n, sku in enumerate(skus, start=1)
    }


SPLIT = (D(80), D(15), D(5))


@pytest.mark.parametrize(
    ("values", "classes"),
    [
        # exactly 80 % before the second item: it is B; exactly 95 % before the third: C
        ((D(80), D(15), D(5)), ["A", "B", "C"]),
        # 79.99 % before the second: still A (the item crossing the line belongs above it)
        ((D("79.99"), D("15.01"), D(5)), ["A", "A", "C"]),
        # 94.99 % before the third: B
        ((D(60), D("34.99"), D("5.01")), ["A", "A", "B"]),
        # one item holding everything is A; items with nothing are C
        ((D(10), D(0), D(0)), ["A", "C", "C"]),
    ],
)
def test_abc_boundaries(values: tuple[Decimal, ...], classes: list[str]) -> None:
    items = _items("P", "Q", "R")
    ranked = classify({1: values[0], 2: values[1], 3: values[2]}, items, SPLIT)
    assert [cls for _, cls, _ in ranked] == classes
