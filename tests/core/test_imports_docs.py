# SPDX-License-Identifier: Apache-2.0
"""docs/import.md and docs/samples stay in step with the import reader."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from station.core.imports import (
    FIELDS,
    IMPORT_KINDS,
    IssueLineRecord,
    ReceiptLineRecord,
    StockRecord,
    read_import,
)

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "import.md"
SAMPLES = REPO / "docs" / "samples"


def _sections() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    parts = re.split(r"^### (\w+)", text, flags=re.MULTILINE)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def test_doc_lists_every_alias_in_its_kind_section() -> None:
    sections = _sections()
    for kind in IMPORT_KINDS:
        section = sections[kind]
        for spec in FIELDS[kind]:
            for alias in spec.aliases:
                assert alias in section, (kind, alias)


def test_doc_states_the_rules() -> None:
    text = " ".join(DOC.read_text(encoding="utf-8").split())
    assert (
        "Re-import updates master data by natural key (sku, location code, badge, receipt/issue "
        "reference); a receipt or issue order already in progress is not changed and the row "
        "is reported." in text
    )
    assert "All or nothing" in text
    assert "GB18030" in text and "UTF-8" in text


@pytest.mark.parametrize("kind", IMPORT_KINDS)
def test_doc_examples_read(tmp_path: Path, kind: str) -> None:
    blocks = re.findall(r"```csv\n(.*?)```", _sections()[kind], flags=re.DOTALL)
    assert len(blocks) >= 2
    for number, block in enumerate(blocks):
        path = tmp_path / f"{kind}_{number}.csv"
        path.write_text(block, encoding="utf-8")
        assert len(read_import(kind, path).records) >= 1


@pytest.mark.parametrize("kind", IMPORT_KINDS)
def test_samples_read(kind: str) -> None:
    batch = read_import(kind, SAMPLES / f"{kind}.csv")
    assert 5 <= len(batch.records) <= 10
    assert batch.ignored_columns == ()


def test_samples_are_consistent_with_each_other() -> None:
    skus = {r.sku for r in read_import("items", SAMPLES / "items.csv").records}
    codes = {r.code for r in read_import("locations", SAMPLES / "locations.csv").records}
    lines: list[StockRecord | ReceiptLineRecord | IssueLineRecord] = [
        *read_import("stock", SAMPLES / "stock.csv").records,
        *read_import("receipts", SAMPLES / "receipts.csv").records,
        *read_import("issues", SAMPLES / "issues.csv").records,
    ]
    for record in lines:
        assert record.sku in skus, record
        location = getattr(record, "location", None)
        assert location is None or location in codes, record
    zh = {r.sku for r in read_import("items", SAMPLES / "items_zh_gbk.csv").records}
    xlsx = {r.sku for r in read_import("items", SAMPLES / "items.xlsx").records}
    assert zh <= skus and xlsx <= skus
