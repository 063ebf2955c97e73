# SPDX-License-Identifier: Apache-2.0
"""Building GS1 element strings from (AI, value) pairs with the same AI table that reads them.

Public through :mod:`drivers.gs1`::

    check_element("17", "261231")        # None, or a ParseError saying what is wrong
    check_message([("01", gtin), ("10", "ABC")])
    element_string(pairs)                 # "0109521234543213" "10ABC" (GS where needed)

Contracts: every function is pure and never raises for ``str`` input; an AI is valid here
exactly when :func:`drivers.gs1.parse_scan` accepts it (one table, one set of linters), so
``parse_scan("]C1" + element_string(pairs))`` reads back ``pairs`` when
:func:`check_message` returned ``None``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Final

from drivers.gs1.ai_table import lookup_ai
from drivers.gs1.element_string import GS, validate_value
from drivers.gs1.errors import Gs1Failure, ParseError
from drivers.gs1.message import build_message

__all__ = [
    "GS",
    "ai_title",
    "check_element",
    "check_message",
    "element_string",
    "needs_separator",
]

_UNKNOWN: Final[str] = "AI ({ai}) is not a known GS1 Application Identifier."


def ai_title(ai: str) -> str | None:
    """The dictionary's title of ``ai`` (``"BATCH/LOT"``), or ``None`` when unknown."""
    spec = lookup_ai(ai)
    return spec.title if spec else None


def needs_separator(ai: str) -> bool:
    """True when an element string with this AI must be followed by GS when it is not
    last (every AI not of predefined length, including unknown ones)."""
    spec = lookup_ai(ai)
    return spec is None or not spec.predefined_length


def check_element(ai: str, value: str, *, today: date | None = None) -> ParseError | None:
    """Why ``value`` is not valid for ``ai`` under the dictionary, or ``None``."""
    spec = lookup_ai(ai)
    if spec is None:
        return ParseError("unknown_ai", None, _UNKNOWN.format(ai=ai))
    if not value:
        return ParseError("value_too_short", ai, f"AI ({ai}) {spec.title} has no value.")
    try:
        validate_value(spec, value, today or date.today())
    except Gs1Failure as failure:
        return failure.error
    return None


def check_message(
    pairs: Iterable[tuple[str, str]], *, today: date | None = None
) -> ParseError | None:
    """The first problem of a whole message (each value, repeated AIs, invalid pairs)."""
    listed = list(pairs)
    for ai, value in listed:
        error = check_element(ai, value, today=today)
        if error is not None:
            return error
    try:
        build_message(listed)
    except Gs1Failure as failure:
        return failure.error
    return None


def element_string(pairs: Iterable[tuple[str, str]]) -> str:
    """AI + value per element, GS after each element that needs one and is not last; no
    leading FNC1 (the symbology adds its own)."""
    listed = list(pairs)
    parts: list[str] = []
    for index, (ai, value) in enumerate(listed):
        parts.append(ai + value)
        if index < len(listed) - 1 and needs_separator(ai):
            parts.append(GS)
    return "".join(parts)
