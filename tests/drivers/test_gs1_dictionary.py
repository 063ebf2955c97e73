# SPDX-License-Identifier: Apache-2.0
"""The AI table is the shipped GS1 Barcode Syntax Dictionary, and its linters agree with
the GS1 Barcode Syntax Engine's own linter unit tests."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from drivers.gs1 import parse_scan
from drivers.gs1.ai_table import AI_TABLE, DICTIONARY_RELEASE
from drivers.gs1.charsets import first_bad_character
from drivers.gs1.linters import LINTERS, NOT_ENFORCED, run_check
from drivers.gs1.table_generator import (
    CODE_LISTS,
    DICTIONARY,
    GENERATED,
    parse_dictionary,
    render,
)

ROOT = Path(__file__).resolve().parents[2]
LINTER_VECTORS = ROOT / "tests" / "data" / "gs1" / "syntax_engine_linter_vectors.json"
TODAY = date(2026, 11, 25)


def test_generated_table_matches_the_shipped_dictionary() -> None:
    lists = json.loads(CODE_LISTS.read_text(encoding="utf-8"))["lists"]
    expected = render(DICTIONARY.read_text(encoding="utf-8"), lists)
    assert GENERATED.read_text(encoding="utf-8") == expected, (
        "drivers/gs1/ai_dictionary.py disagrees with the dictionary: "
        "run python -m drivers.gs1.table_generator"
    )


def test_every_dictionary_ai_is_in_the_table_with_its_format() -> None:
    release, specs = parse_dictionary(DICTIONARY.read_text(encoding="utf-8"))
    assert release == DICTIONARY_RELEASE
    assert {spec.ai for spec in specs} == set(AI_TABLE)
    for spec in specs:
        assert AI_TABLE[spec.ai] == spec


def test_dictionary_is_shipped_with_its_licence_and_release() -> None:
    folder = DICTIONARY.parent
    assert "Apache License" in (folder / "LICENSE").read_text(encoding="utf-8")
    assert DICTIONARY_RELEASE in (folder / "README.md").read_text(encoding="utf-8")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", DICTIONARY_RELEASE)


def test_every_linter_is_implemented_or_documented_as_not_enforced() -> None:
    named = {check for spec in AI_TABLE.values() for c in spec.components for check in c.checks}
    assert named <= set(LINTERS) | set(NOT_ENFORCED)
    assert not set(LINTERS) & set(NOT_ENFORCED)
    docs = (ROOT / "docs" / "gs1.md").read_text(encoding="utf-8")
    for name in NOT_ENFORCED:
        assert f"`{name}`" in docs, name


_CHARSET_LINTERS = {"cset82": "X", "cset39": "Y", "cset64": "Z", "csetnumeric": "N"}


def _linter_cases() -> list[dict[str, object]]:
    cases: list[dict[str, object]] = json.loads(LINTER_VECTORS.read_text(encoding="utf-8"))["cases"]
    return cases


def test_linters_agree_with_every_engine_linter_vector_in_scope() -> None:
    cases = _linter_cases()
    assert len(cases) > 4000
    disagreements = []
    checked = 0
    for case in cases:
        linter, data = str(case["linter"]), str(case["data"])
        if linter in NOT_ENFORCED:
            continue
        checked += 1
        if linter in _CHARSET_LINTERS:
            ours = first_bad_character(data, _CHARSET_LINTERS[linter]) is None
        else:
            ours = run_check(linter, data, TODAY) is None
        if ours != case["valid"]:
            disagreements.append((linter, data, case["valid"]))
    assert checked > 4000
    assert disagreements == []


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("]C1010952123454321321ABC\x1d717A1B2", {"ai_717": "A1B2"}),
        ("]C1010952123454321321ABC\x1d8040123456789012345", {"ai_8040": "123456789012345"}),
        ("]C1804312345678901234567812", {"ai_8043": "12345678901234567812"}),
        ("]C180101234ABC\x1d80111", {"cpid_serial": "1"}),
    ],
)
def test_ais_of_the_current_dictionary_are_read(text: str, fields: dict[str, str]) -> None:
    result = parse_scan(text, today=TODAY)
    assert result.error is None, result.error
    for name, value in fields.items():
        assert result.fields[name] == value


@pytest.mark.parametrize(
    "text",
    [
        "]C180101234ABC\x1d80110",  # CPID serial 0: zero prefix
        "]C180101234ABC\x1d801101",
        "]C18018095212345000000018\x1d72583/2",  # birth sequence position past the end
        "]C18018095212345000000018\x1d7258012",  # not position/end
        "]C18017095212345000000018\x1d724100",  # media type 00 is not assigned
        "]C18018095212345000000018\x1d72523",  # ISO/IEC 5218 has no code 3
        "]C1422999",  # not an ISO 3166 country
        "]C13910000100",  # 000 is not an ISO 4217 currency
    ],
)
def test_dictionary_linters_refuse(text: str) -> None:
    result = parse_scan(text, today=TODAY)
    assert result.kind == "invalid"
    assert result.error is not None and result.error.code == "bad_value", result.error


def test_birth_sequence_in_range_is_read() -> None:
    result = parse_scan("]C18018095212345000000018\x1d72581/2", today=TODAY)
    assert result.error is None and result.gs1 is not None
    assert result.gs1["7258"] == "1/2"
