# SPDX-License-Identifier: Apache-2.0
"""Error values of the GS1 engine: :class:`ParseError`, the error codes and their meaning.

Contract: every ``ParseError.code`` produced by the engine is a key of :data:`ERROR_CODES`;
messages are complete English sentences that name the AI when one is involved.
"""

from __future__ import annotations

from typing import Final, NoReturn

from msgspec import Struct

__all__ = ["ERROR_CODES", "Gs1Failure", "ParseError", "ai_label", "fail"]

ERROR_CODES: Final[dict[str, str]] = {
    "empty": "Nothing was scanned, or only a symbology identifier arrived.",
    "bad_character": "A character is not allowed in the AI's character set.",
    "bad_check_digit": "A mod-10 check digit (GTIN, SSCC, GLN, ...) is wrong.",
    "bad_check_characters": "An alphanumeric check character pair (AI 8013, 8014) is wrong.",
    "bad_date": "A date or time field is not a real calendar date or clock time.",
    "bad_value": "A field breaks a content rule of its AI (zero/non-zero, piece of total, ...).",
    "bad_gtin_length": "An EAN/UPC/ITF-14 symbol does not hold 8, 12, 13 or 14 digits.",
    "unknown_ai": "The data does not start with a known Application Identifier.",
    "value_too_short": "An AI's value is shorter than its format allows.",
    "value_too_long": "An AI's value is longer than its format allows.",
    "missing_separator": "A GS separator is missing after a variable-length value.",
    "ambiguous_no_separator": "Separators were stripped, so the fields cannot be told apart.",
    "duplicate_ai_conflict": "The same AI appears twice with different values.",
    "invalid_pair": "Two AIs that must not appear together were found in one scan.",
    "bad_digital_link": "A GS1 Digital Link URI breaks the URI syntax rules.",
    "not_gs1": "The data announced as GS1 is not GS1 element strings.",
    "internal_error": "The engine failed unexpectedly; the scan is refused.",
}


class ParseError(Struct, frozen=True):
    """Why a scan was refused: a code from :data:`ERROR_CODES`, the AI involved (or None)
    and a message for the warehouse clerk."""

    code: str
    ai: str | None
    message: str


class Gs1Failure(Exception):
    """Internal control-flow exception carrying a :class:`ParseError`; never escapes
    :func:`drivers.gs1.parse_scan`."""

    def __init__(self, error: ParseError) -> None:
        super().__init__(error.message)
        self.error = error


def fail(code: str, ai: str | None, message: str) -> NoReturn:
    """Raise :class:`Gs1Failure` for ``code`` (must be a key of :data:`ERROR_CODES`)."""
    raise Gs1Failure(ParseError(code=code, ai=ai, message=message))


def ai_label(ai: str, title: str | None = None) -> str:
    """``"AI (17)"`` or ``"AI (17) USE BY or EXPIRY"`` for messages."""
    return f"AI ({ai}) {title}" if title else f"AI ({ai})"
