# SPDX-License-Identifier: Apache-2.0
"""The camera's grade says what an image shows and nothing more: X-dimension and bar height
only with a known scale, a quiet zone cut off by the image's edge as not measured, a symbol
too small for its table as a fail."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from labels.png import render_png_image
from labels.samples import SAMPLE_SSCC
from labels.symbol_grade import grade_symbol
from labels.templates import sscc_label

SSCC = "(00)376130321109103420"


def _image(scale: float) -> np.ndarray:
    page = np.array(render_png_image(sscc_label(SAMPLE_SSCC), 203))
    page = cv2.resize(page, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return cv2.GaussianBlur(page, (3, 3), 0)  # a little camera blur


def _rules(grade: object) -> dict[str, tuple[str, str]]:
    checks = grade.checks  # type: ignore[attr-defined]
    return {c.rule.removeprefix("GS1 5.12.3.4 "): (c.result, c.measured) for c in checks}


@pytest.mark.parametrize("scale", [0.6, 1.0, 1.7])
def test_a_known_scale_measures_the_printed_x_dimension_and_height(scale: float) -> None:
    grade = grade_symbol(_image(scale), SSCC, table="logistic_units", px_per_mm=8 * scale)
    rules = _rules(grade)
    assert grade.verdict == "pass"
    assert rules["X-dimension"][0] == "pass"
    assert abs(float(rules["X-dimension"][1].split()[0]) - 0.5) <= 0.005
    assert rules["bar height"][0] == "pass"


def test_a_misread_scale_shows_modules_under_the_table_as_a_fail() -> None:
    grade = grade_symbol(_image(1.0), SSCC, table="logistic_units", px_per_mm=10)
    assert grade.verdict == "fail" and _rules(grade)["X-dimension"] == ("fail", "0.400 mm")


def test_a_quiet_zone_cut_off_by_the_frame_is_not_measured_and_not_graded() -> None:
    page = _image(1.0)
    row = np.flatnonzero(page[1100] < 128)  # the SSCC symbol's middle row at 203 dpi
    cropped = page[:, row[0] - 12 :]  # 3 modules of quiet zone left in the frame
    grade = grade_symbol(cropped, SSCC, table="logistic_units", px_per_mm=8)
    assert grade.verdict == "not graded"
    result, measured = _rules(grade)["quiet zone left"]
    assert result == "not measured" and "the image ends there" in measured


def test_another_symbol_is_not_decodable_as_this_one() -> None:
    grade = grade_symbol(_image(1.0), "(00)306141419999999995", table="logistic_units")
    assert grade.verdict == "fail" and grade.checks[0].rule == "decodable"
