# SPDX-License-Identifier: Apache-2.0
"""``station import movements``: a site going live loads a year of dated receipts, issues,
transfers and adjustments from its ERP (U8 or Kingdee headers, GB18030), in one transaction,
and slow movers, aging and ABC are right on the first day: they match the answer worked out
by hand below. A file with bad lines is refused whole, with every bad line named."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from station.core.import_apply import HISTORY_REASON, ImportRefused, import_file
from station.core.stale_stock.abc import abc_report
from station.core.stale_stock.aging import aging
from station.core.stale_stock.config import load_stale_settings
from station.core.stale_stock.positions import load_snapshot
from station.core.stale_stock.slow_movers import slow_movers
from station.core.store.database import Store
from station.core.store.ledger import balance_mismatches

TODAY = date.today()
COSTS = {
    "H-001": 50, "H-002": 20, "H-003": 10, "H-004": 4, "H-005": 5,
    "H-006": 12, "H-007": 30, "H-008": 8, "H-009": 2,
}  # fmt: skip
U8_HEADER = "单据日期,单据号,单据类型,存货编码,批号,货位,入库数量,出库数量,单价"


def _day(days_ago: int) -> str:
    return (TODAY - timedelta(days=days_ago)).strftime("%Y-%m-%d")


def history_rows() -> list[str]:
    """A year in the U8 收发存明细 layout (in and out quantity columns). The consumption of
    the 365 days ending today, by hand:

    ====== ================================= =========
    item   issues in the year                value
    ====== ================================= =========
    H-001  2 x 15 a day x 365 days x 50      547,500
    H-002  10 a day x 365 x 20                73,000
    H-003  8 a day x 365 x 10                 29,200
    H-004  5 a day x 365 x 4                   7,300
    H-005  2 a day x 365 x 5                   3,650
    H-006  40 once, 176 days ago, x 12           480
    H-009  10 once, 3 days ago, x 2               20
    H-007, H-008: never issued                     0
    total                                    661,150
    ====== ================================= =========

    ABC 80/15/5: H-001 is first (A); before H-002 lie 547,500 / 661,150 = 82.8 % (B); before
    H-003 93.9 % (B); before H-004 98.3 % (C) and the rest C. Transfers (H-002, 50 a month
    to A-02) and the stock-count loss (H-003, 5) are not consumption.

    Slow movers (no issue for 90 days): H-006 idle 176 (slow), H-007 received 358 days ago and
    never issued (slow), H-008 received 369 days ago (dead, 365 or more). H-009 was issued 3
    days ago: not slow, however old its stock.
    """
    rows: list[str] = []

    def add(days_ago: int, kind: str, sku: str, qty_in: int = 0, qty_out: int = 0) -> None:
        ref = f"{'RK' if qty_in else 'CK'}{len(rows) + 1:05d}"
        rows.append(
            f"{_day(days_ago)},{ref},{kind},{sku},,A-01,"
            f"{qty_in or ''},{qty_out or ''},{COSTS[sku]}.00"
        )

    monthly = {"H-001": 1000, "H-002": 400, "H-003": 300, "H-004": 200}
    for k in range(13):
        for sku, qty in monthly.items():
            add(365 - 30 * k, "采购入库单", sku, qty_in=qty)
    add(365, "采购入库单", "H-005", qty_in=800)
    daily = {"H-002": 10, "H-003": 8, "H-004": 5, "H-005": 2}
    for days_ago in range(364, -1, -1):
        add(days_ago, "材料出库单", "H-001", qty_out=15)
        add(days_ago, "材料出库单", "H-001", qty_out=15)
        for sku, qty in daily.items():
            add(days_ago, "材料出库单", sku, qty_out=qty)
    for k in range(12):  # the transfer documents give both rows
        when = _day(350 - 30 * k)
        rows.append(f"{when},DB{k:04d},调拨单,H-002,,A-01,,50,20.00")
        rows.append(f"{when},DB{k:04d},调拨单,H-002,,A-02,50,,20.00")
    add(100, "盘亏单", "H-003", qty_out=5)
    add(300, "采购入库单", "H-006", qty_in=100)
    add(176, "材料出库单", "H-006", qty_out=40)
    add(358, "其他入库单", "H-007", qty_in=50)
    add(369, "采购入库单", "H-008", qty_in=60)
    add(200, "采购入库单", "H-009", qty_in=500)
    add(3, "销售出库单", "H-009", qty_out=10)
    return rows


def _site(tmp_path: Path) -> Path:
    db = tmp_path / "site.db"
    items = tmp_path / "items.csv"
    items.write_text(
        "sku,name,unit,unit_cost\n"
        + "".join(f"{sku},Item {sku},EA,{cost}\n" for sku, cost in COSTS.items()),
        encoding="utf-8",
    )
    locations = tmp_path / "locations.csv"
    locations.write_text("code\nA-01\nA-02\n", encoding="utf-8")
    import_file(db, "items", items)
    import_file(db, "locations", locations)
    return db


def test_a_year_of_history_makes_slow_movers_and_abc_right_on_day_one(tmp_path: Path) -> None:
    db = _site(tmp_path)
    rows = history_rows()
    assert len(rows) >= 2000
    path = tmp_path / "物料收发明细.csv"
    path.write_bytes(("\n".join([U8_HEADER, *rows]) + "\n").encode("gb18030"))
    done = subprocess.run(
        [sys.executable, "-m", "station", "import", "movements", str(path), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert f"{len(rows)} movements rows: {len(rows)} created" in done.stdout
    store = Store.open(db)
    try:
        with store.reading() as conn:
            assert balance_mismatches(conn) == []
            marked = conn.exec_driver_sql(
                "SELECT COUNT(*), COUNT(DISTINCT reason) FROM movements WHERE reason = ?",
                (HISTORY_REASON,),
            ).one()
            assert tuple(marked) == (len(rows), 1)  # every line marked as imported
            settings = load_stale_settings(conn)
            snapshot = load_snapshot(conn, TODAY, settings)
            slow = slow_movers(snapshot)
            abc = abc_report(conn, TODAY, settings)
            ages = aging(snapshot)
    finally:
        store.close()
    assert [(s.item.sku, s.idle_days, s.status) for s in slow.lines] == [
        ("H-008", 369, "dead"),
        ("H-007", 358, "slow"),
        ("H-006", 176, "slow"),
    ]
    classes = {line.item.sku: line.abc_class for line in abc.lines}
    assert classes == {
        "H-001": "A",
        "H-002": "B",
        "H-003": "B",
        **{sku: "C" for sku in ("H-004", "H-005", "H-006", "H-007", "H-008", "H-009")},
    }
    assert abc.total == Decimal(661_150)
    consumption = {line.item.sku: line.consumption for line in abc.lines}
    assert consumption["H-002"] == Decimal(73_000) and consumption["H-003"] == Decimal(29_200)
    # aging from the imported receipt dates: H-008's 60 units are over a year old
    oldest = next(b for b in ages.buckets if b.label == ">365")
    assert oldest.value == Decimal(60 * 8)


def test_kingdee_headers_with_a_kind_column_and_one_signed_quantity(tmp_path: Path) -> None:
    db = _site(tmp_path)
    path = tmp_path / "出入库流水.csv"
    path.write_text(
        "日期,单据编号,业务类型,物料编码,仓位,数量,单价\n"
        f"{_day(10)},WR001,外购入库,H-001,A-01,100,50\n"
        f"{_day(5)},SO001,销售出库,H-001,A-01,30,50\n"
        f"{_day(4)},TR001,调拨,H-001,A-01,-20,50\n"
        f"{_day(4)},TR001,调拨,H-001,A-02,20,50\n"
        f"{_day(2)},PD001,盘盈,H-001,A-01,2,50\n",
        encoding="utf-8",
    )
    report = import_file(db, "movements", path)
    assert report.created == 5
    store = Store.open(db)
    try:
        with store.reading() as conn:
            moved = conn.exec_driver_sql(
                "SELECT kind, qty, reference FROM movements ORDER BY id"
            ).all()
    finally:
        store.close()
    assert [tuple(m) for m in moved] == [
        ("receipt", "100", "WR001"),
        ("issue", "-30", "SO001"),
        ("transfer", "-20", "TR001"),
        ("transfer", "20", "TR001"),
        ("adjustment", "2", "PD001"),
    ]


def test_bad_lines_refuse_the_whole_file_and_are_all_named(tmp_path: Path) -> None:
    db = _site(tmp_path)
    path = tmp_path / "history.csv"
    path.write_text(
        U8_HEADER + "\n"
        f"{_day(10)},RK1,采购入库单,H-001,,A-01,100,,50\n"
        f"{_day(9)},CK1,材料出库单,H-001,,A-01,,,50\n"
        f"{_day(8)},X1,借出,H-001,,A-01,,5,50\n"
        f"{(TODAY + timedelta(days=3)).isoformat()},CK2,材料出库单,H-001,,A-01,,5,50\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRefused) as info:
        import_file(db, "movements", path)
    text = str(info.value)
    assert "3 lines cannot be imported, so nothing was" in text
    assert "line 3: no quantity" in text
    assert "line 4: column '单据类型' (kind): '借出' is not a movement kind" in text
    assert "line 5: column '单据日期' (date)" in text and "in the future" in text
    store = Store.open(db)
    try:
        with store.reading() as conn:
            assert conn.exec_driver_sql("SELECT COUNT(*) FROM movements").scalar() == 0
    finally:
        store.close()
