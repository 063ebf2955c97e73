# SPDX-License-Identifier: Apache-2.0
"""GS1 character sets (GenSpecs 7.11): CSET 82, CSET 39, CSET 64 and CSET 32.

The strings are ordered: a character's index is its value in the check character pair
algorithm (CSET 82, CSET 32). Contract: :func:`first_bad_character` never raises.
"""

from __future__ import annotations

from typing import Final

__all__ = ["CSET32", "CSET39", "CSET64", "CSET82", "CHARSET_NAMES", "first_bad_character"]

CSET82: Final[str] = (
    "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
)
"""GS1 AI encodable character set 82 (the ``X`` data type)."""

CSET39: Final[str] = "#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
"""GS1 AI encodable character set 39 (the ``Y`` data type, AI 8010)."""

CSET64: Final[str] = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
"""File-safe base64 alphabet (the ``Z`` data type, AI 8030); ``=`` only as final padding."""

CSET32: Final[str] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
"""Alphabet of check character pairs."""

CHARSET_NAMES: Final[dict[str, str]] = {
    "N": "digits",
    "X": "GS1 character set 82",
    "Y": "GS1 character set 39",
    "Z": "GS1 character set 64",
}

_ALLOWED: Final[dict[str, frozenset[str]]] = {
    "N": frozenset("0123456789"),
    "X": frozenset(CSET82),
    "Y": frozenset(CSET39),
    "Z": frozenset(CSET64),
}


def first_bad_character(value: str, charset: str) -> int | None:
    """Index of the first character of ``value`` outside ``charset`` (N/X/Y/Z), else None.

    For ``Z`` one or two trailing ``=`` pad characters are allowed when the padded length is
    a multiple of three (the GS1 CSET 64 padding rule).
    """
    allowed = _ALLOWED.get(charset, frozenset())
    body = value
    if charset == "Z":
        stripped = value.rstrip("=")
        pad = len(value) - len(stripped)
        if pad and (pad > 2 or len(value) % 3 != 0):
            return len(stripped)
        body = stripped
    for index, ch in enumerate(body):
        if ch not in allowed:
            return index
    return None
