# SPDX-License-Identifier: Apache-2.0
"""Every template, at every size it supports, at 203, 300 and 600 dpi, in ZPL and in PDF:
each GS1 symbol measured as printed falls inside the symbol specification table its template
names. ZPL is measured from the commands (``^BY``/``^BC``, ``^BX``, and the ``^GF`` bitmaps
drawn where ``^BY`` stops), PDF from the page rasterised by poppler on the printer's grid."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from labels import LabelSpec, render_pdf, render_zpl
from labels.element_string import GS1Message
from labels.model import DOTS_PER_MM, SIZE_4X6, Symbology
from labels.samples import SAMPLE_BATCH, sample_labels
from labels.symbol_specs import TABLES, SymbolLimits
from labels.symbols import code128_symbol, datamatrix_matrix
from labels.templates import batch_label
from tests.labels.zpl_reader import gfa_bitmap, graphic_symbols, read_zpl

DPIS = (203, 300, 600)


def _specs() -> list[LabelSpec]:
    """The samples, and a 4x6 batch label whose data fits GS1-128 symbols."""
    short_lot = dataclasses.replace(SAMPLE_BATCH, lot="2611", expiry=None)
    return [*sample_labels(), batch_label(short_lot, SIZE_4X6)]


def _id(spec: LabelSpec) -> str:
    kinds = "+".join(sorted({b.symbology.value for b in spec.barcodes()}))
    return f"{spec.template}-{spec.size.name}-{kinds}"


SPECS = [s for s in _specs() if any(b.symbology is not Symbology.CODE128 for b in s.barcodes())]


def _limits(spec: LabelSpec, symbology: Symbology) -> SymbolLimits:
    assert spec.symbol_table, f"{spec.template} prints GS1 symbols but names no table"
    return TABLES[spec.symbol_table].rows[symbology]


def _inside(limits: SymbolLimits, x_mm: float, height_mm: float | None, what: str) -> None:
    assert limits.min_x - 1e-9 <= x_mm <= limits.max_x + 1e-9, (what, x_mm)
    if limits.min_height is not None and height_mm is not None:
        assert height_mm >= limits.min_height - 1e-9, (what, height_mm)


@pytest.mark.parametrize("dpi", DPIS)
@pytest.mark.parametrize("spec", SPECS, ids=_id)
def test_zpl_symbols_meet_the_table(spec: LabelSpec, dpi: int) -> None:
    dpmm = DOTS_PER_MM[dpi]
    (label,) = read_zpl(render_zpl([spec], dpi))
    measured = 0
    for f in label.fields:
        if "BC" in f.commands and (f.data or "")[2:4] == ">8":  # GS1-128: start, FNC1 first
            module, height = int(f.params("BY")[0]), int(f.params("BC")[1])
            _inside(_limits(spec, Symbology.GS1_128), module / dpmm, height / dpmm, f.data or "")
            measured += 1
        elif "BX" in f.commands:
            module = int(f.params("BX")[1])
            _inside(_limits(spec, Symbology.GS1_DATAMATRIX), module / dpmm, None, "^BX")
            measured += 1
    for hri, f in graphic_symbols(label):
        bits = gfa_bitmap(f)
        ink = np.flatnonzero(bits[0])
        row = bits[0][: ink[-1] + 1].astype(np.int8)
        runs = np.diff(np.concatenate(([0], np.flatnonzero(np.diff(row)) + 1, [row.size])))
        _inside(_limits(spec, Symbology.GS1_128), runs.min() / dpmm, bits.shape[0] / dpmm, hri)
        measured += 1
    assert measured == len([b for b in spec.barcodes() if b.symbology is not Symbology.CODE128])


def _raster(spec: LabelSpec, dpi: int, tmp_path: Path) -> np.ndarray:
    pdf = tmp_path / "l.pdf"
    render_pdf([spec], pdf, dpi=dpi)
    grid = f"{DOTS_PER_MM[dpi] * 25.4:.1f}"  # the printer's own dots: 8, 12, 24 per mm
    subprocess.run(["pdftoppm", "-r", grid, "-gray", str(pdf), str(tmp_path / "p")], check=True)
    return np.asarray(Image.open(next(tmp_path.glob("p*.pgm"))))


@pytest.mark.parametrize("dpi", DPIS)
@pytest.mark.parametrize("spec", SPECS, ids=_id)
def test_rasterised_pdf_symbols_meet_the_table(spec: LabelSpec, dpi: int, tmp_path: Path) -> None:
    page = _raster(spec, dpi, tmp_path) < 128
    px = DOTS_PER_MM[dpi]
    for el in spec.barcodes():
        if el.symbology is Symbology.CODE128:
            continue
        x0, y0 = int(el.x * px), int(el.y * px)
        x1, y1 = int((el.x + el.width) * px), int((el.y + el.height) * px)
        box = page[y0:y1, x0:x1]
        rows, cols = np.flatnonzero(box.any(axis=1)), np.flatnonzero(box.any(axis=0))
        width, height = cols[-1] - cols[0] + 1, rows[-1] - rows[0] + 1
        assert isinstance(el.content, GS1Message)
        if el.symbology is Symbology.GS1_128:
            modules = code128_symbol(el.content).modules
            _inside(_limits(spec, el.symbology), width / modules / px, height / px, el.data)
        else:
            modules = datamatrix_matrix(el.content).shape[0]  # the PDF draws this matrix
            _inside(_limits(spec, el.symbology), max(width, height) / modules / px, None, el.data)
