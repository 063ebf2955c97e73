# SPDX-License-Identifier: Apache-2.0
"""File formats, encodings and line numbers of the import reader."""

from __future__ import annotations

import codecs
import importlib.util
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from station.core.imports import IMPORT_KINDS, ImportFileError, read_import
from station.core.imports.file_reading import cell_text, read_table

REPO = Path(__file__).resolve().parents[2]

USERS_EN = "badge,name,role\r\n1001,Receiving clerk A,clerk\r\n1002,Stock counter B,counter\r\n"
USERS_ZH = "工号,姓名,角色\r\n1001,收货员甲,收货员\r\n1002,盘点员乙,盘点员\r\n"


def _write(tmp_path: Path, name: str, data: bytes | str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


def _load_sample_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_sample_xlsx", REPO / "tests" / "data" / "make_sample_xlsx.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _xlsx(tmp_path: Path, rows: list[list[object]], name: str = "book.xlsx") -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


# --- encodings -------------------------------------------------------------------------


def test_utf8_without_bom(tmp_path: Path) -> None:
    batch = read_import("users", _write(tmp_path, "u.csv", USERS_EN))
    assert batch.encoding == "utf-8"
    assert [r.badge for r in batch.records] == ["1001", "1002"]
    assert batch.line_numbers == [2, 3]


def test_utf8_with_bom_header_still_matches(tmp_path: Path) -> None:
    path = _write(tmp_path, "u.csv", codecs.BOM_UTF8 + USERS_ZH.encode("utf-8"))
    batch = read_import("users", path)
    assert batch.encoding == "utf-8-sig"
    assert [(r.badge, r.name, r.role) for r in batch.records] == [
        ("1001", "收货员甲", "clerk"),
        ("1002", "盘点员乙", "counter"),
    ]


def test_gbk_file(tmp_path: Path) -> None:
    batch = read_import("users", _write(tmp_path, "u.csv", USERS_ZH, "gbk"))
    assert batch.encoding == "gb18030"
    assert batch.records[0].name == "收货员甲"
    assert batch.columns == {"badge": "工号", "name": "姓名", "role": "角色"}


def test_gb18030_only_character(tmp_path: Path) -> None:
    # "𠀀" exists in GB18030 but not in GBK.
    text = "工号,姓名,角色\n1001,测试𠀀,主管\n"
    batch = read_import("users", _write(tmp_path, "u.csv", text, "gb18030"))
    assert batch.records[0].name == "测试𠀀"


def test_a_shift_jis_file_is_refused_with_a_clear_message_not_stored_as_mojibake(
    tmp_path: Path,
) -> None:
    text = "工号,姓名,角色\n1001,山田ハナコ（受付）,clerk\n1002,ボールペン係,counter\n"
    path = _write(tmp_path, "u.csv", text, "shift_jis")
    with pytest.raises(ImportFileError) as info:
        read_import("users", path)
    assert "cannot be recognised with certainty" in info.value.reason
    assert "Shift-JIS" in info.value.reason and "CSV UTF-8" in info.value.reason


def test_a_gbk_file_with_some_traditional_characters_still_reads(tmp_path: Path) -> None:
    text = "工号,姓名,角色\n1001,收货员臺,收货员\n1002,盘点员乙,盘点员\n"
    batch = read_import("users", _write(tmp_path, "u.csv", text, "gbk"))
    assert batch.records[0].name == "收货员臺"


def test_utf16_excel_unicode_text(tmp_path: Path) -> None:
    text = USERS_ZH.replace(",", "\t")
    batch = read_import("users", _write(tmp_path, "u.txt", text, "utf-16"))
    assert batch.encoding == "utf-16"
    assert batch.records[1].role == "counter"


def test_undecodable_bytes_name_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "u.csv", b"badge,name,role\n1001,ok,clerk\n1002,\xff\xff,clerk\n")
    with pytest.raises(ImportFileError) as info:
        read_import("users", path)
    assert info.value.line == 3
    assert "not UTF-8 or GB18030" in info.value.reason
    assert str(info.value) == f"{path}:3: {info.value.reason}"


# --- CSV structure ------------------------------------------------------------------


def test_physical_line_numbers_with_multiline_cells_and_blank_lines(tmp_path: Path) -> None:
    text = (
        'sku,name,spec\nA1,"Cable ties","black\nnylon\n300 mm"\n\n,,\nA2,Bearing,6204\nA3,,6205\n'
    )
    path = _write(tmp_path, "i.csv", text)
    with pytest.raises(ImportFileError) as info:
        read_import("items", path)
    assert info.value.line == 8
    batch = read_import("items", _write(tmp_path, "ok.csv", text.replace("A3,,", "A3,Nut,")))
    assert batch.line_numbers == [2, 7, 8]
    assert batch.records[0].spec == "black nylon 300 mm"


