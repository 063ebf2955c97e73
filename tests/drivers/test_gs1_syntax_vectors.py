# SPDX-License-Identifier: Apache-2.0
"""Agreement with the GS1 Barcode Syntax Engine's published unit-test vectors.

Vectors: tests/data/gs1/syntax_engine_vectors.json, converted from
https://github.com/gs1/gs1-syntax-engine  src/c-lib/ai.c (test_ai_processAIdata,
test_ai_parseAIdata, test_ai_validateAIassociations, test_ai_linters),
src/c-lib/scandata.c (test_scandata_processScanData) and src/c-lib/dl.c
(test_dl_parseDLuri), plus the 23 station reference vectors
(shared reference gs1-barcodes.md section 9). Each case names its source.
"""

from __future__ import annotations

from typing import Any

import pytest

from bench.gs1_agreement import load_cases, our_verdict, run

CASES = load_cases()


def test_vector_file_is_large_enough() -> None:
    assert len(CASES) >= 120
    assert sum("gs1-syntax-engine" in c["source"] for c in CASES) >= 100
    assert sum("reference" in c["source"] for c in CASES) == 23


def test_agreement_at_least_95_percent() -> None:
    agree = sum(our_verdict(c) == c["valid"] for c in CASES)
    ratio = agree / len(CASES)
    print(f"\nGS1 syntax vector agreement: {agree}/{len(CASES)} = {ratio:.1%}")
    assert ratio >= 0.95


@pytest.mark.parametrize(
    "case", [c for c in CASES if c["scope"] == "in"], ids=lambda c: repr(c["input"])[:60]
)
def test_in_scope_case(case: dict[str, Any]) -> None:
    assert our_verdict(case) == case["valid"], case


def test_benchmark_reports_both_engines() -> None:
    report = run()
    print(f"\n{report}")
    assert report["cases"] == len(CASES)
    assert report["ours"] >= 0.95
    assert 0.0 <= report["biip_alone"] <= 1.0
