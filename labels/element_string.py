# SPDX-License-Identifier: Apache-2.0
"""Building GS1 element strings and their human-readable interpretation (HRI).

A :class:`GS1Message` is an ordered list of (AI, value) pairs validated by the station's one
GS1 table, :mod:`drivers.gs1` (generated from the GS1 Barcode Syntax Dictionary): labels
encode exactly what the station reads. From it come:

* :attr:`GS1Message.element_string` — AI + data with a GS (0x1D) after every element whose
  AI is not of predefined length, unless it is the last element. No leading FNC1: the
  renderers add the symbology's own FNC1-first marker.
* :attr:`GS1Message.hri` — ``(01)09521234543213(17)261231(10)ABC`` (parentheses are never
  encoded).
* :attr:`GS1Message.bracketed` — ``[01]...[10]...``, the input form the zxing-cpp writer
  takes with ``gs1=True`` (brackets are outside the GS1 character set, parentheses are not).

Contracts:

* Every constructor raises :class:`labels.model.LabelError` with the GS1 engine's sentence
  for an unknown AI, a value of the wrong length or characters, a bad check digit, an
  impossible date or any other rule of the dictionary, and for AIs that must not appear
  together. Nothing is silently corrected, except that :func:`normalize_gtin` left-pads
  GTIN-8/12/13 to 14 digits.
* ``parse_scan("]C1" + message.element_string)`` (:mod:`drivers.gs1`) gives back the same
  fields; the label tests check this property with hypothesis.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from drivers.gs1 import (
    GS,
    check_message,
    element_string,
    gs1_check_digit,
    has_valid_check_digit,
    needs_separator,
)
from labels.errors import LabelError

__all__ = [
    "GS",
    "GS1Message",
    "needs_separator",
    "normalize_gtin",
    "sscc_with_check_digit",
    "yymmdd",
]


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


@dataclass(frozen=True)
class GS1Message:
    """A validated, ordered list of GS1 element strings (AI, value)."""

    fields: tuple[tuple[str, str], ...]

    def __post_init__(self) -> None:
        if not self.fields:
            raise LabelError("a GS1 message needs at least one element string")
        error = check_message(self.fields)
        if error is not None:
            raise LabelError(error.message)

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str]]) -> GS1Message:
        """Build and validate a message from (AI, value) pairs, in the given order."""
        return cls(tuple((str(ai), str(value)) for ai, value in pairs))

    @property
    def element_string(self) -> str:
        """AI + data per element, GS after variable-length elements that are not last."""
        return element_string(self.fields)

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
