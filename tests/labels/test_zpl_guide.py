# SPDX-License-Identifier: Apache-2.0
"""ZPL checked beyond golden text: the reader follows the GS1 examples of Zebra's ZPL II guide,
then every barcode the renderer writes, captured by a fake printer on a loopback port, reads
back as exactly the GS1 data meant, with whole-dot modules at each resolution."""

from __future__ import annotations

import dataclasses
import re

import pytest

from drivers.gs1 import parse_scan
from labels import (
    GS1Message,
    LabelSpec,
    PrinterError,
    Symbology,
    batch_label,
    print_labels,
    render_zpl,
)
from labels.samples import SAMPLE_BATCH, sample_labels
from labels.zpl import DOTS_PER_MM
from tests.labels.fake_printer import FakePrinter
from tests.labels.zpl_reader import (
    GS,
    bc_element_string,
    bx_element_string,
    element_string,
    graphic_element_string,
    graphic_symbols,
    read_zpl,
)

# --- the reader against the guide's own examples -------------------------------------------


def test_guide_sscc_example_with_ucc_check_digit() -> None:
    # ^BCN,150,N,N,Y ^FD>;>80012345123451234512^FS, HRI "(00) 1 2345123 451234512 0"
    (label,) = read_zpl("^XA^FO25,25^BCN,150,N,N,Y^FD>;>80012345123451234512^FS^XZ")
    first, text = element_string(label.barcodes()[0])
    assert first and text == "00123451234512345120"
    assert parse_scan("]C1" + text).to_json()["gs1"] == {"00": "123451234512345120"}


@pytest.mark.parametrize(
    "data",
    [
        ">;>80204017773003486100008535>8910001>837252",  # the guide's mode A example
        ">;>80204017773003486>8100008535>8910001>837252",  # its mode U example
    ],
)
def test_guide_chained_application_identifiers(data: str) -> None:
    first, text = bc_element_string(data, ["N", "", "N", "N", "N", "A"])
    assert first
    expected = GS1Message.of(
        [("02", "04017773003486"), ("10", "0008535"), ("91", "0001"), ("37", "252")]
    )
    assert parse_scan("]C1" + text).to_json()["gs1"] == dict(expected.fields)
    if data.count(">8") == 3:
        assert text == expected.element_string  # FNC1 exactly where GS1 needs it


def test_zebra_knowledge_base_code128_and_datamatrix_examples() -> None:
    assert bc_element_string(">;>8011234567890123421123456>810>6ABC123", []) == (
        True,
        "011234567890123421123456" + GS + "10ABC123",
    )
    # ^BXN,9,200,20,20,,_ with _1 = FNC1
    zpl = "^XA^FO10,10^BXN,9,200,20,20,,_^FD_1011234567890123421123456_110ABC123^FS^XZ"
    (label,) = read_zpl(zpl)
    assert element_string(label.barcodes()[0]) == (
        True,
        "011234567890123421123456" + GS + "10ABC123",
    )


def test_fh_hex_is_processed_before_the_datamatrix_escapes() -> None:
    # ^FH with indicator "\": \5F becomes "_", which the escape pass then reads as _1 = FNC1
    (label,) = read_zpl(
        "^XA^FO0,0^BXN,8,200,,,,_^FH\\^FD\\5F1010950110153000310ABC\\5F12112345^FS^XZ"
    )
    assert element_string(label.barcodes()[0]) == (True, "010950110153000310ABC" + GS + "2112345")
    # with the default ^FH indicator "_", "_10" would be the byte 0x10: FNC1 is lost
    assert bx_element_string("_1010950110153000310ABC", "_", fh="_")[0] is False


def test_datamatrix_control_character_escapes() -> None:
    assert bx_element_string("_1A_]B_d029C__D") == (True, "A" + GS + "B" + GS + "C_D")


# --- our own ZPL, as a printer receives it --------------------------------------------------


