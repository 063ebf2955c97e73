# SPDX-License-Identifier: Apache-2.0
"""An items file read a column at a time gives what the row-by-row reading gives: the same
records, or the same refusal (line, column, reason), whatever cells it holds and wherever
the odd ones sit (inside a chunk of rows or across chunks); and reading leaves the cycle
collector as it found it."""

from __future__ import annotations

import csv
import gc
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.gs1 import gs1_check_digit
from station.core.imports import PROGRESS_EVERY, ImportFileError, read_import, validation

HEADER = ["sku", "name", "spec", "unit", "unit_cost", "category", "abc_class", "owner"]
HEADER += ["min_qty", "max_qty", "min_shelf_life_days", "serialised", "gtin", "case_gtin"]
HEADER += ["case_qty"]
FILLER = PROGRESS_EVERY * 2 + 200  # three chunks


def _ean(n: int) -> str:
    body = f"69{n:010d}"
    return body + str(gs1_check_digit(body))


def _case(n: int) -> str:
    body = "1" + _ean(n)[:12]
    return body + str(gs1_check_digit(body))


def _plain(n: int) -> list[str]:
    cells = [f"SKU-{n:05d}", f"Item {n}", "", "EA", f"{n % 97}.{n % 10}", "Spares", "", ""]
    return cells + ["5", "100", "", "", _ean(n), _case(n), "12"]


ODD: dict[str, list[str]] = {
    "sku": ["", " ", "#N/A", "A\tB", "x" * 65, "ＳＫＵ-1", "SKU-00003", " SKU-00700 "],
    "name": ["", "two\nlines", "#VALUE!", "x" * 256, "丁腈手套", "\x07bell"],
    "spec": ["a\r\nb", "#REF!", "y" * 256],
    "unit": ["box", "x" * 65, "#DIV/0!"],
    "unit_cost": ["1,200.5", "-5", "１２", "0", "1e3", "¥12", "abc", "1234567890123", "1.1234567"],
    "abc_class": ["A", "b", "A类", "D"],
    "min_qty": ["3", "500", "5.5", "(2)"],
    "max_qty": ["3", "4", "1,000"],
    "min_shelf_life_days": ["30", "36501", "007", "+5", "1.0", "x", "0"],
    "serialised": ["yes", "No", "是", "maybe", "X", "-"],
    "gtin": ["", "6901234567893", "6901234567892;012345678905", "6.90123E+12", "123"]
    + [_ean(3), _case(8), "00" + _ean(40), "96385074", "01234567890128"],
    "case_gtin": ["", "16901234567801", _ean(9), _case(5), "abc"],
    "case_qty": ["", "0", "-1", "x", "2.5"],
}

_odd_cell = st.sampled_from(sorted(ODD)).flatmap(
    lambda field: st.tuples(st.just(field), st.sampled_from(ODD[field]))
)
_odd_rows = st.lists(
    st.tuples(st.integers(0, FILLER - 1), st.lists(_odd_cell, min_size=1, max_size=3)),
    max_size=4,
)


def _outcome(path: Path) -> tuple[Any, ...]:
    try:
        batch = read_import("items", path)
    except ImportFileError as exc:
        return ("refused", exc.line, exc.reason)
    return ("read", batch.records, batch.line_numbers)


def _outcome_of(rows: list[list[str]]) -> tuple[Any, ...]:
    return _both(rows, HEADER)[0]


def _both(rows: list[list[str]], header: list[str]) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "items.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            out = csv.writer(f)
            out.writerow(header)
            out.writerows(rows)
        by_column = _outcome(path)
        with mock.patch.object(validation, "plain_items", return_value=None):
            by_row = _outcome(path)
    return by_column, by_row


@pytest.mark.parametrize(
    ("field", "value"), [(field, value) for field, values in ODD.items() for value in values]
)
def test_each_odd_cell_reads_as_row_by_row(field: str, value: str) -> None:
    rows = [_plain(n) for n in range(PROGRESS_EVERY + 10)]
    rows[PROGRESS_EVERY + 3][HEADER.index(field)] = value  # in the second chunk
    by_column, by_row = _both(rows, HEADER)
    assert by_column == by_row


@settings(max_examples=60, deadline=None)
@given(_odd_rows, st.booleans(), st.integers(0, FILLER))
def test_odd_cells_anywhere_read_as_row_by_row(
    odd: list[tuple[int, list[tuple[str, str]]]], short_header: bool, cut: int
) -> None:
    header = HEADER[:-3] if short_header else HEADER  # without case GTINs and quantities
    rows = [_plain(n)[: len(header)] for n in range(FILLER)]
    for index, cells in odd:
        for field, value in cells:
            if field in header:
                rows[index][header.index(field)] = value
    if cut % 7 == 0:  # now and then a short row (trailing cells left off)
        rows[cut % FILLER] = rows[cut % FILLER][:3]
    by_column, by_row = _both(rows, header)
    assert by_column == by_row


def test_a_plain_file_is_read_a_column_at_a_time() -> None:
    rows = [_plain(n) for n in range(FILLER)]
    returned: list[object] = []
    real = validation.plain_items

    def spy(*args: Any) -> Any:
        returned.append(real(*args))
        return returned[-1]

    with mock.patch.object(validation, "plain_items", spy):
        by_column = _outcome_of(rows)
    assert by_column == _both(rows, HEADER)[1] and by_column[0] == "read"
    assert len(returned) == 3 and None not in returned


def test_a_duplicate_across_chunks_names_the_first_line() -> None:
    rows = [_plain(n) for n in range(FILLER)]
    rows[PROGRESS_EVERY + 50][0] = rows[10][0]  # line 12's sku again on line 552
    by_column, by_row = _both(rows, HEADER)
    assert by_column == by_row
    assert by_column[:2] == ("refused", PROGRESS_EVERY + 52)
    assert "duplicate of line 12" in by_column[2]


def test_the_cycle_collector_is_back_on_after_a_read_and_after_a_refusal() -> None:
    rows = [_plain(n) for n in range(10)]
    _both(rows, HEADER)
    assert gc.isenabled()
    rows[4][0] = ""
    assert _both(rows, HEADER)[0][0] == "refused"
    assert gc.isenabled()
    gc.disable()
    try:
        _both(rows, HEADER)
        assert not gc.isenabled()  # a host that turned it off keeps it off
    finally:
        gc.enable()
