# SPDX-License-Identifier: Apache-2.0
"""Aging buckets, stale share and cuts on the hand-built ledger (see stale_fixtures)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text

from station.core.stale_stock.aging import aging
from station.core.stale_stock.aging_sql import aging_totals
from station.core.stale_stock.config import StaleSettings, load_stale_settings
from station.core.stale_stock.cuts import Cut
from station.core.stale_stock.expiry import expiry
from station.core.stale_stock.expiry_sql import expiry_totals
from station.core.stale_stock.positions import load_snapshot
from station.core.stale_stock.slow_movers import slow_movers
from station.core.stale_stock.slow_sql import slow_totals
from station.core.store.database import Store

from .stale_fixtures import AS_OF, build_ledger

D = Decimal


@pytest.fixture
def ledger_store(store: Store) -> Store:
    build_ledger(store)
    return store


@pytest.fixture(params=["sql", "python"])
def how(request: pytest.FixtureRequest) -> str:
    """Every figure by hand twice: summed by the database and by the positions in Python."""
    return str(request.param)


def _aging(store: Store, as_of: date, cut: Cut | None = None, how: str = "sql"):  # type: ignore[no-untyped-def]
    with store.reading() as conn:
        settings = load_stale_settings(conn)
        if how == "python":
            return aging(load_snapshot(conn, as_of, settings, cut))
        totals = aging_totals(conn, as_of, settings, cut)
        assert totals.computed_by == "sql"
        return totals


def _buckets(report) -> dict[str, tuple[Decimal, Decimal]]:  # type: ignore[no-untyped-def]
    return {b.label: (b.qty, b.value) for b in report.buckets}


def test_buckets_today_by_hand(ledger_store: Store, how: str) -> None:
    # X1/L1 90 x 2.50 age 14; X2/G2 5 x 10 age 84 + X2/G3 10 x 10 age 54;
    # X2/G1 30 x 10 age 146; X4 200 x 0.10 age 323 (oldest on hand 2026-01-05);
    # X1/L0 40 x 2.50 age 419 + X3 30 x 4.00 age 541 (FIFO: 10 left of 2025-06-01).
    report = _aging(ledger_store, AS_OF, how=how)
    assert _buckets(report) == {
        "0-30": (D(90), D("225.00")),
        "31-90": (D(15), D("150.00")),
        "91-180": (D(30), D("300.00")),
        "181-365": (D(200), D("20.00")),
        ">365": (D(70), D("220.00")),
    }
    assert report.total_qty == D(405)
    assert report.total_value == D("915.00")
    # stale: X2/G1 never issued for 146 days (300) and X3 last issued 207 days ago (120);
    # X1/L0 is old but its item was issued 4 days ago.
    assert report.stale_value == D("420.00")
    assert report.stale_share == D("45.90")  # 420 / 915 = 45.9016 %


def test_as_of_in_the_past_is_rebuilt_from_the_ledger(ledger_store: Store, how: str) -> None:
    # 2026-05-01: X1/L0 40 (age 212), X3 80-70 = 10 (age 334), X4 1000-500 = 500 (age 116).
    report = _aging(ledger_store, date(2026, 5, 1), how=how)
    assert _buckets(report) == {
        "0-30": (D(0), D(0)),
        "31-90": (D(0), D(0)),
        "91-180": (D(500), D("50.00")),
        "181-365": (D(50), D("140.00")),
        ">365": (D(0), D(0)),
    }
    # X1/L0 idle 212 days (never issued yet) is stale; X3 was issued that day; X4 on 03-01.
    assert report.stale_value == D("100.00")
    assert report.stale_share == D("52.63")
    with ledger_store.reading() as conn:
        snap = load_snapshot(conn, date(2026, 5, 1), load_stale_settings(conn))
    assert snap.source == "ledger"


def test_the_as_of_day_ends_at_local_midnight(ledger_store: Store, how: str) -> None:
    # X4's issue of 300 at 23:30 on 11-24 (15:30 UTC) belongs to the 24th, not the 23rd.
    day_before = _aging(ledger_store, date(2026, 11, 23), how=how)
    assert _buckets(day_before)["181-365"] == (D(500), D("50.00"))
    assert _buckets(_aging(ledger_store, AS_OF, how=how))["181-365"] == (D(200), D("20.00"))


def test_today_from_balances_equals_the_ledger(ledger_store: Store) -> None:
    with ledger_store.reading() as conn:
        settings = load_stale_settings(conn)
        now = load_snapshot(conn, AS_OF, settings)
        # a day in the future has no later movements either: balances again
        later = load_snapshot(conn, date(2027, 1, 1), settings)
    assert now.source == "balances" and later.source == "balances"
    from station.core.stale_stock.positions import _from_balances, _from_ledger, day_end_utc

    with ledger_store.reading() as conn:
        ledger = _from_ledger(conn, day_end_utc(AS_OF, settings.tz))  # type: ignore[arg-type]
        assert ledger == _from_balances(conn)[0]


@pytest.mark.parametrize(
    ("cut", "value"),
    [
        (Cut(owner="Ann"), D("445.00")),  # X1 225 + 100, X3 120
        (Cut(category="LUBE"), D("450.00")),
        (Cut(zone="B"), D("220.00")),
        (Cut(warehouse="WH1", location="A-01"), D("695.00")),
        (Cut(owner="Nobody"), D(0)),
    ],
)
def test_every_figure_can_be_cut(ledger_store: Store, cut: Cut, value: Decimal, how: str) -> None:
    assert _aging(ledger_store, AS_OF, cut, how=how).total_value == value


def test_buckets_are_configurable() -> None:
    s = StaleSettings(buckets=(7, 14))
    assert s.bucket_labels() == ["0-7", "8-14", ">14"]
    assert [s.bucket_of(d) for d in (0, 7, 8, 14, 15)] == [0, 0, 1, 1, 2]
    with pytest.raises(ValueError):
        StaleSettings(buckets=(30, 10))


def test_configured_buckets_from_settings(ledger_store: Store, how: str) -> None:
    import json

    from station.core.store import schema

    with ledger_store.transaction() as conn:
        conn.execute(
            schema.settings.insert().values(
                key="stale_stock.aging_buckets", value=json.dumps([60, 400]), updated_at="x"
            )
        )
    report = _aging(ledger_store, AS_OF, how=how)
    assert _buckets(report) == {
        "0-60": (D(100), D("325.00")),  # L1 225 (14 d) + G3 100 (54 d)
        "61-400": (D(235), D("370.00")),  # G2 50 (84 d) + G1 300 + X4 20
        ">400": (D(70), D("220.00")),
    }


@pytest.mark.parametrize(
    ("qty", "cost"),
    [
        (Decimal(3), Decimal("0.123456789")),  # 9 decimals: more than the scaled integers hold
        (Decimal("500000000000"), Decimal(1_000_000)),  # a value past 64 bits once scaled
    ],
)
def test_money_the_integers_cannot_hold_is_summed_exactly(  # aging, expiry, slow movers
    ledger_store: Store, qty: Decimal, cost: Decimal
) -> None:
    from station.core.store.events import StationIdentity
    from station.core.store.ledger import Movement, post_movement

    from .stale_fixtures import at

    with ledger_store.transaction() as conn:
        x1 = conn.execute(text("SELECT id FROM items WHERE sku = 'X1'")).scalar_one()
        a01 = conn.execute(text("SELECT id FROM locations WHERE code = 'A-01'")).scalar_one()
        who = StationIdentity(ledger_store.station_id, ledger_store.incarnation_id)
        post_movement(
            conn, who, Movement("receipt", x1, a01, qty, unit_cost=cost), at(date(2026, 11, 23))
        )
    totals_by_day = {}
    for day in (AS_OF, date(2026, 11, 23)):  # from the balances, and from the ledger
        with ledger_store.reading() as conn:
            settings = load_stale_settings(conn)
            totals = aging_totals(conn, day, settings)
            report = aging(load_snapshot(conn, day, settings))
            exp, slow = expiry_totals(conn, day, settings), slow_totals(conn, day, settings)
            near = expiry(load_snapshot(conn, day, settings))
            slow_report = slow_movers(load_snapshot(conn, day, settings))
        assert totals.computed_by == "python"
        assert slow.computed_by == "python"  # expiry sums lots only: the new receipt has none
        assert (exp.near_value, slow.slow_value, slow.total_value) == (
            near.near_value,
            slow_report.slow_value,
            report.total_value,
        )
        assert (totals.buckets, totals.stale_value, totals.by_zone) == (
            report.buckets,
            report.stale_value,
            report.by_zone,
        )
        totals_by_day[day] = totals.total_value
    assert totals_by_day[AS_OF] == D("915.00") + qty * cost
