# SPDX-License-Identifier: Apache-2.0
"""Central imports are idempotent (the same stock file twice gives the same central stock; a
corrected file replaces the opening balances it names), and a synced station refuses to
import what central owns, naming the central command; tried through the command line as a
new user would, on a SQLite central and on the real PostgreSQL."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from station.cli import main as station_main
from station.core.store import schema
from station.core.store.database import Store
from sync.central_link import open_central
from sync.central_schema import central_changes

from .sync_fixtures import balances, central_balances, sync_settled

SAMPLES = Path(__file__).parents[2] / "docs" / "samples"


def _central(url: str, *args: str) -> int:
    return station_main(["central", *args, "--url", url])


def test_the_same_stock_imported_twice_gives_the_same_central_stock(
    central_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for kind in ("items", "locations"):
        assert _central(central_url, "import", kind, str(SAMPLES / f"{kind}.csv")) == 0
    engine = open_central(central_url)
    try:
        with engine.connect() as conn:
            changes = conn.execute(select(func.count()).select_from(central_changes)).scalar()
        assert _central(central_url, "import", "items", str(SAMPLES / "items.csv")) == 0
        assert "nothing changed" in capsys.readouterr().out
        with engine.connect() as conn:  # the master data import, again: no change logged
            assert conn.execute(select(func.count()).select_from(central_changes)).scalar() == (
                changes
            )
        stock = SAMPLES / "stock.csv"
        assert _central(central_url, "import", "stock", str(stock)) == 0
        first = central_balances(engine)
        assert first[("GLV-NIT-M", "A-01-01", None)] == Decimal(120)
        assert _central(central_url, "import", "stock", str(stock)) == 0
        assert "nothing changed" in capsys.readouterr().out
        assert central_balances(engine) == first
        copy = tmp_path / "stock-again.csv"  # the same numbers in another file: no change
        copy.write_text(stock.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        assert _central(central_url, "import", "stock", str(copy)) == 0
        assert central_balances(engine) == first
        fixed = tmp_path / "stock-fixed.csv"  # a corrected count replaces, never adds
        fixed.write_text(
            "sku,location,qty\nGLV-NIT-M,A-01-01,100\nCT-300-BK,A-02-01,0\n", encoding="utf-8"
        )
        assert _central(central_url, "import", "stock", str(fixed)) == 0
        now = central_balances(engine)
        assert now[("GLV-NIT-M", "A-01-01", None)] == Decimal(100)
        assert ("CT-300-BK", "A-02-01", None) not in now
        assert now[("GLV-NIT-L", "A-01-02", None)] == first[("GLV-NIT-L", "A-01-02", None)]
        station = Store.open(tmp_path / "st.db", station_id="ST-IMP")
        try:
            assert sync_settled(station, engine).ok
            assert balances(station) == now
        finally:
            station.close()
    finally:
        engine.dispose()


def test_a_synced_station_refuses_imports_central_owns(
    central_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "st.db"
    assert station_main(["init", "--db", str(db), "--station-id", "ST-LOCAL"]) == 0
    assert station_main(["sync", "--central", central_url, "--once", "--db", str(db)]) == 0
    capsys.readouterr()
    for kind in ("items", "stock"):
        code = station_main(["import", kind, str(SAMPLES / f"{kind}.csv"), "--db", str(db)])
        err = capsys.readouterr().err
        assert code == 2
        assert f"station central import {kind} FILE" in err and "nothing was imported" in err
    store = Store.open_reader(db)
    try:
        with store.reading() as conn:
            assert conn.execute(select(func.count()).select_from(schema.items)).scalar() == 0
            assert conn.execute(select(func.count()).select_from(schema.movements)).scalar() == 0
    finally:
        store.close()
