# SPDX-License-Identifier: Apache-2.0
"""Reading the rows of an items file a column at a time.

An item master of 100,000 lines is nearly all plain cells: ASCII codes and names, barcodes of
digits only, plain decimal numbers. Read row by row, every cell pays for a parser call and its
checks; read a column at a time, a chunk of rows pays for a few whole-column operations (one
search for control characters in the joined column, one set test for Excel error values, one
pass over the check digits, one set for duplicate keys).

Contract: :func:`plain_items` returns exactly the records the row-by-row reading
(:class:`~station.core.imports.validation.Row` through the items collector) returns for the
same rows, and records their keys as that reading does; or it returns ``None`` and changes
nothing when any cell is not plain: a problem, or a form only the cell parsers read
(full-width digits, ``1,200.5``, several barcodes in one cell, ``A类``, ``是``, a short row).
The caller then reads those rows row by row, so every message (line, column, reason) is the
one the row-by-row reading gives, and a file with a bad line is refused as before.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Final

from drivers.gs1 import all_have_valid_check_digits
from station.core.imports.records import ItemRecord
from station.core.imports.values import (
    _CONTROL,
    _EXCEL_ERRORS,
    _FALSE,
    _TRUE,
    MAX_CODE_LENGTH,
    MAX_TEXT_LENGTH,
)

__all__ = ["plain_items"]

Rows = Sequence[tuple[int, tuple[str, ...]]]

_ONE: Final[Decimal] = Decimal(1)
_ZERO: Final[Decimal] = Decimal(0)
# what parse_decimal reads without folding (the pattern it tries first), or a blank cell
_PLAIN_NUMBER_OR_BLANK = re.compile(r"(?:[0-9]{1,12}(?:\.[0-9]{1,6})?)?")
_DAYS_OR_BLANK = re.compile(r"[0-9]{0,5}")
_MAX_SHELF_LIFE_DAYS: Final[int] = 36_500  # as validation._shelf_life_days
_GTIN_LENGTHS: Final[frozenset[int]] = frozenset({8, 12, 13, 14})
_ABC: Final[frozenset[str]] = frozenset({"", "A", "B", "C"})
_BOOLS: Final[dict[str, bool]] = {
    **dict.fromkeys(_TRUE, True),
    **dict.fromkeys(_FALSE, False),
    "": False,  # a blank cell is "no"
}


class _NotPlain(Exception):
    """A cell of the chunk needs the row-by-row reading."""


def plain_items(
    rows: Rows,
    columns: Mapping[str, int],
    skus: dict[object, int],
    gtins: dict[str, tuple[str, int]],
) -> list[ItemRecord] | None:
    """The records of ``rows`` (``(line, cells)`` in file order), or ``None``; see the module
    contract. ``skus`` (sku -> first line) and ``gtins`` (gtin -> (sku, line)) are the keys
    seen earlier in the file; they are updated only when records are returned."""
    try:
        return _items(rows, columns, skus, gtins)
    except _NotPlain:
        return None


def _items(
    rows: Rows,
    columns: Mapping[str, int],
    skus: dict[object, int],
    gtins: dict[str, tuple[str, int]],
) -> list[ItemRecord]:
    cells = [row for _, row in rows]
    if not cells or min(map(len, cells)) <= max(columns.values()):
        raise _NotPlain  # a short row: Row.raw reads its missing cells as blank
    table = list(zip(*cells, strict=False))
    absent = ("",) * len(cells)

    def column(field: str) -> Sequence[str]:
        index = columns.get(field)
        return absent if index is None else table[index]

    sku = _texts(column("sku"), MAX_CODE_LENGTH, required=True)
    mins = _decimals(column("min_qty"))
    maxs = _decimals(column("max_qty"))
    if any(
        lo is not None and hi is not None and hi < lo for lo, hi in zip(mins, maxs, strict=True)
    ):
        raise _NotPlain
    unit_gtins = _gtins(column("gtin"))
    case_gtins = _gtins(column("case_gtin"))
    case_qtys = _case_quantities(column("case_qty"), case_gtins)
    lines = [line for line, _ in rows]
    claimed = _claim(skus, gtins, sku, lines, unit_gtins, case_gtins)
    records = list(
        map(  # positional, in ItemRecord's field order
            ItemRecord,
            sku,
            _texts(column("name"), MAX_TEXT_LENGTH, required=True),
            _texts(column("spec"), MAX_TEXT_LENGTH),
            [unit or "EA" for unit in _texts(column("unit"), MAX_CODE_LENGTH)],
            _decimals(column("unit_cost")),
            _texts(column("category"), MAX_TEXT_LENGTH),
            _abc_classes(column("abc_class")),
            _texts(column("owner"), MAX_TEXT_LENGTH),
            mins,
            maxs,
            _shelf_lives(column("min_shelf_life_days")),
            _yes_no(column("serialised")),
            _pairs(unit_gtins, case_gtins, case_qtys),
        )
    )
    skus.update(zip(sku, lines, strict=True))
    gtins.update(claimed)
    return records


def _texts(cells: Sequence[str], max_length: int, *, required: bool = False) -> list[str]:
    """Codes or free text, stripped (``""`` when blank), as ``parse_code``/``parse_text``
    give them: with no control character in the column, no line break is left to fold."""
    values = list(map(str.strip, cells))
    if required and "" in values:
        raise _NotPlain
    if _CONTROL.search("".join(values)) or not _EXCEL_ERRORS.isdisjoint(values):
        raise _NotPlain
    if max(map(len, values)) > max_length:
        raise _NotPlain
    return values


def _decimals(cells: Sequence[str]) -> list[Decimal | None]:
    values = list(map(str.strip, cells))
    if not all(map(_PLAIN_NUMBER_OR_BLANK.fullmatch, values)):
        raise _NotPlain
    if "" not in values:
        return list(map(Decimal, values))
    return [Decimal(value) if value else None for value in values]


def _gtins(cells: Sequence[str]) -> list[str]:
    """One GTIN per cell, digits only, as 14 digits (``""`` when blank)."""
    values = list(map(str.strip, cells))
    digits = "".join(values)
    if not digits:
        return values
    if not (digits.isdigit() and digits.isascii()):
        raise _NotPlain  # a separator (several GTINs), a letter, an exponent ...
    if not set(map(len, values)) <= _GTIN_LENGTHS | {0}:
        raise _NotPlain
    padded = [value.zfill(14) if value else "" for value in values]
    if not all_have_valid_check_digits(gtin for gtin in padded if gtin):
        raise _NotPlain
    return padded


def _case_quantities(cells: Sequence[str], case_gtins: Sequence[str]) -> list[Decimal | None]:
    """A case GTIN's quantity (required, greater than zero); read only beside a case GTIN."""
    given = [qty if gtin else "" for qty, gtin in zip(cells, case_gtins, strict=True)]
    quantities = _decimals(given)
    for gtin, qty in zip(case_gtins, quantities, strict=True):
        if gtin and (qty is None or qty == _ZERO):
            raise _NotPlain
    return quantities