def _meant(spec: LabelSpec) -> list[tuple[bool, str]]:
    return [
        (b.symbology is not Symbology.CODE128, b.data)
        for b in spec.barcodes()  # drawing order = field order
    ]


@pytest.mark.parametrize("dpi", [203, 300, 600])
def test_printed_zpl_reads_back_as_the_gs1_data(dpi: int) -> None:
    # At 600 dpi the SSCC label's 0.495 mm is over ^BY's 10 dots: its symbols are ^GF
    # graphics, decoded from their bitmaps here (and measured bar by bar in test_symbol_specs).
    specs = sample_labels()
    with FakePrinter() as printer:
        print_labels(specs, f"{printer.url}&dpi={dpi}")
        assert printer.wait_for(1)
    labels = read_zpl(printer.text())
    assert len(labels) == len(specs)
    dpmm = DOTS_PER_MM[dpi]
    for spec, label in zip(specs, labels, strict=True):
        assert label.settings["PW"] == [str(round(spec.size.width * dpmm))]
        assert label.settings["LL"] == [str(round(spec.size.height * dpmm))]
        drawn = {id(f) for _, f in graphic_symbols(label)}
        symbols = drawn | {id(f) for f in label.barcodes()}
        got = [
            graphic_element_string(f) if id(f) in drawn else element_string(f)
            for f in label.fields
            if id(f) in symbols
        ]
        assert got == _meant(spec), spec.template
        for f in label.barcodes():
            if "BX" in f.commands:
                assert "FH" not in f.commands  # ^FH would eat the _1 escapes
                module = int(f.params("BX")[1])  # ^BX h: 1 to the width of the label
                assert f.params("BX")[2] == "200" and f.params("BX")[6] == "_"
            else:
                module = int(f.params("BY")[0])
                assert module <= 10  # ^BY w: 1 to 10 dots
            assert 1 <= module and module / dpmm >= 0.25 - 1e-9  # whole dots, >= 0.25 mm
        for text, gs1 in got:
            if text:
                assert parse_scan("]C1" + gs1).error is None


def test_module_widths_keep_physical_size_across_resolutions() -> None:
    spec = batch_label(SAMPLE_BATCH)
    widths = {}
    for dpi, dpmm in DOTS_PER_MM.items():
        (label,) = read_zpl(render_zpl([spec], dpi))
        matrix = [f for f in label.barcodes() if "BX" in f.commands]
        widths[dpi] = int(matrix[0].params("BX")[1]) / dpmm
    # nominal 0.8 mm, each the nearest whole number of dots, never under the table's 0.743 mm
    assert widths == pytest.approx({203: 0.750, 300: 10 / 12, 600: 19 / 24})


def test_offline_printer_is_a_printer_error_and_then_prints() -> None:
    printer = FakePrinter()  # off
    spec = batch_label(SAMPLE_BATCH)
    with pytest.raises(PrinterError, match="cannot send"):
        print_labels([spec], printer.url)
    with printer:
        print_labels([spec], printer.url)
        assert printer.wait_for(1)
    assert printer.text() == render_zpl([spec])


def test_rfid_batch_label_writes_the_sgtin96_before_printing() -> None:
    data = dataclasses.replace(
        SAMPLE_BATCH, gtin="80614141123458", epc_serial="6789", company_prefix_length=7
    )
    (label,) = read_zpl(render_zpl([batch_label(data)]))
    rfid = [f for f in label.fields if "RF" in f.commands]
    # TDS worked example: urn:epc:tag:sgtin-96:1.0614141.812345.6789
    assert rfid and rfid[0].data == "3034257BF7194E4000001A85"
    assert rfid[0].params("RF") == ["W", "H", "", "", "A"]
    assert label.fields.index(rfid[0]) == 0
    assert re.search(
        r"\^RS8\^RFW,H,,,A\^FD3034257BF7194E4000001A85\^FS", render_zpl([batch_label(data)])
    )
