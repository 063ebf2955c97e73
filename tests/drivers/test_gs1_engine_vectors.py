# SPDX-License-Identifier: Apache-2.0
"""Differential check: the station against the GS1 Barcode Syntax Engine's own unit tests.

The vectors (``tests/data/gs1/syntax_engine_message_vectors.json``) are every call of the
engine's message-level test macros in ``ai.c``, ``dl.c`` and ``scandata.c``, extracted with
their licence by ``tests/data/gs1/extract_message_vectors.py``. Cases outside the station's
scope name the rule that puts them there; docs/gs1.md explains each rule.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from drivers.gs1 import parse_scan

DATA = Path(__file__).resolve().parents[1] / "data" / "gs1"
DOCUMENT = json.loads((DATA / "syntax_engine_message_vectors.json").read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = DOCUMENT["cases"]
TODAY = date(2026, 11, 25)


def _accepted(case: dict[str, Any]) -> bool:
    result = parse_scan(case["input"], today=TODAY)
    return result.error is None and (case["mode"] == "scan" or result.kind == "gs1")


def test_the_vectors_cover_the_engine_suite_and_carry_their_licence() -> None:
    assert len(CASES) >= 300
    families = {case["source"].rsplit("#", 1)[1] for case in CASES}
    assert families == {
        "test_processAIdata",
        "test_parseAIdata",
        "test_validateAIs",
        "test_parseDLuri",
        "test_testProcessScanData",
    }
    assert "Apache License" in (DATA / "LICENSE-gs1-syntax-engine").read_text(encoding="utf-8")
    assert len(DOCUMENT["commit"]) == 40


def test_every_out_of_scope_rule_is_documented() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "gs1.md").read_text(encoding="utf-8")
    rules = {case["scope"] for case in CASES} - {"in"}
    for rule in rules:
        assert f"`{rule}`" in docs, rule
    assert sum(case["scope"] == "in" for case in CASES) >= 0.9 * len(CASES)


@pytest.mark.parametrize(
    "case", [c for c in CASES if c["scope"] == "in"], ids=lambda c: repr(c["input"])[:60]
)
def test_station_agrees_with_the_engine(case: dict[str, Any]) -> None:
    assert _accepted(case) == case["valid"], case
