# SPDX-License-Identifier: Apache-2.0
"""PNG previews: the page in printer dots, barcodes that scan back exactly, the same bars as
the ZPL the printer gets, offsets in whole dots, and Chinese text drawn."""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from PIL import Image

from labels import (
    LabelSpec,
    LocationLabelData,
    Symbology,
    batch_label,
    location_label,
    render_png,
    render_zpl,
)
from labels.png import render_png_image
from labels.samples import SAMPLE_BATCH, sample_labels
from labels.zpl import DOTS_PER_MM

WQY = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


def _decoded(image: Image.Image) -> list[tuple[str, str]]:
    found = []
    for r in zxingcpp.read_barcodes(image):
        if r.format == zxingcpp.BarcodeFormat.DataMatrix:
            assert r.symbology_identifier == "]d2"
            found.append((Symbology.GS1_DATAMATRIX.value, r.bytes.decode("ascii")))
        else:
            assert r.symbology_identifier in ("]C1", "]C0")
            kind = Symbology.GS1_128 if r.symbology_identifier == "]C1" else Symbology.CODE128
            found.append((kind.value, r.bytes.decode("ascii")))
    return sorted(found)


@pytest.mark.parametrize("spec", sample_labels(), ids=lambda s: f"{s.template}-{s.size.name}")
@pytest.mark.parametrize("dpi", [203, 300])
def test_preview_scans_back_exactly_and_is_the_label_size(spec: LabelSpec, dpi: int) -> None:
    data = render_png(spec, dpi=dpi)
    image = Image.open(io.BytesIO(data))
    dpmm = DOTS_PER_MM[dpi]
    assert image.size == (round(spec.size.width * dpmm), round(spec.size.height * dpmm))
    assert round(image.info["dpi"][0]) == dpi
    assert _decoded(image) == sorted((b.symbology.value, b.data) for b in spec.barcodes())


def _bar_edges(row: np.ndarray) -> list[int]:
    dark = row < 128
    return [i for i in range(1, len(dark)) if dark[i] != dark[i - 1]]


@pytest.mark.parametrize("dpi", [203, 300, 600])
def test_bars_are_where_the_thermal_printer_puts_them(dpi: int) -> None:
    spec = location_label(LocationLabelData("A-01-1", "Aisle A"))  # a Code 128 drawn by ^BC
    zpl = render_zpl([spec], dpi)
    x, y, module, height = (
        int(v)
        for v in re.search(r"\^FO(\d+),(\d+)\^BY(\d+)\^BCN,(\d+)", zpl).groups()  # type: ignore[union-attr]
    )
    image = np.asarray(render_png_image(spec, dpi))
    edges = _bar_edges(image[y + height // 2])
    bars = [e for e in edges if e >= x - 1]
    assert bars[0] == x  # the first bar starts at the ^FO of the ^BC field
    widths = np.diff(bars)
    assert all(w % module == 0 for w in widths)  # every bar and space a whole module
    assert image[y - 1, x] == 255 and image[y, x] == 0  # bars start on the ^FO row


def test_offset_moves_the_whole_page_by_whole_dots() -> None:
    spec = batch_label(SAMPLE_BATCH)
    base = np.asarray(render_png_image(spec, 203))
    moved = np.asarray(render_png_image(spec, 203, offset=(1.0, 0.5)))  # 8 and 4 dots
    assert moved.shape == base.shape
    assert np.array_equal(moved[4:, 8:], base[:-4, :-8])


@pytest.mark.skipif(not WQY.is_file(), reason="needs fonts-wqy-zenhei")
def test_chinese_item_name_is_drawn() -> None:
    image = np.asarray(render_png_image(batch_label(SAMPLE_BATCH), 203))
    name_band = image[: round(0.25 * image.shape[0]), : round(0.6 * image.shape[1])]
    assert 0.02 < (name_band < 128).mean() < 0.5


def test_screen_resolutions_and_files(tmp_path: Path) -> None:
    spec = batch_label(SAMPLE_BATCH)
    out = tmp_path / "p.png"
    data = render_png(spec, out, dpi=96)
    assert out.read_bytes() == data
    assert Image.open(out).size == (round(100 * 96 / 25.4), round(50 * 96 / 25.4))
    with pytest.raises(ValueError, match="dpi"):
        render_png(spec, dpi=10)
