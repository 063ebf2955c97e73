# SPDX-License-Identifier: Apache-2.0
"""Text cells that a spreadsheet program opens as text, never as a formula.

OWASP's rule for CSV injection: a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is prefixed with a single quote, so Excel, LibreOffice and WPS show it as text
(an item named ``=HYPERLINK(...)`` or ``@SUM(A1)`` stays a name). Only text from people or
files (names, references, reasons, lot numbers...) goes through :func:`formula_safe`; numbers
the station writes itself (quantities, money, ids) are left as they are, so ``-5`` stays a
number.
"""

from __future__ import annotations

from typing import Final

__all__ = ["FORMULA_PREFIXES", "formula_safe"]

#: The first characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_PREFIXES: Final[tuple[str, ...]] = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(text: str) -> str:
    """``text`` with a leading single quote when it would start a formula, else unchanged."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text
