# SPDX-License-Identifier: Apache-2.0
"""Templates: data validation, internal barcode forms, and a geometric layout check."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

import pytest

from labels import (
    SIZE_4X6,
    SIZE_50X25,
    TEMPLATES,
    BadgeData,
    BoxElement,
    CommandEntry,
    CommandSheetData,
    LabelError,
    LabelSpec,
    LocationLabelData,
    SsccLabelData,
    Symbology,
    TextElement,
    badge_label,
    batch_label,
    build_labels,
    command_sheet,
    location_label,
    sscc_label,
)
from labels.label_check import check_label
from labels.model import SIZE_A5
from labels.samples import SAMPLE_BATCH, SAMPLE_SSCC, SAMPLE_STALE_STOCK, SAMPLES, sample_labels

BATCH = SAMPLE_BATCH
ALL = sample_labels()


def _box(e: object) -> tuple[float, float, float, float]:
    return (e.x, e.y, e.x + e.width, e.y + e.height)  # type: ignore[attr-defined]


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    eps = 1e-6
    return a[0] < b[2] - eps and b[0] < a[2] - eps and a[1] < b[3] - eps and b[1] < a[3] - eps


@pytest.mark.parametrize("spec", ALL, ids=lambda s: f"{s.template}-{s.size.name}")
def test_elements_stay_on_the_label_and_never_overlap(spec: LabelSpec) -> None:
    for e in spec.elements:
        x0, y0, x1, y1 = _box(e)
        assert -1e-6 <= x0 and x1 <= spec.size.width + 1e-6, e
        assert -1e-6 <= y0 and y1 <= spec.size.height + 1e-6, e
        assert x1 - x0 > 0 and y1 - y0 > 0, e
    for a, b in itertools.combinations(spec.elements, 2):
        layered = {type(a), type(b)} == {BoxElement, TextElement} and any(
            isinstance(e, TextElement) and e.reverse for e in (a, b)
        )
        if not layered:
            assert not _overlap(_box(a), _box(b)), (a, b)


def test_every_template_is_registered_with_sample_data_and_sizes() -> None:
    assert set(TEMPLATES) == set(SAMPLES)
    for name, t in TEMPLATES.items():
        assert t.default_size in t.sizes
        assert build_labels(name, SAMPLES[name])
    with pytest.raises(LabelError, match="unknown template"):
        build_labels("nope", BATCH)
    with pytest.raises(LabelError, match="BadgeData"):
        build_labels("badge", BATCH)


def test_batch_label_carries_its_data_inside_the_general_distribution_table() -> None:
    spec = batch_label(BATCH)
    assert spec.symbol_table == "general_distribution"
    kinds = {b.symbology: b.data for b in spec.barcodes()}
    # a GS1-128 of this data needs 0.495 mm modules over 100+ mm and 31.75 mm bars: not on
    # 100x50 mm, so the GS1 DataMatrix (0.743 mm+) carries it, with the data printed in full
    assert kinds == {Symbology.GS1_DATAMATRIX: spec.meta["gs1"]}
    hri = [t.text for t in spec.texts() if t.text.startswith("(01)")]
    assert hri == ["(01)09521234543213(17)261231(10)LOT2024-0815"]
    for dpi in (203, 300, 600):
        assert all(r.passed for r in check_label(spec, dpi)), dpi


def test_small_batch_label_keeps_only_the_datamatrix() -> None:
    spec = batch_label(BATCH, SIZE_50X25)
    assert [b.symbology for b in spec.barcodes()] == [Symbology.GS1_DATAMATRIX]
    texts = " ".join(t.text for t in spec.texts())
    assert "LOT LOT2024-0815" in texts and "EXP 2026-12-31" in texts


def test_a_4x6_batch_label_adds_gs1_128_where_the_table_allows_it_split_in_two() -> None:
    data = dataclasses.replace(BATCH, lot="2611", expiry=None)
    spec = batch_label(data, SIZE_4X6)
    linear = [b for b in spec.barcodes() if b.symbology is Symbology.GS1_128]
    assert [b.data for b in linear] == ["0109521234543213", "102611"]  # one AI each
    assert all(b.module >= 0.495 and b.height >= 31.75 for b in linear)
    for dpi in (203, 300, 600):
        assert all(r.passed for r in check_label(spec, dpi)), dpi
    # a long lot would need 0.495 mm modules over more than the label's width: none then
    wide = batch_label(BATCH, SIZE_4X6)
    assert [b.symbology for b in wide.barcodes()] == [Symbology.GS1_DATAMATRIX]


def test_batch_validation_errors() -> None:
    with pytest.raises(LabelError, match="check digit"):
        batch_label(dataclasses.replace(BATCH, gtin="09521234543214"))
    with pytest.raises(LabelError, match="not allowed there"):
        batch_label(dataclasses.replace(BATCH, lot="批次1"))


def test_sscc_label_adds_check_digit_and_puts_sscc_last() -> None:
    spec = sscc_label(SsccLabelData("37613032110910342", ship_to="DC"))
    assert spec.meta["gs1"] == "00376130321109103420"
    assert [b.data for b in spec.barcodes()][-1] == "00376130321109103420"
    with pytest.raises(LabelError, match="expected 0"):
        sscc_label(SsccLabelData("376130321109103421"))
    with pytest.raises(LabelError, match="count"):
        sscc_label(SsccLabelData("37613032110910342", content_gtin="09521234543213"))


def test_sscc_content_barcodes_on_a5_and_text_only_on_4x6() -> None:
    """At the logistic table's 0.495 mm the content needs two symbols on A5, above the
    SSCC; 4x6 has no height for them and prints the SSCC symbol alone, the content as text."""
    small = sscc_label(SAMPLE_SSCC, SIZE_4X6)
    assert [b.data for b in small.barcodes()] == ["00376130321109103420"]
    assert "gs1_content" not in small.meta
    assert any("COUNT 40" in t.text for t in small.texts())
    spec = sscc_label(SAMPLE_SSCC, SIZE_A5)
    gs1_data = [b.data for b in spec.barcodes()]
    assert len(gs1_data) == 3
    assert "".join(gs1_data[:-1]).replace("\x1d", "") == spec.meta["gs1_content"].replace(
        "\x1d", ""
    )
    assert spec.meta["gs1_content"] == ("0209521234543213172612313740\x1d10LOT2024-0815")


def test_internal_barcodes_use_the_station_prefixes() -> None:
    assert location_label(LocationLabelData("A-01-03")).meta["code128"] == "$LOC-A-01-03"
    assert badge_label(BadgeData("U1042", "x")).meta["code128"] == "$USR-U1042"
    pages = command_sheet(CommandSheetData())
    codes = [b.data for b in pages[0].barcodes()]
    assert codes == ["$CMD-DONE", "$CMD-CANCEL", "$CMD-UNDO", "$CMD-ACK"]
    with pytest.raises(LabelError, match="printable ASCII"):
        location_label(LocationLabelData("A 01"))
    with pytest.raises(LabelError):
        badge_label(BadgeData("工号1", "x"))


def test_command_sheet_paginates() -> None:
    entries = tuple(CommandEntry(f"C{i}", f"Command {i}") for i in range(6))
    pages = command_sheet(CommandSheetData("Cmds", entries, per_page=4))
    assert [len(list(p.barcodes())) for p in pages] == [4, 2]
    assert [t.text for t in pages[1].texts()][0] == "Cmds (2/2)"


def test_stale_stock_counts_idle_days() -> None:
    from labels import stale_stock_label

    data = SAMPLE_STALE_STOCK
    spec = stale_stock_label(data)
    assert any(t.text.startswith("IDLE 314 d") for t in spec.texts())
    assert spec.meta["gs1"] == "010952123454321310LOT2024-0815"
    with pytest.raises(LabelError, match="after"):
        stale_stock_label(dataclasses.replace(data, last_movement=dt.date(2026, 1, 1)))


def test_logistic_label_has_supplier_customer_and_carrier_sections_and_data_titles() -> None:
    for size in (SIZE_4X6, SIZE_A5):
        spec = sscc_label(SAMPLE_SSCC, size)
        texts = [t for t in spec.texts()]
        by_text = {t.text: t for t in texts}
        carrier = by_text["CARRIER SF Express 顺丰速运 SF1234567890"]
        assert by_text["FROM"].y < carrier.y < by_text["SSCC 376130321109103420"].y  # in order
        words = " ".join(t.text for t in texts)
        for title in ("SSCC", "CONTENT", "COUNT", "BATCH/LOT", "USE BY"):
            assert f"{title} " in words, (size.name, title)
        lowest = max(spec.barcodes(), key=lambda b: b.y)
        assert lowest.data == "00376130321109103420"  # the SSCC symbol lowest
    plain = sscc_label(dataclasses.replace(SAMPLE_SSCC, carrier=""))
    assert not any(t.text.startswith("CARRIER") for t in plain.texts())