def test_semicolon_and_tab_delimiters(tmp_path: Path) -> None:
    for delimiter in (";", "\t"):
        text = USERS_EN.replace(",", delimiter)
        batch = read_import("users", _write(tmp_path, "u.csv", text))
        assert len(batch.records) == 2


def test_excel_text_trick_keeps_leading_zeros(tmp_path: Path) -> None:
    text = 'badge,name,role\n="000123",Clerk A,clerk\n'
    batch = read_import("users", _write(tmp_path, "u.csv", text))
    assert batch.records[0].badge == "000123"


def test_empty_and_header_only_files(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="empty") as info:
        read_import("users", _write(tmp_path, "e.csv", b""))
    assert info.value.line == 1
    with pytest.raises(ImportFileError, match="empty"):
        read_import("users", _write(tmp_path, "blank.csv", "\n , \n"))
    calls: list[tuple[int, int]] = []
    batch = read_import(
        "users", _write(tmp_path, "h.csv", "badge,name,role\n"), lambda d, t: calls.append((d, t))
    )
    assert batch.records == [] and calls == [(0, 0)]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="cannot read the file") as info:
        read_import("users", tmp_path / "nope.csv")
    assert info.value.line == 1


def test_unknown_kind_is_a_programming_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown import kind"):
        read_import("pallets", _write(tmp_path, "u.csv", USERS_EN))


def test_error_is_picklable_and_formats(tmp_path: Path) -> None:
    import pickle

    error = ImportFileError(tmp_path / "x.csv", 4, "column 'qty': '-1' is negative")
    copy = pickle.loads(pickle.dumps(error))
    assert str(copy) == str(error) == f"{tmp_path / 'x.csv'}:4: column 'qty': '-1' is negative"
    assert (copy.path, copy.line, copy.reason) == (error.path, 4, error.reason)


# --- xlsx ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (6901234567892, "6901234567892"),
        (6901234567892.0, "6901234567892"),
        (16901234567806.0, "16901234567806"),
        (12.8, "12.8"),
        (0.1, "0.1"),
        (1e20, "100000000000000000000"),
        (1.5e-7, "0.00000015"),
        (True, "TRUE"),
        (datetime(2027, 1, 31), "2027-01-31"),
        (datetime(2027, 1, 31, 8, 30), "2027-01-31 08:30:00"),
        (date(2027, 1, 31), "2027-01-31"),
        (Decimal("1.50"), "1.50"),
        (float("nan"), "nan"),
        ("  text ", "  text "),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text


def test_xlsx_big_numeric_barcodes_and_dates(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path,
        [
            ["物料编码", "物料名称", "条形码", "箱条码", "箱规", "单价"],
            ["GLV-NIT-M", "丁腈手套", 6901234567809, 16901234567806.0, 10, 38.5],
            [None, None, None, None, None, None],
            [100234, "扎带", 6901234567830, None, None, 6.2],
        ],
    )
    batch = read_import("items", path)
    assert batch.encoding == "xlsx"
    assert batch.line_numbers == [2, 4]
    first, second = batch.records
    assert first.gtins == (("06901234567809", Decimal(1)), ("16901234567806", Decimal(10)))
    assert first.unit_cost == Decimal("38.5")
    assert second.sku == "100234"
    stock = _xlsx(
        tmp_path,
        [
            ["物料编码", "库位", "数量", "有效期至", "入库日期"],
            ["LUB-EP2-400", "COLD-01", 36, datetime(2027, 9, 14), 46023],
        ],
        "stock.xlsx",
    )
    record = read_import("stock", stock).records[0]
    assert record.expiry == date(2027, 9, 14)
    assert record.received_date == date(2026, 1, 1)
    assert record.qty == Decimal(36)


def test_xlsx_row_number_in_errors(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path,
        [
            ["badge", "name", "role"],
            [1001, "Clerk A", "clerk"],
            [],
            [],
            [1002, "Clerk B", "janitor"],
        ],
    )
    with pytest.raises(ImportFileError) as info:
        read_import("users", path)
    assert info.value.line == 5
    assert "'janitor' is not a station role" in info.value.reason


