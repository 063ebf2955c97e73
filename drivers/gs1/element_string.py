# SPDX-License-Identifier: Apache-2.0
"""GS1 element strings: ``01...17...10...<GS>21...`` and the bracketed form ``(01)...``.

Contracts:

* Every function returns ``[(ai, value), ...]`` in scan order, or raises
  :class:`drivers.gs1.errors.Gs1Failure`; no other exception escapes for ``str`` input.
* A value longer than its AI allows is refused (``value_too_long``); it is never split into
  two AIs. A value is never empty.
* Separators: GS (ASCII 29) ends a value; stray, doubled and trailing GS are tolerated.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from drivers.gs1.ai_table import AiSpec, Component, lookup_ai, match_ai_at
from drivers.gs1.charsets import CHARSET_NAMES, first_bad_character
from drivers.gs1.errors import Gs1Failure, ParseError, ai_label, fail
from drivers.gs1.linters import run_check

__all__ = [
    "GS",
    "parse_bracketed",
    "parse_element_strings",
    "parse_unseparated",
    "validate_value",
]

GS: Final[str] = "\x1d"

_SCANNER_ADVICE: Final[str] = (
    "Set the scanner to transmit AIM symbology identifiers and to send FNC1 as GS "
    "(ASCII 29), then scan again."
)


def _show(ch: str) -> str:
    return f"'{ch}'" if ch.isprintable() and ch != " " else f"U+{ord(ch):04X}"


def _check_component(spec: AiSpec, comp: Component, part: str, today: date) -> None:
    bad = first_bad_character(part, comp.charset)
    if bad is not None:
        fail(
            "bad_character",
            spec.ai,
            f"{ai_label(spec.ai, spec.title)} contains the character {_show(part[bad])}, "
            f"which is not allowed there ({CHARSET_NAMES[comp.charset]} only).",
        )
    for check in comp.checks:
        outcome = run_check(check, part, today)
        if outcome is not None:
            code, reason = outcome
            fail(code, spec.ai, f"{ai_label(spec.ai, spec.title)} is invalid: {reason}.")


def validate_value(spec: AiSpec, value: str, today: date) -> None:
    """Check ``value`` against every component of ``spec``; raise on the first problem."""
    label = ai_label(spec.ai, spec.title)
    if len(value) > spec.max_len:
        fail(
            "value_too_long",
            spec.ai,
            f"{label} is too long: at most {spec.max_len} characters are allowed, "
            f"{len(value)} were read.",
        )
    if len(value) < spec.min_len:
        fail(
            "value_too_short",
            spec.ai,
            f"{label} is too short: at least {spec.min_len} characters are needed, "
            f"{len(value)} were read.",
        )
    pos = 0
    for comp in spec.components:
        if pos >= len(value) and comp.optional:
            break
        part = value[pos : pos + comp.max_len]
        if len(part) < comp.min_len:
            fail(
                "value_too_short",
                spec.ai,
                f"{label} has an incomplete part: {comp.min_len} characters are needed "
                f"at position {pos + 1}, {len(part)} were read.",
            )
        _check_component(spec, comp, part, today)
        pos += len(part)


def _unknown_ai(data: str, pos: int) -> Gs1Failure:
    snippet = data[pos : pos + 6].replace(GS, "<GS>")
    message = f'No known GS1 Application Identifier starts at "{snippet}".'
    return Gs1Failure(ParseError(code="unknown_ai", ai=None, message=message))


def _take_predefined(data: str, spec: AiSpec, start: int) -> tuple[str, int]:
    end = start + spec.max_len
    value = data[start:end]
    if GS in value:
        value = value[: value.index(GS)]
        end = start + len(value)
    if len(value) < spec.max_len:
        fail(
            "value_too_short",
            spec.ai,
            f"{ai_label(spec.ai, spec.title)} must be exactly {spec.max_len} characters; "
            f"{len(value)} were read.",
        )
    if end < len(data) and data[end] != GS and match_ai_at(data, end) is None:
        fail(
            "value_too_long",
            spec.ai,
            f"{ai_label(spec.ai, spec.title)} must be exactly {spec.max_len} characters, "
            "but more data follows that is not a known AI.",
        )
    return value, end


def _check_run_on(spec: AiSpec, value: str, today: date) -> None:
    """Refuse an over-long value that is really this AI plus further element strings
    (a separator was left out) with ``missing_separator``."""
    if len(value) <= spec.max_len:
        return
    for cut in range(spec.min_len, spec.max_len + 1):
        following = match_ai_at(value, cut)
        if following is None:
            continue
        try:
            parse_element_strings(value[cut:], today, detect_run_on=False)
        except Gs1Failure:
            continue
        fail(
            "missing_separator",
            spec.ai,
            f"{ai_label(spec.ai, spec.title)} is not followed by a GS separator before "
            f"AI ({following.ai}); the barcode was encoded without it.",
        )


def parse_element_strings(
    data: str, today: date, *, detect_run_on: bool = True
) -> list[tuple[str, str]]:
    """Parse FNC1-led element strings (the leading FNC1 already removed).

    With ``detect_run_on`` an over-long value that reads as the AI plus further valid
    element strings is reported as ``missing_separator`` instead of ``value_too_long``.
    """
    pairs: list[tuple[str, str]] = []
    pos = 0
    while pos < len(data):
        if data[pos] == GS:
            pos += 1
            continue
        spec = match_ai_at(data, pos)
        if spec is None:
            raise _unknown_ai(data, pos)
        start = pos + len(spec.ai)
        if spec.predefined_length:
            value, pos = _take_predefined(data, spec, start)
        else:
            separator = data.find(GS, start)
            pos = len(data) if separator < 0 else separator
            value = data[start:pos]
            if detect_run_on:
                _check_run_on(spec, value, today)
        if not value:
            fail("value_too_short", spec.ai, f"{ai_label(spec.ai, spec.title)} has no value.")
        validate_value(spec, value, today)
        pairs.append((spec.ai, value))
    if not pairs:
        fail("empty", None, "The scan holds a GS1 marker but no data.")
    return pairs


def _value_fits(spec: AiSpec, value: str, today: date) -> bool:
    try:
        validate_value(spec, value, today)
    except Gs1Failure:
        return False
    return True


class _Readings:
    """Every way to divide separator-free data into valid element strings, counted up to
    two (one is all :func:`parse_unseparated` needs to know is unique)."""

    def __init__(self, data: str, today: date) -> None:
        self.data = data
        self.today = today
        self.memo: dict[int, list[list[tuple[str, str]]]] = {}

    def _value_lengths(self, spec: AiSpec, start: int) -> range:
        if spec.predefined_length:
            return range(spec.max_len, spec.max_len + 1)
        longest = min(spec.max_len, len(self.data) - start)
        return range(longest, spec.min_len - 1, -1)

    def from_position(self, pos: int) -> list[list[tuple[str, str]]]:
        """Up to two complete readings of ``data[pos:]``."""
        if pos == len(self.data):
            return [[]]
        if pos in self.memo:
            return self.memo[pos]
        found: list[list[tuple[str, str]]] = []
        spec = match_ai_at(self.data, pos)
        start = pos + len(spec.ai) if spec else pos
        for length in self._value_lengths(spec, start) if spec else ():
            value = self.data[start : start + length]
            if len(value) != length or not _value_fits(spec, value, self.today):  # type: ignore[arg-type]
                continue
            for rest in self.from_position(start + length):
                found.append([(spec.ai, value), *rest])  # type: ignore[union-attr]
                if len(found) == 2:
                    break
            if len(found) == 2:
                break
        self.memo[pos] = found
        return found


def _ambiguity(readings: list[list[tuple[str, str]]]) -> Gs1Failure:
    first, second = readings
    cut = next(
        (i for i, (a, b) in enumerate(zip(first, second, strict=False)) if a != b),
        min(len(first), len(second)) - 1,
    )
    ai = first[cut][0]
    spec = lookup_ai(ai)
    label = ai_label(ai, spec.title if spec else None)
    message = (
        f"{label} can be read in more than one way because no GS separator was received. "
        f"{_SCANNER_ADVICE}"
    )
    return Gs1Failure(ParseError(code="ambiguous_no_separator", ai=ai, message=message))


def parse_unseparated(data: str, today: date) -> list[tuple[str, str]]:
    """Parse element strings whose FNC1/GS separators were stripped by the scanner.

    Accepted only when exactly one division of the data into valid element strings exists
    under the AI table, whatever the length class of each AI; two or more readings raise
    ``ambiguous_no_separator`` with the advice to send FNC1 as GS. When no reading exists
    the error of the plain left-to-right parse is raised (an over-long variable-length
    value becomes ``ambiguous_no_separator``).
    """
    readings = _Readings(data, today).from_position(0)
    if len(readings) == 1:
        return readings[0]
    if len(readings) > 1:
        raise _ambiguity(readings)
    try:
        parse_element_strings(data, today)
    except Gs1Failure as failure:
        spec = lookup_ai(failure.error.ai or "")
        run_on = failure.error.code in ("value_too_long", "missing_separator")
        if run_on and spec and not spec.predefined_length:
            fail(
                "ambiguous_no_separator",
                spec.ai,
                f"{ai_label(spec.ai, spec.title)} runs into the following data because no "
                f"GS separator was received. {_SCANNER_ADVICE}",
            )
        raise
    fail("not_gs1", None, "The data cannot be divided into GS1 element strings.")


def _read_bracketed_value(data: str, pos: int) -> tuple[str, int]:
    chars: list[str] = []
    while pos < len(data):
        ch = data[pos]
        if ch == "\\" and data[pos + 1 : pos + 2] == "(":
            chars.append("(")
            pos += 2
            continue
        if ch == "(":
            break
        chars.append(ch)
        pos += 1
    return "".join(chars), pos


def parse_bracketed(data: str, today: date) -> list[tuple[str, str]]:
    """Parse the human-readable form ``(01)09521234543213(10)ABC``; ``\\(`` is a literal
    bracket inside a value."""
    pairs: list[tuple[str, str]] = []
    pos = 0
    while pos < len(data):
        close = data.find(")", pos)
        ai = data[pos + 1 : close] if close > pos else ""
        spec = lookup_ai(ai) if 2 <= len(ai) <= 4 and ai.isascii() and ai.isdigit() else None
        if spec is None:
            shown = data[pos : pos + 7]
            fail("unknown_ai", None, f'"{shown}" does not start with a known AI in brackets.')
        value, pos = _read_bracketed_value(data, close + 1)
        if not value:
            fail("value_too_short", spec.ai, f"{ai_label(spec.ai, spec.title)} has no value.")
        validate_value(spec, value, today)
        pairs.append((spec.ai, value))
    return pairs
