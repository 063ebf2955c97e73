# SPDX-License-Identifier: Apache-2.0
"""Per-printer stock size, margins and offsets, in every renderer."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from labels import (
    SIZE_100X50,
    LabelError,
    PrinterProfile,
    batch_label,
    build_for_printer,
    parse_size,
    render_pdf,
    render_zpl,
)
from labels.samples import SAMPLE_BATCH
from tests.labels.zpl_reader import read_zpl


def test_sizes_by_name_or_millimetres() -> None:
    assert parse_size("100x50mm") == SIZE_100X50
    size = parse_size("60x40")
    assert (size.width, size.height) == (60, 40)
    with pytest.raises(LabelError, match="WxH"):
        parse_size("big")


def test_margins_lay_out_inside_and_keep_the_page() -> None:
    profile = PrinterProfile(size=SIZE_100X50, margins=(2.0, 3.0, 2.0, 4.0))
    (spec,) = build_for_printer("batch", SAMPLE_BATCH, profile)
    assert (spec.size.width, spec.size.height) == (100.0, 50.0)
    for e in spec.elements:
        assert e.x >= 4.0 - 1e-9 and e.x + e.width <= 97.0 + 1e-9
        assert e.y >= 2.0 - 1e-9 and e.y + e.height <= 48.0 + 1e-9


def test_stock_size_replaces_the_template_default() -> None:
    (spec,) = build_for_printer("batch", SAMPLE_BATCH, PrinterProfile(size=parse_size("4x6in")))
    assert spec.size.name == "4x6in"


@pytest.mark.parametrize("dpi", [203, 300, 600])
def test_zpl_offset_shifts_every_field_by_the_same_whole_dots(dpi: int) -> None:
    spec = batch_label(SAMPLE_BATCH)
    (plain,) = read_zpl(render_zpl([spec], dpi))
    (moved,) = read_zpl(render_zpl([spec], dpi, offset=(1.5, 0.75)))
    dpmm = {203: 8, 300: 12, 600: 24}[dpi]
    dx, dy = round(1.5 * dpmm), round(0.75 * dpmm)
    for a, b in zip(plain.fields, moved.fields, strict=True):
        if a.origin is not None and b.origin is not None:
            assert b.origin == (a.origin[0] + dx, a.origin[1] + dy)
        assert a.params("BY") == b.params("BY") and a.params("BX") == b.params("BX")
    assert plain.settings["PW"] == moved.settings["PW"]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_pdf_offset_is_one_translation_of_the_page(tmp_path: Path) -> None:
    spec = batch_label(SAMPLE_BATCH)
    pages = []
    for name, offset in (("plain", (0.0, 0.0)), ("moved", (2.0, -1.0))):
        render_pdf([spec], tmp_path / f"{name}.pdf", offset=offset)
        subprocess.run(  # 254 dpi = 10 px/mm, so the shift is 20 px right and 10 px up
            ["pdftoppm", "-r", "254", "-gray", "-singlefile", "-png",
             str(tmp_path / f"{name}.pdf"), str(tmp_path / name)],
            check=True,
        )  # fmt: skip
        pages.append(np.asarray(Image.open(tmp_path / f"{name}.png").convert("L"))[:500, :1000])
    plain, moved = pages
    assert plain.shape == moved.shape == (500, 1000)
    assert plain.min() == 0  # something is drawn
    differ = moved[:-10, 20:] != plain[10:, :-20]
    # the same page moved: only a module edge that falls exactly on a pixel's centre may be
    # rounded the other way by the rasteriser (one column of a DataMatrix side)
    assert differ.sum() <= 200 and len(set(np.argwhere(differ)[:, 1])) <= 2


def test_profile_json_round_trip_and_validation() -> None:
    profile = PrinterProfile(parse_size("60x40"), (1, 2, 3, 4), 0.5, -0.25)
    assert PrinterProfile.from_json(profile.to_json()) == profile
    with pytest.raises(LabelError):
        PrinterProfile(margins=(1, 2, 3, -1))
    with pytest.raises(LabelError):
        PrinterProfile.from_json({"margins": "x"})
