# SPDX-License-Identifier: Apache-2.0
"""``station import`` end to end: samples go in, bad rows refuse the whole file, re-imports
update by natural key, orders in progress are left alone."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select, update

from station.core.store import catalog, schema
from station.core.store.database import Store
from station.core.store.ledger import balance_mismatches

SAMPLES = Path(__file__).parents[2] / "docs" / "samples"


def station(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "station", *args], capture_output=True, text=True, timeout=120
    )


def import_all(db: Path) -> None:
    for kind, name in [
        ("items", "items.csv"),
        ("locations", "locations.csv"),
        ("users", "users.csv"),
        ("stock", "stock.csv"),
        ("receipts", "receipts.csv"),
        ("issues", "issues.csv"),
    ]:
        done = station("import", kind, str(SAMPLES / name), "--db", str(db))
        assert done.returncode == 0, done.stderr


def test_the_samples_import_into_an_empty_station(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    import_all(db)
    store = Store.open(db)
    try:
        with store.reading() as conn:
            item, pack = catalog.item_by_gtin(conn, "16901234567806") or (None, None)
            assert item is not None and item.sku == "GLV-NIT-M" and pack == Decimal(10)
            assert catalog.user_by_badge(conn, "1001") is not None
            assert catalog.user_by_badge(conn, "1001").pin_hash is None  # files carry no PINs
            stock = catalog.stock_of_item(conn, item)
            assert sum(line.qty for line in stock) == Decimal(120)
            kinds = set(conn.execute(select(schema.movements.c.kind)).scalars())
            assert kinds == {"opening"}
            assert balance_mismatches(conn) == []
            refs = set(conn.execute(select(schema.expected_receipts.c.reference)).scalars())
            assert "PO-2027-0101" in refs
    finally:
        store.close()


def test_a_gbk_file_with_chinese_headers_imports(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    done = station("import", "items", str(SAMPLES / "items_zh_gbk.csv"), "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert "created" in done.stdout


def test_a_bad_row_refuses_the_whole_file(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    bad = tmp_path / "items.csv"
    bad.write_text(
        "sku,name,gtin\nOK-1,Good item,6901234567809\nBAD-1,Bad check digit,6901234567808\n",
        encoding="utf-8",
    )
    done = station("import", "items", str(bad), "--db", str(db))
    assert done.returncode == 2
    assert f"{bad}:3:" in done.stderr and "check digit" in done.stderr
    store = Store.open(db)
    try:
        with store.reading() as conn:
            assert catalog.item_by_sku(conn, "OK-1") is None  # nothing imported partially
    finally:
        store.close()


def test_stock_for_an_unknown_location_refuses_the_file(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    assert station("import", "items", str(SAMPLES / "items.csv"), "--db", str(db)).returncode == 0
    done = station("import", "stock", str(SAMPLES / "stock.csv"), "--db", str(db))
    assert done.returncode == 2
    assert "location" in done.stderr and "import locations first" in done.stderr


def test_reimport_updates_by_key_and_leaves_orders_in_progress(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    import_all(db)
    store = Store.open(db)
    with store.transaction() as conn:
        conn.execute(
            update(schema.expected_receipts)
            .where(schema.expected_receipts.c.reference == "PO-2027-0101")
            .values(status="receiving")
        )
    store.close()
    changed = tmp_path / "items.csv"
    text = (SAMPLES / "items.csv").read_text(encoding="utf-8").replace("38.50", "41.00", 1)
    changed.write_text(text, encoding="utf-8")
    done = station("import", "items", str(changed), "--db", str(db))
    assert done.returncode == 0 and "0 created" in done.stdout
    again = station("import", "receipts", str(SAMPLES / "receipts.csv"), "--db", str(db))
    assert again.returncode == 0
    assert "PO-2027-0101 is already in progress; left unchanged" in again.stdout
    store = Store.open(db)
    try:
        with store.reading() as conn:
            item = catalog.item_by_sku(conn, "GLV-NIT-M")
            assert item is not None and item.unit_cost == Decimal("41.00")
    finally:
        store.close()


def _items_file(tmp_path: Path, name: str, rows: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("sku,name,unit_cost,gtin,case_gtin,case_qty\n" + "\n".join(rows) + "\n")
    return path


def test_a_barcode_that_names_another_item_refuses_the_file_at_its_line(tmp_path: Path) -> None:
    from station.core.import_apply import ImportRefused, import_file

    db = tmp_path / "s.db"
    first = _items_file(tmp_path, "a.csv", ["A-1,Gloves,1.50,6901234567809,,"])
    assert import_file(db, "items", first).created == 1
    second = _items_file(
        tmp_path,
        "b.csv",
        ["B-2,Bearing,9.00,6901234567816,,", "C-3,Ties,0.20,6901234567809,,"],
    )
    try:
        import_file(db, "items", second)
    except ImportRefused as exc:
        assert str(exc) == f"{second}:3: GTIN 06901234567809 already belongs to another item"
    else:
        raise AssertionError("the file was imported")
    store = Store.open(db)
    try:
        with store.reading() as conn:
            item = catalog.item_by_sku(conn, "A-1")
            assert item is not None and item.unit_cost == Decimal("1.50")  # nothing changed
            assert catalog.item_by_sku(conn, "B-2") is None
    finally:
        store.close()


def test_a_reimport_creates_the_new_items_and_updates_the_rest(tmp_path: Path) -> None:
    from station.core.import_apply import import_file

    db = tmp_path / "s.db"
    import_file(db, "items", _items_file(tmp_path, "a.csv", ["A-1,Gloves,1.50,6901234567809,,"]))
    again = _items_file(
        tmp_path,
        "b.csv",
        [
            "B-2,Bearing,9.00,6901234567816,16901234567813,10",
            "A-1,Gloves,1.75,6901234567809,16901234567806,12",
        ],
    )
    report = import_file(db, "items", again)
    assert (report.created, report.updated) == (1, 1)
    store = Store.open(db)
    try:
        with store.reading() as conn:
            gloves = catalog.item_by_sku(conn, "A-1")
            assert gloves is not None and gloves.unit_cost == Decimal("1.75")
            packs = dict(
                conn.execute(
                    select(schema.gtins.c.gtin, schema.gtins.c.pack_qty).where(
                        schema.gtins.c.item_id == gloves.id
                    )
                ).all()
            )
            assert packs == {"06901234567809": Decimal(1), "16901234567806": Decimal(12)}
            bearing = catalog.item_by_gtin(conn, "16901234567813")
            assert bearing is not None and bearing[0].sku == "B-2" and bearing[1] == 10
    finally:
        store.close()


def test_the_item_writer_given_a_sku_twice_creates_it_once_with_the_later_values(
    tmp_path: Path,
) -> None:
    from datetime import UTC, datetime

    from station.core.imports import ItemRecord
    from station.core.master_data import upsert_items

    gtin = "06901234567809"
    store = Store.open(tmp_path / "s.db", station_id="ST-T")
    try:
        with store.transaction() as conn:
            written = upsert_items(
                conn,
                [
                    ItemRecord(sku="A-1", name="Gloves", gtins=((gtin, Decimal(1)),)),
                    ItemRecord(sku="B-2", name="Bearing"),
                    ItemRecord(sku="A-1", name="Nitrile gloves", gtins=((gtin, Decimal(6)),)),
                ],
                datetime.now(UTC),
            )
        assert [created for _, created in written] == [True, True, False]
        assert written[0][0] == written[2][0] != written[1][0]
        with store.reading() as conn:
            gloves = catalog.item_by_sku(conn, "A-1")
            assert gloves is not None and gloves.name == "Nitrile gloves"
            found = catalog.item_by_gtin(conn, gtin)
            assert found is not None and found[0].sku == "A-1" and found[1] == 6
    finally:
        store.close()
