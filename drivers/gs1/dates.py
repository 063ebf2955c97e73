# SPDX-License-Identifier: Apache-2.0
"""GS1 dates: YYMMDD with the GenSpecs 7.12 century rule and DD = 00 meaning month end.

Contracts: functions return ``None`` for anything that is not a valid date or time and
never raise for any ``str`` input.
"""

from __future__ import annotations

import calendar
from datetime import date

__all__ = ["full_year", "parse_yymmdd", "parse_yyyymmdd", "valid_hhmi"]


def full_year(yy: int, today: date) -> int:
    """Four-digit year for the two-digit ``yy`` (GenSpecs 7.12).

    The window runs 49 years back and 50 years ahead of ``today``: with
    d = yy - (current year mod 100), 51..99 -> previous century, -99..-50 -> next century,
    otherwise the current century.
    """
    century = today.year // 100 * 100
    difference = yy - today.year % 100
    if difference >= 51:
        century -= 100
    elif difference <= -50:
        century += 100
    return century + yy


def _build(year: int, month: int, day: int, zero_day: bool) -> date | None:
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    if day == 0 and zero_day:
        return date(year, month, last)
    if not 1 <= day <= last:
        return None
    return date(year, month, day)


def _digits(text: str, length: int) -> bool:
    return len(text) == length and text.isascii() and text.isdigit()


def parse_yymmdd(text: str, today: date, *, zero_day: bool) -> date | None:
    """Date for ``YYMMDD``; with ``zero_day`` a day of ``00`` is the month's last day."""
    if not _digits(text, 6):
        return None
    year = full_year(int(text[:2]), today)
    return _build(year, int(text[2:4]), int(text[4:6]), zero_day)


def parse_yyyymmdd(text: str, *, zero_day: bool) -> date | None:
    """Date for ``YYYYMMDD``; with ``zero_day`` a day of ``00`` is the month's last day."""
    if not _digits(text, 8) or int(text[:4]) < 1:
        return None
    return _build(int(text[:4]), int(text[4:6]), int(text[6:8]), zero_day)


def valid_hhmi(text: str) -> bool:
    """True for ``HHMM`` with 00 <= HH <= 23 and 00 <= MM <= 59."""
    return _digits(text, 4) and int(text[:2]) <= 23 and int(text[2:]) <= 59
