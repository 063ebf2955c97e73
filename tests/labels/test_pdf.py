# SPDX-License-Identifier: Apache-2.0
"""PDF output: exact page sizes, printed barcodes decode to what was meant, CJK text.

Printing is simulated with poppler: ``pdftoppm -r 300`` rasterises each page and zxing-cpp
reads the barcodes back; ``pdftotext`` / ``pdffonts`` check the text and fonts.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from reportlab.pdfbase.ttfonts import TTFont

from labels import (
    CjkFont,
    LabelFontWarning,
    LabelSpec,
    Symbology,
    batch_label,
    render_pdf,
)
from labels.samples import SAMPLE_BATCH, sample_labels

pytestmark = pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="needs poppler-utils (pdftoppm, pdftotext)"
)
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
BATCH = SAMPLE_BATCH


@pytest.fixture(scope="module")
def all_labels(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[LabelSpec], Path]:
    specs = sample_labels()
    out = tmp_path_factory.mktemp("pdf") / "all.pdf"
    render_pdf(specs, out)
    return specs, out


def _media_boxes(pdf: bytes) -> list[tuple[float, float]]:
    boxes = re.findall(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    return [(float(w), float(h)) for w, h in boxes]


def test_one_page_per_label_at_exact_physical_size(
    all_labels: tuple[list[LabelSpec], Path],
) -> None:
    specs, path = all_labels
    boxes = _media_boxes(path.read_bytes())
    assert len(boxes) == len(specs)
    for (w, h), spec in zip(boxes, specs, strict=True):
        assert w == pytest.approx(spec.size.width * 72 / 25.4, abs=1e-3)
        assert h == pytest.approx(spec.size.height * 72 / 25.4, abs=1e-3)


def _decode_pages(path: Path, tmp_path: Path) -> list[list[zxingcpp.Barcode]]:
    subprocess.run(["pdftoppm", "-r", "300", "-png", str(path), str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
    return [zxingcpp.read_barcodes(Image.open(p).convert("L")) for p in pages]


def test_printed_barcodes_decode_to_the_meant_data(
    all_labels: tuple[list[LabelSpec], Path], tmp_path: Path
) -> None:
    specs, path = all_labels
    pages = _decode_pages(path, tmp_path)
    assert len(pages) == len(specs)
    for spec, found in zip(specs, pages, strict=True):
        where = f"{spec.template} {spec.size.name}"
        expected = sorted((b.symbology.value, b.data) for b in spec.barcodes())
        got = []
        for r in found:
            if r.format == zxingcpp.BarcodeFormat.DataMatrix:
                assert r.content_type == zxingcpp.ContentType.GS1, where
                assert r.symbology_identifier == "]d2", where
                got.append((Symbology.GS1_DATAMATRIX.value, r.bytes.decode("ascii")))
            else:
                assert r.format == zxingcpp.BarcodeFormat.Code128, where
                gs1 = r.symbology_identifier == "]C1"
                assert r.symbology_identifier in ("]C1", "]C0"), where
                kind = Symbology.GS1_128 if gs1 else Symbology.CODE128
                got.append((kind.value, r.bytes.decode("ascii")))
        assert sorted(got) == expected, where


def test_batch_label_gs1_data_reads_back_exactly(tmp_path: Path) -> None:
    spec = batch_label(BATCH)
    out = tmp_path / "batch.pdf"
    render_pdf([spec], out)
    (found,) = _decode_pages(out, tmp_path)
    by_id = {r.symbology_identifier: r.bytes.decode("ascii") for r in found}
    element_string = "01095212345432131726123110LOT2024-0815"
    assert spec.meta["gs1"] == element_string
    assert by_id == {"]d2": element_string}  # no GS1-128 on 100x50: it cannot meet its table


@pytest.mark.skipif(not WQY.is_file(), reason="needs fonts-wqy-zenhei")
def test_chinese_item_name_is_real_text_in_an_embedded_cjk_font(tmp_path: Path) -> None:
    out = tmp_path / "batch.pdf"
    render_pdf([batch_label(BATCH)], out)
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert BATCH.item_name in " ".join(text.split())  # the name may wrap over two lines
    fonts = subprocess.run(
        ["pdffonts", str(out)], capture_output=True, check=True, text=True
    ).stdout
    cjk_rows = [ln for ln in fonts.splitlines() if "LabelsCJK" in ln or "WenQuanYi" in ln]
    assert cjk_rows and all(" yes " in ln for ln in cjk_rows)  # embedded
    face = TTFont("probe", str(WQY), subfontIndex=0).face
    missing = [c for c in BATCH.item_name if c != " " and not face.charToGlyph.get(ord(c))]
    assert missing == []  # every character has a real glyph: no tofu


def test_missing_cjk_font_warns_and_falls_back_to_latin(tmp_path: Path) -> None:
    out = tmp_path / "fallback.pdf"
    with pytest.warns(LabelFontWarning, match="fonts-wqy-zenhei"):
        render_pdf([batch_label(BATCH)], out, cjk_font=CjkFont(Path("/nonexistent.ttc")))
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "????? M6x20 (??)" in " ".join(text.split())


def test_output_is_deterministic_and_accepts_file_objects(tmp_path: Path) -> None:
    spec = batch_label(BATCH)
    render_pdf([spec], tmp_path / "a.pdf")
    buffer = io.BytesIO()
    render_pdf([spec], buffer)
    assert buffer.getvalue() == (tmp_path / "a.pdf").read_bytes()


def test_empty_input_is_refused() -> None:
    with pytest.raises(ValueError):
        render_pdf([], io.BytesIO())