def test_xlsx_uses_first_sheet(tmp_path: Path) -> None:
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    first.append(["badge", "name", "role"])
    first.append(["1001", "Clerk A", "clerk"])
    other = workbook.create_sheet("Other")
    other.append(["nothing", "here"])
    workbook.active = 1
    path = tmp_path / "two.xlsx"
    workbook.save(path)
    assert read_import("users", path).records[0].badge == "1001"


def test_xlsx_with_wrong_stored_dimension(tmp_path: Path) -> None:
    path = _xlsx(tmp_path, [["badge", "name", "role"], ["1", "A", "clerk"], ["2", "B", "admin"]])
    broken = tmp_path / "dim.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:C3"/>', b'<dimension ref="A1"/>')
            target.writestr(item, data)
    assert len(read_import("users", broken).records) == 2


def test_sample_script_workbook(tmp_path: Path) -> None:
    module = _load_sample_script()
    path = module.build_workbook(tmp_path / "items.xlsx")
    batch = read_import("items", path)
    assert len(batch.records) == len(module.ROWS)
    lub = next(r for r in batch.records if r.sku == "LUB-EP2-400")
    assert lub.gtins == (("06901234567847", Decimal(1)), ("16901234567851", Decimal(24)))
    assert lub.unit_cost == Decimal("1024")
    assert lub.min_shelf_life_days == 180
    assert next(r for r in batch.records if r.sku == "MTR-DMM-01").serialised
    assert batch.ignored_columns == ("备注",)


def test_renamed_workbook_and_legacy_xls(tmp_path: Path) -> None:
    path = _xlsx(tmp_path, [["badge", "name", "role"], ["1", "A", "clerk"]])
    renamed = _write(tmp_path, "users.csv", path.read_bytes())
    assert read_import("users", renamed).encoding == "xlsx"
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)
    with pytest.raises(ImportFileError, match="legacy Excel"):
        read_import("users", _write(tmp_path, "users.xls", ole))
    with pytest.raises(ImportFileError, match="not a readable .xlsx") as info:
        read_import("users", _write(tmp_path, "bad.xlsx", b"PK\x03\x04garbage"))
    assert info.value.line == 1


# --- robustness ---------------------------------------------------------------------


def _returns_or_import_error(read: Callable[[], object]) -> None:
    try:
        read()
    except ImportFileError as error:
        assert str(error).startswith(f"{error.path}:{error.line}: ")
        assert error.line >= 1 and error.reason


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.text(max_size=300).map(lambda t: t.encode("utf-8")),
        st.lists(
            st.lists(
                st.sampled_from(
                    [
                        "sku",
                        "name",
                        "物料编码",
                        "数量",
                        "qty",
                        "1",
                        "-1",
                        "x",
                        '"',
                        "\n",
                        "",
                        "6901234567892",
                        "2027-01-31",
                        "pin",
                        "badge",
                        "role",
                        "admin",
                    ]
                ),
                max_size=6,
            ),
            max_size=6,
        ).map(lambda rows: "\n".join(",".join(r) for r in rows).encode("gb18030")),
    ),
    kind=st.sampled_from(IMPORT_KINDS),
    suffix=st.sampled_from([".csv", ".xlsx", ".txt"]),
)
def test_arbitrary_bytes_return_or_raise_import_file_error(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, kind: str, suffix: str
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(data)
    _returns_or_import_error(lambda: read_import(kind, path))


@settings(max_examples=40, deadline=None)
@given(
    cut=st.integers(min_value=0, max_value=4000),
    flip=st.integers(min_value=0, max_value=255),
    kind=st.sampled_from(IMPORT_KINDS),
)
def test_damaged_workbooks_raise_import_file_error(
    tmp_path_factory: pytest.TempPathFactory, cut: int, flip: int, kind: str
) -> None:
    folder = tmp_path_factory.mktemp("xlsx")
    good = _xlsx(folder, [["badge", "name", "role"], [1, "A", "clerk"]]).read_bytes()
    cut %= len(good)
    damaged = good[:cut] + bytes([good[cut] ^ flip]) + good[cut + 1 :]
    path = folder / "damaged.xlsx"
    path.write_bytes(damaged)
    _returns_or_import_error(lambda: read_import(kind, path))


def test_read_table_exposes_header_line(tmp_path: Path) -> None:
    table = read_table(_write(tmp_path, "u.csv", "\n\nbadge,name,role\n1,A,clerk\n"))
    assert table.header_line == 3
    assert table.rows == [(4, ("1", "A", "clerk"))]