def _claim(
    skus: dict[object, int],
    gtins: dict[str, tuple[str, int]],
    sku: list[str],
    lines: list[int],
    unit_gtins: list[str],
    case_gtins: list[str],
) -> list[tuple[str, tuple[str, int]]]:
    """The GTINs these rows give, with their (sku, line); refused when a SKU or GTIN is
    repeated in the rows or was seen earlier in the file (each message names the first)."""
    if len(set(sku)) != len(sku) or not skus.keys().isdisjoint(sku):
        raise _NotPlain
    owners = list(zip(sku, lines, strict=True))
    claimed = [(g, owner) for g, owner in zip(unit_gtins, owners, strict=True) if g]
    claimed += [(g, owner) for g, owner in zip(case_gtins, owners, strict=True) if g]
    given = [g for g, _ in claimed]
    if len(set(given)) != len(given) or not gtins.keys().isdisjoint(given):
        raise _NotPlain
    return claimed


def _pairs(
    unit_gtins: list[str], case_gtins: list[str], case_qtys: list[Decimal | None]
) -> list[tuple[tuple[str, Decimal], ...]]:
    pairs: list[tuple[tuple[str, Decimal], ...]] = []
    for unit, case, qty in zip(unit_gtins, case_gtins, case_qtys, strict=True):
        row: tuple[tuple[str, Decimal], ...] = ((unit, _ONE),) if unit else ()
        if case and qty is not None:
            row += ((case, qty),)
        pairs.append(row)
    return pairs


def _abc_classes(cells: Sequence[str]) -> list[str | None]:
    values = list(map(str.strip, cells))
    if not _ABC.issuperset(values):
        raise _NotPlain  # lower case, A类, ...: parse_abc_class reads those
    return [value or None for value in values]


def _shelf_lives(cells: Sequence[str]) -> list[int | None]:
    values = list(map(str.strip, cells))
    if not all(map(_DAYS_OR_BLANK.fullmatch, values)):
        raise _NotPlain
    days = [int(value) if value else None for value in values]
    if any(day is not None and day > _MAX_SHELF_LIFE_DAYS for day in days):
        raise _NotPlain
    return days


def _yes_no(cells: Sequence[str]) -> list[bool]:
    values = list(map(str.strip, cells))
    if not "".join(values).isascii():
        raise _NotPlain  # parse_bool folds other text first
    flags = [_BOOLS.get(value.casefold()) for value in values]
    if None in flags:
        raise _NotPlain
    return [bool(flag) for flag in flags]
