# SPDX-License-Identifier: Apache-2.0
"""GS1 symbol specification tables: what a printed logistic label measures, in ZPL and PDF.

The SSCC label names the logistic units table; its GS1-128 symbols are measured from the ZPL
commands (``^BY`` module dots, ``^BC`` height) and from the PDF rasterised by poppler at the
printer's dpi, and must fall inside the table. A layout or printer that cannot meet it is
refused with the rule, the measured and the required value.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from PIL import Image

from labels import LabelLayoutError, LabelSpec, render_pdf, render_zpl
from labels.model import (
    DOTS_PER_MM,
    SIZE_4X6,
    SIZE_50X25,
    SIZE_A5,
    SIZE_A6,
    BarcodeElement,
    Symbology,
)
from labels.samples import SAMPLE_SSCC, sample_labels
from labels.symbol_specs import TABLES, check_symbol
from labels.symbols import code128_symbol
from labels.templates import SsccLabelData, sscc_label
from tests.labels.zpl_reader import gfa_bitmap, graphic_symbols, read_zpl

LOGISTIC = TABLES["logistic_units"].rows[Symbology.GS1_128]
SSCC_SIZES = (SIZE_4X6, SIZE_A6, SIZE_A5)


def test_every_gs1_template_names_a_table_that_exists() -> None:
    for spec in sample_labels():
        if spec.template == "sscc":
            assert spec.symbol_table == "logistic_units"
        assert spec.symbol_table == "" or spec.symbol_table in TABLES


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("size", SSCC_SIZES, ids=lambda s: s.name)
def test_zpl_gs1_128_meets_the_logistic_table(dpi: int, size: object) -> None:
    zpl = render_zpl([sscc_label(SAMPLE_SSCC, size)], dpi)  # type: ignore[arg-type]
    dpmm = DOTS_PER_MM[dpi]
    found = re.findall(r"\^BY(\d+)\^BCN,(\d+),", zpl)
    assert found
    for module, height in found:
        assert LOGISTIC.min_x <= int(module) / dpmm <= LOGISTIC.max_x
        assert int(height) / dpmm >= LOGISTIC.min_height  # type: ignore[operator]


@pytest.mark.parametrize("size", SSCC_SIZES, ids=lambda s: s.name)
def test_600_dpi_zpl_draws_the_symbols_as_graphics_that_meet_the_table(size: object) -> None:
    """^BY stops at 10 dots (0.417 mm at 24 dots/mm, under the table's 0.495 mm): at 600 dpi
    the logistic label's GS1-128 symbols are ^GF bitmaps, read back here bar by bar."""
    spec = sscc_label(SAMPLE_SSCC, size)  # type: ignore[arg-type]
    (label,) = read_zpl(render_zpl([spec], 600))
    assert not [f for f in label.fields if "BC" in f.commands]
    drawn = graphic_symbols(label)
    meant = [b for b in spec.barcodes() if b.symbology is Symbology.GS1_128]
    assert [hri for hri, _ in drawn] == [b.content.hri for b in meant]  # type: ignore[union-attr]
    for (hri, f), el in zip(drawn, meant, strict=True):
        bits = gfa_bitmap(f)
        assert (bits == bits[0]).all()  # every row the same: bars, not a picture of them
        ink = np.flatnonzero(bits[0])
        row = bits[0][: ink[-1] + 1]  # the bitmap's rows are padded to whole bytes
        assert ink[0] == 0
        edges = np.flatnonzero(np.diff(row.astype(np.int8))) + 1
        runs = np.diff(np.concatenate(([0], edges, [row.size])))
        module = int(runs.min())
        assert (runs % module == 0).all()
        assert tuple(runs // module) == code128_symbol(el.content).runs  # module for module
        assert LOGISTIC.min_x <= module / 24 <= LOGISTIC.max_x, hri
        assert bits.shape[0] / 24 >= LOGISTIC.min_height  # type: ignore[operator]
        quiet = np.full((bits.shape[0], 12 * module), False)
        image = np.where(np.hstack([quiet, bits, quiet]), 0, 255).astype(np.uint8)
        (read,) = zxingcpp.read_barcodes(image)
        assert read.text == hri and read.content_type == zxingcpp.ContentType.GS1


def test_a_layout_too_small_for_the_table_is_refused() -> None:
    with pytest.raises(LabelLayoutError, match=r"logistic units table needs"):
        sscc_label(SAMPLE_SSCC, SIZE_50X25)


def test_check_names_height_and_quiet_zone() -> None:
    with pytest.raises(LabelLayoutError) as err:
        check_symbol(
            "logistic_units",
            Symbology.GS1_128,
            module_dots=4,
            height_dots=230,
            quiet_dots=20,
            dots_per_mm=8,
            what="SSCC",
        )
    text = str(err.value)
    assert "minimum bar height: measured 28.75 mm, required at least 31.75 mm" in text
    assert "quiet zone: measured 2.50 mm, required at least 10X = 5.00 mm" in text


def _measure(page: np.ndarray, box: tuple[int, int, int, int]) -> tuple[int, int]:
    """(dark span of the middle scanline, dark run of the first bar's column) in pixels."""
    x0, y0, x1, y1 = box
    row = page[(y0 + y1) // 2, x0:x1] < 128
    dark = np.flatnonzero(row)
    first = x0 + int(dark[0]) + 1
    column = page[y0:y1, first] < 128
    return int(dark[-1] - dark[0] + 1), int(column.sum())


@pytest.mark.parametrize("dpi", [203, 300, 600])
@pytest.mark.parametrize("size", SSCC_SIZES, ids=lambda s: s.name)
def test_pdf_raster_gs1_128_meets_the_logistic_table(
    dpi: int, size: object, tmp_path: Path
) -> None:
    spec = sscc_label(SAMPLE_SSCC, size)  # type: ignore[arg-type]
    pdf = tmp_path / "l.pdf"
    render_pdf([spec], pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(pdf), str(tmp_path / "p")], check=True)
    page = np.asarray(Image.open(next(tmp_path.glob("p*.pgm"))))
    px = dpi / 25.4
    bars = [b for b in spec.barcodes() if b.symbology is Symbology.GS1_128]
    assert bars
    for el in bars:
        box = (
            int(el.x * px),
            int(el.y * px),
            int((el.x + el.width) * px),
            int((el.y + el.height) * px),
        )
        span, height = _measure(page, box)
        module = span / code128_symbol(el.content).modules / px  # type: ignore[arg-type]
        tolerance = 1.5 / px / code128_symbol(el.content).modules  # a pixel at each end
        assert LOGISTIC.min_x - tolerance <= module <= LOGISTIC.max_x, el.data
        assert height / px >= LOGISTIC.min_height - 1.5 / px, el.data  # type: ignore[operator]


def test_sscc_at_203_dpi_with_half_mm_modules_decodes_back(tmp_path: Path) -> None:
    spec = sscc_label(SsccLabelData("37613032110910342"), SIZE_4X6)
    zpl = render_zpl([spec], 203)
    assert re.findall(r"\^BY(\d+)\^BC", zpl) == ["4"]  # 4 dots = 0.5 mm >= 0.495 mm
    pdf = tmp_path / "l.pdf"
    render_pdf([spec], pdf)
    subprocess.run(["pdftoppm", "-r", "203", "-gray", str(pdf), str(tmp_path / "p")], check=True)
    image = Image.open(next(tmp_path.glob("p*.pgm")))
    read = zxingcpp.read_barcodes(image)
    linear = [r for r in read if r.format == zxingcpp.BarcodeFormat.Code128]
    assert [r.text for r in linear] == ["(00)376130321109103420"]
    assert linear[0].content_type == zxingcpp.ContentType.GS1


def _narrowed(spec: LabelSpec, width: float) -> LabelSpec:
    """The SSCC label with its SSCC symbol's box cut to ``width`` mm (a bad layout)."""
    elements = tuple(
        dataclasses.replace(el, width=width)
        if isinstance(el, BarcodeElement) and el.content.hri.startswith("(00)")  # type: ignore[union-attr]
        else el
        for el in spec.elements
    )
    return dataclasses.replace(spec, elements=elements)


def test_pdf_refuses_by_itself_a_symbol_that_breaks_its_table(tmp_path: Path) -> None:
    spec = _narrowed(sscc_label(SAMPLE_SSCC), 70.0)  # 0.5 mm modules no longer fit
    with pytest.raises(LabelLayoutError) as err:
        render_pdf([spec], tmp_path / "l.pdf")
    text = str(err.value)
    assert "5.12.3.4" in text and "minimum X-dimension: measured 0." in text
    assert "required at least 0.495 mm" in text and not (tmp_path / "l.pdf").exists()


@pytest.mark.parametrize(("dpi", "dots"), [(203, 3), (300, 5), (600, 11)])
def test_pdf_at_a_printer_dpi_refuses_what_its_whole_dots_cannot_meet(
    dpi: int, dots: int, tmp_path: Path
) -> None:
    """Room for 0.4999 mm modules: exact mm would pass the eye, whole dots do not."""
    spec = sscc_label(SAMPLE_SSCC)
    (el,) = [b for b in spec.barcodes() if b.content.hri.startswith("(00)")]  # type: ignore[union-attr]
    modules = code128_symbol(el.content).modules_with_quiet
    with pytest.raises(LabelLayoutError) as err:
        render_pdf([_narrowed(spec, modules * 0.4999)], tmp_path / "l.pdf", dpi=dpi)
    dpmm = DOTS_PER_MM[dpi]
    assert f"({dots} dots at {dpmm} dots/mm), required at least 0.495 mm" in str(err.value)


@pytest.mark.parametrize("dpi", [203, 300, 600])
def test_pdf_at_a_printer_dpi_draws_whole_dot_modules_inside_the_table(
    dpi: int, tmp_path: Path
) -> None:
    spec = sscc_label(SAMPLE_SSCC)
    pdf = tmp_path / "l.pdf"
    render_pdf([spec], pdf, dpi=dpi)
    px = DOTS_PER_MM[dpi]  # the printer's own grid: 203.2, 304.8, 609.6 dots per inch
    raster = ["pdftoppm", "-r", f"{px * 25.4:.1f}", "-gray", str(pdf), str(tmp_path / "p")]
    subprocess.run(raster, check=True)
    page = np.asarray(Image.open(next(tmp_path.glob("p*.pgm"))))
    (el,) = [b for b in spec.barcodes() if b.content.hri.startswith("(00)")]  # type: ignore[union-attr]
    span, height = _measure(page, (int(el.x * px), int(el.y * px),
                                   int((el.x + el.width) * px), int((el.y + el.height) * px)))  # fmt: skip
    module = span / code128_symbol(el.content).modules  # type: ignore[arg-type]
    assert abs(module - round(module)) < 0.05  # whole printer dots
    assert LOGISTIC.min_x <= round(module) / px <= LOGISTIC.max_x
    assert height / px >= LOGISTIC.min_height  # type: ignore[operator]
