# SPDX-License-Identifier: Apache-2.0
"""GS1 element strings, HRI and check digits as the label library builds them."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.gs1 import parse_scan
from drivers.gs1.charsets import CSET82
from labels.element_string import (
    GS,
    GS1Message,
    needs_separator,
    normalize_gtin,
    sscc_with_check_digit,
    yymmdd,
)
from labels.errors import LabelError

TODAY = dt.date(2026, 1, 15)


def test_batch_message_has_no_separator_when_lot_is_last() -> None:
    msg = GS1Message.of([("01", "09521234543213"), ("17", "261231"), ("10", "ABC123")])
    assert msg.element_string == "010952123454321317261231" + "10ABC123"
    assert msg.hri == "(01)09521234543213(17)261231(10)ABC123"
    assert msg.bracketed == "[01]09521234543213[17]261231[10]ABC123"


def test_separator_only_after_variable_length_elements_that_are_not_last() -> None:
    msg = GS1Message.of(
        [("01", "09521234543213"), ("10", "ABC"), ("30", "12"), ("21", "S1"), ("17", "261200")]
    )
    assert msg.element_string == f"010952123454321310ABC{GS}3012{GS}21S1{GS}17261200"


def test_fixed_length_but_not_predefined_ai_still_needs_separator() -> None:
    assert needs_separator("10") and needs_separator("37") and needs_separator("400")
    assert not needs_separator("00") and not needs_separator("3103")
    assert not needs_separator("414") and not needs_separator("17")


def test_sscc_check_digit_from_reference_example() -> None:
    assert sscc_with_check_digit("37613032110910342") == "376130321109103420"
    assert sscc_with_check_digit("376130321109103420") == "376130321109103420"
    with pytest.raises(LabelError, match="expected 0"):
        sscc_with_check_digit("376130321109103421")
    with pytest.raises(LabelError):
        sscc_with_check_digit("3761303211091034")


def test_gtin_normalisation_and_check() -> None:
    assert normalize_gtin("96385074") == "00000096385074"
    assert normalize_gtin("614141000036") == "00614141000036"
    assert normalize_gtin("6291041500213") == "06291041500213"
    with pytest.raises(LabelError, match="check digit"):
        normalize_gtin("09521234543214")
    with pytest.raises(LabelError):
        normalize_gtin("12345")


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        ([("01", "09521234543214")], "check digit"),
        ([("17", "210230")], "not a valid YYMMDD date"),
        ([("17", "211300")], "not a valid YYMMDD date"),
        ([("10", "LOT 1")], "not allowed there"),
        ([("10", "LOT#1")], "not allowed there"),
        ([("10", "X" * 21)], "at most 20"),
        ([("23", "12345")], "not a known GS1 Application Identifier"),
        ([("37", "12a")], "digits"),
        ([("8011", "0")], "must not start with 0"),
        ([("01", "09521234543213"), ("02", "09521234543213")], "must not appear"),
        ([], "at least one"),
    ],
)
def test_invalid_data_is_refused_with_a_reason(pairs: list[tuple[str, str]], message: str) -> None:
    with pytest.raises(LabelError, match=message):
        GS1Message.of(pairs)


def test_day_zero_and_leap_days() -> None:
    GS1Message.of([("17", "261200")])  # DD = 00: last day of the month
    GS1Message.of([("15", "240229")])
    with pytest.raises(LabelError):
        GS1Message.of([("15", "250229")])
    assert yymmdd(dt.date(2026, 12, 31)) == "261231"


def _parsed(element_string: str) -> dict[str, str]:
    result = parse_scan("]C1" + element_string, today=TODAY)
    assert result.error is None, result.error
    assert result.gs1 is not None
    return dict(result.gs1)


GS1_TEXT = st.text(alphabet=sorted(CSET82), min_size=1, max_size=20)


@settings(max_examples=200, deadline=None)
@given(lot=GS1_TEXT, serial=GS1_TEXT, lot_last=st.booleans())
def test_any_lot_round_trips_through_parse_scan(lot: str, serial: str, lot_last: bool) -> None:
    """Build -> ]C1 scan -> parse_scan gives back exactly the fields, lot last or not."""
    pairs = [("01", "09521234543213"), ("17", "261231")]
    pairs += [("21", serial), ("10", lot)] if lot_last else [("10", lot), ("21", serial)]
    msg = GS1Message.of(pairs)
    assert _parsed(msg.element_string) == dict(pairs)


@settings(max_examples=100, deadline=None)
@given(lot=GS1_TEXT, count=st.integers(min_value=0, max_value=99_999_999))
def test_sscc_content_message_round_trips(lot: str, count: int) -> None:
    pairs = [("02", "09521234543213"), ("17", "261231"), ("37", str(count)), ("10", lot)]
    assert _parsed(GS1Message.of(pairs).element_string) == dict(pairs)
