# SPDX-License-Identifier: Apache-2.0
"""What an image of a printed GS1-128 symbol says about it, measured against its table.

:func:`grade_symbol` looks at a camera frame or a scanned image of a label and reports the
three things an image can tell honestly, each against the GS1 symbol specification table the
label names (:mod:`labels.symbol_specs`):

* **decodable**: zxing-cpp reads a GS1-128 symbol with the expected data;
* **quiet zone**: the light space left and right of the bars, in modules (no scale needed:
  the module is measured in the same image);
* **X-dimension** and **bar height** in mm: only when the image's scale is known
  (``px_per_mm``: a scanned image's resolution, or a fixed camera calibrated at its working
  distance). A camera frame alone has no scale, so these are "not measured".

The module width comes from one scanline through the middle of the symbol: Code 128 has six
bars and spaces per 11-module character and seven in its 13-module stop, so the number of
bar/space runs gives the number of modules, and the symbol's width over that number gives X.

The verdict is ``pass`` (every rule measured and met), ``fail`` (a rule measured and broken,
or no matching symbol) or ``not graded`` (nothing broken, but a rule could not be measured).
This is not an ISO/IEC 15416 print quality grade: no reflectance profile, edge contrast,
modulation or defects are measured, and none is invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import zxingcpp

from labels.model import Symbology
from labels.symbol_specs import TABLES

__all__ = ["GradeCheck", "SymbolGrade", "grade_symbol"]

PASS, FAIL, NOT_MEASURED = "pass", "fail", "not measured"


@dataclass(frozen=True)
class GradeCheck:
    """One rule: what was measured (or why it could not be) and what the table requires."""

    rule: str
    result: str
    measured: str
    required: str

    def to_json(self) -> dict[str, str]:
        return {
            "rule": self.rule,
            "result": self.result,
            "measured": self.measured,
            "required": self.required,
        }


@dataclass(frozen=True)
class SymbolGrade:
    """The verdict (``pass``, ``fail`` or ``not graded``) and each check behind it."""

    verdict: str
    table: str
    checks: tuple[GradeCheck, ...] = field(default=())
    x_px: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "table": self.table,
            "checks": [c.to_json() for c in self.checks],
        }


def _grey(image: npt.NDArray[Any]) -> npt.NDArray[np.uint8]:
    array = np.asarray(image)
    if array.ndim == 3:
        array = array[..., :3].mean(axis=2)
    return np.clip(array, 0, 255).astype(np.uint8)


def _runs(row: npt.NDArray[np.bool_]) -> list[tuple[bool, int, int]]:
    """(dark, start, length) of each run of equal pixels."""
    edges = np.flatnonzero(np.diff(row.astype(np.int8))) + 1
    starts = np.concatenate(([0], edges))
    ends = np.concatenate((edges, [row.size]))
    return [(bool(row[s]), int(s), int(e - s)) for s, e in zip(starts, ends, strict=True)]


@dataclass(frozen=True)
class _Scanline:
    left: int
    right: int
    modules: int
    quiet_left: int
    quiet_right: int
    left_open: bool
    right_open: bool


def _scanline(row: npt.NDArray[np.uint8], x0: int, x1: int) -> _Scanline | None:
    """The symbol on one row, between the decoder's left and right edges ``x0`` and ``x1``."""
    threshold = (int(row[x0 : x1 + 1].min()) + int(row[x0 : x1 + 1].max())) / 2
    dark = row < threshold
    pad = max(3, (x1 - x0) // 100)
    window = np.flatnonzero(dark[max(0, x0 - pad) : x1 + pad + 1]) + max(0, x0 - pad)
    if window.size == 0:
        return None
    left, right = int(window[0]), int(window[-1])
    runs = _runs(dark[left : right + 1])
    if (len(runs) - 7) % 6 or len(runs) < 13:
        return None  # not a clean Code 128 run count: a blurred or damaged row
    modules = 11 * ((len(runs) - 7) // 6) + 13
    before = np.flatnonzero(dark[:left])
    after = np.flatnonzero(dark[right + 1 :])
    quiet_left = left - (int(before[-1]) + 1 if before.size else 0)
    quiet_right = int(after[0]) if after.size else row.size - right - 1
    return _Scanline(
        left, right, modules, quiet_left, quiet_right, before.size == 0, after.size == 0
    )


def _height_px(dark: npt.NDArray[np.bool_], x: int, y: int) -> int:
    column = dark[:, x]
    top = y
    while top > 0 and column[top - 1]:
        top -= 1
    bottom = y
    while bottom + 1 < column.size and column[bottom + 1]:
        bottom += 1
    return bottom - top + 1


def grade_symbol(
    image: npt.NDArray[Any],
    expected_hri: str,
    *,
    table: str,
    px_per_mm: float | None = None,
) -> SymbolGrade:
    """Grade the GS1-128 symbol reading ``expected_hri`` (``(00)306141...``) in ``image``
    (grey or colour array) against ``table``; ``px_per_mm`` is the image's scale when known."""
    limits = TABLES[table].rows[Symbology.GS1_128]
    where = f"GS1 {TABLES[table].section}"
    grey = _grey(image)
    found = [
        r
        for r in zxingcpp.read_barcodes(
            grey, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.Code128)
        )
        if r.content_type == zxingcpp.ContentType.GS1 and r.text == expected_hri
    ]
    if not found:
        return SymbolGrade(
            "fail",
            table,
            (GradeCheck("decodable", FAIL, "no GS1-128 symbol with this data", expected_hri),),
        )
    checks = [GradeCheck("decodable", PASS, found[0].text, expected_hri)]
    pos = found[0].position
    xs = [pos.top_left.x, pos.top_right.x, pos.bottom_left.x, pos.bottom_right.x]
    ys = [pos.top_left.y, pos.top_right.y, pos.bottom_left.y, pos.bottom_right.y]
    x0, x1 = max(0, min(xs)), min(grey.shape[1] - 1, max(xs))
    y_mid = (min(ys) + max(ys)) // 2
    lines = []
    for dy in range(-4, 5, 2):
        y = min(max(0, y_mid + dy), grey.shape[0] - 1)
        line = _scanline(grey[y], x0, x1)
        if line is not None:
            lines.append((y, line))
    if not lines:
        checks.append(GradeCheck("X-dimension", NOT_MEASURED, "no clean scanline", "-"))
        return SymbolGrade("not graded", table, tuple(checks))
    y, line = lines[len(lines) // 2]
    x_px = (line.right - line.left + 1) / line.modules
    for side, quiet, open_end in (
        ("left", line.quiet_left, line.left_open),
        ("right", line.quiet_right, line.right_open),
    ):
        in_x = quiet / x_px
        needed = f"at least {limits.quiet_modules}X"
        if in_x >= limits.quiet_modules:
            result = PASS
        else:
            result = NOT_MEASURED if open_end else FAIL
        measured = f"{in_x:.1f}X" + (" (the image ends there)" if open_end else "")
        checks.append(GradeCheck(f"{where} quiet zone {side}", result, measured, needed))
    if px_per_mm is None:
        checks.append(
            GradeCheck(
                f"{where} X-dimension",
                NOT_MEASURED,
                f"{x_px:.2f} px per module; the image's scale is not known",
                f"{limits.min_x:.3f} to {limits.max_x:.3f} mm",
            )
        )
    else:
        x_mm = x_px / px_per_mm
        ok = limits.min_x - 0.005 <= x_mm <= limits.max_x + 0.005
        checks.append(
            GradeCheck(
                f"{where} X-dimension",
                PASS if ok else FAIL,
                f"{x_mm:.3f} mm",
                f"{limits.min_x:.3f} to {limits.max_x:.3f} mm",
            )
        )
        if limits.min_height is not None:
            dark = grey < (int(grey[y, line.left : line.right + 1].min()) + 255) / 2
            height = _height_px(dark, line.left + max(1, round(x_px)) // 2, y) / px_per_mm
            checks.append(
                GradeCheck(
                    f"{where} bar height",
                    PASS if height >= limits.min_height - 0.05 else FAIL,
                    f"{height:.2f} mm",
                    f"at least {limits.min_height:.2f} mm",
                )
            )
    results = {c.result for c in checks}
    verdict = "fail" if FAIL in results else "not graded" if NOT_MEASURED in results else "pass"
    return SymbolGrade(verdict, table, tuple(checks), x_px)
