# SPDX-License-Identifier: Apache-2.0
"""Content checks applied to AI components (the check names used in ``ai_table``).

:func:`run_check` returns ``None`` when the component passes, else ``(code, reason)`` where
``code`` is an error code of ``errors.ERROR_CODES`` and ``reason`` a sentence fragment.
Unknown check names pass: code lists (ISO 3166, ISO 4217, package types) and coupon
structures are not verified by this engine. Never raises for ``str`` input.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Final

from drivers.gs1.check_digit import has_valid_check_character_pair, has_valid_check_digit
from drivers.gs1.dates import parse_yymmdd, parse_yyyymmdd, valid_hhmi

__all__ = ["run_check"]

Outcome = tuple[str, str] | None

_PERCENT_RE: Final[re.Pattern[str]] = re.compile(r"%(?![0-9A-Fa-f]{2})")
_IMPORTER_INDEX: Final[frozenset[str]] = frozenset(
    "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
)


def _ok(condition: bool, code: str, reason: str) -> Outcome:
    return None if condition else (code, reason)


def _csum(value: str, today: date) -> Outcome:
    return _ok(has_valid_check_digit(value), "bad_check_digit", "the check digit is wrong")


def _csumalpha(value: str, today: date) -> Outcome:
    return _ok(
        has_valid_check_character_pair(value),
        "bad_check_characters",
        "the two check characters at the end are wrong",
    )


def _key(value: str, today: date) -> Outcome:
    starts_with_prefix = len(value) >= 4 and value[:4].isascii() and value[:4].isdigit()
    return _ok(starts_with_prefix, "bad_value", "it does not start with a GS1 company prefix")


def _yymmd0(value: str, today: date) -> Outcome:
    valid = parse_yymmdd(value, today, zero_day=True) is not None
    return _ok(valid, "bad_date", f"{value} is not a valid YYMMDD date")


def _yymmdd(value: str, today: date) -> Outcome:
    valid = parse_yymmdd(value, today, zero_day=False) is not None
    return _ok(valid, "bad_date", f"{value} is not a valid YYMMDD date")


def _yyyymmdd(value: str, today: date) -> Outcome:
    valid = parse_yyyymmdd(value, zero_day=False) is not None
    return _ok(valid, "bad_date", f"{value} is not a valid YYYYMMDD date")


def _yyyymmd0(value: str, today: date) -> Outcome:
    valid = parse_yyyymmdd(value, zero_day=True) is not None
    return _ok(valid, "bad_date", f"{value} is not a valid YYYYMMDD date")


def _hh(value: str, today: date) -> Outcome:
    return _ok(value.isdigit() and int(value) <= 23, "bad_date", f"{value} is not an hour")


def _mi_or_ss(value: str, today: date) -> Outcome:
    return _ok(value.isdigit() and int(value) <= 59, "bad_date", f"{value} is not 00-59")


def _hhmi(value: str, today: date) -> Outcome:
    return _ok(valid_hhmi(value), "bad_date", f"{value} is not a valid HHMM time")


def _zero(value: str, today: date) -> Outcome:
    return _ok(value == "0", "bad_value", "the first digit must be 0")


def _nonzero(value: str, today: date) -> Outcome:
    return _ok(value.strip("0") != "", "bad_value", "a dimension must not be zero")


def _yesno(value: str, today: date) -> Outcome:
    return _ok(value in ("0", "1"), "bad_value", "the flag must be 0 or 1")


def _winding(value: str, today: date) -> Outcome:
    return _ok(value in ("0", "1", "9"), "bad_value", "the winding direction must be 0, 1 or 9")


def _hyphen(value: str, today: date) -> Outcome:
    return _ok(value == "-", "bad_value", "only a minus sign may follow the number")


def _piece_of_total(value: str, today: date) -> Outcome:
    if len(value) != 4 or not value.isdigit():
        return ("bad_value", "piece and total must be two digits each")
    piece, total = int(value[:2]), int(value[2:])
    if piece == 0 or total == 0:
        return ("bad_value", "piece number and total must not be zero")
    return _ok(piece <= total, "bad_value", "the piece number exceeds the total")


def _no_zero_prefix(value: str, today: date) -> Outcome:
    return _ok(value == "0" or not value.startswith("0"), "bad_value", "it starts with 0")


def _has_non_digit(value: str, today: date) -> Outcome:
    return _ok(not value.isdigit(), "bad_value", "it must contain a non-digit")


def _pcenc(value: str, today: date) -> Outcome:
    valid = _PERCENT_RE.search(value) is None
    return _ok(valid, "bad_value", "a % must be followed by two hexadecimal digits")


def _latitude(value: str, today: date) -> Outcome:
    return _ok(value.isdigit() and int(value) <= 1_800_000_000, "bad_value", "bad latitude")


def _longitude(value: str, today: date) -> Outcome:
    return _ok(value.isdigit() and int(value) <= 3_600_000_000, "bad_value", "bad longitude")


def _importer_index(value: str, today: date) -> Outcome:
    return _ok(value in _IMPORTER_INDEX, "bad_value", "the importer index is not allowed")


def _alpha2(value: str, today: date) -> Outcome:
    valid = len(value) == 2 and value.isascii() and value.isupper() and value.isalpha()
    return _ok(valid, "bad_value", "the country code must be two capital letters")


def _iban(value: str, today: date) -> Outcome:
    shaped = (
        15 <= len(value) <= 34
        and value.isascii()
        and value[:2].isalpha()
        and value[:2].isupper()
        and value[2:4].isdigit()
        and all(ch.isdigit() or "A" <= ch <= "Z" for ch in value[4:])
    )
    if not shaped:
        return ("bad_value", "it is not an IBAN")
    number = "".join(str(int(ch, 36)) for ch in value[4:] + value[:4])
    return _ok(int(number) % 97 == 1, "bad_value", "the IBAN check digits are wrong")


_CHECKS: Final[dict[str, Callable[[str, date], Outcome]]] = {
    "csum": _csum,
    "csumalpha": _csumalpha,
    "key": _key,
    "yymmd0": _yymmd0,
    "yymmdd": _yymmdd,
    "yyyymmdd": _yyyymmdd,
    "yyyymmd0": _yyyymmd0,
    "hh": _hh,
    "mi": _mi_or_ss,
    "ss": _mi_or_ss,
    "hhmi": _hhmi,
    "zero": _zero,
    "nonzero": _nonzero,
    "yesno": _yesno,
    "winding": _winding,
    "hyphen": _hyphen,
    "pieceoftotal": _piece_of_total,
    "nozeroprefix": _no_zero_prefix,
    "hasnondigit": _has_non_digit,
    "pcenc": _pcenc,
    "latitude": _latitude,
    "longitude": _longitude,
    "importeridx": _importer_index,
    "alpha2": _alpha2,
    "iban": _iban,
}


def run_check(check: str, value: str, today: date) -> Outcome:
    """Apply the named check to one component value; unknown names pass."""
    function = _CHECKS.get(check)
    return None if function is None else function(value, today)
