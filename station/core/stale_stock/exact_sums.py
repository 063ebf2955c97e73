# SPDX-License-Identifier: Apache-2.0
"""Exact sums of quantities and money in SQL, on SQLite and PostgreSQL alike.

PostgreSQL keeps them as ``NUMERIC``: its ``sum`` is exact and nothing here changes it.
SQLite keeps canonical decimal text (:class:`station.core.store.types.ExactDecimal`); its
``sum`` of text goes through floats. Here such text is read as a *scaled integer* (the digits
without the point, times the power of ten that gives ``digits`` decimals) and summed as
64-bit integers, then turned back into Decimal for presentation (:func:`exact`).

A value ``qty x unit_cost`` of the ledger is summed in two integer parts, the cost's whole
units (scale ``QTY_DIGITS``) and its ``COST_DIGITS`` decimals (scale ``QTY_DIGITS +
COST_DIGITS``), so neither product overflows for any real stock.

Text with more decimals than the scale, or longer than ``MAX_DIGITS`` characters, is
multiplied by 0.5 instead of its power of ten: the sum turns into a float. A product past 64
bits also turns into a float in SQLite, and a sum past 64 bits raises ``integer overflow``.
:func:`check` turns both into :class:`NotExact`; the caller then sums in Python.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy.exc import OperationalError

from ..store.types import decimal_text

QTY_DIGITS = 6
VALUE_DIGITS = 8
COST_DIGITS = 6
MAX_DIGITS = 18  # a scaled integer of up to 18 digits cannot overflow 64 bits


class NotExact(Exception):
    """The scaled integers would not be exact: sum in Python instead."""


def scaled(col: str, digits: int) -> str:
    """SQLite: the canonical decimal text ``col`` as an integer times 10**digits."""
    powers = " ".join(f"WHEN {d} THEN {10 ** (digits - d)}" for d in range(1, digits + 1))
    return (
        f"(CAST(replace({col}, '.', '') AS INTEGER) * CASE WHEN length({col}) > {MAX_DIGITS} "
        f"THEN 0.5 WHEN instr({col}, '.') = 0 THEN {10**digits} "
        f"ELSE CASE length({col}) - instr({col}, '.') {powers} ELSE 0.5 END END)"
    )


def value_parts(qty: str, cost: str) -> tuple[str, str]:
    """SQLite: the two integer terms of ``qty * cost`` (see the module docstring)."""
    q = scaled(qty, QTY_DIGITS)
    whole = f"CAST(coalesce({cost}, '0') AS INTEGER)"
    cost_text = f"coalesce({cost}, '0')"
    fraction = f"({scaled(cost_text, COST_DIGITS)} - {whole} * {10**COST_DIGITS})"
    return f"{q} * {whole}", f"{q} * {fraction}"


def value_of(whole: Any, fraction: Any) -> Decimal:
    """SQLite: the Decimal of the two summed terms of :func:`value_parts`."""
    return exact(whole, QTY_DIGITS) + exact(fraction, QTY_DIGITS + COST_DIGITS)


def exact(value: Any, digits: int) -> Decimal:
    """SQLite: a summed scaled integer as a canonical Decimal (0 for an empty sum)."""
    if value is None:
        return Decimal(0)
    return Decimal(decimal_text(Decimal(int(value)).scaleb(-digits)))


def numeric(value: Any) -> Decimal:
    """PostgreSQL: a summed NUMERIC as Decimal (0 for an empty sum)."""
    if value is None:
        return Decimal(0)
    return value if isinstance(value, Decimal) else Decimal(value)


def check(rows: Iterable[Any], columns: slice) -> None:
    """Raise :class:`NotExact` when a summed column of ``rows`` came back as a float."""
    if any(isinstance(x, float) for row in rows for x in row[columns]):
        raise NotExact


def is_overflow(exc: OperationalError) -> bool:
    return "integer overflow" in str(exc)
