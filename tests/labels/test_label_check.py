# SPDX-License-Identifier: Apache-2.0
"""``station label check``: each GS1 rule of a label, passed or broken, as a user reads it."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from labels.element_string import GS1Message
from labels.label_check import check_label
from labels.model import SIZE_A5, TextElement
from labels.samples import SAMPLE_SSCC
from labels.templates import sscc_label
from station.cli import main

RULES = {
    "X-dimension",
    "bar height",
    "quiet zone",
    "element string order",
    "48-character limit",
    "separators only after variable-length AIs",
    "HRI matches the data",
}


def test_the_a5_sscc_label_passes_every_rule_for_each_symbol() -> None:
    results = check_label(sscc_label(SAMPLE_SSCC, SIZE_A5), 203)
    symbols = {r.symbol for r in results}
    assert symbols == {
        "GS1-128 (02)09521234543213(17)261231(37)40",
        "GS1-128 (10)LOT2024-0815",
        "GS1-128 (00)376130321109103420",
    }
    for symbol in symbols:
        assert {r.rule for r in results if r.symbol == symbol} == RULES
    assert all(r.passed for r in results), [str(r) for r in results if not r.passed]
    height = next(r for r in results if r.rule == "bar height")
    assert "required at least 31.75 mm" in str(height)


def test_a_wrong_hri_line_and_a_template_without_a_table_are_broken() -> None:
    spec = sscc_label(SAMPLE_SSCC)
    wrong = tuple(
        dataclasses.replace(e, text="(00)376130321109103421")
        if isinstance(e, TextElement) and e.text.startswith("(00)")
        else e
        for e in spec.elements
    )
    results = check_label(dataclasses.replace(spec, elements=wrong), 203)
    hri = next(r for r in results if r.rule == "HRI matches the data")
    assert not hri.passed and "no line reads (00)376130321109103420" in str(hri)
    untabled = dataclasses.replace(spec, symbol_table="")
    assert any(
        r.rule == "symbol specification table" and not r.passed for r in check_label(untabled, 203)
    )


def test_order_and_length_rules_report_what_they_found() -> None:
    spec = sscc_label(SAMPLE_SSCC, SIZE_A5)
    message = GS1Message.of([("10", "A" * 20), ("17", "261231"), ("21", "B" * 20)])
    bars = next(spec.barcodes())
    odd = dataclasses.replace(spec, elements=(dataclasses.replace(bars, content=message),))
    results = {r.rule: r for r in check_label(odd, 203)}
    assert not results["element string order"].passed
    assert not results["48-character limit"].passed
    assert "53 data characters, at most 48" in results["48-character limit"].detail
    assert results["separators only after variable-length AIs"].passed


def test_station_label_check_prints_each_rule_and_exits_by_the_verdict(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = json.dumps({"sscc": "37613032110910342"})
    assert main(["label", "check", "--template", "sscc", "--data", data]) == 0
    out = capsys.readouterr().out
    assert "GS1-128 (00)376130321109103420: X-dimension: passed (measured 0.500 mm" in out
    assert out.strip().endswith("every rule passed")
    batch = json.dumps({"item_name": "x", "sku": "S", "gtin": "09521234543213", "lot": "L1"})
    size = ["--size", "4x6in"]
    assert main(["label", "check", "--template", "batch", "--data", batch, *size]) == 0
    out = capsys.readouterr().out
    assert "GS1 DataMatrix (01)09521234543213(10)L1: X-dimension: passed (measured 0.750 mm" in out


def test_station_label_render_draws_a_pdf_in_the_printers_dots_when_given_a_dpi(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.dumps({"sscc": "37613032110910342"})
    for dpi in ("203", "600"):
        out = tmp_path / f"p{dpi}.pdf"
        args = ["label", "render", "--template", "sscc", "--format", "pdf", "--data", data]
        assert main([*args, "--dpi", dpi, "--out", str(out)]) == 0
        assert out.read_bytes().startswith(b"%PDF")
    assert "written to" in capsys.readouterr().out
