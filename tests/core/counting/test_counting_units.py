# SPDX-License-Identifier: Apache-2.0
"""The pure parts of counting: variance arithmetic, tolerance, lot splits, batch records and
the EPC fallback decoder."""

from __future__ import annotations

from decimal import Decimal
from zoneinfo import ZoneInfo

from station.core.counting.batches import parse_records
from station.core.counting.epc import decode_sgtin96, gtin_of_epc
from station.core.counting.variances import (
    Counted,
    ItemInfo,
    Moved,
    Tolerance,
    adjustment_split,
    compute_variances,
    expected_side,
)

D = Decimal
LIMITS = {"A": Tolerance(D(0), D(0)), "": Tolerance(D(5), D(100))}
ITEMS = {1: ItemInfo(D("2.50"), None), 2: ItemInfo(D(10), "A")}


def test_variance_is_counted_minus_book_plus_moves_before_the_item_was_counted() -> None:
    book = {(1, None): D(100), (2, None): D(10)}
    moved = [Moved(5, 1, None, D(-4)), Moved(9, 2, None, D(-1))]
    counted = [Counted(1, None, D(96), 6), Counted(2, None, D(10), 8)]
    one, two = compute_variances(book, moved, counted, 10, ITEMS, LIMITS)
    assert (one.expected, one.variance, one.moved_during_count) == (D(96), D(0), True)
    # item 2 was counted (mark 8) before the move (id 9): the move is not expected
    assert (two.moved, two.variance, two.moved_during_count) == (D(0), D(0), True)


def test_tolerance_needs_both_the_share_and_the_value() -> None:
    book = {(1, None): D(100), (2, None): D(100)}
    counted = [Counted(1, None, D(96), 0), Counted(2, None, D(99), 0)]
    one, two = compute_variances(book, [], counted, 0, ITEMS, LIMITS)
    assert one.within_tolerance and one.value == D("-10.00")
    assert not two.within_tolerance  # class A: zero tolerance


def test_found_stock_is_a_variance_never_dropped() -> None:
    (found,) = compute_variances({}, [], [Counted(1, None, D(3), 0)], 0, ITEMS, LIMITS)
    assert (found.book, found.counted, found.variance) == (D(0), D(3), D(3))
    assert not found.within_tolerance


def test_counting_without_lots_compares_the_item_as_a_whole() -> None:
    book = {(1, 11): D(5), (1, 12): D(7)}
    (whole,) = compute_variances(book, [], [Counted(1, None, D(11), 0)], 0, ITEMS, LIMITS)
    assert (whole.lot_id, whole.lots_counted, whole.variance) == (None, False, D(-1))


def test_a_shortage_comes_from_the_earliest_expiry_a_surplus_goes_to_the_newest_lot() -> None:
    lots = [(11, D(5), "2027-01-01", "2026-01-01"), (12, D(7), "2026-06-01", "2026-03-01")]
    assert adjustment_split(lots, D(-9)) == [(12, D(-7)), (11, D(-2))]
    assert adjustment_split(lots, D(4)) == [(12, D(4))]
    assert adjustment_split([], D(-2)) == [(None, D(-2))]


def test_batch_records_with_and_without_timestamps() -> None:
    tz = ZoneInfo("Asia/Shanghai")
    records, errors = parse_records(
        [
            "# header",
            "2026-11-24 10:01:00,$LOC-B-02-4",
            "06975123001026;5",
            "2026-11-24T10:01:30+08:00\t16975123001481\t15",
            "06975123001026,many",
            "",
        ],
        tz,
    )
    assert [(r.line_no, r.code, r.qty) for r in records] == [
        (2, "$LOC-B-02-4", D(1)),
        (3, "06975123001026", D(5)),
        (4, "16975123001481", D(15)),
    ]
    assert records[0].ts is not None and records[0].ts.utcoffset() is not None
    assert records[1].ts is None
    assert [(e.line_no, e.reason) for e in errors] == [(5, "bad quantity 'many'")]


def test_sgtin96_fallback_agrees_with_the_codec() -> None:
    for epc in ("3074257BF7194E4000001A85", "3036142C8C008F8000053244", "3035A9BA4C00004000000001"):
        assert decode_sgtin96(epc) == gtin_of_epc(epc)
    assert decode_sgtin96("3074257BF7194E4000001A85") == ("80614141123458", "6789")
    assert decode_sgtin96("3154257BF4499602D2000000") is None  # SSCC, not an item
    assert gtin_of_epc("E2801160600002") is None


def test_the_cut_off_is_per_lot_so_a_lot_moved_after_it_was_counted_has_no_variance() -> None:
    # lot 11 counted (mark 3) as booked; then 6 of lot 11 and 4 of lot 12 moved out (ids 4, 5);
    # lot 12 counted afterwards (mark 5); lot 13 never moved
    book = {(1, 11): D(24), (1, 12): D(10), (1, 13): D(2)}
    moved = [Moved(4, 1, 11, D(-6)), Moved(5, 1, 12, D(-4))]
    counted = [Counted(1, 11, D(24), 3), Counted(1, 12, D(6), 5), Counted(1, 13, D(2), 5)]
    a, b, c = compute_variances(book, moved, counted, 6, ITEMS, LIMITS)
    assert (a.lot_id, a.moved, a.expected, a.variance) == (11, D(0), D(24), D(0))
    assert (b.lot_id, b.moved, b.expected, b.variance) == (12, D(-4), D(6), D(0))
    assert (a.moved_during_count, b.moved_during_count, c.moved_during_count) == (
        True,
        True,
        False,
    )
    assert expected_side(moved, counted, 6) == [moved[1]]  # only lot 12's move changed it


def test_a_lot_not_counted_takes_every_move_up_to_the_close() -> None:
    book = {(1, 11): D(5), (1, 12): D(3)}
    moved = [Moved(4, 1, 12, D(-3)), Moved(9, 1, 12, D(2))]
    counted = [Counted(1, 11, D(5), 2)]
    a, b = compute_variances(book, moved, counted, 8, ITEMS, LIMITS)
    assert (a.variance, a.moved_during_count) == (D(0), False)
    assert (b.moved, b.expected, b.variance) == (D(-3), D(0), D(0))  # id 9 is after the close
