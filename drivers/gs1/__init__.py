# SPDX-License-Identifier: Apache-2.0
"""Strict GS1 engine: element strings, bracketed form, Digital Link and plain GTINs.

Public API::

    from drivers.gs1 import parse_scan, ParseResult, ParseError, normalise_gtin
    result = parse_scan(text, aim=None)   # never raises

The AI table (``ai_table``) is the authority for what is accepted; see docs/gs1.md.
"""

from __future__ import annotations

from drivers.gs1.errors import ERROR_CODES, ParseError
from drivers.gs1.gtin import expand_upce, normalise_gtin
from drivers.gs1.parse import parse_scan
from drivers.gs1.result import ParseResult

__all__ = [
    "ERROR_CODES",
    "ParseError",
    "ParseResult",
    "expand_upce",
    "normalise_gtin",
    "parse_scan",
]
