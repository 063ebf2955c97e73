# SPDX-License-Identifier: Apache-2.0
"""Each import kind: English and Chinese files, the samples, row errors, keys, progress."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from station.core.imports import (
    PROGRESS_EVERY,
    ImportFileError,
    IssueLineRecord,
    ItemRecord,
    LocationRecord,
    ReceiptLineRecord,
    StockRecord,
    UserRecord,
    read_import,
)

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"
ONE = Decimal(1)


def _csv(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "f.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _error(kind: str, path: Path) -> ImportFileError:
    with pytest.raises(ImportFileError) as info:
        read_import(kind, path)
    error = info.value
    assert str(error) == f"{path}:{error.line}: {error.reason}"
    return error


# --- items --------------------------------------------------------------------------


def test_items_english(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "SKU,Name,Spec,UOM,Unit Cost,Category,ABC,Owner,Min Qty,Max Qty,"
        "Min Shelf Life Days,Serialised,Barcode,Case GTIN,Case Qty,Colour\n"
        'BRG-6204,Ball bearing,6204-2RS,EA,"1,012.80",Bearings,b,Plant 1,5,50,,no,'
        '"6901234567823;012345678905",16901234567820,20,steel\n'
        "CT-300,Cable ties,,,,,,,,,,,,,,\n",
    )
    batch = read_import("items", path)
    assert batch.kind == "items" and batch.path == str(path)
    assert batch.ignored_columns == ("Colour",)
    bearing, ties = batch.records
    assert bearing == ItemRecord(
        sku="BRG-6204",
        name="Ball bearing",
        spec="6204-2RS",
        unit="EA",
        unit_cost=Decimal("1012.80"),
        category="Bearings",
        abc_class="B",
        owner="Plant 1",
        min_qty=Decimal(5),
        max_qty=Decimal(50),
        min_shelf_life_days=None,
        serialised=False,
        gtins=(
            ("06901234567823", ONE),
            ("00012345678905", ONE),
            ("16901234567820", Decimal(20)),
        ),
    )
    assert ties == ItemRecord(sku="CT-300", name="Cable ties")
    assert ties.unit == "EA" and ties.gtins == ()


def test_items_chinese_gbk_sample() -> None:
    batch = read_import("items", SAMPLES / "items_zh_gbk.csv")
    assert batch.encoding == "gb18030"
    assert batch.ignored_columns == ("备注",)
    gloves = batch.records[0]
    assert (gloves.sku, gloves.name, gloves.unit, gloves.category) == (
        "GLV-NIT-M",
        "丁腈手套",
        "盒",
        "劳保用品",
    )
    assert gloves.gtins == (("06901234567809", ONE), ("16901234567806", Decimal(10)))
    assert batch.records[4].min_shelf_life_days == 180
    assert batch.records[4].unit_cost == Decimal("1024.00")


def test_items_english_and_xlsx_samples() -> None:
    csv_batch = read_import("items", SAMPLES / "items.csv")
    assert csv_batch.encoding == "utf-8"
    assert len(csv_batch.records) == 8
    assert csv_batch.records[-1].serialised
    xlsx_batch = read_import("items", SAMPLES / "items.xlsx")
    assert xlsx_batch.encoding == "xlsx"
    assert {r.sku for r in xlsx_batch.records} <= {r.sku for r in csv_batch.records}
    for record in xlsx_batch.records:
        assert all(len(gtin) == 14 and gtin.isdigit() for gtin, _ in record.gtins)


@pytest.mark.parametrize(
    ("row", "line_reason"),
    [
        (",Nameless,6901234567892,,", "column 'sku' is empty; a value is required"),
        ("A2,,6901234567892,,", "column 'name' is empty; a value is required"),
        ("A2,Gloves,6901234567893,,", "column 'barcode' (gtin): '6901234567893' has a wrong GS1"),
        ("A2,Gloves,6.90123E+12,,", "column 'barcode' (gtin): '6.90123E+12' is a barcode that"),
        ("A2,Gloves,6901234567809,,", "column 'barcode' (gtin): GTIN '06901234567809' is alr"),
        ("A1,Gloves,,,", "column 'sku': 'A1' is a duplicate of line 2"),
        ("A2,Gloves,,16901234567806,", "column 'case_qty' is empty; the case quantity is req"),
        ("A2,Gloves,,16901234567806,0", "column 'case_qty': '0' is zero"),
        ("A2,Gloves,,06901234567809,6", "column 'case_gtin': GTIN '06901234567809' is already"),
    ],
)
def test_items_bad_rows(tmp_path: Path, row: str, line_reason: str) -> None:
    path = _csv(
        tmp_path,
        f"sku,name,barcode,case_gtin,case_qty\nA1,Gloves,6901234567809,,\n\n{row}\n",
    )
    error = _error("items", path)
    assert error.line == 4
    assert error.reason.startswith(line_reason), error.reason


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ("abc,,,,", "column '单价' (unit_cost): 'abc' is not a number"),
        ("-1,,,,", "column '单价' (unit_cost): '-1' is negative"),
        (",D,,,", "column 'ABC分类' (abc_class): 'D' is not an ABC class"),
        (",,10,5,", "column '最高库存' (max_qty): '5' is less than the minimum 10"),
        (",,,,maybe", "column '序列号管理' (serialised): 'maybe' is not yes or no"),
    ],
)
def test_items_bad_values_name_chinese_column(tmp_path: Path, cells: str, reason: str) -> None:
    path = _csv(
        tmp_path,
        f"物料编码,物料名称,单价,ABC分类,最低库存,最高库存,序列号管理\nA1,手套,{cells}\n",
        "gbk",
    )
    error = _error("items", path)
    assert (error.line, error.reason[: len(reason)]) == (2, reason)


def test_items_same_gtin_twice_in_a_row_counts_once(tmp_path: Path) -> None:
    path = _csv(tmp_path, "sku,name,gtin\nA1,Gloves,6901234567809|6901234567809\n")
    assert read_import("items", path).records[0].gtins == (("06901234567809", ONE),)


# --- locations ----------------------------------------------------------------------


def test_locations_english_sample_and_chinese(tmp_path: Path) -> None:
    sample = read_import("locations", SAMPLES / "locations.csv")
    assert sample.records[0] == LocationRecord("A-01-01", "LOC-A-01-01", "A", "Main")
    path = _csv(tmp_path, "库位编码,库位条码,库区,仓库\nA-01-01,,A区,一号仓\nA-01-02,L2,,\n", "gbk")
    assert read_import("locations", path).records == [
        LocationRecord("A-01-01", None, "A区", "一号仓"),
        LocationRecord("A-01-02", "L2", "", ""),
    ]


def test_locations_duplicates(tmp_path: Path) -> None:
    error = _error("locations", _csv(tmp_path, "code,barcode\nA,X\nB,Y\nA,Z\n"))
    assert (error.line, error.reason) == (
        4,
        "column 'code': 'A' is a duplicate of line 2; each location code may appear only "
        "once in a file",
    )
    error = _error("locations", _csv(tmp_path, "code,barcode\nA,X\nB,X\n"))
    assert error.line == 3 and "column 'barcode': 'X' is a duplicate of line 2" in error.reason


# --- users --------------------------------------------------------------------------


def test_users_sample_and_chinese(tmp_path: Path) -> None:
    sample = read_import("users", SAMPLES / "users.csv")
    assert {r.role for r in sample.records} == {"clerk", "counter", "supervisor", "admin"}
    path = _csv(
        tmp_path,
        "工号,姓名,角色\n1001,甲,仓管员\n1002,乙,盘点员\n1003,丙,仓库主管\n1004,丁,系统管理员\n",
        "gbk",
    )
    assert read_import("users", path).records == [
        UserRecord("1001", "甲", "clerk"),
        UserRecord("1002", "乙", "counter"),
        UserRecord("1003", "丙", "supervisor"),
        UserRecord("1004", "丁", "admin"),
    ]


def test_users_bad_rows(tmp_path: Path) -> None:
    error = _error("users", _csv(tmp_path, "工号,姓名,角色\n1001,甲,老板\n"))
    assert error.line == 2
    assert error.reason.startswith("column '角色' (role): '老板' is not a station role; use one")
    error = _error("users", _csv(tmp_path, "badge,name,role\n1001,A,clerk\n1001,B,admin\n"))
    assert error.line == 3
    assert error.reason.startswith("column 'badge': '1001' is a duplicate of line 2")
    error = _error("users", _csv(tmp_path, "badge,name,role\n1001,A,\n"))
    assert error.reason == "column 'role' is empty; a value is required"


# --- stock --------------------------------------------------------------------------


def test_stock_sample_and_chinese(tmp_path: Path) -> None:
    sample = read_import("stock", SAMPLES / "stock.csv")
    assert sample.records[2].qty == Decimal(1200)
    assert sample.records[3].received_date == date(2026, 10, 8)
    assert sample.records[4] == StockRecord(
        sku="LUB-EP2-400",
        location="COLD-01",
        qty=Decimal(36),
        lot="L240915",
        expiry=date(2027, 9, 14),
        received_date=date(2026, 10, 2),
        unit_cost=Decimal("1024.00"),
    )
    path = _csv(
        tmp_path,
        "物料编码,仓库,货位,批号,生产日期,有效期至,入库日期,结存数量,成本价\n"
        "LUB,一号仓,COLD-01,L1,2026年9月15日,2027年9月14日,20261002,36,12.5\n"
        "LUB,一号仓,COLD-01,L2,,2028/1/9,,0,\n",
        "gbk",
    )
    batch = read_import("stock", path)
    assert batch.ignored_columns == ("仓库", "生产日期")
    assert batch.records == [
        StockRecord("LUB", "COLD-01", Decimal(36), "L1", date(2027, 9, 14), date(2026, 10, 2),
                    Decimal("12.5")),
        StockRecord("LUB", "COLD-01", Decimal(0), "L2", date(2028, 1, 9), None, None),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("A,L1,-3,,", "column 'qty': '-3' is negative"),
        ("A,L1,NaN,,", "column 'qty': 'NaN' is not a number"),
        ("A,L1,lots,,", "column 'qty': 'lots' is not a number"),
        ("A,L1,,,", "column 'qty' is empty; a value is required"),
        ("A,L1,1,,31/01/2027", "column 'expiry': '31/01/2027' is not a date"),
        ("A,L1,1,,2027-02-30", "column 'expiry': '2027-02-30' is not a valid calendar date"),
        ("A,L9,1,,", "column 'sku': sku 'A' at location 'L9' is a duplicate of line 2"),
        ("A,L9,1,LOT1,", "column 'sku': sku 'A' at location 'L9' lot 'LOT1' is a duplicate"),
    ],
)
def test_stock_bad_rows(tmp_path: Path, row: str, reason: str) -> None:
    path = _csv(tmp_path, f"sku,location,qty,lot,expiry\nA,L9,1,,\nA,L9,1,LOT1,\n{row}\n")
    error = _error("stock", path)
    assert error.line == 4
    assert error.reason.startswith(reason), error.reason


# --- receipts -----------------------------------------------------------------------


def test_receipts_sample() -> None:
    batch = read_import("receipts", SAMPLES / "receipts.csv")
    assert batch.records[0] == ReceiptLineRecord(
        reference="PO-2027-0101",
        supplier="Eastern Bearing Supply Co.",
        expected_date=date(2027, 2, 3),
        line_no=1,
        sku="BRG-6204-2RS",
        qty=Decimal(500),
    )
    assert batch.records[-1].lot == "L250201"
    assert batch.records[-1].expiry == date(2028, 1, 31)


def test_receipts_chinese_line_numbers_by_appearance_and_fill(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "采购订单号,供应商,预计到货日期,物料编码,数量\n"
        "PO1,,,A,10\n"
        "PO2,乙公司,2027年2月5日,B,5\n"
        'PO1,甲公司,2027/2/3,C,"1,200"\n'
        "PO1,,,D,1.5\n",
        "gb18030",
    )
    records = read_import("receipts", path).records
    assert [(r.reference, r.line_no, r.sku) for r in records] == [
        ("PO1", 1, "A"),
        ("PO2", 1, "B"),
        ("PO1", 2, "C"),
        ("PO1", 3, "D"),
    ]
    assert {(r.reference, r.supplier, r.expected_date) for r in records} == {
        ("PO1", "甲公司", date(2027, 2, 3)),
        ("PO2", "乙公司", date(2027, 2, 5)),
    }
    assert records[2].qty == Decimal(1200)


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("PO1,S2,,3,C,1", "column 'supplier': 'S2' differs from 'S1' on line 2 for the same"),
        ("PO1,,2027-03-01,3,C,1", "column 'expected_date': '2027-03-01' differs from '2027-02"),
        ("PO1,,,1,C,1", "column 'line_no': 'PO1' line 1 is a duplicate of line 2"),
        ("PO1,,,0,C,1", "column 'line_no': '0' is out of range"),
        ("PO1,,,x,C,1", "column 'line_no': 'x' is not a whole number"),
        ("PO1,,,3,C,0", "column 'qty': '0' is zero; it must be greater than zero"),
        ("PO1,,,3,C,-2", "column 'qty': '-2' is negative"),
        (",,,3,C,1", "column 'reference' is empty; a value is required"),
    ],
)
def test_receipts_bad_rows(tmp_path: Path, row: str, reason: str) -> None:
    path = _csv(
        tmp_path,
        "reference,supplier,expected_date,line_no,sku,qty\n"
        "PO1,S1,2027-02-01,1,A,1\nPO1,,,2,B,1\n" + row + "\n",
    )
    error = _error("receipts", path)
    assert error.line == 4
    assert error.reason.startswith(reason), error.reason


# --- issues -------------------------------------------------------------------------


def test_issues_sample_and_chinese(tmp_path: Path) -> None:
    sample = read_import("issues", SAMPLES / "issues.csv")
    assert sample.records[2] == IssueLineRecord(
        reference="ISS-2027-0045",
        destination="Maintenance workshop",
        line_no=3,
        sku="CT-300-BK",
        qty=Decimal(3),
        lot=None,
        location=None,
    )
    path = _csv(
        tmp_path,
        "领料单号,领料部门,行号,物料编码,申请数量,批次,货位\n"
        "LL-01,维修车间,10,BRG-6204,8,,B-01-01\n"
        "LL-01,维修车间,20,LUB,2,L1,COLD-01\n",
        "gbk",
    )
    records = read_import("issues", path).records
    assert [(r.line_no, r.destination, r.lot, r.location) for r in records] == [
        (10, "维修车间", None, "B-01-01"),
        (20, "维修车间", "L1", "COLD-01"),
    ]


def test_issues_bad_rows(tmp_path: Path) -> None:
    path = _csv(tmp_path, "reference,destination,sku,qty\nI1,Line 1,A,1\nI1,Line 2,B,1\n")
    error = _error("issues", path)
    assert error.line == 3
    assert error.reason.startswith("column 'destination': 'Line 2' differs from 'Line 1'")
    path = _csv(tmp_path, "reference,destination,sku,qty\nI1,Line 1,,1\n")
    assert _error("issues", path).reason == "column 'sku' is empty; a value is required"


# --- progress and all-or-nothing ------------------------------------------------------


def test_progress_every_500_rows_and_at_end(tmp_path: Path) -> None:
    rows = "".join(f"L-{n:05d},LOC{n},Z,Main\n" for n in range(1234))
    path = _csv(tmp_path, "code,barcode,zone,warehouse\n" + rows)
    calls: list[tuple[int, int]] = []
    batch = read_import("locations", path, lambda done, total: calls.append((done, total)))
    assert PROGRESS_EVERY == 500
    assert calls == [(500, 1234), (1000, 1234), (1234, 1234)]
    assert len(batch.records) == 1234 and batch.line_numbers[-1] == 1235


def test_progress_exception_propagates(tmp_path: Path) -> None:
    class Cancelled(Exception):
        pass

    def cancel(done: int, total: int) -> None:
        raise Cancelled

    path = _csv(tmp_path, "badge,name,role\n1,A,clerk\n")
    with pytest.raises(Cancelled):
        read_import("users", path, cancel)


def test_a_bad_last_row_returns_nothing(tmp_path: Path) -> None:
    rows = "".join(f"{n},User {n},clerk\n" for n in range(1, 900))
    path = _csv(tmp_path, "badge,name,role\n" + rows + "900,User 900,owner\n")
    calls: list[tuple[int, int]] = []
    with pytest.raises(ImportFileError) as info:
        read_import("users", path, lambda done, total: calls.append((done, total)))
    assert info.value.line == 901
    assert calls == [(500, 900)]
