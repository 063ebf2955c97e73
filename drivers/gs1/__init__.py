# SPDX-License-Identifier: Apache-2.0
"""Strict GS1 engine: element strings, bracketed form, Digital Link and plain GTINs.

Public API::

    from drivers.gs1 import parse_scan, ParseResult, ParseError, normalise_gtin
    result = parse_scan(text, aim=None)   # never raises
    element_string([("01", gtin), ("10", lot)])   # building, with the same table

The AI table (``ai_table``) is the authority for what is accepted; see docs/gs1.md.
"""

from __future__ import annotations

from drivers.gs1.check_digit import (
    all_have_valid_check_digits,
    gs1_check_digit,
    has_valid_check_digit,
)
from drivers.gs1.encode import (
    GS,
    ai_title,
    check_element,
    check_message,
    element_string,
    needs_separator,
)
from drivers.gs1.errors import ERROR_CODES, ParseError
from drivers.gs1.gtin import expand_upce, normalise_gtin
from drivers.gs1.parse import parse_scan
from drivers.gs1.result import ParseResult

__all__ = [
    "ERROR_CODES",
    "GS",
    "ParseError",
    "ParseResult",
    "ai_title",
    "all_have_valid_check_digits",
    "check_element",
    "check_message",
    "element_string",
    "expand_upce",
    "gs1_check_digit",
    "has_valid_check_digit",
    "needs_separator",
    "normalise_gtin",
    "parse_scan",
]
