# SPDX-License-Identifier: Apache-2.0
"""Cell value parsers of the import reader."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from station.core.imports.errors import FieldError
from station.core.imports.values import (
    parse_abc_class,
    parse_bool,
    parse_code,
    parse_date,
    parse_decimal,
    parse_gtin,
    parse_gtin_list,
    parse_role,
    parse_text,
    parse_whole_number,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", Decimal("12")),
        (" 1,200.5 ", Decimal("1200.5")),
        ("1,234,567", Decimal("1234567")),
        ("0.25", Decimal("0.25")),
        (".5", Decimal("0.5")),
        ("+3", Decimal("3")),
        ("１，２００．５", Decimal("1200.5")),
        ("0", Decimal("0")),
    ],
)
def test_decimal_accepts(raw: str, expected: Decimal) -> None:
    value = parse_decimal(raw)
    assert value == expected
    assert isinstance(value, Decimal)


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("-5", "negative"),
        ("(5)", "negative"),
        ("NaN", "not a number"),
        ("inf", "not a number"),
        ("abc", "not a number"),
        ("1,2,3", "not a number"),
        ("12,00", "not a number"),
        ("1.2.3", "not a number"),
        ("1e3", "scientific notation"),
        ("1234567890123", "too large"),
        ("0.1234567", "decimal places"),
    ],
)
def test_decimal_refuses(raw: str, fragment: str) -> None:
    with pytest.raises(FieldError, match=fragment) as info:
        parse_decimal(raw)
    assert raw in info.value.problem


def test_decimal_positive_and_money() -> None:
    with pytest.raises(FieldError, match="zero"):
        parse_decimal("0", positive=True)
    assert parse_decimal("￥1,024.00", money=True) == Decimal("1024.00")
    assert parse_decimal("$3.5", money=True) == Decimal("3.5")
    with pytest.raises(FieldError):
        parse_decimal("¥3")


@pytest.mark.parametrize(
    "raw",
    [
        "2027-01-31",
        "2027/1/31",
        "2027.01.31",
        "20270131",
        "2027年1月31日",
        "2027年01月31号",
        "2027-01-31 00:00:00",
        "2027-01-31T08:15",
        "46418",
        "２０２７－０１－３１",
    ],
)
def test_date_accepts(raw: str) -> None:
    assert parse_date(raw) == date(2027, 1, 31)


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("31/01/2027", "year-month-day"),
        ("01/31/2027", "year-month-day"),
        ("2027-02-30", "not a valid calendar date"),
        ("20271340", "not a valid calendar date"),
        ("0001-01-01", "implausible year"),
        ("12345", "year-month-day"),
        ("tomorrow", "year-month-day"),
    ],
)
def test_date_refuses(raw: str, fragment: str) -> None:
    with pytest.raises(FieldError, match=fragment):
        parse_date(raw)


def test_whole_number() -> None:
    assert parse_whole_number("12") == 12
    assert parse_whole_number("12.0") == 12
    assert parse_whole_number("007") == 7
    for bad in ("1.5", "-1", "x", "99999999999999999999"):
        with pytest.raises(FieldError):
            parse_whole_number(bad)
    with pytest.raises(FieldError, match="out of range"):
        parse_whole_number("0", minimum=1)


def test_bool_abc_role() -> None:
    assert parse_bool("Yes") and parse_bool("是") and parse_bool("1") and parse_bool("TRUE")
    assert not (parse_bool("no") or parse_bool("否") or parse_bool("0") or parse_bool("FALSE"))
    with pytest.raises(FieldError, match="yes or no"):
        parse_bool("maybe")
    assert parse_abc_class("a") == "A"
    assert parse_abc_class("B类") == "B"
    with pytest.raises(FieldError, match="ABC class"):
        parse_abc_class("D")
    expected = {
        "Clerk": "clerk",
        "仓管员": "clerk",
        "收货员": "clerk",
        "发料员": "clerk",
        "库管": "clerk",
        "盘点员": "counter",
        "主管": "supervisor",
        "仓库主管": "supervisor",
        "管理员": "admin",
        "系统管理员": "admin",
        " ADMIN ": "admin",
    }
    for raw, role in expected.items():
        assert parse_role(raw) == role
    with pytest.raises(FieldError, match="not a station role"):
        parse_role("boss")


def test_text_and_code() -> None:
    assert parse_text("  Nitrile gloves ") == "Nitrile gloves"
    assert parse_text("a \r\n b\tc") == "a b c"
    with pytest.raises(FieldError, match="control character"):
        parse_text("a\x00b")
    with pytest.raises(FieldError, match="control character"):
        parse_code("A\nB")
    with pytest.raises(FieldError, match="Excel error"):
        parse_code("#N/A")
    with pytest.raises(FieldError, match="at most 64"):
        parse_code("X" * 65)


def test_gtin() -> None:
    assert parse_gtin("6901234567892") == "06901234567892"
    assert parse_gtin("69012341") == "00000069012341"
    assert parse_gtin("012345678905") == "00012345678905"
    assert parse_gtin("16901234567806") == "16901234567806"
    with pytest.raises(FieldError, match="check digit"):
        parse_gtin("6901234567893")
    with pytest.raises(FieldError, match="11 digits.*leading zeros"):
        parse_gtin("12345678905")
    with pytest.raises(FieldError, match="scientific notation"):
        parse_gtin("6.90123E+12")
    with pytest.raises(FieldError, match="only digits"):
        parse_gtin("69012345678A2")
    assert parse_gtin_list("6901234567892; 69012341|6901234567892 /012345678905") == (
        "06901234567892",
        "00000069012341",
        "00012345678905",
    )
    assert parse_gtin_list("6901234567892，69012341") == ("06901234567892", "00000069012341")
