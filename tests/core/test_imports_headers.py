# SPDX-License-Identifier: Apache-2.0
"""Column name mapping of the import reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from station.core.imports import FIELDS, IMPORT_KINDS, ImportFileError, read_import
from station.core.imports.headers import (
    REFUSED_COLUMNS,
    field_for_header,
    map_headers,
    normalise_header,
)


def test_every_kind_has_fields_and_no_alias_clash() -> None:
    assert set(FIELDS) == set(IMPORT_KINDS)
    for kind in IMPORT_KINDS:
        seen: dict[str, str] = {}
        for spec in FIELDS[kind]:
            assert spec.aliases[0] == spec.name
            for alias in spec.aliases:
                key = normalise_header(alias)
                assert key, alias
                assert key not in REFUSED_COLUMNS, alias
                assert seen.setdefault(key, spec.name) == spec.name, (kind, alias)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Unit Cost", "unitcost"),
        ("unit_cost", "unitcost"),
        (" UNIT-COST ", "unitcost"),
        ("*单价（元）", "单价"),
        ("Qty (EA)", "qty"),
        ("ＳＫＵ", "sku"),
        ("(备注)", "(备注)"),
        ("", ""),
    ],
)
def test_normalise_header(text: str, key: str) -> None:
    assert normalise_header(text) == key


@pytest.mark.parametrize(
    ("kind", "header", "field"),
    [
        ("items", "物料编码", "sku"),
        ("items", "存货编码", "sku"),
        ("items", "Item Code", "sku"),
        ("items", "物料名称", "name"),
        ("items", "规格型号", "spec"),
        ("items", "计量单位", "unit"),
        ("items", "单位", "unit"),
        ("items", "UOM", "unit"),
        ("items", "条形码", "gtin"),
        ("items", "条码", "gtin"),
        ("items", "Barcode", "gtin"),
        ("items", "成本价", "unit_cost"),
        ("items", "单价", "unit_cost"),
        ("items", "物料分类", "category"),
        ("items", "类别", "category"),
        ("items", "ABC Class", "abc_class"),
        ("items", "箱条码", "case_gtin"),
        ("items", "箱规", "case_qty"),
        ("items", "每箱数量", "case_qty"),
        ("items", "Min Shelf Life (days)", "min_shelf_life_days"),
        ("locations", "库位", "code"),
        ("locations", "货位", "code"),
        ("locations", "条码", "barcode"),
        ("locations", "仓库", "warehouse"),
        ("locations", "库区", "zone"),
        ("users", "工号", "badge"),
        ("users", "姓名", "name"),
        ("users", "角色", "role"),
        ("stock", "批号", "lot"),
        ("stock", "批次", "lot"),
        ("stock", "有效期至", "expiry"),
        ("stock", "失效日期", "expiry"),
        ("stock", "入库日期", "received_date"),
        ("stock", "货位", "location"),
        ("stock", "数量", "qty"),
        ("receipts", "单号", "reference"),
        ("receipts", "采购订单号", "reference"),
        ("receipts", "PO Number", "reference"),
        ("receipts", "供应商", "supplier"),
        ("receipts", "预计到货日期", "expected_date"),
        ("receipts", "行号", "line_no"),
        ("issues", "领料单号", "reference"),
        ("issues", "领料部门", "destination"),
        ("issues", "库位", "location"),
    ],
)
def test_aliases(kind: str, header: str, field: str) -> None:
    assert field_for_header(kind, header) == field


def test_same_text_differs_by_kind() -> None:
    assert field_for_header("items", "条码") == "gtin"
    assert field_for_header("locations", "条码") == "barcode"
    assert field_for_header("stock", "生产日期") is None


def test_ignored_and_blank_columns() -> None:
    header_map = map_headers("users", ("工号", "", "姓名", "部门", "角色", "备注"), "f.csv", 1)
    assert header_map.columns == {"badge": 0, "name": 2, "role": 4}
    assert header_map.ignored == ("部门", "备注")


@pytest.mark.parametrize("column", ["PIN", "pin", "Pin Code", "密码", "口令", "Password", "PIN码"])
@pytest.mark.parametrize("kind", IMPORT_KINDS)
def test_pin_columns_refused_everywhere(kind: str, column: str) -> None:
    header = (*(spec.name for spec in FIELDS[kind]), column)
    with pytest.raises(ImportFileError, match="PIN") as info:
        map_headers(kind, header, "f.csv", 1)
    assert info.value.line == 1
    assert f"'{column}'" in info.value.reason


def test_pin_column_refused_in_file(tmp_path: Path) -> None:
    path = tmp_path / "users.csv"
    path.write_text("badge,name,role,PIN\n1001,Clerk A,clerk,1234\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as info:
        read_import("users", path)
    assert str(info.value) == (
        f"{path}:1: column 'PIN' looks like a PIN or password; import files must not carry "
        "PINs: delete the column (each user sets a PIN at the station)"
    )


def test_missing_required_columns(tmp_path: Path) -> None:
    path = tmp_path / "stock.csv"
    path.write_text("物料编码,数量\nA,1\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as info:
        read_import("stock", path)
    assert info.value.line == 1
    assert info.value.reason.startswith("missing required column for stock: 'location' (or ")
    assert "'库位'" in info.value.reason


def test_two_columns_for_one_field(tmp_path: Path) -> None:
    path = tmp_path / "items.csv"
    path.write_text("sku,name,单位,计量单位\nA,B,EA,EA\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="columns '单位' and '计量单位' both give") as info:
        read_import("items", path)
    assert info.value.line == 1
