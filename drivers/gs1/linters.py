# SPDX-License-Identifier: Apache-2.0
"""The GS1 Barcode Syntax Dictionary's linters: content checks applied to AI components.

:func:`run_check` returns ``None`` when the component passes, else ``(code, reason)`` where
``code`` is an error code of ``errors.ERROR_CODES`` and ``reason`` a sentence fragment.
Every linter the dictionary names is either implemented here (:data:`LINTERS`) or listed in
:data:`NOT_ENFORCED` with the reason (docs/gs1.md repeats the list); a test keeps the two in
step with the shipped dictionary. Code lists come from the generated ``ai_dictionary``.
Never raises for ``str`` input.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Final

from drivers.gs1.ai_dictionary import CODE_LISTS
from drivers.gs1.check_digit import has_valid_check_character_pair, has_valid_check_digit
from drivers.gs1.dates import parse_yymmdd, parse_yyyymmdd, valid_hhmi

__all__ = ["LINTERS", "NOT_ENFORCED", "run_check"]

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


def _gcppos1(value: str, today: date) -> Outcome:
    starts_with_prefix = len(value) >= 4 and value[:4].isascii() and value[:4].isdigit()
    return _ok(starts_with_prefix, "bad_value", "it does not start with a GS1 company prefix")


def _gcppos2(value: str, today: date) -> Outcome:
    return _gcppos1(value[1:], today)


def _listed(name: str, what: str) -> Callable[[str, date], Outcome]:
    codes = CODE_LISTS[name]

    def check(value: str, today: date) -> Outcome:
        return _ok(value in codes, "bad_value", f"{value} is not {what}")

    return check


def _iso3166999(value: str, today: date) -> Outcome:
    if value == "999":
        return None
    return _ok(value in CODE_LISTS["iso3166"], "bad_value", f"{value} is not a country code")


def _position_in_sequence(value: str, today: date) -> Outcome:
    position, slash, end = value.partition("/")
    shaped = bool(slash) and position.isdigit() and end.isdigit() and value.isascii()
    if not shaped:
        return ("bad_value", "it must read position/total, such as 1/2")
    if position.startswith("0") or end.startswith("0"):
        return ("bad_value", "position and total must not start with 0")
    return _ok(int(position) <= int(end), "bad_value", "the position exceeds the total")


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


def _digits(value: str, length: int | None = None) -> bool:
    return value.isascii() and value.isdigit() and (length is None or len(value) == length)


def _hh(value: str, today: date) -> Outcome:
    return _ok(_digits(value, 2) and int(value) <= 23, "bad_date", f"{value} is not an hour")


def _mi_or_ss(value: str, today: date) -> Outcome:
    return _ok(_digits(value, 2) and int(value) <= 59, "bad_date", f"{value} is not 00-59")


def _hhmi(value: str, today: date) -> Outcome:
    return _ok(valid_hhmi(value), "bad_date", f"{value} is not a valid HHMM time")


def _zero(value: str, today: date) -> Outcome:
    return _ok(value != "" and value.strip("0") == "", "bad_value", "the first digit must be 0")


def _nonzero(value: str, today: date) -> Outcome:
    valid = _digits(value) and value.strip("0") != ""
    return _ok(valid, "bad_value", "a dimension must not be zero")


def _yesno(value: str, today: date) -> Outcome:
    return _ok(value in ("0", "1"), "bad_value", "the flag must be 0 or 1")


def _winding(value: str, today: date) -> Outcome:
    return _ok(value in ("0", "1", "9"), "bad_value", "the winding direction must be 0, 1 or 9")


def _hyphen(value: str, today: date) -> Outcome:
    valid = value != "" and value.strip("-") == ""
    return _ok(valid, "bad_value", "only a minus sign may follow the number")


def _piece_of_total(value: str, today: date) -> Outcome:
    if not _digits(value) or len(value) % 2:
        return ("bad_value", "piece and total must have the same number of digits")
    half = len(value) // 2
    piece, total = int(value[:half]), int(value[half:])
    if piece == 0 or total == 0:
        return ("bad_value", "piece number and total must not be zero")
    return _ok(piece <= total, "bad_value", "the piece number exceeds the total")


def _no_zero_prefix(value: str, today: date) -> Outcome:
    valid = (value == "" or _digits(value)) and not value.startswith("0")
    return _ok(valid, "bad_value", "it must not start with 0")


def _has_non_digit(value: str, today: date) -> Outcome:
    valid = any(not ("0" <= ch <= "9") for ch in value)
    return _ok(valid, "bad_value", "it must contain a non-digit")


def _pcenc(value: str, today: date) -> Outcome:
    valid = _PERCENT_RE.search(value) is None
    return _ok(valid, "bad_value", "a % must be followed by two hexadecimal digits")


def _latitude(value: str, today: date) -> Outcome:
    valid = _digits(value, 10) and int(value) <= 1_800_000_000
    return _ok(valid, "bad_value", "bad latitude")


def _longitude(value: str, today: date) -> Outcome:
    valid = _digits(value, 10) and int(value) <= 3_600_000_000
    return _ok(valid, "bad_value", "bad longitude")


def _importer_index(value: str, today: date) -> Outcome:
    return _ok(value in _IMPORTER_INDEX, "bad_value", "the importer index is not allowed")


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


LINTERS: Final[dict[str, Callable[[str, date], Outcome]]] = {
    "csum": _csum,
    "csumalpha": _csumalpha,
    "gcppos1": _gcppos1,
    "gcppos2": _gcppos2,
    "iso3166": _listed("iso3166", "an ISO 3166 country code"),
    "iso3166999": _iso3166999,
    "iso3166alpha2": _listed("iso3166alpha2", "an ISO 3166 two-letter country code"),
    "iso4217": _listed("iso4217", "an ISO 4217 currency code"),
    "iso5218": _listed("iso5218", "an ISO/IEC 5218 code (0, 1, 2 or 9)"),
    "mediatype": _listed("mediatype", "an assigned AIDC media type"),
    "packagetype": _listed("packagetype", "a UN/ECE package type code"),
    "posinseqslash": _position_in_sequence,
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
    "iban": _iban,
}
"""Linter name (as the dictionary spells it) -> its implementation."""

NOT_ENFORCED: Final[dict[str, str]] = {
    "couponcode": (
        "AI (8110) North American coupon structure: the station does not redeem coupons, "
        "so only the character set and length are checked"
    ),
    "couponposoffer": (
        "AI (8112) North American positive offer structure: the station does not redeem "
        "coupons, so only the character set and length are checked"
    ),
}
"""Linter names the dictionary uses that this engine does not apply, with the reason."""


def run_check(check: str, value: str, today: date) -> Outcome:
    """Apply the named linter to one component value; names in NOT_ENFORCED pass."""
    function = LINTERS.get(check)
    return None if function is None else function(value, today)
