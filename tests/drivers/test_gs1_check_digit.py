# SPDX-License-Identifier: Apache-2.0
"""GS1 mod-10 check digits, check character pairs and GTIN normalisation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.gs1 import expand_upce, normalise_gtin
from drivers.gs1.check_digit import (
    all_have_valid_check_digits,
    check_character_pair,
    gs1_check_digit,
    has_valid_check_character_pair,
    has_valid_check_digit,
)


@pytest.mark.parametrize(
    ("body", "digit"),
    [
        ("629104150021", 3),  # reference worked example 1 (GTIN-13)
        ("37613032110910342", 0),  # worked example 2 (SSCC)
        ("0952123454321", 3),  # worked example 3 (GTIN-14)
        ("579000000002", 9),  # GLN
        ("2401234567890", 5),  # syntax engine validateParity GTIN-14
        ("211223378965", 7),
        ("41600033610", 8),
        ("0234568", 0),
    ],
)
def test_gs1_check_digit(body: str, digit: int) -> None:
    assert gs1_check_digit(body) == digit
    assert has_valid_check_digit(body + str(digit))
    assert not has_valid_check_digit(body + str((digit + 1) % 10))


@pytest.mark.parametrize("bad", ["", "12a", "１２３"])
def test_gs1_check_digit_refuses_non_digits(bad: str) -> None:
    with pytest.raises(ValueError):
        gs1_check_digit(bad)
    assert not has_valid_check_digit(bad)


@pytest.mark.parametrize(
    "value",
    [
        # GS1 Barcode Syntax Dictionary, src/lint_csumalpha.c unit tests
        "1987654Ad4X4bL5ttr2310c2K",
        "22",
        "!22",
        "12345678901234567890123NT",
        "12345_0123456789:;<=>?62",
        "7907665Bm8v2AB",
        "00000!HV",
        "99999zzzzzzzzzzzzzzzzzzT2",
    ],
)
def test_valid_check_character_pairs(value: str) -> None:
    assert has_valid_check_character_pair(value)
    assert check_character_pair(value[:-2]) == value[-2:]


@pytest.mark.parametrize(
    "value", ["1987654Ad4X4bL5ttr2310cXK", "1987654Ad4X4bL5ttr2310c2X", "33", "2", "", " 2NT"]
)
def test_invalid_check_character_pairs(value: str) -> None:
    assert not has_valid_check_character_pair(value)


@pytest.mark.parametrize(
    ("code", "gtin"),
    [
        ("96385074", "00000096385074"),
        ("614141000036", "00614141000036"),
        ("5901234123457", "05901234123457"),
        ("09521234543213", "09521234543213"),
        (" 5901234123457 ", "05901234123457"),
        ("5901234123458", None),
        ("590123412345", None),
        ("ABCDEFGH", None),
    ],
)
def test_normalise_gtin(code: str, gtin: str | None) -> None:
    assert normalise_gtin(code) == gtin


@pytest.mark.parametrize(
    ("upce", "upca"),
    [
        ("01234565", "012345000065"),
        ("04252614", "042100005264"),
        ("01234133", "012300000413"),
        ("01234145", "012340000015"),
        ("21234565", None),
        ("01234566", None),
    ],
)
def test_expand_upce(upce: str, upca: str | None) -> None:
    assert expand_upce(upce) == upca


_KEYS = st.one_of(
    st.text("0123456789", min_size=0, max_size=20),
    st.sampled_from(["06901234567892", "16901234567806", "012345678905", "0952123454321"]),
    st.text("0123456789a ", max_size=14),
)


@given(st.lists(_KEYS, max_size=30))
def test_a_column_of_keys_is_valid_exactly_when_each_key_is(keys: list[str]) -> None:
    assert all_have_valid_check_digits(keys) == all(map(has_valid_check_digit, keys))


def test_one_wrong_check_digit_among_many_is_found() -> None:
    keys = [f"69{n:010d}" for n in range(20_000)]
    keys = [key + str(gs1_check_digit(key)) for key in keys]
    assert all_have_valid_check_digits(keys)
    keys[12_345] = keys[12_345][:-1] + str((int(keys[12_345][-1]) + 1) % 10)
    assert not all_have_valid_check_digits(keys)
