# SPDX-License-Identifier: Apache-2.0
"""Parsers for single cell values of import files.

Contracts:

* Every parser takes the cell text as read (not yet stripped) and returns a typed value or
  raises :class:`FieldError` whose ``problem`` quotes the value and says what is expected,
  in one English phrase (the caller prefixes the column name, file and line).
* Parsers are never given a blank cell: blank handling (default or "required") is the
  caller's job. They never raise anything but :class:`FieldError`.
* Numbers and dates are read after Unicode NFKC folding, so full-width digits and
  punctuation (``１，２００．５``) are accepted; text values keep their characters.
* Quantities and money are :class:`~decimal.Decimal`: plain decimal notation with optional
  ``,`` thousands separators (``1,200.5``), at most :data:`MAX_INTEGER_DIGITS` digits before
  and :data:`MAX_FRACTION_DIGITS` after the point; negative numbers, NaN, infinities and
  exponents are refused. Money may carry a leading ``¥``/``￥``/``$``.
* Dates: ``2027-01-31``, ``2027/1/31``, ``2027.1.31``, ``20270131``, ``2027年1月31日``,
  optionally followed by a time of day (ignored), and Excel day serial numbers
  (``46418``, five digits). Day-first or month-first forms are refused as ambiguous.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Final

from drivers.gs1 import normalise_gtin
from station.core.imports.errors import FieldError

__all__ = [
    "MAX_CODE_LENGTH",
    "MAX_FRACTION_DIGITS",
    "MAX_INTEGER_DIGITS",
    "MAX_TEXT_LENGTH",
    "ROLES",
    "parse_abc_class",
    "parse_bool",
    "parse_code",
    "parse_date",
    "parse_decimal",
    "parse_gtin",
    "parse_gtin_list",
    "parse_role",
    "parse_text",
    "parse_whole_number",
]

MAX_CODE_LENGTH: Final[int] = 64
MAX_TEXT_LENGTH: Final[int] = 255
MAX_INTEGER_DIGITS: Final[int] = 12
MAX_FRACTION_DIGITS: Final[int] = 6

ROLES: Final[tuple[str, ...]] = ("clerk", "counter", "supervisor", "admin")

_ROLE_NAMES: Final[dict[str, str]] = {
    **dict.fromkeys(
        ("clerk", "warehouseclerk", "storekeeper", "receiver", "仓管员", "仓管", "收货员",
         "发料员", "库管", "库管员", "保管员", "仓库管理员", "仓库保管员"),
        "clerk",
    ),
    **dict.fromkeys(("counter", "stockcounter", "cyclecounter", "盘点员", "盘点人员"), "counter"),
    **dict.fromkeys(("supervisor", "warehousesupervisor", "主管", "仓库主管", "仓储主管"),
                    "supervisor"),
    **dict.fromkeys(("admin", "administrator", "systemadministrator", "sysadmin", "管理员",
                     "系统管理员"), "admin"),
}  # fmt: skip

_TRUE: Final[frozenset[str]] = frozenset(
    {"1", "y", "yes", "true", "t", "x", "是", "√", "✓", "✔", "启用", "有", "on"}
)
_FALSE: Final[frozenset[str]] = frozenset(
    {"0", "n", "no", "false", "f", "否", "×", "不启用", "未启用", "无", "off", "-"}
)

_EXCEL_ERRORS: Final[frozenset[str]] = frozenset(
    {"#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "#SPILL!", "#CALC!"}
)
_NUMBER = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+")
_PLAIN_NUMBER = re.compile(r"[0-9]{1,12}(?:\.[0-9]{1,6})?")  # within the limits as it stands
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:\.\d+)?[eE][+-]?\d+")
_DATE_SEPARATED = re.compile(
    r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_DATE_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_DATE_CHINESE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")
_EXCEL_SERIAL = re.compile(r"(\d{5})(?:\.0+)?")
_EXCEL_EPOCH: Final[date] = date(1899, 12, 30)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # Unicode category Cc, exactly
_LINE_BREAKS = re.compile(r"[ \t]*[\r\n\t]+[ \t]*")
_GTIN_SEPARATORS = re.compile(r"[;|,/、\s]+")
_GTIN_LENGTHS: Final[tuple[int, ...]] = (8, 12, 13, 14)


def _fold(raw: str) -> str:
    if raw.isascii():  # NFKC leaves ASCII as it is: skip it for the common cell
        return raw.strip()
    return unicodedata.normalize("NFKC", raw).strip()


def parse_text(raw: str, max_length: int = MAX_TEXT_LENGTH) -> str:
    """Free text, stripped, at most ``max_length`` characters. Line breaks and tabs inside
    (Alt+Enter in an Excel cell) become one space; other control characters are refused."""
    return _checked_text(_LINE_BREAKS.sub(" ", raw.strip()), max_length)


def parse_code(raw: str) -> str:
    """An identifier (SKU, location, badge, reference, lot): stripped text of at most 64
    characters, without line breaks, tabs or other control characters."""
    return _checked_text(raw.strip(), MAX_CODE_LENGTH)


def _checked_text(text: str, max_length: int) -> str:
    if text in _EXCEL_ERRORS:
        raise FieldError(f"'{text}' is an Excel error value, not data; fix the formula")
    if _CONTROL.search(text):
        raise FieldError(f"{text!r} contains a line break or control character")
    if len(text) > max_length:
        raise FieldError(f"'{text[:20]}...' is {len(text)} characters long; at most {max_length}")
    return text


def parse_decimal(raw: str, *, positive: bool = False, money: bool = False) -> Decimal:
    """A non-negative decimal (strictly positive when ``positive``); see module contract."""
    plain = raw.strip()
    if _PLAIN_NUMBER.fullmatch(plain):  # the common cell: ASCII digits within the limits
        value = Decimal(plain)
        if positive and value == 0:
            raise FieldError(f"'{plain}' is zero; it must be greater than zero")
        return value
    text = _fold(raw)
    body = text.lstrip("¥$").strip() if money else text
    if body.startswith("-") or (body.startswith("(") and body.endswith(")")):
        raise FieldError(f"'{text}' is negative; negative numbers are not accepted here")
    if body.startswith("+"):
        body = body[1:]
    if _SCIENTIFIC.fullmatch(body):
        raise FieldError(f"'{text}' is in scientific notation; write the number in full")
    if not _NUMBER.fullmatch(body):
        raise FieldError(f"'{text}' is not a number (expected e.g. 12 or 1,200.5)")
    try:
        value = Decimal(body.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only valid text
        raise FieldError(f"'{text}' is not a number") from exc
    whole, _, fraction = body.replace(",", "").partition(".")
    if len(whole.lstrip("0")) > MAX_INTEGER_DIGITS:
        raise FieldError(f"'{text}' is too large (more than {MAX_INTEGER_DIGITS} digits)")
    if len(fraction.rstrip("0")) > MAX_FRACTION_DIGITS:
        raise FieldError(f"'{text}' has more than {MAX_FRACTION_DIGITS} decimal places")
    if positive and value == 0:
        raise FieldError(f"'{text}' is zero; it must be greater than zero")
    return value


def parse_whole_number(raw: str, *, minimum: int = 0, maximum: int = 10**9) -> int:
    """A whole number between ``minimum`` and ``maximum``; ``12.0`` reads as 12."""
    text = _fold(raw)
    match = re.fullmatch(r"\+?(\d+)(?:\.0+)?", text)
    if match is None:
        raise FieldError(f"'{text}' is not a whole number")
    digits = match.group(1).lstrip("0") or "0"
    if len(digits) > 12 or not minimum <= int(digits) <= maximum:
        raise FieldError(f"'{text}' is out of range; expected {minimum} to {maximum}")
    return int(digits)


def parse_date(raw: str) -> date:
    """A calendar date (see module contract for the accepted forms)."""
    text = _fold(raw)
    serial = _EXCEL_SERIAL.fullmatch(text)
    if serial is not None:
        days = int(serial.group(1))
        if 20000 <= days <= 80000:
            return _EXCEL_EPOCH + timedelta(days=days)
        raise FieldError(f"'{text}' is not a date; write year-month-day, e.g. 2027-01-31")
    for pattern in (_DATE_SEPARATED, _DATE_COMPACT, _DATE_CHINESE):
        match = pattern.fullmatch(text)
        if match is not None:
            year, month, day = (int(part) for part in match.groups())
            if not 1900 <= year <= 2199:
                raise FieldError(f"'{text}' has an implausible year {year}")
            try:
                return date(year, month, day)
            except ValueError as exc:
                raise FieldError(f"'{text}' is not a valid calendar date") from exc
    raise FieldError(f"'{text}' is not a date; write year-month-day, e.g. 2027-01-31")


def parse_bool(raw: str) -> bool:
    """Yes/no: ``1 y yes true x 是 √ 启用`` or ``0 n no false 否 不启用 -`` (any case)."""
    key = _fold(raw).casefold()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise FieldError(f"'{raw.strip()}' is not yes or no (use yes/no, 1/0, 是/否)")


def parse_abc_class(raw: str) -> str:
    """``A``, ``B`` or ``C`` (any case, ``A类`` accepted)."""
    key = _fold(raw).upper().removesuffix("类").removesuffix("CLASS").strip()
    if key in ("A", "B", "C"):
        return key
    raise FieldError(f"'{raw.strip()}' is not an ABC class (use A, B or C)")


def parse_role(raw: str) -> str:
    """A station role; English role names or common Chinese job titles."""
    key = re.sub(r"[\s_\-]+", "", _fold(raw).casefold())
    role = _ROLE_NAMES.get(key)
    if role is None:
        raise FieldError(
            f"'{raw.strip()}' is not a station role; use one of {', '.join(ROLES)} "
            "(or 仓管员, 盘点员, 主管, 管理员)"
        )
    return role


def parse_gtin(raw: str) -> str:
    """One GTIN-8/12/13/14 with a valid GS1 check digit, returned as 14 digits."""
    text = _fold(raw)
    if _SCIENTIFIC.fullmatch(text):
        raise FieldError(
            f"'{text}' is a barcode that Excel turned into scientific notation and its digits "
            "are lost; format the column as Text in the source and export again"
        )
    if not text.isdigit() or not text.isascii():
        raise FieldError(f"'{text}' is not a GTIN: only digits are allowed")
    if len(text) not in _GTIN_LENGTHS:
        hint = " (leading zeros lost? format the column as Text)" if len(text) < 14 else ""
        raise FieldError(f"'{text}' has {len(text)} digits; a GTIN has 8, 12, 13 or 14{hint}")
    normalised = normalise_gtin(text)  # None for a wrong check digit
    if normalised is None:
        raise FieldError(f"'{text}' has a wrong GS1 check digit")
    return normalised


def parse_gtin_list(raw: str) -> tuple[str, ...]:
    """One or more GTINs separated by ``;`` ``|`` ``,`` ``/`` ``、`` or spaces, in order,
    each as :func:`parse_gtin`; a GTIN repeated in the cell counts once."""
    parts = [part for part in _GTIN_SEPARATORS.split(_fold(raw)) if part]
    if not parts:
        raise FieldError(f"'{raw.strip()}' holds no GTIN")
    gtins: list[str] = []
    for part in parts:
        gtin = parse_gtin(part)
        if gtin not in gtins:
            gtins.append(gtin)
    return tuple(gtins)
