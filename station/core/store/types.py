# SPDX-License-Identifier: Apache-2.0
"""Column types the store needs beyond SQLAlchemy's own.

Quantities and money are exact decimals. SQLite has no decimal type and SQLAlchemy's
``Numeric`` goes through floats there, so on SQLite a decimal is stored as its canonical
text; on PostgreSQL it is a real ``NUMERIC``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Numeric, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine


def decimal_text(value: Decimal) -> str:
    """Canonical text of a decimal: no exponent, no trailing fractional zeros."""
    if not value.is_finite():
        raise ValueError(f"not a finite quantity: {value}")
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def to_decimal(value: Any) -> Decimal:
    """A Decimal from a Decimal, int or string; floats are refused (they are not exact)."""
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool):
        raise TypeError("a bool is not a quantity")
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation as exc:
            raise ValueError(f"not a number: {value!r}") from exc
    else:
        raise TypeError(f"quantities are Decimal, int or str, not {type(value).__name__}")
    if not result.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return result


class ExactDecimal(TypeDecorator[Decimal]):
    """An exact decimal column: TEXT on SQLite, NUMERIC(24, 6) elsewhere."""

    impl = String(40)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(40))
        return dialect.type_descriptor(Numeric(24, 6, asdecimal=True))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        dec = to_decimal(value)
        return decimal_text(dec) if dialect.name == "sqlite" else dec

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(str(value)) if not isinstance(value, Decimal) else value
