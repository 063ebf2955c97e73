# SPDX-License-Identifier: Apache-2.0
"""Building GS1 element strings and their human-readable interpretation (HRI).

A :class:`GS1Message` is an ordered list of (AI, value) pairs that has been validated against
the small AI table below. From it come:

* :attr:`GS1Message.element_string` — AI + data with a GS (0x1D) after every element whose
  AI prefix is **not** in the predefined-length table, unless it is the last element. No
  leading FNC1: the renderers add the symbology's own FNC1-first marker.
* :attr:`GS1Message.hri` — ``(01)09521234543213(17)261231(10)ABC`` (parentheses are never
  encoded).
* :attr:`GS1Message.bracketed` — ``[01]...[10]...``, the input form the zxing-cpp writer
  takes with ``gs1=True`` (brackets are outside the GS1 character set, parentheses are not).

Contracts:

* Every constructor raises :class:`labels.model.LabelError` with a readable message for an
  unknown AI, a value of the wrong length or characters, a bad check digit (AI 00, 01, 02,
  410-415) or an impossible YYMMDD date. Nothing is silently corrected, except that
  :func:`normalize_gtin` left-pads GTIN-8/12/13 to 14 digits.
* ``parse_scan("]C1" + message.element_string)`` (:mod:`drivers.gs1`) gives back the same
  fields; the label tests check this property with hypothesis.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from drivers.gs1.check_digit import gs1_check_digit, has_valid_check_digit
from labels.errors import LabelError

__all__ = [
    "AI_TABLE",
    "GS",
    "GS1_CHARSET_82",
    "PREDEFINED_LENGTH",
    "AISpec",
    "GS1Message",
    "needs_separator",
    "normalize_gtin",
    "sscc_with_check_digit",
    "yymmdd",
]

GS: Final = "\x1d"
"""ASCII group separator: how a separator FNC1 appears in decoded data."""

GS1_CHARSET_82: Final[frozenset[str]] = frozenset(
    "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
)
"""GS1 AI encodable character set 82 (no space, ``#``, ``$``, ``@``, brackets, ``^``, ``~``)."""

PREDEFINED_LENGTH: Final[dict[str, int]] = {
    **{p: 20 for p in ("00",)},
    **{p: 16 for p in ("01", "02", "03", "41")},
    "04": 18,
    **{p: 8 for p in ("11", "12", "13", "14", "15", "16", "17", "18", "19")},
    "20": 4,
    **{p: 10 for p in ("31", "32", "33", "34", "35", "36")},
}
"""AI prefix -> total length (AI + data) of element strings that need no separator FNC1."""


@dataclass(frozen=True)
class AISpec:
    """What an AI accepts: numeric or charset-82 data of ``min_len``..``max_len`` characters."""

    ai: str
    title: str
    numeric: bool
    min_len: int
    max_len: int
    check_digit: bool = False
    date: bool = False


def _n(ai: str, title: str, length: int, *, check: bool = False, date: bool = False) -> AISpec:
    return AISpec(ai, title, True, length, length, check_digit=check, date=date)


def _table() -> dict[str, AISpec]:
    specs = [
        _n("00", "SSCC", 18, check=True),
        _n("01", "GTIN", 14, check=True),
        _n("02", "CONTENT", 14, check=True),
        AISpec("10", "BATCH/LOT", False, 1, 20),
        _n("11", "PROD DATE", 6, date=True),
        _n("13", "PACK DATE", 6, date=True),
        _n("15", "BEST BEFORE", 6, date=True),
        _n("16", "SELL BY", 6, date=True),
        _n("17", "USE BY", 6, date=True),
        _n("20", "VARIANT", 2),
        AISpec("21", "SERIAL", False, 1, 20),
        AISpec("240", "ADDITIONAL ID", False, 1, 30),
        AISpec("241", "CUST. PART No.", False, 1, 30),
        AISpec("30", "VAR. COUNT", True, 1, 8),
        AISpec("37", "COUNT", True, 1, 8),
        AISpec("400", "ORDER NUMBER", False, 1, 30),
        _n("410", "SHIP TO LOC", 13, check=True),
        _n("411", "BILL TO", 13, check=True),
        _n("412", "PURCHASE FROM", 13, check=True),
        _n("413", "SHIP FOR LOC", 13, check=True),
        _n("414", "LOC No.", 13, check=True),
        _n("415", "PAY TO", 13, check=True),
        AISpec("420", "SHIP TO POST", False, 1, 20),
        AISpec("8004", "GIAI", False, 1, 30),
        AISpec("90", "INTERNAL", False, 1, 30),
        *(AISpec(f"9{i}", "INTERNAL", False, 1, 90) for i in range(1, 10)),
    ]
    for decimals in range(6):
        specs.append(_n(f"310{decimals}", "NET WEIGHT (kg)", 6))
        specs.append(_n(f"330{decimals}", "GROSS WEIGHT (kg)", 6))
    return {s.ai: s for s in specs}


AI_TABLE: Final[dict[str, AISpec]] = _table()
"""The AIs labels may encode. Extend here when a template needs a new one."""


def normalize_gtin(gtin: str) -> str:
    """Return ``gtin`` (8, 12, 13 or 14 digits) as GTIN-14; raise LabelError if invalid."""
    digits = gtin.strip()
    if not digits.isascii() or not digits.isdigit() or len(digits) not in (8, 12, 13, 14):
        raise LabelError(f"GTIN must be 8, 12, 13 or 14 digits, got {gtin!r}")
    padded = digits.rjust(14, "0")
    if not has_valid_check_digit(padded):
        raise LabelError(f"GTIN {gtin!r} has a wrong check digit")
    return padded


def sscc_with_check_digit(sscc: str) -> str:
    """Return an 18-digit SSCC: 17 digits get their check digit, 18 digits are validated."""
    digits = sscc.strip()
    if not digits.isascii() or not digits.isdigit() or len(digits) not in (17, 18):
        raise LabelError(f"SSCC must be 17 digits (without check digit) or 18, got {sscc!r}")
    if len(digits) == 17:
        return digits + str(gs1_check_digit(digits))
    if not has_valid_check_digit(digits):
        expected = gs1_check_digit(digits[:17])
        raise LabelError(f"SSCC {sscc!r} has a wrong check digit (expected {expected})")
    return digits


def yymmdd(day: dt.date) -> str:
    """Format a date as GS1 YYMMDD (the year must lie in 2000-2099 or 1951-1999)."""
    return day.strftime("%y%m%d")


def _check_date(ai: str, value: str) -> None:
    month, day = int(value[2:4]), int(value[4:6])
    if not 1 <= month <= 12:
        raise LabelError(f"AI ({ai}): month {value[2:4]} in {value!r} is not 01-12")
    # 2-digit years with YY % 4 == 0 are leap years over the whole GS1 century window.
    year = 2000 + int(value[:2])
    if day > calendar.monthrange(year, month)[1]:
        raise LabelError(f"AI ({ai}): day {value[4:6]} in {value!r} does not exist")


def _validate(ai: str, value: str) -> None:
    spec = AI_TABLE.get(ai)
    if spec is None:
        raise LabelError(f"AI ({ai}) is not supported by labels (see AI_TABLE)")
    if not spec.min_len <= len(value) <= spec.max_len:
        span = (
            str(spec.min_len) if spec.min_len == spec.max_len else f"{spec.min_len}..{spec.max_len}"
        )
        raise LabelError(f"AI ({ai}) {spec.title} needs {span} characters, got {value!r}")
    if spec.numeric:
        if not (value.isascii() and value.isdigit()):
            raise LabelError(f"AI ({ai}) {spec.title} must be digits, got {value!r}")
    else:
        bad = sorted({c for c in value if c not in GS1_CHARSET_82})
        if bad:
            raise LabelError(
                f"AI ({ai}) {spec.title} {value!r} has characters outside the GS1 set: "
                + " ".join(repr(c) for c in bad)
            )
    if spec.check_digit and not has_valid_check_digit(value):
        raise LabelError(f"AI ({ai}) {spec.title} {value!r} has a wrong check digit")
    if spec.date:
        _check_date(ai, value)


def needs_separator(ai: str) -> bool:
    """True if an element with this AI must be followed by FNC1/GS when it is not last."""
    return ai[:2] not in PREDEFINED_LENGTH


@dataclass(frozen=True)
class GS1Message:
    """A validated, ordered list of GS1 element strings (AI, value)."""

    fields: tuple[tuple[str, str], ...]

    def __post_init__(self) -> None:
        if not self.fields:
            raise LabelError("a GS1 message needs at least one element string")
        for ai, value in self.fields:
            _validate(ai, value)

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str]]) -> GS1Message:
        """Build and validate a message from (AI, value) pairs, in the given order."""
        return cls(tuple((str(ai), str(value)) for ai, value in pairs))

    @property
    def element_string(self) -> str:
        """AI + data per element, GS after variable-length elements that are not last."""
        parts: list[str] = []
        last = len(self.fields) - 1
        for i, (ai, value) in enumerate(self.fields):
            parts.append(ai + value)
            if i < last and needs_separator(ai):
                parts.append(GS)
        return "".join(parts)

    @property
    def hri(self) -> str:
        """Human-readable interpretation: ``(AI)value`` for each element, no separators."""
        return "".join(f"({ai}){value}" for ai, value in self.fields)

    @property
    def bracketed(self) -> str:
        """``[AI]value`` form, as accepted by ``zxingcpp.create_barcode(..., gs1=True)``."""
        return "".join(f"[{ai}]{value}" for ai, value in self.fields)

    def value(self, ai: str) -> str | None:
        """The value of the first element with this AI, or None."""
        return next((v for a, v in self.fields if a == ai), None)
