# SPDX-License-Identifier: Apache-2.0
"""The AI table: coverage of the GenSpecs, consistency with the predefined-length table."""

from __future__ import annotations

import pytest

from drivers.gs1.ai_table import (
    AI_TABLE,
    PREDEFINED_LENGTH_PREFIXES,
    ai_length_for_prefix,
    lookup_ai,
    match_ai_at,
)


def test_every_prefix_has_one_ai_length() -> None:
    lengths: dict[str, set[int]] = {}
    for ai in AI_TABLE:
        lengths.setdefault(ai[:2], set()).add(len(ai))
    assert all(len(found) == 1 for found in lengths.values())


def test_predefined_flag_matches_genspecs_prefix_table() -> None:
    for ai, spec in AI_TABLE.items():
        assert spec.predefined_length == (ai[:2] in PREDEFINED_LENGTH_PREFIXES), ai
        if spec.predefined_length:
            assert spec.fixed_length, ai
            assert len(ai) + spec.max_len == PREDEFINED_LENGTH_PREFIXES[ai[:2]], ai


@pytest.mark.parametrize(
    ("ai", "min_len", "max_len", "predefined", "title"),
    [
        ("00", 18, 18, True, "SSCC"),
        ("01", 14, 14, True, "GTIN"),
        ("10", 1, 20, False, "BATCH/LOT"),
        ("17", 6, 6, True, "USE BY or EXPIRY"),
        ("235", 1, 28, False, "TPX"),
        ("3103", 6, 6, True, "NET WEIGHT (kg)"),
        ("3955", 6, 6, False, "PRICE/UoM"),
        ("402", 17, 17, False, "GSIN"),
        ("414", 13, 13, True, "LOC No."),
        ("7003", 10, 10, False, "EXPIRY TIME"),
        ("7007", 6, 12, False, "HARVEST DATE"),
        ("7239", 3, 30, False, "CERT # 10"),
        ("8003", 14, 30, False, "GRAI"),
        ("8005", 6, 6, False, "PRICE PER UNIT"),
        ("8013", 1, 25, False, "GMN"),
        ("8030", 1, 90, False, "DIGSIG"),
        ("99", 1, 90, False, "INTERNAL"),
    ],
)
def test_selected_ais(ai: str, min_len: int, max_len: int, predefined: bool, title: str) -> None:
    spec = lookup_ai(ai)
    assert spec is not None
    assert (spec.min_len, spec.max_len, spec.predefined_length, spec.title) == (
        min_len,
        max_len,
        predefined,
        title,
    )


@pytest.mark.parametrize("ai", ["23", "3106", "3996", "4199", "89", "800", "7042", "8", ""])
def test_unassigned_ais_are_unknown(ai: str) -> None:
    assert lookup_ai(ai) is None


def test_table_size_and_decimal_flags() -> None:
    assert len(AI_TABLE) > 500
    assert lookup_ai("3103") is not None and lookup_ai("3103").has_decimal_point  # type: ignore[union-attr]
    assert not lookup_ai("8005").has_decimal_point  # type: ignore[union-attr]


def test_prefix_lookup() -> None:
    assert ai_length_for_prefix("31") == 4
    assert ai_length_for_prefix("41") == 3
    assert ai_length_for_prefix("05") is None
    spec = match_ai_at("xx3103001250", 2)
    assert spec is not None and spec.ai == "3103"
    assert match_ai_at("3", 0) is None
