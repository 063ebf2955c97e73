# SPDX-License-Identifier: Apache-2.0
"""ZPL output: golden text, physical size, whole-dot modules, FNC1 spelling, CJK graphics.

Golden files live in tests/data/labels/. After an intended change, regenerate them with
``LABELS_UPDATE_GOLDEN=1 pytest tests/labels/test_zpl.py`` and review the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from reportlab.graphics.barcode.code128 import _patterns

from labels import (
    SIZE_4X6,
    SIZE_50X25,
    SIZE_100X50,
    CjkFont,
    GS1Message,
    LabelError,
    LabelFontWarning,
    LabelSpec,
    SsccLabelData,
    batch_label,
    render_zpl,
    sscc_label,
)
from labels.element_string import GS
from labels.samples import SAMPLE_BATCH, sample_labels
from labels.symbols import code128_symbol
from labels.zpl import DOTS_PER_MM, zpl_datamatrix_field

GOLDEN = Path(__file__).parents[1] / "data" / "labels"
BATCH = SAMPLE_BATCH
CJK_AVAILABLE = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc").is_file()


@pytest.mark.skipif(not CJK_AVAILABLE, reason="golden ^GFA needs fonts-wqy-zenhei")
@pytest.mark.parametrize("dpi", [203, 300])
def test_batch_label_matches_golden(dpi: int) -> None:
    zpl = render_zpl([batch_label(BATCH)], dpi)
    path = GOLDEN / f"batch_100x50_{dpi}dpi.zpl"
    if os.environ.get("LABELS_UPDATE_GOLDEN"):
        path.write_text(zpl, encoding="ascii")
    assert zpl == path.read_text(encoding="ascii")


@pytest.mark.parametrize("dpi", [203, 300, 600])
@pytest.mark.parametrize("size", [SIZE_100X50, SIZE_4X6, SIZE_50X25])
def test_physical_size_kept(dpi: int, size: object) -> None:
    spec = batch_label(BATCH, size)  # type: ignore[arg-type]
    zpl = render_zpl([spec], dpi)
    dpmm = DOTS_PER_MM[dpi]
    assert f"^PW{round(spec.size.width * dpmm)}\n" in zpl
    assert f"^LL{round(spec.size.height * dpmm)}\n" in zpl
    assert zpl.isascii()


@pytest.mark.parametrize("dpi", [203, 300, 600])
def test_modules_are_whole_dots_at_least_a_quarter_mm(dpi: int) -> None:
    # At 600 dpi the SSCC label's 0.495 mm modules are over ^BY's 10 dots: drawn as ^GF
    # graphics instead (tests/labels/test_symbol_specs.py reads those back).
    zpl = render_zpl(sample_labels(), dpi)
    dpmm = DOTS_PER_MM[dpi]
    linear = [int(m) for m in re.findall(r"\^BY(\d+)\^BC", zpl)]
    matrix = [int(m) for m in re.findall(r"\^BXN,(\d+),200", zpl)]
    assert linear and matrix
    assert all(1 <= m <= 10 and m / dpmm >= 0.25 - 1e-9 for m in linear)  # ^BY: 1 to 10 dots
    assert all(m >= 1 and m / dpmm >= 0.25 - 1e-9 for m in matrix)  # ^BX: up to the label


def test_unsupported_dpi_is_refused() -> None:
    with pytest.raises(LabelError, match="dpi"):
        render_zpl([batch_label(BATCH)], 200)


# --- ^BC: re-read the field data the way the ZPL manual defines it, then scan it ---------

_INVOKE = {"0": 30, "<": 62, "=": 94, "1": 95, "2": 96, "3": 97, "4": 98}
_SWITCH = {"5": ("C", 99), "8": (None, 102)}


def _zpl_bc_values(field: str) -> list[int]:
    """Code 128 values (start .. data) for ``^BC`` mode-N field data (ZPL II manual table)."""
    start = {">9": ("A", 103), ">:": ("B", 104), ">;": ("C", 105)}[field[:2]]
    current, values = start[0], [start[1]]
    i = 2
    while i < len(field):
        if field[i] == ">":
            code = field[i + 1]
            i += 2
            if code == "8":
                values.append(102)
            elif code == "5":
                values.append(99)
                current = "C"
            elif code == "6":
                values.append(100)
                current = "B" if current in "AC" else current  # FNC4 in B
            elif code == "7":
                values.append(101)
                current = "A" if current in "BC" else current
            else:
                values.append(_INVOKE[code])
        elif current == "C":
            values.append(int(field[i : i + 2]))
            i += 2
        else:
            values.append(ord(field[i]) - 32)
            i += 1
    return values


def _scan_values(values: list[int]) -> zxingcpp.Barcode:
    check = (values[0] + sum(i * v for i, v in enumerate(values[1:], start=1))) % 103
    runs = "".join(_patterns[v] for v in [*values, check, 106])
    row: list[int] = [0] * 20
    for i, ch in enumerate(runs):
        row += [1 if i % 2 == 0 else 0] * (ord(ch.lower()) - ord("a") + 1)
    row += [0] * 20
    image = np.repeat(np.array([row], dtype=np.uint8), 60, axis=0)
    image = np.repeat(np.where(image == 1, 0, 255).astype(np.uint8), 3, axis=1)
    result = zxingcpp.read_barcode(image)
    assert result is not None and result.valid
    return result


@pytest.mark.parametrize("spec", sample_labels(), ids=lambda s: f"{s.template}-{s.size.name}")
def test_every_zpl_code128_field_scans_as_meant(spec: LabelSpec) -> None:
    zpl = render_zpl([spec], 203)
    fields = re.findall(r"\^BCN,\d+,N,N,N,N\^FD(.*?)\^FS", zpl)
    meant = [b.data for b in spec.barcodes() if b.symbology.value != "gs1-datamatrix"]
    assert len(fields) == len(meant)
    for field, data in zip(fields, meant, strict=True):
        result = _scan_values(_zpl_bc_values(field))
        is_gs1 = field.startswith(">;>8") or field.startswith(">:>8")
        assert result.symbology_identifier == ("]C1" if is_gs1 else "]C0")
        assert result.bytes.decode("ascii") == data


def test_gs1_128_field_uses_fnc1_first_and_between_variable_fields() -> None:
    message = GS1Message.of([("01", "09521234543213"), ("10", "AB")])
    # start C, FNC1, (01) + GTIN and "10" as digit pairs, then code B for the lot
    assert code128_symbol(message).zpl_field() == ">;>8010952123454321310>6AB"
    spec = sscc_label(SsccLabelData("37613032110910342"))
    assert "^FD>;>800376130321109103420^FS" in render_zpl([spec], 203)
    content = GS1Message.of([("02", "09521234543213"), ("37", "40"), ("10", "A1")])
    field = code128_symbol(content).zpl_field()
    assert field.startswith(">;>802095212345432133740>810")  # FNC1 after (37), none at end
    assert not field.endswith(">8")


# --- ^BX -----------------------------------------------------------------------------------


def _unescape_bx(field: str) -> str:
    out, i = [], 0
    while i < len(field):
        if field[i] == "_":
            out.append("_" if field[i + 1] == "_" else {"1": GS}[field[i + 1]])
            i += 2
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def test_datamatrix_field_escapes_fnc1_and_underscore() -> None:
    msg = GS1Message.of([("01", "09521234543213"), ("10", "A_1"), ("21", "S_")])
    field = zpl_datamatrix_field(msg)
    assert field == "_10109521234543213" + "10A__1_121S__"
    assert _unescape_bx(field) == GS + msg.element_string


def test_datamatrix_command_sets_escape_character_and_square_size() -> None:
    zpl = render_zpl([batch_label(BATCH)], 300)
    (cmd,) = re.findall(r"\^BXN,\d+,200,(\d+),(\d+),,_\^FD_1", zpl)
    assert cmd[0] == cmd[1] and int(cmd[0]) % 2 == 0


# --- CJK text as ^GFA ---------------------------------------------------------------------


def _decode_acs(data: str, bpr: int) -> list[str]:
    """Expand ZPL ASCII-compressed hex rows (G..Y, g..z counts, ',' and ':')."""
    rows: list[str] = []
    row, count = "", 0
    for ch in data:
        if "G" <= ch <= "Y":
            count += ord(ch) - ord("G") + 1
        elif "g" <= ch <= "z":
            count += 20 * (ord(ch) - ord("g") + 1)
        elif ch == ",":
            rows.append(row.ljust(bpr * 2, "0"))
            row = ""
        elif ch == ":":
            rows.append(rows[-1])
        else:
            row += ch * max(count, 1)
            count = 0
            if len(row) == bpr * 2:
                rows.append(row)
                row = ""
    assert row == ""
    return rows


@pytest.mark.skipif(not CJK_AVAILABLE, reason="needs fonts-wqy-zenhei")
def test_chinese_item_name_becomes_a_graphic_with_ink() -> None:
    zpl = render_zpl([batch_label(BATCH)], 203)
    (total, bpr, data) = re.findall(r"\^GFA,(\d+),\1,(\d+),([^\^]*)\^FS", zpl)[0]
    rows = _decode_acs(data, int(bpr))
    assert len(rows) * int(bpr) == int(total)
    bits = np.unpackbits(np.frombuffer(bytes.fromhex("".join(rows)), dtype=np.uint8))
    assert 0.05 < bits.mean() < 0.6  # glyphs, not an empty or solid box
    assert "M6x20" not in zpl  # the whole mixed line is the graphic, not font 0


def test_missing_cjk_font_warns_and_prints_question_marks() -> None:
    with pytest.warns(LabelFontWarning, match="fonts-wqy-zenhei"):
        zpl = render_zpl([batch_label(BATCH)], 203, cjk_font=CjkFont(Path("/nonexistent.ttc")))
    assert "^GFA" not in zpl
    assert "^FD????? M6x20 (??)^FS" in zpl


def test_rfid_epc_is_written_before_the_fields() -> None:
    from labels import SsccLabelData, sscc_label

    spec = sscc_label(SsccLabelData("37613032110910342", epc_hex="3074257BF7194E4000001A85"))
    zpl = render_zpl([spec], 203)
    assert "^RS8^RFW,H,,,A^FD3074257BF7194E4000001A85^FS" in zpl
    assert zpl.index("^RFW") < zpl.index("^FO")
